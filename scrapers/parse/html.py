"""HTML listing pages → links to detail pages, through bounded CSS selectors.

The selectors come from the source entry. A listing always has items, so fewer matches than
``min_items`` (or more than ``max_items``) is structure drift: a ``ParseError`` naming the
selector and the count, never an empty list that would look like "no news".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from scrapers.parse.dates import parse_date
from scrapers.parse.pagemeta import parse_page
from scrapers.parse.report import Output, ParseContext, ParseReport, Skipped
from scrapers.parse.select import date_of_element, first_within, select_all, simple
from scrapers.parse.spec import ListingSpec
from scrapers.parse.text import clean_text, element_strings
from scrapers.types import ListingLink

_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "#")


def parse_listing(text: str, ctx: ParseContext, spec: ListingSpec) -> ParseReport:
    """Links found by ``spec`` in the decoded page ``text``, resolved against the page URL.

    Read with lxml and cached cssselect selectors (``scrapers.parse.select``) when every
    selector is one it reads as soupsieve does, else with BeautifulSoup: the same links,
    titles, dates and skips either way.
    """
    page: _Listing = _LxmlListing.read(text, ctx.url, spec) or _SoupListing(text, ctx.url, spec)
    matches = page.items
    _check_bounds(len(matches), spec, ctx)
    items: list[Output] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for number, node in enumerate(matches, start=1):
        result = _link(page, node, spec, ctx)
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


class _Listing(Protocol):
    """One listing page, read by one of the two readers below."""

    @property
    def base(self) -> str: ...

    @property
    def items(self) -> Sequence[Any]: ...

    def anchor(self, node: Any) -> Any: ...

    def href(self, anchor: Any) -> object: ...

    def title(self, node: Any, anchor: Any) -> str | None: ...

    def date(self, node: Any) -> str | None: ...


class _SoupListing:
    """BeautifulSoup and soupsieve: every selector they take."""

    def __init__(self, text: str, url: str, spec: ListingSpec) -> None:
        soup = BeautifulSoup(text, "lxml")
        self.spec = spec
        self.base = page_base(soup, url)
        self.items: list[Tag] = soup.select(spec.item)

    def anchor(self, node: Tag) -> Any:
        return node if self.spec.link is None else node.select_one(self.spec.link)

    def href(self, anchor: Tag) -> object:
        return anchor.get("href")

    def title(self, node: Tag, anchor: Tag) -> str | None:
        if self.spec.title:
            return select_text(node, self.spec.title)
        return clean_text(anchor.get_text(" "))

    def date(self, node: Tag) -> str | None:
        return date_of(node.select_one(self.spec.date)) if self.spec.date else None


class _LxmlListing:
    """lxml and cached cssselect selectors, read as soupsieve reads them: each selector
    runs once on the whole page, then each item takes its first descendant match."""

    def __init__(self, root: Any, url: str, spec: ListingSpec, found: list[list[Any]]) -> None:
        self.spec = spec
        self.base = _lxml_page_base(root, url)
        self.items = found[0]
        self._links, self._titles, self._dates = (set(f) for f in found[1:])

    @classmethod
    def read(cls, text: str, url: str, spec: ListingSpec) -> _LxmlListing | None:
        """The page read with lxml, or None where BeautifulSoup must read it."""
        selectors = (spec.item, spec.link, spec.title, spec.date)
        if not all(simple(s) for s in selectors):
            return None
        root = parse_page(text)
        if root is None:
            return None
        found: list[list[Any]] = []
        for selector in selectors:
            matches = select_all(root, selector) if selector else []
            if matches is None:
                return None
            found.append(matches)
        return cls(root, url, spec, found)

    def anchor(self, node: Any) -> Any:
        return node if self.spec.link is None else first_within(node, self._links)

    def href(self, anchor: Any) -> object:
        return anchor.get("href")

    def title(self, node: Any, anchor: Any) -> str | None:
        if self.spec.title:
            found = first_within(node, self._titles)
            return clean_text(element_strings(found)) if found is not None else None
        return clean_text(element_strings(anchor))

    def date(self, node: Any) -> str | None:
        if not self.spec.date:
            return None
        found = first_within(node, self._dates)
        return date_of_element(found) if found is not None else None


def _lxml_page_base(root: Any, url: str) -> str:
    """``page_base`` on an lxml tree: the first ``<base>`` with an href, wherever it is."""
    for base in root.iter("base"):
        href = base.get("href")
        if href is not None:
            if href.strip():
                return urljoin(url, href.strip())
            return url
    return url


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


def _link(page: _Listing, node: Any, spec: ListingSpec, ctx: ParseContext) -> ListingLink | str:
    """The link in one listing item, or why there is none."""
    anchor = page.anchor(node)
    if anchor is None:
        return f"no match for link selector {spec.link!r}"
    href = page.href(anchor)
    if not isinstance(href, str) or not href.strip():
        return "link has no href"
    href = href.strip()
    if href.lower().startswith(_SKIP_SCHEMES):
        return f"not a page link: {href[:60]!r}"
    title = page.title(node, anchor)
    published = None
    if spec.date:
        raw = page.date(node)
        published = parse_date(raw, languages=ctx.languages, timezone=ctx.timezone)
    return ListingLink(url=urljoin(page.base, href), title=title or None, published_at=published)
