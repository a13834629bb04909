"""The source registry: ``sources.yaml`` validated on load, synced into the database.

An entry (see the README for every field)::

    - name: UNHCR                        # unique; what findings and citations call it
      publisher: UN Refugee Agency       # who speaks
      aliases: [UNHCR, UN refugee agency]
      tags: [international organizations, united nations, official]
      kind: rss                          # rss | html | json | pdf
      url: https://example.org/news/feed.xml
      every: 30m                         # how often it is due: 90s, 30m, 6h, 1d
      allow_private_network: false       # true lets localhost / private networks be fetched
      verified: false                    # true once a check against the live site passed

Kind-specific fields (the parse blocks are read by ``scrapers.parse.spec_from_source``):
``listing`` (CSS selectors: item, link, title, date, min_items, max_items), ``article``
(title, date, body selectors overriding extraction), ``feed``, ``json`` (a field mapping
or a preset name: reliefweb_reports, govuk_search, govuk_content, json_feed), ``pdf``
(limits), ``languages``, ``timezone``; and for this module ``follow_links`` (fetch each
feed/API item's own page), ``next_page`` + ``max_pages`` (listing pagination),
``tracking_params``, ``max_items``. Errors name the entry and the field.
"""

from __future__ import annotations

import re
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.models import Source
from scrapers.errors import ConfigError
from scrapers.parse import spec_from_source

_EVERY = re.compile(r"^\s*(\d+)\s*(s|m|h|d)\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_every(value: str) -> timedelta:
    m = _EVERY.match(value)
    if not m:
        raise ValueError(f"{value!r} is not a duration like 90s, 30m, 6h or 1d")
    delta = timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})
    if delta < timedelta(seconds=30):
        raise ValueError("sources may be polled at most every 30s")
    return delta


class SourceEntry(BaseModel):
    """One resolution source as configured. Unknown fields are refused (typos show)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    name: str = Field(min_length=1, max_length=200)
    publisher: str = ""
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    kind: Literal["rss", "html", "json", "pdf"]
    url: str
    every: str = "30m"
    allow_private_network: bool = False
    verified: bool = False
    listing: dict[str, Any] | None = None
    article: dict[str, Any] | None = None
    feed: dict[str, Any] | None = None
    json_mapping: str | dict[str, Any] | None = Field(default=None, alias="json")
    pdf: dict[str, Any] | None = None
    languages: tuple[str, ...] = ()
    timezone: str = "UTC"
    follow_links: bool = False
    next_page: str | None = None  # CSS selector of the "next page" link on a listing
    max_pages: int = Field(default=1, ge=1, le=50)
    tracking_params: tuple[str, ...] = ()
    max_items: int = Field(default=50, ge=1, le=1000)
    notes: str = ""

    @field_validator("url")
    @classmethod
    def _http_only(cls, v: str) -> str:
        if not re.match(r"^https?://[^\s/]+", v):
            raise ValueError("must be an http(s) URL")
        return v

    @field_validator("every")
    @classmethod
    def _every(cls, v: str) -> str:
        parse_every(v)
        return v

    @property
    def interval(self) -> timedelta:
        return parse_every(self.every)

    def names(self) -> tuple[str, ...]:
        """Every way a question may name this source."""
        return tuple(n for n in (self.name, self.publisher, *self.aliases, *self.tags) if n)

    def config(self) -> dict[str, Any]:
        """The whole entry as stored in the ``sources.config`` column (round-trips)."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)

    def parse_entry(self) -> dict[str, Any]:
        """What ``scrapers.parse.spec_from_source`` reads."""
        keys = (
            "name",
            "kind",
            "listing",
            "article",
            "feed",
            "json",
            "pdf",
            "languages",
            "timezone",
        )
        data = self.config()
        return {k: data[k] for k in keys if k in data}


class Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: list[SourceEntry]


