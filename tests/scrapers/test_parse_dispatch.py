"""dispatch and spec: routing on the bytes, refusals, and building specs from sources.yaml."""

from __future__ import annotations

import inspect
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

import scrapers.parse
from scrapers.errors import ConfigError, ParseError
from scrapers.parse import (
    ArticleSpec,
    FeedSpec,
    ListingSpec,
    ParseSpec,
    PdfLimits,
    parse,
    parse_response,
    spec_from_source,
)
from scrapers.types import FetchResult, ParsedItem

DATA = Path(__file__).parents[1] / "data" / "parse"
URL = "https://ministry.example.gov/en/feed"


def _result(
    body: bytes, content_type: str = "", status: int = 200, not_modified: bool = False
) -> FetchResult:
    return FetchResult(
        url=URL,
        final_url=URL + "?redirected=1",
        status=status,
        headers={"content-type": content_type},
        body=body,
        fetched_at=datetime.now(UTC),
        not_modified=not_modified,
    )


def test_public_api_is_explicit() -> None:
    """Everything the package exposes is in ``__all__`` and vice versa (modules aside)."""
    package = scrapers.parse
    public = {
        name
        for name in dir(package)
        if not name.startswith("_") and not inspect.ismodule(getattr(package, name))
    }
    assert public == set(package.__all__)


def test_feed_served_as_html_content_type_is_still_a_feed() -> None:
    body = (DATA / "ministry_feed.rss").read_bytes()
    items = parse_response(_result(body, "text/html; charset=utf-8"), ParseSpec())
    assert len(items) == 3
    assert all(isinstance(i, ParsedItem) for i in items)


def test_final_url_is_the_base() -> None:
    body = (DATA / "press_release.html").read_bytes()
    (item,) = parse_response(_result(body, "text/html"), ParseSpec(kind="html"))
    assert item.url == URL + "?redirected=1"


@pytest.mark.parametrize(
    ("body", "kind", "message"),
    [
        (b"", "auto", "empty response body"),
        (b"\x89PNG\r\n\x1a\n....", "html", "binary content not parsed: PNG image"),
        (b"\x1f\x8b\x08\x00gzip", "auto", "binary content not parsed: gzip data"),
        (b'{"a": 1}', "pdf", "source kind 'pdf' expects other content, got json"),
        (b"<html><body>Sign in</body></html>", "json", "got html (an error or login page?)"),
        (b"%PDF-1.4 ...", "json", "source kind 'json' expects other content, got pdf"),
    ],
)
def test_refusals(body: bytes, kind: str, message: str) -> None:
    with pytest.raises(ParseError, match=re.escape(message)):
        parse(_result(body), ParseSpec(kind=kind))  # type: ignore[arg-type]


def test_non_2xx_is_not_a_document_and_304_is_no_news() -> None:
    with pytest.raises(ParseError, match="HTTP status 404 is not a document"):
        parse(_result(b"<html>Not found</html>", status=404), ParseSpec())
    report = parse(_result(b"", status=304, not_modified=True), ParseSpec())
    assert report.items == [] and report.format == "not-modified"


def test_plain_text_statement() -> None:
    text = (
        "Statement of the Ministry\n\n" + "The Ministry confirms the return of all soldiers. " * 3
    )
    (item,) = parse_response(_result(text.encode(), "text/plain"), ParseSpec(kind="html"))
    assert isinstance(item, ParsedItem)
    assert item.title == "Statement of the Ministry"
    with pytest.raises(ParseError, match="almost no text"):
        parse(_result(b"OK", "text/plain"), ParseSpec())


def test_for_detail_drops_listing_and_mapping() -> None:
    spec = ParseSpec(kind="html", source="MoFA", listing=ListingSpec(item="li"), languages=("ar",))
    detail = spec.for_detail()
    assert detail.kind == "auto" and detail.listing is None and detail.json is None
    assert detail.source == "MoFA" and detail.languages == ("ar",)


def test_spec_from_source_entry() -> None:
    spec = spec_from_source(
        {
            "name": "MoFA",
            "kind": "html",
            "url": "https://ministry.example.gov/en/press/",
            "every": "30m",
            "listing": {"item": "li.press-item", "link": "a", "min_items": 5, "max_items": 40},
            "article": {"body": "div.body", "min_chars": 50},
            "pdf": {"timeout_s": 10, "max_pages": 50},
            "languages": ["ar", "en"],
            "timezone": "Asia/Baghdad",
        }
    )
    assert spec.listing == ListingSpec(item="li.press-item", link="a", min_items=5, max_items=40)
    assert spec.article == ArticleSpec(body="div.body", min_chars=50)
    assert spec.pdf == PdfLimits(timeout_s=10, max_pages=50)
    assert spec.feed == FeedSpec()
    assert spec.languages == ("ar", "en") and spec.timezone == "Asia/Baghdad"
    json_spec = spec_from_source({"name": "GOV.UK", "kind": "json", "json": "govuk_search"})
    assert json_spec.json is not None and json_spec.json.items == "results"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"name": "X", "kind": "ftp"}, "kind must be one of"),
        ({"name": "X", "kind": "html", "listing": {"item": "li", "selector": "a"}}, "selector"),
        ({"name": "X", "kind": "html", "listing": {"link": "a"}}, "invalid parse settings"),
        ({"name": "X", "kind": "json", "json": "nope"}, "unknown json preset"),
        ({"name": "X", "kind": "json", "json": ["data"]}, "must be a mapping or a preset"),
        ({"name": "X", "kind": "rss", "feed": "yes"}, "'feed' must be a mapping"),
    ],
)
def test_spec_from_source_refuses_bad_entries(entry: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        spec_from_source(entry)
    assert str(caught.value).startswith("[X]")


def test_xml_that_is_not_a_feed() -> None:
    body = b'<?xml version="1.0"?><report><figure>12</figure></report>'
    with pytest.raises(ParseError, match="not an RSS/Atom feed"):
        parse(_result(body, "application/xml"), ParseSpec())
