"""``DbScrapeStore`` writes its rows in batches, with the answers of a row-by-row store.

Rows wait in memory and go to the database as one statement per table; these tests use
a batch of a few rows so that every case crosses batch boundaries, on SQLite and
PostgreSQL: dedupe by text, version chains (also within one batch), validators,
read-your-writes for other code on the session, rollback, and durable snapshots.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db.engine import session_scope
from db.models import FetchState, Finding, Snapshot
from scrapers.persist import DbScrapeStore
from scrapers.registry import SourceEntry, load_catalogue
from scrapers.snapshots import read_snapshot
from scrapers.types import FetchResult, ParsedItem

BASE = "https://ministry.example.gov/en/press"


def _entry() -> SourceEntry:
    text = f"""
sources:
  - name: Batch Ministry
    publisher: Ministry
    kind: html
    url: "{BASE}/"
    every: 1h
"""
    return load_catalogue(text, path="test")[0]


def _page(url: str, body: str, etag: str | None = None) -> FetchResult:
    headers = {"content-type": "text/html; charset=utf-8"}
    if etag:
        headers["etag"] = etag
    return FetchResult(
        url=url,
        final_url=url,
        status=200,
        headers=headers,
        body=f"<html><body><p>{body}</p></body></html>".encode(),
        fetched_at=datetime.now(UTC),
    )


def _item(url: str, text: str) -> ParsedItem:
    return ParsedItem(url=url, title=f"Title of {url}", text=text, published_at=None)


def _fetched_and_kept(store: DbScrapeStore, url: str, text: str, etag: str) -> tuple[bool, str]:
    result = _page(url, text, etag)
    same = store.remember("Batch Ministry", url, result)
    return same, store.keep(_entry(), result, _item(url, text))


def _count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_batched_rows_answer_like_row_by_row(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    texts = [f"Statement number {n} on the border crossing." for n in range(7)]
    with session_scope(session_factory) as s:
        store = DbScrapeStore(s, tmp_path, batch_rows=3)
        outcomes = [
            _fetched_and_kept(store, f"{BASE}/{n}", t, f'"e{n}"') for n, t in enumerate(texts)
        ]
        assert outcomes == [(False, "new")] * 7
        # the same text from another URL, in the same batch or not: stored once
        assert (
            store.keep(_entry(), _page(f"{BASE}/copy", texts[6]), _item(f"{BASE}/copy", texts[6]))
            == "unchanged"
        )
        assert (
            store.keep(_entry(), _page(f"{BASE}/copy0", texts[0]), _item(f"{BASE}/copy0", texts[0]))
            == "unchanged"
        )
        # an edit of a page kept moments ago (its row may still be pending): a new version
        edited = texts[6].replace("border", "northern border")
        assert (
            store.keep(_entry(), _page(f"{BASE}/6", edited), _item(f"{BASE}/6", edited))
            == "version"
        )
        # a timestamp line is not new evidence
        stamped = texts[5] + "\nLast updated 3 January 2025"
        assert (
            store.keep(_entry(), _page(f"{BASE}/5", stamped), _item(f"{BASE}/5", stamped))
            == "unchanged"
        )
        # other code reading the session sees every row this store added
        assert _count(s, Finding) == 8
    with session_scope(session_factory) as s:
        rows = {f.text: f for f in s.execute(select(Finding)).scalars()}
        assert len(rows) == 8
        assert rows[edited].supersedes_id == rows[texts[6]].id
        assert rows[texts[6]].supersedes_id is None
        assert all(f.canonical_url and f.created_at for f in rows.values())
        for finding in rows.values():
            body = read_snapshot(tmp_path, finding.snapshot_sha256 or "")
            snapshot = s.get(Snapshot, finding.snapshot_sha256)
            assert snapshot is not None and snapshot.size == len(body)
            assert finding.text.split("\n")[0] in body.decode()
        states = {st.url: st for st in s.execute(select(FetchState)).scalars()}
        assert len(states) == 7 and states[f"{BASE}/3"].etag == '"e3"'


def test_validators_survive_the_commit_and_a_repoll_is_the_same(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    urls = [f"{BASE}/{n}" for n in range(5)]
    with session_scope(session_factory) as s:
        store = DbScrapeStore(s, tmp_path, batch_rows=2)
        for n, url in enumerate(urls):
            assert store.validators(url) == (None, None, None)
            _fetched_and_kept(store, url, f"Text {n} of the statement.", f'"v{n}"')
            assert store.validators(url)[0] == f'"v{n}"'  # known before it is written
        # the same URL fetched twice in one run: one row, the last answer's validators
        store.remember("Batch Ministry", urls[0], _page(urls[0], "Text 0 of the statement.", '"w"'))
    with session_scope(session_factory) as s:
        store = DbScrapeStore(s, tmp_path, batch_rows=2)
        store.prefetch([*urls, f"{BASE}/never-seen"])
        assert store.validators(urls[0])[0] == '"w"'
        assert store.validators(f"{BASE}/never-seen") == (None, None, None)
        again = [
            _fetched_and_kept(store, u, f"Text {n} of the statement.", f'"v{n}"')
            for n, u in enumerate(urls)
        ]
        assert again == [(True, "unchanged")] * 5
    with session_scope(session_factory) as s:
        assert _count(s, Finding) == 5 and _count(s, FetchState) == 5
        assert s.get(FetchState, urls[0]).etag == '"v0"'  # type: ignore[union-attr]


def test_a_rolled_back_scrape_leaves_nothing_pending(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    s = session_factory()
    store = DbScrapeStore(s, tmp_path, batch_rows=100)
    assert _fetched_and_kept(store, f"{BASE}/r", "Rolled back statement text.", '"r"') == (
        False,
        "new",
    )
    s.rollback()
    # nothing of the rolled-back page is remembered: the same page is new again
    assert store.validators(f"{BASE}/r") == (None, None, None)
    assert _fetched_and_kept(store, f"{BASE}/r", "Rolled back statement text.", '"r"') == (
        False,
        "new",
    )
    s.commit()
    s.close()
    with session_scope(session_factory) as s:
        assert _count(s, Finding) == 1 and _count(s, FetchState) == 1
