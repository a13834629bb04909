"""HTML listing pages → links to detail pages, through bounded CSS selectors.

The selectors come from the source entry. A listing always has items, so fewer matches than
``min_items`` (or more than ``max_items``) is structure drift: a ``ParseError`` naming the
selector and the count, never an empty list that would look like "no news".
"""

from __future__ import annotations

from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from scrapers.parse.dates import parse_date
from scrapers.parse.report import Output, ParseContext, ParseReport, Skipped
from scrapers.parse.spec import ListingSpec
from scrapers.parse.text import clean_text
from scrapers.types import ListingLink

_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "#")


def parse_listing(text: str, ctx: ParseContext, spec: ListingSpec) -> ParseReport:
    """Links found by ``spec`` in the decoded page ``text``, resolved against the page URL."""
    soup = BeautifulSoup(text, "lxml")
    base = page_base(soup, ctx.url)
    matches = soup.select(spec.item)
    _check_bounds(len(matches), spec, ctx)
    items: list[Output] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for number, node in enumerate(matches, start=1):
        result = _link(node, base, spec, ctx)
        where = f"item {number} of {spec.item!r}"
        if isinstance(result, str):
            skipped.append(Skipped(where, result))
        elif result.url in seen:
            skipped.append(Skipped(where, f"duplicate link {result.url}"))
        else:
            seen.add(result.url)
            items.append(result)
    if skipped and not items:
        raise ctx.error(
            f"selector {spec.item!r} matched {len(matches)} items but none had a usable link "
            f"({skipped[0].reason})"
        )
    return ParseReport(items, skipped, "html", ctx.encoding, ctx.encoding_reason)


def page_base(soup: BeautifulSoup, url: str) -> str:
    """The base for relative links: ``<base href>`` (itself relative to the URL) or the URL."""
    base = soup.find("base", href=True)
    if isinstance(base, Tag):
        href = base.get("href")
        if isinstance(href, str) and href.strip():
            return urljoin(url, href.strip())
    return url


def select_text(node: Tag, selector: str) -> str | None:
    """Clean text of the first match of ``selector`` under ``node`` (None: no match)."""
    found = node.select_one(selector)
    return clean_text(found.get_text(" ")) if found is not None else None


def date_of(node: Tag | None) -> str | None:
    """A date as the page states it: ``datetime``/``content`` attributes beat visible text."""
    if node is None:
        return None
    for attribute in ("datetime", "content", "data-date", "title"):
        value = node.get(attribute)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return clean_text(node.get_text(" ")) or None


def _check_bounds(count: int, spec: ListingSpec, ctx: ParseContext) -> None:
    if count < spec.min_items:
        raise ctx.error(
            f"selector {spec.item!r} matched {count} items (min_items={spec.min_items}): "
            "the page structure has probably changed"
        )
    if spec.max_items is not None and count > spec.max_items:
        raise ctx.error(
            f"selector {spec.item!r} matched {count} items (max_items={spec.max_items}): "
            "the selector is probably too broad now"
        )


def _link(node: Tag, base: str, spec: ListingSpec, ctx: ParseContext) -> ListingLink | str:
    """The link in one listing item, or why there is none."""
    anchor = node if spec.link is None else node.select_one(spec.link)
    if anchor is None:
        return f"no match for link selector {spec.link!r}"
    href = anchor.get("href")
    if not isinstance(href, str) or not href.strip():
        return "link has no href"
    href = href.strip()
    if href.lower().startswith(_SKIP_SCHEMES):
        return f"not a page link: {href[:60]!r}"
    title = select_text(node, spec.title) if spec.title else clean_text(anchor.get_text(" "))
    published = None
    if spec.date:
        raw = date_of(node.select_one(spec.date))
        published = parse_date(raw, languages=ctx.languages, timezone=ctx.timezone)
    return ListingLink(url=urljoin(base, href), title=title or None, published_at=published)
