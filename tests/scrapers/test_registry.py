"""The source registry: validation names entry and field; canonical URLs; snapshots."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from scrapers.canonical import canonical_url
from scrapers.errors import ConfigError
from scrapers.registry import load_catalogue, load_sources
from scrapers.snapshots import read_snapshot, snapshot_path, write_bytes

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

GOOD = """
sources:
  - name: Ministry
    kind: rss
    url: https://gov.example/feed.xml
"""


def test_builtin_catalogue_is_valid_and_unverified() -> None:
    entries = load_sources()
    names = {e.name for e in entries}
    assert {
        "Iraqi Ministry of Foreign Affairs",
        "Iraqi Prime Minister's Media Office",
        "Iraqi News Agency",
        "UNHCR",
        "IOM",
        "ICRC",
        "ReliefWeb",
        "UN News",
        "SANA",
        "US State Department",
        "GOV.UK",
        "European Commission",
    } <= names
    assert not any(e.verified for e in entries)
    assert all(e.url.startswith("https://") for e in entries)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (GOOD.replace("kind: rss", "kind: ftp"), "source #1 ('Ministry'): field 'kind'"),
        (GOOD.replace("https://gov.example/feed.xml", "file:///etc/passwd"), "field 'url'"),
        (GOOD + "    every: soon\n", "field 'every'"),
        (GOOD + "    selectorz: x\n", "field 'selectorz'"),
        (GOOD + "    listing: {items: 'li'}\n", "unknown key(s) in listing: items"),
        (
            GOOD + "  - name: ministry\n    kind: rss\n    url: https://b.example/\n",
            "'ministry': field 'name': appears twice",
        ),
        ("sources: [\n", "not valid YAML"),
        ("feeds: []\n", "expected a mapping with a 'sources' list"),
    ],
)
def test_bad_entries_name_entry_and_field(text: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_catalogue(text, path="my.yaml")
    assert fragment in str(info.value) and str(info.value).startswith("my.yaml")


def test_canonical_url_drops_tracking_and_fragments() -> None:
    a = "HTTPS://Gov.Example:443/news/1?utm_source=x&id=7&fbclid=abc#top"
    b = "https://gov.example/news/1?id=7&utm_campaign=y"
    assert canonical_url(a) == canonical_url(b) == "https://gov.example/news/1?id=7"
    assert (
        canonical_url("https://gov.example/n?id=7&src=rss", ["src"]) == "https://gov.example/n?id=7"
    )
    assert canonical_url("http://gov.example:8080/a") == "http://gov.example:8080/a"


def test_snapshots_are_content_addressed_and_checked(tmp_path: Path) -> None:
    digest, path = write_bytes(tmp_path, b"%PDF-1.7 raw bytes")
    assert path == snapshot_path(tmp_path, digest) and path.read_bytes() == b"%PDF-1.7 raw bytes"
    assert write_bytes(tmp_path, b"%PDF-1.7 raw bytes") == (digest, path)  # stored once
    assert read_snapshot(tmp_path, digest) == b"%PDF-1.7 raw bytes"
    path.write_bytes(b"tampered")
    with pytest.raises(ValueError, match="does not match its hash"):
        read_snapshot(tmp_path, digest)


def test_a_passed_check_marks_verified_until_the_url_changes(
    session_factory: sessionmaker[Session],
) -> None:
    from sqlalchemy import select

    from db.engine import session_scope
    from db.models import AuditEvent, Source
    from scrapers.registry import mark_verified, sync_sources

    entries = load_catalogue(GOOD, path="s.yaml")
    with session_scope(session_factory) as s:
        sync_sources(s, entries, actor="t")
        assert mark_verified(s, "Ministry", actor="alice", items=3)
        assert not mark_verified(s, "Ministry", actor="alice", items=3)
    with session_scope(session_factory) as s:  # re-syncing the same catalogue keeps it
        assert sync_sources(s, entries, actor="t")["unchanged"] == 1
        src = s.execute(select(Source)).scalar_one()
        assert src.verified
        actions = [
            e.action for e in s.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars()
        ]
        assert actions == ["source.added", "source.verified"]
    moved = load_catalogue(
        GOOD.replace("gov.example/feed.xml", "gov.example/new.xml"), path="s.yaml"
    )
    with session_scope(session_factory) as s:
        sync_sources(s, moved, actor="t")
        assert not s.execute(select(Source)).scalar_one().verified
