"""Typed records passed between scraper stages. Plain data: no database, no network."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class FetchResult:
    """One HTTP exchange as it was seen. ``body`` is the decoded-transfer (not charset) bytes."""

    url: str  # the URL asked for (after canonicalisation)
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime  # UTC, timezone-aware
    not_modified: bool = False  # a 304 answered a conditional request: no news
    redirects: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@dataclass(frozen=True)
class ParsedItem:
    """One document a parser found. Becomes a finding once its snapshot is stored."""

    url: str
    title: str
    text: str
    published_at: datetime | None  # UTC, timezone-aware, or None when the page gives none
    language: str | None = None
    withdrawn: bool = False
    encoding: str | None = None  # the charset chosen to decode the bytes, and why in meta
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ListingLink:
    """A link to a detail page found on a listing page or feed, before the detail is fetched."""

    url: str
    title: str | None = None
    published_at: datetime | None = None
