"""Listing pages read with lxml give exactly what BeautifulSoup gives.

``parse_listing`` reads a page with lxml and cached cssselect selectors when it can and
with BeautifulSoup otherwise (``scrapers.parse.select``). Each case here is read both
ways and the reports (links, titles, dates, skips) or errors must be equal: hand-written
pages for soupsieve's rules (a scoped selection whose selector reaches outside the item,
``<template>``, case-insensitive ``rel``/``type`` values, ``<base>``), then a few hundred
seeded random pages.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

import pytest

from bench.scrape.site import listing_page, make_releases
from scrapers.errors import ParseError
from scrapers.parse import ListingSpec, ParseSpec, parse
from scrapers.parse import html as listing_module
from scrapers.parse.select import HTML_CASE_INSENSITIVE_ATTRIBUTES, compiled
from scrapers.run import _next_page
from scrapers.types import FetchResult

URL = "https://ministry.example.gov/en/press/page/2/"


def _result(body: str, url: str = URL) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=url,
        status=200,
        headers={"content-type": "text/html; charset=utf-8"},
        body=body.encode("utf-8"),
        fetched_at=datetime.now(UTC),
    )


def _read(body: str, spec: ListingSpec) -> tuple[str, Any]:
    try:
        report = parse(_result(body), ParseSpec(kind="html", listing=spec))
    except ParseError as exc:
        return "error", str(exc)
    return "ok", (report.items, [(s.where, s.reason) for s in report.skipped])


def _both(
    monkeypatch: pytest.MonkeyPatch, body: str, spec: ListingSpec
) -> tuple[tuple[str, Any], tuple[str, Any], bool]:
    """(lxml reading, BeautifulSoup reading, whether lxml was actually used)."""
    used: list[bool] = []
    real = listing_module._LxmlListing.read

    def spy(*args: Any) -> Any:
        page = real(*args)
        used.append(page is not None)
        return page

    with monkeypatch.context() as m:
        m.setattr(listing_module._LxmlListing, "read", spy)
        fast = _read(body, spec)
    with monkeypatch.context() as m:
        m.setattr(listing_module._LxmlListing, "read", lambda *args: None)
        slow = _read(body, spec)
    return fast, slow, any(used)


PAGE = """<!doctype html><html lang="en"><head><title>Press</title>{head}</head><body>
<nav><ul class="menu"><li><a href="/en/">Home</a></li>
<li><a href="/en/press/">Press</a></li></ul></nav>
<main>{main}</main><footer><a href="/en/contact">Contact</a></footer></body></html>"""

CASES: list[tuple[str, str, str, ListingSpec]] = [
    (
        "teasers with titles and dates",
        "",
        """<ul class="news">
        <li class="item"><h2><a href="2024/12/19/a">Border <b>crossing</b> reopened</a></h2>
            <time datetime="2024-12-19T11:05:00Z">19 December</time></li>
        <li class="item"><h2><a href=" /en/press/b ">Second &amp; last</a></h2>
            <span class="date" data-date="2024-12-17">17.12.2024</span></li>
        <li class="item"><h2>No link here</h2></li>
        <li class="item"><h2><a href="javascript:void(0)">Share</a></h2></li>
        <li class="item"><h2><a href="2024/12/19/a">Duplicate</a></h2></li>
        <li class="item"><h2><a>No href</a></h2></li>
        <li class="item"><h2><a href="  ">Blank href</a></h2></li>
        <li class="item"><h2><a href="mailto:press@example.gov">Mail</a></h2></li>
        </ul>""",
        ListingSpec(item="li.item", link="h2 a", title="h2", date="time, .date"),
    ),
    (
        "a selection scoped to the item may match outside it (ul a from an li)",
        "",
        """<ul class="news"><li><a href="/one">One</a></li><li><a href="/two">Two</a></li></ul>
        <ol><li><a href="/not-in-ul">Other</a></li></ol>""",
        ListingSpec(item="li", link="ul a", title="ul a"),
    ),
    (
        "the item itself is never its own link",
        "",
        """<div class="x"><a class="t" href="/outer">Outer <a class="t" href="/inner">in</a></a>
        <a class="t" href="/second">Second</a></div>""",
        ListingSpec(item="a.t", link="a.t"),
    ),
    (
        "no link selector: the item is the anchor, its text the title",
        "",
        """<div class="list"><a class="teaser" href="/a">Alpha <span>one</span>
        <script>var x = 1;</script><!-- note --> end</a>
        <a class="teaser" href="/b">Beta<br>two</a></div>""",
        ListingSpec(item="a.teaser", link=None),
    ),
    (
        "nothing inside <template> matches",
        "",
        """<template><div class="item"><a href="/hidden">Hidden</a></div></template>
        <div class="item"><a href="/shown">Shown</a><template><a href="/t">T</a></template></div>
        <div class="item"><template><a href="/only-template">T</a></template></div>""",
        ListingSpec(item="div.item", link="a[href]"),
    ),
    (
        "rel and type values compare case-insensitively, others do not",
        "",
        """<div class="item"><a rel="Bookmark" href="/a">A</a></div>
        <div class="item"><a rel="bookmark" href="/b">B</a></div>
        <div class="item"><a rel="BOOKMARK nofollow" href="/c">C</a></div>
        <div class="item"><a data-kind="Story" href="/d">D</a></div>
        <div class="item"><a data-kind="story" href="/e" type="Text/HTML">E</a></div>""",
        ListingSpec(item="div.item", link='a[rel~="bookmark"], a[data-kind="story"]'),
    ),
    (
        "type with ^= and |=",
        "",
        """<p><a type="TEXT-html" href="/a">A</a><a type="text-plain" href="/b">B</a>
        <a hreflang="EN-gb" href="/c">C</a><a hreflang="de" href="/d">D</a></p>""",
        ListingSpec(item='a[type^="text-h"], a[hreflang|="en"]', link=None),
    ),
    (
        "<base href> relative to the page",
        '<base href="/en/archive/">',
        """<div class="item"><a href="one.html">One</a></div>
        <div class="item"><a href="https://other.example.org/x">Abs</a></div>""",
        ListingSpec(item="div.item"),
    ),
    (
        "an empty <base href> is the page URL, later ones are ignored",
        '<base href=" "><base href="/ignored/">',
        """<div class="item"><a href="one.html">One</a></div>""",
        ListingSpec(item="div.item"),
    ),
    (
        "nested items take their first descendant match",
        "",
        """<div class="item"><div class="item"><a href="/inner">Inner</a></div>
        <a href="/outer">Outer</a></div><div class="item"><span>none</span></div>""",
        ListingSpec(item="div.item", link="a", title="a"),
    ),
    (
        "uppercase markup, entities and odd whitespace",
        "",
        """<DIV CLASS="Item item"><A HREF="/a?x=1&amp;y=2">T&eacute;l&nbsp;&#233;t\u00e9
        \u200bzero</A><TIME TITLE="2024-01-02">2 Jan</TIME></DIV>""",
        ListingSpec(item="div.item", link="a", date="time"),
    ),
    (
        "too few items is drift",
        "",
        """<div class="item"><a href="/a">A</a></div>""",
        ListingSpec(item="div.item", min_items=2),
    ),
    (
        "too many items is drift",
        "",
        """<p class="i"><a href="/a">A</a></p><p class="i"><a href="/b">B</a></p>""",
        ListingSpec(item="p.i", max_items=1),
    ),
    (
        "items without usable links fail the page",
        "",
        """<p class="i">text</p><p class="i"><a href="#top">Top</a></p>""",
        ListingSpec(item="p.i"),
    ),
    (
        "a pseudo-class goes to BeautifulSoup",
        "",
        """<ul><li><a href="/a">A</a></li><li><a href="/b">B</a></li></ul>""",
        ListingSpec(item="li:nth-of-type(2)"),
    ),
]


@pytest.mark.parametrize(("name", "head", "main", "spec"), CASES, ids=[c[0] for c in CASES])
def test_lxml_reads_listings_like_beautifulsoup(
    monkeypatch: pytest.MonkeyPatch, name: str, head: str, main: str, spec: ListingSpec
) -> None:
    fast, slow, used = _both(monkeypatch, PAGE.format(head=head, main=main), spec)
    assert fast == slow
    assert used == (":" not in spec.item)


def test_the_cases_read_what_they_say() -> None:
    """A few of the cases' outcomes, spelled out (so equality is not equality of bugs)."""
    by_name = {c[0]: c for c in CASES}

    def links(name: str) -> list[str]:
        _, head, main, spec = by_name[name]
        status, (items, _) = _read(PAGE.format(head=head, main=main), spec)
        assert status == "ok"
        return [item.url for item in items]

    base = "https://ministry.example.gov"
    assert links("a selection scoped to the item may match outside it (ul a from an li)") == [
        f"{base}/en/",  # the menu's items are <li> in a <ul> too
        f"{base}/en/press/",
        f"{base}/one",
        f"{base}/two",
    ]
    assert links("nothing inside <template> matches") == [f"{base}/shown"]
    assert links("rel and type values compare case-insensitively, others do not") == [
        f"{base}/a",
        f"{base}/b",
        f"{base}/c",
        f"{base}/e",
    ]
    assert links("<base href> relative to the page") == [
        f"{base}/en/archive/one.html",
        "https://other.example.org/x",
    ]
    # the outer item's first link is the inner item's, which is then a duplicate
    assert links("nested items take their first descendant match") == [f"{base}/inner"]


