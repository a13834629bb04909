"""Scrape one source: fetch politely, archive the bytes, parse, store findings.

The stages stay separate functions: fetching is ``scrapers.fetch``, parsing
``scrapers.parse``, persistence the :class:`ScrapeStore` protocol (``scrapers.persist``
implements it on the database). Every item ends in a counted outcome — new, a new
version, unchanged, not modified, skipped with its reason, or failed with its reason —
never silently dropped.

Health: a source that raises, or that yielded items before and now yields none, is
unhealthy: an empty page from a source that always has news is structure drift, not
"nothing new".
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from scrapers.canonical import canonical_url
from scrapers.errors import FetchError, ParseError, SourceError
from scrapers.fetch import Fetcher
from scrapers.parse import ParseSpec, parse, spec_from_source
from scrapers.registry import SourceEntry
from scrapers.types import FetchResult, ListingLink, ParsedItem

log = logging.getLogger(__name__)

#: A feed or API item shorter than this is a teaser; with ``follow_links`` its own page
#: is fetched for the full statement.
TEASER_CHARS = 600


@dataclass
class SourceReport:
    """What one source's run did, per outcome; ``failures`` keeps each reason."""

    source: str
    fetched: int = 0
    not_modified: int = 0
    new: int = 0
    versions: int = 0
    unchanged: int = 0
    items_seen: int = 0
    listing_unchanged: bool = False  # the source's own page answered "not modified"
    skipped: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    error: str | None = None  # the source as a whole failed
    error_kind: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "fetched": self.fetched,
            "not_modified": self.not_modified,
            "new": self.new,
            "versions": self.versions,
            "unchanged": self.unchanged,
            "items_seen": self.items_seen,
            "listing_unchanged": self.listing_unchanged,
            "skipped": self.skipped,
            "failures": self.failures,
            "error": self.error,
            "error_kind": self.error_kind,
        }


class ScrapeStore(Protocol):
    """Where a scrape keeps state and evidence (the database, or a fake in tests)."""

    def validators(self, url: str) -> tuple[str | None, str | None, str | None]:
        """(etag, last_modified, body_sha256) last seen at ``url``."""
        ...

    def remember(self, source: str, url: str, result: FetchResult) -> bool:
        """Record validators; True when the body is the same as last time."""
        ...

    def keep(self, source: SourceEntry, result: FetchResult, item: ParsedItem) -> str:
        """Archive ``result``'s bytes, then store ``item``: 'new', 'version' or 'unchanged'."""
        ...


async def _get(
    fetcher: Fetcher, store: ScrapeStore, entry: SourceEntry, url: str, report: SourceReport
) -> tuple[FetchResult, bool]:
    """Fetch conditionally; returns the result and whether it is news."""
    etag, last_modified, _ = store.validators(url)
    result = await fetcher.fetch(
        url,
        etag=etag,
        last_modified=last_modified,
        source=entry.name,
        allow_private_network=entry.allow_private_network,
    )
    report.fetched += 1
    if result.not_modified:
        report.not_modified += 1
        return result, False
    same = store.remember(entry.name, url, result)
    if same:
        report.not_modified += 1
    return result, not same


def _next_page(result: FetchResult, selector: str) -> str | None:
    soup = BeautifulSoup(result.body, "html.parser")
    link = soup.select_one(selector)
    href = link.get("href") if link is not None else None
    if isinstance(href, str) and href.strip():
        return urljoin(result.final_url, href.strip())
    return None


async def _listing_pages(
    fetcher: Fetcher, store: ScrapeStore, entry: SourceEntry, spec: ParseSpec, report: SourceReport
) -> list[tuple[FetchResult, object]]:
    """The source's own URL (and its next pages): (response, parsed output) pairs."""
    outputs: list[tuple[FetchResult, object]] = []
    url: str | None = canonical_url(entry.url, entry.tracking_params)
    pages = 0
    while url and pages < entry.max_pages:
        pages += 1
        result, news = await _get(fetcher, store, entry, url, report)
        if not news:
            report.listing_unchanged = report.listing_unchanged or pages == 1
            break  # an unchanged page: the pages behind it are unchanged too
        parsed = parse(result, spec)
        report.skipped.extend(f"{s.where}: {s.reason}" for s in parsed.skipped)
        outputs.extend((result, out) for out in parsed.items)
        url = _next_page(result, entry.next_page) if entry.next_page else None
    return outputs


async def _detail(
    fetcher: Fetcher,
    store: ScrapeStore,
    entry: SourceEntry,
    spec: ParseSpec,
    link: ListingLink,
    report: SourceReport,
) -> None:
    url = canonical_url(link.url, entry.tracking_params)
    try:
        result, news = await _get(fetcher, store, entry, url, report)
        if not news:
            return
        items = [o for o in parse(result, spec.for_detail()).items if isinstance(o, ParsedItem)]
        if not items:
            report.failures.append(f"{url}: the page yielded no document")
            return
        for item in items:
            _keep(store, entry, result, _fill(item, link), report)
    except SourceError as exc:
        report.failures.append(f"{url}: {exc.status}: {exc}")


def _fill(item: ParsedItem, link: ListingLink) -> ParsedItem:
    """Take the listing's title/date where the detail page gave none."""
    from dataclasses import replace

    return replace(
        item,
        title=item.title or (link.title or ""),
        published_at=item.published_at or link.published_at,
    )


def _keep(
    store: ScrapeStore,
    entry: SourceEntry,
    result: FetchResult,
    item: ParsedItem,
    report: SourceReport,
) -> None:
    if not item.text.strip():
        report.skipped.append(f"{item.url}: no text")
        return
    outcome = store.keep(entry, result, item)
    if outcome == "new":
        report.new += 1
    elif outcome == "version":
        report.versions += 1
    else:
        report.unchanged += 1


async def scrape_source(entry: SourceEntry, fetcher: Fetcher, store: ScrapeStore) -> SourceReport:
    """Scrape one source once. Never raises for the source's own failures: they are
    returned in the report (``error`` for the source, ``failures`` for single items)."""
    report = SourceReport(entry.name)
    try:
        spec = spec_from_source(entry.parse_entry())
        outputs = await _listing_pages(fetcher, store, entry, spec, report)
    except (FetchError, ParseError, SourceError) as exc:
        report.error, report.error_kind = str(exc), exc.status
        return report
    links: list[ListingLink] = []
    for result, out in outputs[: entry.max_items]:
        report.items_seen += 1
        if isinstance(out, ListingLink):
            links.append(out)
        elif isinstance(out, ParsedItem):
            if entry.follow_links and len(out.text) < TEASER_CHARS and out.url:
                links.append(ListingLink(out.url, out.title, out.published_at))
            else:
                _keep(store, entry, result, out, report)
    await asyncio.gather(*(_detail(fetcher, store, entry, spec, link, report) for link in links))
    return report
