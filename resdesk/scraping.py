"""Scraping as the CLI and the flows run it: which sources are due, run them, record.

Each source is scraped in its own transaction, so one failing source never loses
another's findings; its health and a log row are written whatever happened.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from db.models import Source
from resdesk.runtime import transaction
from resdesk.settings import Settings
from scrapers.errors import ConfigError
from scrapers.fetch import Fetcher, FetchPolicy
from scrapers.persist import DbScrapeStore, record_health
from scrapers.registry import SourceEntry
from scrapers.run import SourceReport, scrape_source


def fetch_policy(settings: Settings) -> FetchPolicy:
    networks = tuple(n.strip() for n in settings.fetch_allow_networks.split(",") if n.strip())
    return FetchPolicy(
        per_host_delay=settings.fetch_delay,
        per_host_concurrency=settings.fetch_concurrency,
        allowed_networks=networks,
    )


def configured_entries(settings: Settings) -> list[SourceEntry]:
    """The sources as stored in the database (synced from the catalogue by init)."""
    with transaction(settings) as session:
        rows = list(
            session.execute(
                select(Source).where(Source.status != "removed").order_by(Source.name)
            ).scalars()
        )
        return [SourceEntry.model_validate(r.config) for r in rows]


def due(
    settings: Settings, *, only: str | None = None, now: datetime | None = None, force: bool = False
) -> list[SourceEntry]:
    """Sources whose time has come (or the one named, due or not)."""
    now = now or datetime.now(UTC)
    entries = configured_entries(settings)
    if only is not None:
        chosen = [e for e in entries if e.name.casefold() == only.casefold()]
        if not chosen:
            names = ", ".join(e.name for e in entries)
            raise ConfigError(f"no source named {only!r}; configured: {names}")
        return chosen
    if force:
        return entries
    with transaction(settings) as session:
        next_due = {r.name: r.next_due_at for r in session.execute(select(Source)).scalars()}
    return [e for e in entries if (when := next_due.get(e.name)) is None or when <= now]


async def _scrape_all(entries: list[SourceEntry], settings: Settings) -> list[SourceReport]:
    reports: list[SourceReport] = []
    async with Fetcher(fetch_policy(settings)) as fetcher:
        for entry in entries:
            with transaction(settings) as session:
                store = DbScrapeStore(session, settings.snapshot_dir)
                report = await scrape_source(entry, fetcher, store)
            with transaction(settings) as session:
                record_health(session, entry, report)
            reports.append(report)
    return reports


def scrape(settings: Settings, entries: list[SourceEntry]) -> list[SourceReport]:
    """Scrape ``entries`` once, one transaction per source."""
    return asyncio.run(_scrape_all(entries, settings))


async def check_source(entry: SourceEntry, settings: Settings) -> dict[str, Any]:
    """Fetch the source's own URL once and parse it; nothing is stored."""
    from scrapers.errors import SourceError
    from scrapers.parse import parse, spec_from_source
    from scrapers.types import ListingLink

    items: list[dict[str, Any]] = []
    try:
        async with Fetcher(fetch_policy(settings)) as fetcher:
            result = await fetcher.fetch(
                entry.url, source=entry.name, allow_private_network=entry.allow_private_network
            )
        report = parse(result, spec_from_source(entry.parse_entry()))
    except SourceError as exc:
        return {"source": entry.name, "error": str(exc), "error_kind": exc.status, "items": items}
    for out in report.items:
        items.append(
            {
                "kind": "link" if isinstance(out, ListingLink) else "document",
                "url": out.url,
                "title": out.title,
                "published_at": out.published_at.isoformat() if out.published_at else None,
            }
        )
    return {
        "source": entry.name,
        "error": None,
        "error_kind": None,
        "items": items,
        "skipped": [f"{s.where}: {s.reason}" for s in report.skipped],
        "encoding": report.encoding,
        "format": report.format,
    }