def _random_page(rng: random.Random) -> str:
    """A random listing-like page: nested blocks, teasers, odd links, dates, templates."""
    tags = ["div", "li", "article", "section", "p", "span", "h2", "h3"]
    classes = ["item", "teaser", "news", "title", "date", "x", "Item"]
    parts: list[str] = []

    def block(depth: int) -> str:
        tag = rng.choice(tags)
        attrs = ""
        if rng.random() < 0.7:
            attrs += f' class="{" ".join(rng.sample(classes, rng.randint(1, 2)))}"'
        inner: list[str] = []
        for _ in range(rng.randint(0, 3)):
            roll = rng.random()
            if roll < 0.35:
                href = rng.choice(
                    ["/a", "b.html", "#x", "javascript:x()", "", " /c ", "/a", "//cdn.example/x"]
                )
                rel = rng.choice(["", ' rel="bookmark"', ' rel="Bookmark"', ' rel="next"'])
                attr = f' href="{href}"' if rng.random() < 0.9 else ""
                inner.append(f"<a{attr}{rel}>Link {rng.randint(1, 50)} &amp; more</a>")
            elif roll < 0.5:
                when = rng.choice(
                    ['datetime="2024-05-01T10:00:00Z"', 'title="3 March 2023"', "", 'content=""']
                )
                inner.append(f"<time {when}>{rng.randint(1, 28)} June 2022</time>")
            elif roll < 0.55:
                inner.append('<template><a href="/tpl">T</a></template>')
            elif roll < 0.6:
                inner.append("<!-- c --><script>var a = '<a href=/s>';</script>")
            elif depth < 4:
                inner.append(block(depth + 1))
            else:
                inner.append(f"text {rng.randint(1, 9)}")
        return f"<{tag}{attrs}>{''.join(inner)}</{tag}>"

    if rng.random() < 0.2:
        parts.append(f'<base href="{rng.choice(["/base/", "", "https://b.example/x/"])}">')
    head = "".join(parts)
    main = "".join(block(0) for _ in range(rng.randint(3, 12)))
    return PAGE.format(head=head, main=main)


