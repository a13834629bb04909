"""text and language: one normal form for the text every parser emits."""

from __future__ import annotations

import pytest

from scrapers.parse import clean_text, html_to_text
from scrapers.parse.language import normalize_language
from scrapers.parse.text import looks_like_html


def test_html_to_text_blocks_lines_and_no_markup() -> None:
    html = (
        "<div><h3>Highlights</h3><p>One <b>two</b>&nbsp;three</p><ul><li>x</li><li>y</li></ul>"
        "<table><tr><td>a</td><td>b</td></tr></table><script>track()</script>"
        "<style>p{}</style><p>caf&eacute; &amp; more</p></div>"
    )
    assert html_to_text(html) == "Highlights\nOne two three\nx\ny\na b\ncafé & more"


def test_plain_text_is_not_parsed_as_html() -> None:
    assert not looks_like_html("Prices rose 5% & wages < inflation")
    assert html_to_text("Prices rose 5% & wages < inflation") == (
        "Prices rose 5% & wages < inflation"
    )


def test_clean_text_makes_storable_text() -> None:
    raw = "a\x00b\tc  \ud800 d\r\n\r\n e\u200b f\u00a0g "
    assert clean_text(raw) == "ab c ? d\ne f g"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en_GB", "en"),
        ("EN-us", "en"),
        ("ar", "ar"),
        ("ur", "ur"),
        ("", None),
        ("x", None),
        (None, None),
        ("english please", None),
    ],
)
def test_normalize_language(tag: str | None, expected: str | None) -> None:
    assert normalize_language(tag) == expected
