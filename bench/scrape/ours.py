"""Resolution Desk's scraping path over the benchmark site, in a process of its own.

``python -m bench.scrape.ours --base URL`` (RESDESK_HOME names the home folder): one
scrape of the benchmark source — fetch, parse, snapshot, store — in one transaction,
exactly as ``resdesk.scraping`` runs a source, then its health row. Prints one JSON line:
pages fetched, seconds, the report's counts, what is in the database afterwards, and
memory (``peak_rss_kb``, the process's RSS high-water mark; ``base_rss_kb``, the RSS
before the scrape started, after imports and migrations).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from typing import Any

from sqlalchemy import func, select

from bench.scrape.common import (
    cpu_seconds,
    peak_rss_kb,
    rss_kb,
    system_cpu_seconds,
    tree_figures,
)
from bench.scrape.site import (
    ARTICLE_BODY,
    ARTICLE_DATE,
    ARTICLE_TITLE,
    ITEM_SELECTOR,
    LISTING_PATH,
    NEXT_SELECTOR,
)
from db.engine import migrate
from db.models import Finding, Snapshot
from resdesk.runtime import engine_for, transaction
from resdesk.settings import Settings
from scrapers.fetch import Fetcher, FetchPolicy
from scrapers.persist import DbScrapeStore, record_health
from scrapers.registry import SourceEntry, load_catalogue, sync_sources
from scrapers.run import SourceReport, scrape_source

SOURCE_NAME = "Benchmark Ministry of Foreign Affairs"
POLICY = FetchPolicy(
    per_host_concurrency=8,
    per_host_delay=0.0,
    allowed_networks=("127.0.0.0/8",),
)


def bench_entry(base: str, pages: int, items: int) -> SourceEntry:
    """The source as a sources.yaml entry would configure it.

    ``SourceEntry`` caps ``max_items`` at 1,000 per run; the benchmark's 2,000 items
    are set past that cap with ``model_copy`` (no other field is touched).
    """
    text = f"""
sources:
  - name: {SOURCE_NAME}
    publisher: Ministry of Foreign Affairs (benchmark site)
    kind: html
    url: "{base}{LISTING_PATH}"
    every: 1h
    languages: [en]
    listing: {{item: "{ITEM_SELECTOR}", link: "h2 a", title: "h2", date: "time",
              min_items: 1, max_items: 150}}
    article: {{title: "{ARTICLE_TITLE}", date: "{ARTICLE_DATE}", body: "{ARTICLE_BODY}"}}
    next_page: '{NEXT_SELECTOR}'
    max_pages: {pages}
    max_items: {min(items, 1000)}
"""
    entry = load_catalogue(text, path="bench")[0]
    return entry.model_copy(update={"max_items": items})


async def _scrape(settings: Settings, entry: SourceEntry) -> SourceReport:
    """What ``resdesk.scraping._scrape_all`` does for one source, with the bench policy."""
    async with Fetcher(POLICY) as fetcher:
        with transaction(settings) as session:
            store = DbScrapeStore(session, settings.snapshot_dir)
            report = await scrape_source(entry, fetcher, store)
        with transaction(settings) as session:
            record_health(session, entry, report)
    return report


def run(base: str, pages: int, items: int) -> dict[str, Any]:
    settings = Settings()
    migrate(engine_for(settings.resolved_database_url))
    entry = bench_entry(base, pages, items)
    with transaction(settings) as session:
        sync_sources(session, [entry], actor="bench")
    base_rss = rss_kb()
    started, cpu_started, sys_started = time.perf_counter(), cpu_seconds(), system_cpu_seconds()
    report = asyncio.run(_scrape(settings, entry))
    seconds = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_started
    system_cpu = system_cpu_seconds() - sys_started
    tree = tree_figures()  # parse workers are still alive: their peaks and CPU time
    with transaction(settings) as session:
        findings = int(session.scalar(select(func.count()).select_from(Finding)) or 0)
        snapshots = int(session.scalar(select(func.count()).select_from(Snapshot)) or 0)
        complete = session.scalar(
            select(func.count())
            .select_from(Finding)
            .where(
                Finding.title != "",
                Finding.published_at.is_not(None),
                func.length(Finding.text) > 200,
            )
        )
    files = sum(1 for p in settings.snapshot_dir.rglob("*") if p.is_file())
    return {
        "pages": report.fetched,
        "seconds": seconds,
        "pages_per_s": report.fetched / seconds if seconds else 0.0,
        "report": {
            k: v for k, v in report.as_dict().items() if k not in ("skipped", "failures") or v
        }
        | {"skipped": len(report.skipped), "failures": report.failures[:5]},
        "findings_in_db": findings,
        "findings_with_title_date_text": int(complete or 0),
        "snapshots_in_db": snapshots,
        "snapshot_files": files,
        "cpu_s": cpu + tree["children_cpu_s"],
        "system_cpu_s": system_cpu,  # of cpu_s (this process only): kernel time
        "base_rss_kb": base_rss,
        "peak_rss_kb": peak_rss_kb(),
        "loadavg": os.getloadavg(),
        **tree,
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scrape.ours")
    parser.add_argument("--base", required=True, help="the site's origin, http://127.0.0.1:N")
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--items", type=int, default=2000)
    args = parser.parse_args()
    print(json.dumps(run(args.base, args.pages, args.items)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