def _describe(exc: ValidationError, raw: list[Any]) -> str:
    first = exc.errors()[0]
    loc = list(first["loc"])
    where = "sources"
    if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
        idx = loc[1]
        name = raw[idx].get("name") if idx < len(raw) and isinstance(raw[idx], dict) else None
        where = f"source #{idx + 1}" + (f" ({name!r})" if name else "")
        loc = loc[2:]
    field = ".".join(str(p) for p in loc) or "(entry)"
    return f"{where}: field '{field}': {first['msg']}"


def load_catalogue(text: str, *, path: str = "sources.yaml") -> list[SourceEntry]:
    """Parse and validate a sources file; errors name the file, the entry and the field."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path}{line}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise ConfigError(f"{path}: expected a mapping with a 'sources' list")
    try:
        entries = Catalogue.model_validate(data).sources
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_describe(exc, data['sources'])}") from None
    seen: set[str] = set()
    for e in entries:
        if e.name.casefold() in seen:
            raise ConfigError(f"{path}: source {e.name!r}: field 'name': appears twice")
        seen.add(e.name.casefold())
        try:
            spec_from_source(e.parse_entry())
        except ConfigError as exc:
            raise ConfigError(f"{path}: source {e.name!r}: {exc.args[0]}") from None
    return entries


def builtin_catalogue_text() -> str:
    return (resources.files("scrapers") / "catalogue.yaml").read_text(encoding="utf-8")


def load_sources(path: Path | None = None) -> list[SourceEntry]:
    """The configured catalogue: ``path`` (RESDESK_SOURCES) or the built-in one."""
    if path is None:
        return load_catalogue(builtin_catalogue_text(), path="scrapers/catalogue.yaml")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    return load_catalogue(text, path=str(path))


def sync_sources(session: Session, entries: list[SourceEntry], *, actor: str) -> dict[str, int]:
    """Make the sources table match the catalogue; health fields of kept sources survive.

    Sources no longer in the catalogue are kept (findings and history refer to them)
    but marked ``removed``; every change is an audit event.
    """
    existing = {s.name: s for s in session.execute(select(Source)).scalars()}
    counts = {"added": 0, "changed": 0, "unchanged": 0, "removed": 0}
    for e in entries:
        row = existing.pop(e.name, None)
        values = {
            "publisher": e.publisher,
            "kind": e.kind,
            "url": e.url,
            "aliases": list(e.aliases),
            "config": e.config(),
            "verified": e.verified,
        }
        if row is None:
            row = Source(name=e.name, **values)
            session.add(row)
            session.flush()
            counts["added"] += 1
            audit.record(
                session,
                actor=actor,
                action="source.added",
                subject_type="source",
                subject_id=e.name,
                payload=values,
            )
            continue
        if row.verified and row.url == e.url:
            values["verified"] = True  # a passed live check stands until the URL changes
        changed = {k: v for k, v in values.items() if getattr(row, k) != v}
        if row.status == "removed":
            changed["status"] = "unknown"
        if not changed:
            counts["unchanged"] += 1
            continue
        for k, v in changed.items():
            setattr(row, k, v)
        counts["changed"] += 1
        audit.record(
            session,
            actor=actor,
            action="source.changed",
            subject_type="source",
            subject_id=e.name,
            payload=changed,
        )
    for name, row in existing.items():
        if row.status != "removed":
            row.status = "removed"
            counts["removed"] += 1
            audit.record(
                session,
                actor=actor,
                action="source.removed",
                subject_type="source",
                subject_id=name,
                payload={},
            )
    session.flush()
    return counts


def mark_verified(session: Session, name: str, *, actor: str, items: int) -> bool:
    """Record that a live check of ``name`` passed; False when it was already verified."""
    row = session.execute(select(Source).where(Source.name == name)).scalar_one_or_none()
    if row is None or row.verified:
        return False
    row.verified = True
    audit.record(
        session,
        actor=actor,
        action="source.verified",
        subject_type="source",
        subject_id=name,
        payload={"url": row.url, "items": items},
    )
    return True
