"""The parse worker pool, the selector fast path and background snapshot fsyncs."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scrapers.errors import ParseError
from scrapers.parse import ArticleSpec, ParseSpec, parse
from scrapers.parse import article as article_module
from scrapers.parse.report import ParseContext
from scrapers.run import _ParsePool
from scrapers.snapshots import SnapshotSync, snapshot_path, write_bytes
from scrapers.types import FetchResult

DATA = Path(__file__).parents[1] / "data" / "parse"
URL = "https://ministry.example.gov/en/press/2024/12/19/statement"


def _result(body: bytes) -> FetchResult:
    return FetchResult(URL, URL, 200, {"content-type": "text/html"}, body, datetime.now(UTC))


def test_pool_parses_like_parse_and_raises_its_errors() -> None:
    page = _result((DATA / "press_release.html").read_bytes())
    spec = ParseSpec(kind="html")
    drift = ParseSpec(article=ArticleSpec(body="div.no-such-body"))
    pool = _ParsePool()

    async def go() -> None:
        try:
            assert await pool.parse(page, spec) == parse(page, spec)
            with pytest.raises(ParseError, match="matched 0 elements"):
                await pool.parse(page, drift)
        finally:
            pool.discard()

    asyncio.run(go())


def test_only_pages_needing_extraction_go_to_the_pool() -> None:
    assert not ArticleSpec().reads_itself()
    assert not ArticleSpec(title="h1", body=".body").reads_itself()
    assert ArticleSpec(title="h1", date="time", body=".body").reads_itself()


@pytest.mark.parametrize("fixture", sorted(p.name for p in DATA.glob("*.htm*")))
@pytest.mark.parametrize("selector", ["h1", "p", "div", "time", "a", "article .body", "li, h2"])
def test_selectors_on_the_lxml_tree_read_like_beautifulsoup(fixture: str, selector: str) -> None:
    text = (DATA / fixture).read_text("utf-8", errors="replace")
    spec = ArticleSpec(title=selector, date=selector, body=selector)
    ctx = ParseContext(URL, None)

    def outcome(read: object) -> object:
        try:
            return read()  # type: ignore[operator]
        except ParseError as exc:
            return str(exc)

    root = article_module.parse_page(text)
    fast = outcome(lambda: article_module._selectors_on_tree(root, spec, ctx))
    if fast is not None:
        assert fast == outcome(lambda: article_module._selectors_with_soup(text, spec, ctx))


def test_selector_pages_skip_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: object, **__: object) -> None:
        raise AssertionError("trafilatura ran")

    monkeypatch.setattr(article_module, "extract_main", boom)
    spec = ParseSpec(
        kind="html",
        article=ArticleSpec(title="h2.news-title", date=".news-date", body=".news-body"),
    )
    item = parse(_result((DATA / "arabic_statement.html").read_bytes()), spec).items[0]
    assert item.meta["body_source"] == "selector"  # type: ignore[union-attr]


def test_background_fsync_and_a_short_file_is_rewritten(tmp_path: Path) -> None:
    sync = SnapshotSync()
    digest, path = write_bytes(tmp_path, b"archived bytes", sync)
    assert path.read_bytes() == b"archived bytes"  # on the filesystem before wait()
    sync.wait()
    path.write_bytes(b"archiv")  # as a crash before the fsync could leave it
    assert write_bytes(tmp_path, b"archived bytes", sync) == (digest, path)
    sync.wait()
    assert snapshot_path(tmp_path, digest).read_bytes() == b"archived bytes"


def test_every_snapshot_file_and_folder_is_fsynced_before_wait_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scrapers import snapshots

    synced: list[Path] = []
    real = snapshots._fsync_path

    def record(path: Path, *, directory: bool = False) -> None:
        real(path, directory=directory)
        synced.append(path)

    monkeypatch.setattr(snapshots, "_fsync_path", record)
    monkeypatch.setattr(snapshots, "FSYNC_BATCH", 5)  # some start in the background
    sync = SnapshotSync()
    paths = [write_bytes(tmp_path, f"page {n}".encode(), sync)[1] for n in range(23)]
    assert all(p.exists() for p in paths)  # on the filesystem before any fsync
    sync.wait()
    expected = {*paths, *(p.parent for p in paths), *(p.parent.parent for p in paths), tmp_path}
    assert expected <= set(synced)
    for path in paths:  # a file before the folder that its rename changed
        assert synced.index(path) < max(i for i, s in enumerate(synced) if s == path.parent)
    synced.clear()
    sync.wait()  # nothing new: nothing to sync, and the sync is reusable
    assert synced == []
    again = write_bytes(tmp_path, b"one more", sync)[1]
    sync.wait()
    assert again in synced and tmp_path in synced


def test_a_failed_fsync_fails_the_wait(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scrapers import snapshots

    def broken(path: Path, *, directory: bool = False) -> None:
        raise OSError(5, "Input/output error")

    sync = SnapshotSync()
    write_bytes(tmp_path, b"archived bytes", sync)
    monkeypatch.setattr(snapshots, "_fsync_path", broken)
    with pytest.raises(OSError, match="Input/output error"):
        sync.wait()