RANDOM_SPECS = [
    ListingSpec(item=".item", min_items=0),
    ListingSpec(item="div.item, li.teaser", link="a", title="h2, h3", date="time", min_items=0),
    ListingSpec(item="article", link="a[href]", date=".date", min_items=0),
    ListingSpec(item="section > p", link='a[rel="bookmark"]', min_items=0),
    ListingSpec(item=".news .teaser", link="div a", title=".title", min_items=0),
    ListingSpec(item="a", link=None, min_items=0),
    ListingSpec(item="li + li", link="span ~ a, h2 a", min_items=0),
]


def test_random_listing_pages_read_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(20241219)
    compared = with_links = 0
    for _ in range(60):
        body = _random_page(rng)
        for spec in RANDOM_SPECS:
            fast, slow, used = _both(monkeypatch, body, spec)
            assert used
            assert fast == slow, (spec, body)
            compared += 1
            with_links += fast[0] == "ok" and bool(fast[1][0])
    assert compared == 420 and with_links > 100  # the pages did yield links to compare


def test_the_benchmark_listing_reads_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    releases = make_releases(30)
    body = listing_page(2, 3, releases[10:20])
    spec = ListingSpec(item="article.news-teaser", link="h2 a", title="h2", date="time")
    fast, slow, used = _both(monkeypatch, body, spec)
    assert used and fast == slow
    status, (items, skipped) = fast
    assert status == "ok" and len(items) == 10 and not skipped
    assert all(item.published_at is not None and item.title for item in items)


def test_next_page_link_matches_rel_case_insensitively() -> None:
    for rel in ("next", "Next", "NEXT"):
        page = PAGE.format(head="", main=f'<a rel="{rel}" href="/en/press/page/3/">More</a>')
        assert _next_page(_result(page), 'a[rel="next"]') == (
            "https://ministry.example.gov/en/press/page/3/"
        )
    page = PAGE.format(head="", main='<a rel="nextish" href="/x">More</a>')
    assert _next_page(_result(page), 'a[rel="next"]') is None


def test_the_case_insensitive_attributes_are_soupsieves() -> None:
    from soupsieve import css_parser

    assert HTML_CASE_INSENSITIVE_ATTRIBUTES == css_parser.HTML_CASE_INSENSITIVE_ATTRIBUTES
    assert compiled("a:first-child") is None  # pseudo-classes: BeautifulSoup's
    assert compiled("a[") is None  # what cssselect refuses: BeautifulSoup's error


@pytest.mark.parametrize(
    "body",
    [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        + PAGE.format(
            head='<meta charset="utf-8">', main='<div class="item"><a href="/a">Café</a></div>'
        ),
        "\ufeff" + PAGE.format(head="", main='<div class="item"><a href="/a">A</a></div>'),
        '<div class="item"><a href="/frag">a fragment, no html element</a></div>',
        "   ",
    ],
    ids=["xml declaration", "byte order mark", "fragment", "blank"],
)
def test_odd_documents_read_alike(monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    fast, slow, _ = _both(monkeypatch, body, ListingSpec(item="div.item"))
    assert fast == slow
