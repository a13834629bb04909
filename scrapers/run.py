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
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import lxml.html
from bs4 import BeautifulSoup
from lxml import etree

from scrapers.canonical import canonical_url
from scrapers.errors import FetchError, ParseError, SourceError
from scrapers.fetch import Fetcher
from scrapers.parse import ParseReport, ParseSpec, parse, spec_from_source
from scrapers.parse.select import compiled, select_all
from scrapers.registry import SourceEntry
from scrapers.types import FetchResult, ListingLink, ParsedItem

log = logging.getLogger(__name__)

#: A feed or API item shorter than this is a teaser; with ``follow_links`` its own page
#: is fetched for the full statement.
TEASER_CHARS = 600

#: A run with at least this many detail pages parses them in worker processes, when the
#: machine has more than one core and the pages need automatic extraction (a source whose
#: title, date and body selectors read the page takes ~2 ms a page in-process, less than
#: sending the page to a worker and back costs the event loop). Text extraction
#: (trafilatura) is CPU-bound, ~15 ms a page and most of a scrape's CPU time; in the
#: event loop it also stalls every fetch and database write. Below this, starting the
#: workers (about a second, once per process) would cost more than it saves. One core is
#: left to the event loop (fetch, store).
PARSE_POOL_MIN_PAGES = 64
PARSE_POOL_WORKERS = max(0, min(4, (os.cpu_count() or 1) - 1))


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

    def prefetch(self, urls: list[str]) -> None:
        """``urls`` are about to be fetched: their validators may be read in bulk now."""
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
    href = _next_href_lxml(result.body, selector)
    if href is _UNREAD:
        soup = BeautifulSoup(result.body, "lxml")  # as parse_listing reads it
        link = soup.select_one(selector)
        href = link.get("href") if link is not None else None
    if isinstance(href, str) and href.strip():
        return urljoin(result.final_url, href.strip())
    return None


_UNREAD = object()


def _next_href_lxml(body: bytes, selector: str) -> object:
    """The first match's href read with lxml (10x faster than BeautifulSoup on a listing
    page), or ``_UNREAD`` for selectors soupsieve might read differently, or an
    unparseable page."""
    if compiled(selector) is None:
        return _UNREAD
    try:
        root = lxml.html.document_fromstring(body)
    except (etree.LxmlError, ValueError):
        return _UNREAD
    found = select_all(root, selector)
    if found is None:
        return _UNREAD
    return found[0].get("href") if found else None


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


class _HostTurns:
    """At most ``per_host_concurrency`` detail pages per host in flight (fetch + parse).

    Without this, every detail page of a listing would call ``Fetcher.fetch`` at once and
    wait in the fetcher's per-host queue *inside* its deadline: with 2,000 links, those at
    the back of the queue timed out (``no complete answer within the 120 s deadline``)
    before they were ever sent. Waiting here happens before a fetch's clock starts. It
    also bounds the bodies fetched and waiting for a parse worker.
    """

    def __init__(self, per_host: int) -> None:
        self._per_host = per_host
        self._turns: dict[str, asyncio.Semaphore] = {}

    def __call__(self, url: str) -> asyncio.Semaphore:
        host = urlsplit(url).hostname or ""
        turn = self._turns.get(host)
        if turn is None:
            turn = self._turns[host] = asyncio.Semaphore(self._per_host)
        return turn


class _LogRecords(logging.Handler):
    """Collects a worker's warnings during one parse, ready to be sent to the parent."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


def _parse_in_worker(
    result: FetchResult, spec: ParseSpec
) -> tuple[ParseReport | SourceError, list[logging.LogRecord]]:
    """``parse`` in a worker process: its result (or ParseError) and the warnings it logged."""
    handler = _LogRecords()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        return parse(result, spec), handler.records
    except SourceError as exc:
        return exc, handler.records
    finally:
        root.removeHandler(handler)


class _ParsePool:
    """Worker processes for parsing, started on first use and kept for the process.

    Parsing there gives exactly what ``parse`` gives in-process: the same report, the
    same ParseError, and the worker's warnings logged here under their own logger names.
    Where processes cannot be started, or a worker dies, pages are parsed in-process.
    """

    def __init__(self) -> None:
        self._executor: ProcessPoolExecutor | None = None
        self.unavailable = PARSE_POOL_WORKERS < 1

    def executor(self) -> ProcessPoolExecutor:
        if self._executor is None:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context(
                "forkserver" if "forkserver" in methods else "spawn"
            )  # never "fork": this process has threads (anyio, Prefect) and open databases
            self._executor = ProcessPoolExecutor(PARSE_POOL_WORKERS, mp_context=context)
        return self._executor

    def discard(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    async def parse(self, result: FetchResult, spec: ParseSpec) -> ParseReport:
        """Like ``parse``; a worker's warnings are logged here, its ParseError raised here."""
        if self.unavailable:
            return parse(result, spec)
        loop = asyncio.get_running_loop()
        try:
            outcome, records = await loop.run_in_executor(
                self.executor(), _parse_in_worker, result, spec
            )
        except BrokenProcessPool:  # a worker died (killed, out of memory): parse here
            log.warning("a parse worker died; parsing %s in-process", result.final_url)
            self.discard()
            return parse(result, spec)
        except (OSError, NotImplementedError) as exc:  # no processes here (sandbox, no /dev/shm)
            log.warning("parse workers unavailable (%s); parsing in-process", exc)
            self.unavailable = True
            self.discard()
            return parse(result, spec)
        for record in records:
            logging.getLogger(record.name).handle(record)
        if isinstance(outcome, SourceError):
            raise outcome
        return outcome


_PARSE_POOL = _ParsePool()


async def _detail(
    fetcher: Fetcher,
    store: ScrapeStore,
    entry: SourceEntry,
    spec: ParseSpec,
    link: ListingLink,
    report: SourceReport,
    turns: _HostTurns,
    offload: bool,
) -> None:
    url = canonical_url(link.url, entry.tracking_params)
    try:
        async with turns(url):  # held while parsing too: fetched bodies never pile up
            result, news = await _get(fetcher, store, entry, url, report)
            if not news:
                return
            detail_spec = spec.for_detail()
            if offload:
                parsed = await _PARSE_POOL.parse(result, detail_spec)
            else:
                parsed = parse(result, detail_spec)
        items = [o for o in parsed.items if isinstance(o, ParsedItem)]
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
    store.prefetch([canonical_url(link.url, entry.tracking_params) for link in links])
    turns = _HostTurns(fetcher.policy.per_host_concurrency)
    offload = len(links) >= PARSE_POOL_MIN_PAGES and not spec.article.reads_itself()
    await asyncio.gather(
        *(_detail(fetcher, store, entry, spec, link, report, turns, offload) for link in links)
    )
    return report
