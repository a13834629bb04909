"""Detail pages: main text, title, date, language; error and login pages refused."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from scrapers.errors import ParseError
from scrapers.parse import ArticleSpec, ParseSpec, parse
from scrapers.types import FetchResult, ParsedItem

DATA = Path(__file__).parents[1] / "data" / "parse"
REALWORLD = Path(__file__).parents[2].parent / "shared" / "realworld"
URL = "https://ministry.example.gov/en/press/2024/12/19/statement-on-border-crossing"


def _result(body: bytes, url: str = URL, content_type: str = "text/html") -> FetchResult:
    return FetchResult(
        url=url,
        final_url=url,
        status=200,
        headers={"content-type": content_type},
        body=body,
        fetched_at=datetime.now(UTC),
    )


def _item(body: bytes, spec: ParseSpec | None = None, url: str = URL) -> ParsedItem:
    items = parse(_result(body, url), spec or ParseSpec(kind="html")).items
    assert len(items) == 1 and isinstance(items[0], ParsedItem)
    return items[0]


def test_press_release_text_title_date_language() -> None:
    item = _item((DATA / "press_release.html").read_bytes())
    assert item.url == URL
    assert item.title == "Statement on the border crossing of 7 December"
    assert item.published_at == datetime(2024, 12, 19, 11, 5, tzinfo=UTC)
    assert item.meta["date_source"] == "meta:article:published_time"
    assert item.language == "en"
    assert "have been returned to their country of origin" in item.text
    assert "Every person was treated with dignity" in item.text
    assert "Related" not in item.text and "Privacy" not in item.text
    assert "© 2024" not in item.text


def test_arabic_page_with_selectors_and_levantine_date() -> None:
    spec = ParseSpec(
        kind="html",
        article=ArticleSpec(title="h2.news-title", date=".news-date", body=".news-body"),
    )
    item = _item((DATA / "arabic_statement.html").read_bytes(), spec)
    assert item.title == "بيان بشأن الجنود العابرين للحدود"
    assert item.published_at == datetime(2024, 12, 19, tzinfo=UTC)
    assert item.meta["date_source"] == "selector"
    assert item.meta["body_source"] == "selector"
    assert item.language == "ar"
    assert item.text.startswith("أعلنت وزارة الداخلية")
    assert len(item.text.split("\n")) == 2


def test_arabic_page_in_windows_1256_without_selectors() -> None:
    html = (DATA / "arabic_statement.html").read_text("utf-8").replace("utf-8", "windows-1256")
    html = html.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))  # not in cp1256
    item = _item(html.encode("cp1256"))
    assert item.encoding == "cp1256"
    assert "بالتنسيق مع المنظمات الدولية" in item.text
    assert item.language == "ar"


def test_selector_that_matches_nothing_is_drift() -> None:
    spec = ParseSpec(article=ArticleSpec(body="div.article-body"))
    with pytest.raises(ParseError, match=r"body selector 'div\.article-body' matched 0 elements"):
        parse(_result((DATA / "press_release.html").read_bytes()), spec)


@pytest.mark.parametrize(
    ("fixture", "reason"),
    [
        ("login.html", "a login page"),
        ("not_found.html", "an error page (title says 'Page not found')"),
        ("access_denied.html", "an error page (title says 'Access Denied')"),
    ],
)
def test_200_that_is_not_an_article(fixture: str, reason: str) -> None:
    with pytest.raises(ParseError, match="not an article") as caught:
        parse(_result((DATA / fixture).read_bytes()), ParseSpec(kind="html"))
    assert reason in str(caught.value)


def test_almost_no_text() -> None:
    body = b"<html><body><div id='app'></div><script>render()</script><p>Loading</p></body></html>"
    with pytest.raises(ParseError, match=r"almost no text \(\d+ chars < min_chars=100\)"):
        parse(_result(body), ParseSpec())


def test_article_with_login_box_is_still_an_article() -> None:
    login_box = '<form action="/login"><input name="u"><input type="password" name="p"></form>'
    page = (DATA / "press_release.html").read_text("utf-8")
    page = page.replace("</header>", login_box + "</header>")
    assert "returned to their country" in _item(page.encode()).text


def test_date_in_url_is_used() -> None:
    # htmldate (through trafilatura) reads /2024/12/19/ in a URL: a reliable CMS convention.
    body = (DATA / "press_release.html").read_text("utf-8").replace("article:published_time", "x")
    body = body.replace("Published 19 December 2024", "")
    item = _item(body.encode())
    assert item.published_at == datetime(2024, 12, 19, tzinfo=UTC)
    assert item.meta["date_source"] == "trafilatura"


def test_page_without_any_date_keeps_none() -> None:
    paragraphs = "".join(
        f"<p>Paragraph {n} of a statement that carries no date anywhere on the page, "
        "neither in metadata nor in the visible text.</p>"
        for n in ("one", "two", "three")
    )
    body = f"<html><head><title>Undated</title></head><body><article>{paragraphs}</article>"
    item = _item(f"{body}</body></html>".encode(), url="https://ministry.example.gov/en/undated")
    assert item.published_at is None
    assert "date_source" not in item.meta


@pytest.mark.parametrize(
    ("name", "title", "date", "language", "snippet"),
    [
        (
            "trafilatura__reuters.com.parasite.html",
            "'Parasite' scores historic upset at SAG awards, boosting Oscar chances",
            datetime(2020, 1, 19, 12, 25, 36, tzinfo=UTC),
            "en",
            "South Korean thriller",
        ),
        (
            "trafilatura__dw.com.colonial.html",
            "Berlin confronts Germany's colonial past with new initiative",
            datetime(2020, 1, 19, tzinfo=UTC),
            "en",
            "five-year project",
        ),
        (
            "trafilatura__stuttgart.de.html",
            "Bohnenviertel",
            datetime(2019, 5, 8, tzinfo=UTC),
            "de",
            "Das Bohnenviertel entstand als erstes Wohnquartier",
        ),
        # These two state no publication date (only a copyright year / a cited date), so
        # only title, text and language are asserted.
        (
            "trafilatura__bmjv.de.konsum.html",
            "Transparenz bei Preisanpassungen",  # <title>: "BMJV | Transparenz bei …"
            None,
            "de",
            "Preisanpassungsklauseln",
        ),
        (
            "trafilatura__brandenburg.de.homo-brandenburgensis.html",
            "Homo Brandenburgensis",
            None,
            "de",
            "Brandenburger",
        ),
    ],
)
def test_realworld_detail_pages(
    name: str, title: str, date: datetime | None, language: str, snippet: str
) -> None:
    path = REALWORLD / "html_detail_pages" / name
    if not path.exists():
        pytest.skip(f"real-world conformance set not found at {path}")
    item = _item(path.read_bytes(), url="https://publisher.example/page")
    assert item.title == title
    if date is not None:
        assert item.published_at == date
    assert item.language == language
    assert snippet in item.text
    assert len(item.text) > 500
    assert item.encoding == "utf-8"
