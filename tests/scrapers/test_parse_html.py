"""HTML listings: bounded selectors, resolved links, drift as a loud ParseError."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from scrapers.errors import ParseError
from scrapers.parse import ListingSpec, ParseSpec, parse, parse_response
from scrapers.types import FetchResult, ListingLink

DATA = Path(__file__).parents[1] / "data" / "parse"
PAGE_URL = "https://ministry.example.gov/en/press/"
SPEC = ListingSpec(item="li.press-item", link="a.press-link", date="time, .date", max_items=50)


def _result(body: bytes, url: str = PAGE_URL) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=url,
        status=200,
        headers={"content-type": "text/html; charset=utf-8"},
        body=body,
        fetched_at=datetime.now(UTC),
    )


def _listing() -> bytes:
    return (DATA / "press_listing.html").read_bytes()


def test_links_resolved_against_page_url_with_titles_and_dates() -> None:
    links = parse_response(_result(_listing()), ParseSpec(kind="html", listing=SPEC))
    assert links == [
        ListingLink(
            url="https://ministry.example.gov/en/press/2024/12/19/statement-on-border-crossing",
            title="Statement on the border crossing of 7 December",
            published_at=datetime(2024, 12, 19, 11, 5, tzinfo=UTC),
        ),
        ListingLink(
            url="https://ministry.example.gov/en/press/2024/12/17/meeting-with-unhcr",
            title="Minister meets UNHCR representative",
            published_at=datetime(2024, 12, 17, tzinfo=UTC),
        ),
        ListingLink(
            url="https://ministry.example.gov/en/press/2024/12/15/consular-services",
            title="Consular services during the holidays",
            published_at=datetime(2024, 12, 15, tzinfo=UTC),
        ),
    ]


def test_item_without_link_is_skipped_with_reason() -> None:
    report = parse(_result(_listing()), ParseSpec(kind="html", listing=SPEC))
    assert [(s.where, s.reason) for s in report.skipped] == [
        ("item 4 of 'li.press-item'", "no match for link selector 'a.press-link'")
    ]


def test_base_href_and_item_as_anchor() -> None:
    html = (
        b'<html><head><base href="/archive/2024/"></head><body>'
        b'<a class="n" href="one.html">One</a><a class="n" href="../2023/two.html">Two</a>'
        b'<a class="n" href="javascript:void(0)">Menu</a><a class="n" href="one.html">Again</a>'
        b"</body></html>"
    )
    report = parse(_result(html), ParseSpec(listing=ListingSpec(item="a.n", link=None)))
    assert [link.url for link in report.items] == [
        "https://ministry.example.gov/archive/2024/one.html",
        "https://ministry.example.gov/archive/2023/two.html",
    ]
    assert [s.reason for s in report.skipped] == [
        "not a page link: 'javascript:void(0)'",
        "duplicate link https://ministry.example.gov/archive/2024/one.html",
    ]


def test_no_match_names_selector_and_count() -> None:
    spec = ParseSpec(kind="html", listing=ListingSpec(item="div.news-teaser", min_items=3))
    with pytest.raises(ParseError) as caught:
        parse(_result(_listing()), spec)
    message = str(caught.value)
    assert "selector 'div.news-teaser' matched 0 items (min_items=3)" in message
    assert PAGE_URL in message


def test_too_many_matches_is_drift_too() -> None:
    spec = ParseSpec(listing=ListingSpec(item="a", link=None, max_items=5))
    with pytest.raises(ParseError, match=r"selector 'a' matched \d+ items \(max_items=5\)"):
        parse(_result(_listing()), spec)


def test_matches_without_any_link_are_an_error_not_empty() -> None:
    spec = ParseSpec(listing=ListingSpec(item="li.press-item", link="a.gone"))
    with pytest.raises(ParseError, match="matched 4 items but none had a usable link"):
        parse(_result(_listing()), spec)


def test_error_names_the_source() -> None:
    spec = ParseSpec(source="MoFA", listing=ListingSpec(item="table.none"))
    with pytest.raises(ParseError, match=r"^\[MoFA\] selector 'table.none' matched 0"):
        parse(_result(_listing()), spec)


def test_listing_spec_refuses_non_html() -> None:
    spec = ParseSpec(listing=ListingSpec(item="li"))
    with pytest.raises(ParseError, match="listing page expected HTML, got json"):
        parse(_result(b'{"items": []}'), spec)
