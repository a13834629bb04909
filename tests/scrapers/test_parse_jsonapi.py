"""JSON APIs: declarative mappings, the shipped presets, real GOV.UK content items."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scrapers.errors import ConfigError, ParseError
from scrapers.parse import (
    GOVUK_CONTENT,
    GOVUK_SEARCH,
    RELIEFWEB_REPORTS,
    JsonMapping,
    ParseSpec,
    get_path,
    parse,
    preset,
)
from scrapers.types import FetchResult, ListingLink, ParsedItem

DATA = Path(__file__).parents[1] / "data" / "parse"
REALWORLD = Path(__file__).parents[2].parent / "shared" / "realworld"
RELIEFWEB_URL = "https://api.reliefweb.int/v2/reports?appname=resdesk-tests&limit=3"
GOVUK_SEARCH_URL = "https://www.gov.uk/api/search.json?filter_format=press_release&count=3"


def _result(body: bytes, url: str, content_type: str = "application/json") -> FetchResult:
    return FetchResult(
        url=url,
        final_url=url,
        status=200,
        headers={"content-type": content_type},
        body=body,
        fetched_at=datetime.now(UTC),
    )


def _spec(mapping: dict[str, object]) -> ParseSpec:
    return ParseSpec(kind="json", json=JsonMapping.from_dict(mapping))


def _items(body: bytes, url: str, mapping: dict[str, object]) -> list[ParsedItem]:
    items = parse(_result(body, url), _spec(mapping)).items
    assert all(isinstance(item, ParsedItem) for item in items)
    return [item for item in items if isinstance(item, ParsedItem)]


def test_reliefweb_reports_preset() -> None:
    body = (DATA / "reliefweb_reports.json").read_bytes()
    report = parse(_result(body, RELIEFWEB_URL), _spec(RELIEFWEB_REPORTS))
    first, second = [i for i in report.items if isinstance(i, ParsedItem)]
    assert first.title == "Iraq: Border Crossing Flash Update No. 2 (20 December 2024)"
    assert first.url.startswith("https://reliefweb.int/report/iraq/iraq-border-crossing-flash")
    assert first.published_at == datetime(2024, 12, 20, 13, 2, 11, tzinfo=UTC)
    assert first.meta["date_source"] == "fields.date.created"
    assert first.text.startswith("Highlights\nAll 1,905 soldiers who crossed on 7 December were")
    assert "<" not in first.text
    assert first.language == "en"
    assert first.meta["item_id"] == "4100001"
    # No url_alias and no date.created: the fallbacks are used.
    assert second.url == "https://reliefweb.int/node/4100002"
    assert second.published_at == datetime(2024, 12, 19, tzinfo=UTC)
    assert second.text == "أفادت السلطات بإعادة الجنود."
    assert second.language == "ar"
    assert [(s.where, s.reason) for s in report.skipped] == [("item 3", "duplicate of item 1")]


def test_govuk_search_preset_resolves_relative_links() -> None:
    body = (DATA / "govuk_search.json").read_bytes()
    report = parse(_result(body, GOVUK_SEARCH_URL), _spec(GOVUK_SEARCH))
    first, second = [i for i in report.items if isinstance(i, ParsedItem)]
    assert first.url == "https://www.gov.uk/government/news/uk-statement-on-border-crossing"
    assert first.title == "UK statement on border crossing"
    assert first.published_at == datetime(2024, 12, 19, 16, 30, tzinfo=UTC)
    assert first.text.startswith("The UK welcomes the safe return")
    assert second.text == "Guidance for travellers & residents."
    assert [s.reason for s in report.skipped] == ["no url at ['link']"]


def test_mapping_as_links() -> None:
    body = (DATA / "govuk_search.json").read_bytes()
    links = parse(_result(body, GOVUK_SEARCH_URL), _spec({**GOVUK_SEARCH, "as_links": True}))
    assert links.items[0] == ListingLink(
        url="https://www.gov.uk/government/news/uk-statement-on-border-crossing",
        title="UK statement on border crossing",
        published_at=datetime(2024, 12, 19, 16, 30, tzinfo=UTC),
    )


GOVUK_CASES = [
    ("publishing-api__news_article_press_release.json", False, "Eight out of 10 of the middle"),
    ("publishing-api__news_article_government_response.json", False, "We are aware of a large"),
    ("publishing-api__world_news_story_news_article.json", False, "Prime Minister Theresa May"),
    ("publishing-api__news_article_news_story_translated_arabic.json", False, "وزیراعظم"),
    ("publishing-api__news_article_withdrawn.json", True, "Prime Minister Theresa May said"),
]


@pytest.mark.parametrize(("name", "withdrawn", "opening"), GOVUK_CASES)
def test_realworld_govuk_content_items(name: str, withdrawn: bool, opening: str) -> None:
    path = REALWORLD / "govuk_content_api" / name
    if not path.exists():
        pytest.skip(f"real-world conformance set not found at {path}")
    data = json.loads(path.read_bytes())
    api_url = "https://www.gov.uk/api/content" + data["base_path"]
    (item,) = _items(path.read_bytes(), api_url, GOVUK_CONTENT)
    assert item.title == data["title"]
    assert item.url == "https://www.gov.uk" + data["base_path"]
    expected_date = datetime.fromisoformat(data["details"]["first_public_at"]).astimezone(UTC)
    assert item.published_at == expected_date
    assert item.text.startswith(opening)
    assert "<" not in item.text and len(item.text) > 200
    assert item.language == data["locale"]
    assert item.withdrawn is withdrawn
    if withdrawn:
        assert item.meta["withdrawn_at"] == data["withdrawn_notice"]["withdrawn_at"]
    assert item.meta["document_type"] == data["document_type"]


def test_json_api_answering_html_is_parse_error() -> None:
    body = b"<!DOCTYPE html><html><head><title>Sign in</title></head><body>Log in</body></html>"
    with pytest.raises(ParseError, match="source kind 'json' expects other content, got html"):
        parse(_result(body, RELIEFWEB_URL, "application/json"), _spec(RELIEFWEB_REPORTS))


def test_invalid_json_and_missing_mapping() -> None:
    ctx_url = "https://api.example.org/items"
    with pytest.raises(ParseError, match="expected JSON, got text"):
        parse(_result(b'{"data": [', ctx_url), _spec(RELIEFWEB_REPORTS))
    with pytest.raises(ParseError, match="no field mapping"):
        parse(_result(b'{"data": []}', ctx_url), ParseSpec(kind="json"))


def test_items_path_drift_names_the_path() -> None:
    url = "https://api.example.org/items"
    with pytest.raises(ParseError, match=r"items path 'data' not found \(top level: error, status"):
        parse(_result(b'{"status": 503, "error": "maintenance"}', url), _spec(RELIEFWEB_REPORTS))
    with pytest.raises(ParseError, match=r"items path 'data' has 0 items \(min_items=1\)"):
        parse(_result(b'{"data": []}', url), _spec(RELIEFWEB_REPORTS))
    with pytest.raises(ParseError, match="is a dict, not a list"):
        parse(_result(b'{"data": {"a": 1}}', url), _spec(RELIEFWEB_REPORTS))


def test_item_with_no_date_is_kept_and_empty_item_skipped() -> None:
    body = json.dumps(
        {"rows": [{"t": "Undated notice", "u": "/n/1"}, {"u": "/n/2"}, "junk"]}
    ).encode()
    mapping = {"items": "rows", "fields": {"title": "t", "url": "u", "date": "d"}}
    report = parse(_result(body, "https://api.example.org/v1/notices"), _spec(mapping))
    (item,) = report.items
    assert isinstance(item, ParsedItem)
    assert item.url == "https://api.example.org/n/1"
    assert item.published_at is None
    assert [s.reason for s in report.skipped] == ["no title and no text", "not an object (str)"]


def test_get_path() -> None:
    doc = {"a": {"b": [{"c": 1}, {"c": 2}]}, "lang": "en"}
    assert get_path(doc, "a.b.1.c") == 2
    assert get_path(doc, "a.b.-1.c") == 2
    assert get_path(doc, "a.b.5.c") is None
    assert get_path(doc, "a.x.c") is None
    assert get_path(doc["a"], "$.lang", root=doc) == "en"
    assert get_path(doc, "$") is doc


def test_mapping_from_dict_validation() -> None:
    with pytest.raises(ConfigError, match="needs 'items'"):
        JsonMapping.from_dict({"fields": {}})
    with pytest.raises(ConfigError, match=r"unknown key\(s\) in json.fields: headline"):
        JsonMapping.from_dict({"items": "data", "fields": {"headline": "x"}})
    with pytest.raises(ConfigError, match="unknown json preset"):
        preset("nope")
    mapping = JsonMapping.from_dict(preset("govuk_content"))
    assert mapping.items == "$"
    assert mapping.date[0] == "details.first_public_at"
