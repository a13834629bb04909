"""Scraping the local source site end to end into the database (SQLite and PostgreSQL).

A real HTTP server on 127.0.0.1 (``resdesk.localsite``), the real fetcher and parsers,
the database store: findings, snapshots, versions, conditional re-polls and health.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db.engine import session_scope
from db.models import FetchLog, Finding, Snapshot, Source
from resdesk.localsite import LocalSite, serve_site
from scrapers.fetch import Fetcher, FetchPolicy
from scrapers.persist import DbScrapeStore, evidence_fingerprint, record_health
from scrapers.registry import SourceEntry, load_catalogue, sync_sources
from scrapers.run import SourceReport, scrape_source
from scrapers.snapshots import read_snapshot

PROJECT = Path(__file__).resolve().parents[2]
DEMO_SOURCES = PROJECT / "resdesk" / "data" / "demo_sources.yaml"
POLICY = FetchPolicy(
    per_host_delay=0.0,
    connect_timeout=2,
    read_timeout=5,
    deadline=20,
    max_retries=1,
    backoff_base=0.01,
)


@pytest.fixture(scope="module")
def site() -> Iterator[LocalSite]:
    with serve_site() as s:
        yield s


@pytest.fixture
def entries(site: LocalSite) -> list[SourceEntry]:
    site.reset()
    text = DEMO_SOURCES.read_text(encoding="utf-8").replace("{base}", site.base_url.rstrip("/"))
    return load_catalogue(text, path="demo_sources.yaml")


def by_name(entries: list[SourceEntry], name: str) -> SourceEntry:
    return next(e for e in entries if e.name == name)


def run(
    factory: sessionmaker[Session], root: Path, entries: list[SourceEntry]
) -> list[SourceReport]:
    async def go() -> list[SourceReport]:
        reports = []
        async with Fetcher(POLICY) as fetcher:
            for entry in entries:
                with session_scope(factory) as s:
                    report = await scrape_source(entry, fetcher, DbScrapeStore(s, root))
                with session_scope(factory) as s:
                    record_health(s, entry, report)
                reports.append(report)
        return reports

    with session_scope(factory) as s:
        sync_sources(s, entries, actor="test")
    return asyncio.run(go())


def count(factory: sessionmaker[Session], model: type) -> int:
    with session_scope(factory) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_whole_site_becomes_findings_with_snapshots(
    session_factory: sessionmaker[Session], tmp_path: Path, entries: list[SourceEntry]
) -> None:
    reports = run(session_factory, tmp_path, entries)
    assert all(r.ok for r in reports), [r.error for r in reports]
    by = {r.source: r for r in reports}
    assert by["Iraqi Ministry of Foreign Affairs"].new == 10  # two listing pages followed
    assert by["UNHCR"].skipped  # the duplicated feed item is skipped with its reason
    assert by["ReliefWeb"].new >= 5 and by["IOM"].new == 1
    with session_scope(session_factory) as s:
        findings = list(s.execute(select(Finding)).scalars())
        assert len(findings) == sum(r.new for r in reports)
        for f in findings:
            assert f.snapshot_sha256 is not None and f.canonical_url
            body = read_snapshot(tmp_path, f.snapshot_sha256)
            snap = s.get(Snapshot, f.snapshot_sha256)
            assert snap is not None and snap.size == len(body)
        handover = [f for f in findings if "handed over 1,934 Syrian military personnel" in f.text]
        assert handover and handover[0].published_at is not None
        assert handover[0].published_at.isoformat().startswith("2024-12-19")
        arabic = [f for f in findings if "السلطات السورية" in f.text]
        assert arabic and arabic[0].published_at is not None
        pdf = [f for f in findings if f.url.endswith(".pdf")]
        assert pdf and "militia takeover" in pdf[0].text
        health = {r.name: r for r in s.execute(select(Source)).scalars()}
        assert health["Iraqi Ministry of Foreign Affairs"].status == "healthy"
        assert health["Iraqi Ministry of Foreign Affairs"].items_last_seen == 10


def test_repoll_is_answered_not_modified_and_adds_nothing(
    session_factory: sessionmaker[Session],
    tmp_path: Path,
    entries: list[SourceEntry],
    site: LocalSite,
) -> None:
    run(session_factory, tmp_path, entries)
    before = count(session_factory, Finding)
    site.clear_log()
    reports = run(session_factory, tmp_path, entries)
    assert count(session_factory, Finding) == before
    assert sum(r.new + r.versions for r in reports) == 0
    content = [r for r in site.request_log if not r.path.endswith("robots.txt")]
    assert content and all(r.status == 304 for r in content)


def test_an_edited_statement_becomes_a_new_version(
    session_factory: sessionmaker[Session],
    tmp_path: Path,
    entries: list[SourceEntry],
    site: LocalSite,
) -> None:
    feed = by_name(entries, "UNHCR")
    run(session_factory, tmp_path, [feed])
    path = "/unhcr/news/feed.xml"
    import httpx

    body = httpx.get(site.url(path)).text
    edited = body.replace("monitored the return of 1,934", "monitored the return of 1,935", 1)
    assert edited != body
    site.replace(path, edited, "application/rss+xml")
    [report] = run(session_factory, tmp_path, [feed])
    assert report.versions == 1 and report.new == 0
    with session_scope(session_factory) as s:
        newest = s.execute(select(Finding).where(Finding.supersedes_id.is_not(None))).scalar_one()
        older = s.get(Finding, newest.supersedes_id)
        assert older is not None and "1,934" in older.text and "1,935" in newest.text
        assert older.canonical_url == newest.canonical_url
        assert older.snapshot_sha256 != newest.snapshot_sha256


def test_a_redesigned_listing_makes_the_source_unhealthy_and_keeps_findings(
    session_factory: sessionmaker[Session],
    tmp_path: Path,
    entries: list[SourceEntry],
    site: LocalSite,
) -> None:
    ministry = by_name(entries, "Iraqi Ministry of Foreign Affairs (Arabic)")
    run(session_factory, tmp_path, [ministry])
    kept = count(session_factory, Finding)
    site.replace(
        "/mofa/ar/press-releases/",
        "<html><body><div class='new-cms'><p>Welcome</p></div></body></html>",
        "text/html; charset=utf-8",
    )
    [report] = run(session_factory, tmp_path, [ministry])
    assert report.error and "article.news-teaser" in report.error
    with session_scope(session_factory) as s:
        src = s.execute(select(Source).where(Source.name == ministry.name)).scalar_one()
        assert src.status == "unhealthy" and src.consecutive_failures == 1
        assert src.last_error and "article.news-teaser" in src.last_error
        log = s.execute(select(FetchLog).order_by(FetchLog.id.desc())).scalars().first()
        assert log is not None and log.outcome == "failed"
    assert count(session_factory, Finding) == kept


def test_a_failing_source_is_recorded_and_the_others_still_run(
    session_factory: sessionmaker[Session],
    tmp_path: Path,
    entries: list[SourceEntry],
    site: LocalSite,
) -> None:
    site.fail("/reliefweb/v1/reports", 503, times=None)
    chosen = [by_name(entries, "ReliefWeb"), by_name(entries, "IOM")]
    reliefweb, iom = run(session_factory, tmp_path, chosen)
    assert reliefweb.error_kind == "transient" and "503" in (reliefweb.error or "")
    assert iom.ok and iom.new == 1
    with session_scope(session_factory) as s:
        src = s.execute(select(Source).where(Source.name == "ReliefWeb")).scalar_one()
        assert src.status == "unhealthy" and src.last_error


def test_a_source_that_suddenly_yields_nothing_is_unhealthy(
    session_factory: sessionmaker[Session], entries: list[SourceEntry]
) -> None:
    entry = by_name(entries, "UNHCR")
    with session_scope(session_factory) as s:
        sync_sources(s, [entry], actor="test")
        record_health(s, entry, SourceReport("UNHCR", items_seen=7))
    with session_scope(session_factory) as s:
        src = record_health(s, entry, SourceReport("UNHCR", items_seen=0))
        assert src is not None and src.status == "unhealthy"
        assert "yielded no items (it had 7)" in (src.last_error or "")


def test_only_the_statement_counts_as_evidence() -> None:
    a = "The ministry handed over 1,934 soldiers.\nLast updated: 19 December 2024 10:02"
    b = "The ministry handed over 1,934 soldiers.\nLast updated: 20 December 2024 08:15"
    c = "The ministry handed over 1,935 soldiers.\nLast updated: 20 December 2024 08:15"
    assert evidence_fingerprint(a) == evidence_fingerprint(b)
    assert evidence_fingerprint(a) != evidence_fingerprint(c)
