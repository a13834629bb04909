"""Feeds: RSS/Atom items, dedup, dates, and hostile or broken XML refused loudly."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scrapers.errors import ParseError
from scrapers.parse import FeedSpec, ParseSpec, parse
from scrapers.parse.feed import parse_feed
from scrapers.parse.report import ParseContext
from scrapers.types import FetchResult, ListingLink, ParsedItem

DATA = Path(__file__).parents[1] / "data" / "parse"
REALWORLD = Path(__file__).parents[2].parent / "shared" / "realworld"
FEED_URL = "https://ministry.example.gov/en/feed.xml"


def _result(
    body: bytes, url: str = FEED_URL, content_type: str = "application/rss+xml"
) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=url,
        status=200,
        headers={"content-type": content_type},
        body=body,
        fetched_at=datetime.now(UTC),
    )


def _items(body: bytes, spec: ParseSpec | None = None) -> list[ParsedItem]:
    items = parse(_result(body), spec or ParseSpec(kind="rss")).items
    assert all(isinstance(item, ParsedItem) for item in items)
    return [item for item in items if isinstance(item, ParsedItem)]


def test_rss_items_with_clean_text_dates_and_language() -> None:
    report = parse(_result((DATA / "ministry_feed.rss").read_bytes()), ParseSpec(kind="rss"))
    items = [i for i in report.items if isinstance(i, ParsedItem)]
    assert [i.title for i in items] == [
        "Ministry completes return of 1,905 soldiers to their home country",
        "Weekly briefing on displacement camps",
        "Contact details of the press office",
    ]
    first = items[0]
    assert first.url == "https://ministry.example.gov/en/news/2024/12/return-of-soldiers"
    assert first.published_at == datetime(2024, 12, 19, 7, 0, tzinfo=UTC)
    assert first.text.startswith("The Ministry announced on Thursday that 1,905 soldiers who")
    assert "<" not in first.text and "\n" in first.text  # two paragraphs, no markup
    assert first.language == "en"
    assert first.encoding == "utf-8"
    assert first.meta["entry_id"] == "mmd-2024-1219-01"
    assert (
        items[1].text
        == "Camp managers reported stable conditions & improved water supply in Nineveh."
    )


def test_duplicate_entries_are_dropped_and_reported() -> None:
    report = parse(_result((DATA / "ministry_feed.rss").read_bytes()), ParseSpec(kind="rss"))
    assert len(report.items) == 3
    assert [(s.where, s.reason) for s in report.skipped] == [("entry 3", "duplicate of entry 1")]


def test_item_without_date_is_kept_with_none() -> None:
    items = _items((DATA / "ministry_feed.rss").read_bytes())
    undated = items[-1]
    assert undated.title == "Contact details of the press office"
    assert undated.published_at is None


def test_atom_content_html_relative_links_and_xml_lang() -> None:
    url = "https://agence.example.org/fr/atom.xml"
    report = parse(_result((DATA / "agency_feed.atom").read_bytes(), url), ParseSpec())
    first, second = [i for i in report.items if isinstance(i, ParsedItem)]
    assert first.title == "Retour volontaire : point de situation"
    assert first.text == (
        "L'agence confirme que les personnes concernées ont été rapatriées par voie terrestre.\n"
        "Un second convoi est prévu."
    )
    assert first.published_at == datetime(2024, 12, 20, 8, 0, tzinfo=UTC)
    assert first.meta["date_source"] == "published"
    assert first.language == "fr"
    assert second.url == "https://agence.example.org/fr/communiques/appel-hiver"
    assert second.published_at == datetime(2024, 12, 18, 15, 45, tzinfo=UTC)
    assert second.meta["date_source"] == "updated"


def test_feed_as_links() -> None:
    spec = ParseSpec(kind="rss", feed=FeedSpec(as_links=True))
    links = parse(_result((DATA / "ministry_feed.rss").read_bytes()), spec).items
    assert all(isinstance(link, ListingLink) for link in links)
    assert links[0] == ListingLink(
        url="https://ministry.example.gov/en/news/2024/12/return-of-soldiers",
        title="Ministry completes return of 1,905 soldiers to their home country",
        published_at=datetime(2024, 12, 19, 7, 0, tzinfo=UTC),
    )


def test_malformed_feed_with_no_entries_is_parse_error() -> None:
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</ti'
    with pytest.raises(ParseError, match="malformed feed with no entries"):
        parse(_result(body), ParseSpec(kind="rss"))


def test_malformed_feed_with_entries_still_yields_them() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>A & B</title>'
        b"<item><title>Kept</title><link>https://x.example/1</link>"
        b"<description>Despite the bare ampersand.</description></item></channel></rss>"
    )
    items = _items(body)
    assert [i.title for i in items] == ["Kept"]


def test_billion_laughs_is_refused() -> None:
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">{lol}]>'
        '<rss version="2.0"><channel><title>&lol9;</title><item><title>x</title>'
        "<link>https://x.example/</link></item></channel></rss>"
    ).encode()
    with pytest.raises(ParseError, match="unsafe XML refused: entity declaration"):
        parse(_result(body), ParseSpec(kind="rss"))


def test_external_entity_is_refused() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><title>&xxe;</title><item><title>x</title>'
        b"<link>https://x.example/</link></item></channel></rss>"
    )
    with pytest.raises(ParseError, match="external entity 'xxe'"):
        parse(_result(body), ParseSpec(kind="rss"))


def test_entity_in_malformed_xml_is_still_refused() -> None:
    body = b'<rss><channel><title>a & b</title><!DOCTYPE x [<!ENTITY e "boom">]></channel></rss>'
    with pytest.raises(ParseError, match="unsafe XML refused"):
        parse(_result(body), ParseSpec(kind="rss"))


def test_public_dtd_reference_of_rss_091_is_harmless() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        b' "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel>'
        b"<title>Old</title><item><title>Old style</title><link>https://x.example/a</link>"
        b"<description>Still parsed.</description></item></channel></rss>"
    )
    assert [i.title for i in _items(body)] == ["Old style"]


def test_empty_channel_is_drift_unless_allowed() -> None:
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    with pytest.raises(ParseError, match=r"feed has 0 entries \(min_items=1\)"):
        parse(_result(body), ParseSpec(kind="rss"))
    quiet = parse_feed(body.decode(), ParseContext(FEED_URL), FeedSpec(min_items=0))
    assert quiet.items == [] and quiet.skipped == []


def test_entries_without_links_are_skipped_with_reason() -> None:
    body = (
        b'<rss version="2.0"><channel><title>t</title>'
        b"<item><title>No link here</title></item>"
        b"<item><title>Linked</title><link>https://x.example/ok</link></item></channel></rss>"
    )
    report = parse(_result(body), ParseSpec(kind="rss"))
    assert [i.url for i in report.items] == ["https://x.example/ok"]
    assert report.skipped[0].reason == "no link and no id"


def test_feed_url_serving_html_is_parse_error() -> None:
    body = b"<!DOCTYPE html><html><body><h1>We moved our news</h1></body></html>"
    with pytest.raises(ParseError, match="expects other content, got html"):
        parse(_result(body, content_type="text/html"), ParseSpec(kind="rss"))


def test_utf16_feed_is_decoded() -> None:
    xml = (
        '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>بيان الوزارة</title><link>https://x.example/ar/1</link>"
        "<description>نص البيان</description></item></channel></rss>"
    )
    items = _items(xml.encode("utf-16"))
    assert items[0].title == "بيان الوزارة"
    assert items[0].encoding is not None and items[0].encoding.startswith("utf-16")


def test_realworld_json_feed() -> None:
    path = REALWORLD / "rss_atom" / "feed.json"
    if not path.exists():
        pytest.skip(f"real-world conformance set not found at {path}")
    data = json.loads(path.read_bytes())
    url = "https://feeds.npr.org/1019/feed.json"
    items = [
        i
        for i in parse(_result(path.read_bytes(), url, "application/json"), ParseSpec()).items
        if isinstance(i, ParsedItem)
    ]
    assert len(items) == len({entry["id"] for entry in data["items"]}) > 0
    for item, entry in zip(items, data["items"], strict=False):
        assert item.url == entry["url"]
        assert item.title == entry["title"]
        assert item.text and "<" not in item.text
        assert item.published_at is not None and item.published_at.tzinfo is UTC
        assert item.published_at == datetime.fromisoformat(entry["date_published"])
