"""Detail pages → one item: main text, title, publication date, language.

Main text comes from trafilatura, offline, from the decoded string. ``favor_precision`` is
on because a finding's text is evidence: boilerplate that leaks in (related stories, "most
read") can be quoted as if the publisher had said it. On the public article-extraction
benchmark this setting scores F1 0.964 against 0.960 for the defaults (see
``tests/scrapers/test_parse_benchmark.py``).

Per-source CSS selectors for title/date/body override the automatic choice. Structured
metadata (meta tags, JSON-LD, ``<time>``) wins over trafilatura's date guess, and
``meta["date_source"]`` tells a reviewer where the date came from.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

import trafilatura
from bs4 import BeautifulSoup
from lxml import etree

from scrapers.parse.dates import Dated, parse_date
from scrapers.parse.errorpage import not_article_reason
from scrapers.parse.html import date_of
from scrapers.parse.language import normalize_language
from scrapers.parse.pagemeta import (
    DATE_META_KEYS,
    LANGUAGE_META_KEYS,
    TITLE_META_KEYS,
    PageFacts,
    page_facts,
    parse_page,
)
from scrapers.parse.report import ParseContext
from scrapers.parse.select import date_of_element, select_all, simple
from scrapers.parse.spec import ArticleSpec
from scrapers.parse.text import clean_text, element_strings, element_to_text, html_to_text
from scrapers.types import ParsedItem

logger = logging.getLogger(__name__)

# The extraction settings, in one place: what the benchmark test measures.
EXTRACTION_OPTIONS: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
}


_TITLE_SEPARATOR = re.compile(r"\s+[|–—·]\s+|\s+-\s+|\s*\|\s*")  # not ":", part of headlines
_DATE_ONLY = re.compile(r"^[\d\s./-]+$")


@dataclass(frozen=True)
class _Overrides:
    """What the per-source selectors found (None where no selector is configured)."""

    title: str | None = None
    date: str | None = None
    body: str | None = None


class _LazyDoc:
    """trafilatura's document, extracted on first use only.

    Where the source's selectors give the title, date and body, nothing reads the document
    and trafilatura (most of a page's parse time) never runs; the result is the same.
    """

    def __init__(self, text: str, url: str) -> None:
        self._text, self._url = text, url
        self._doc: Any = None
        self._done = False

    def get(self) -> Any:
        if not self._done:
            self._doc, self._done = extract_main(self._text, self._url), True
        return self._doc


def parse_article(text: str, ctx: ParseContext, spec: ArticleSpec | None = None) -> ParsedItem:
    """One item from a decoded detail page. ``ParseError`` for error/login/empty pages."""
    spec = spec or ArticleSpec()
    root = parse_page(text)
    facts = page_facts(root)
    overrides = _apply_selectors(text, root, spec, ctx)
    doc = _LazyDoc(text, ctx.url)
    body = overrides.body if overrides.body is not None else clean_text(_get(doc, "text"))
    reason = not_article_reason(facts, body, spec.min_chars)
    if reason:
        raise ctx.error(f"not an article: {reason}")
    published, date_source = _date(overrides, facts, doc, ctx)
    language, language_source = _language(facts)
    return ParsedItem(
        url=ctx.url,
        title=_title(overrides, facts, doc),
        text=body,
        published_at=published,
        language=language,
        encoding=ctx.encoding,
        meta=ctx.meta(
            parser="article",
            date_source=date_source,
            language_source=language_source,
            body_source="selector" if overrides.body is not None else "trafilatura",
        ),
    )


def extract_main(text: str, url: str | None = None) -> Any:
    """trafilatura's document (text + metadata) for a page, or None when it finds nothing.

    Hostile markup can make any extractor fail; that is "no main text", reported by the
    caller as a ``ParseError``, not a crash of the whole source.
    """
    try:
        return trafilatura.bare_extraction(text, url=url, with_metadata=True, **EXTRACTION_OPTIONS)
    except (ValueError, TypeError, etree.LxmlError) as exc:
        logger.warning("trafilatura failed on %s: %s", url, exc)
        return None


def _get(lazy: _LazyDoc, name: str) -> str:
    doc = lazy.get()
    value = getattr(doc, name, None) if doc is not None else None
    return value if isinstance(value, str) else ""


def _apply_selectors(text: str, root: Any, spec: ArticleSpec, ctx: ParseContext) -> _Overrides:
    if not (spec.title or spec.date or spec.body):
        return _Overrides()
    selectors = (spec.title, spec.date, spec.body)
    if root is not None and all(simple(s) for s in selectors):
        fast = _selectors_on_tree(root, spec, ctx)
        if fast is not None:
            return fast
    return _selectors_with_soup(text, spec, ctx)


# Elements whose text html_to_text would not read the same after the serialise-and-parse
# round trip it makes for BeautifulSoup (they move or vanish outside their context).
_CONTEXT_TAGS = frozenset(
    ("html", "head", "body", "title", "meta", "base", "link", "caption", "col", "colgroup")
) | frozenset(("table", "tbody", "thead", "tfoot", "tr", "td", "th"))


class _SoupNeeded(Exception):
    """A selector soupsieve must read (see ``scrapers.parse.select``)."""


def _selectors_on_tree(root: Any, spec: ArticleSpec, ctx: ParseContext) -> _Overrides | None:
    """The selectors on the page's lxml tree (parsed once, shared with the page facts).

    The same result as the BeautifulSoup reading; None where it might not be (a selector
    cssselect does not take, a body that is a head or table part), to let that one run.
    """

    def pick(selector: str | None, what: str) -> list[Any] | None:
        if selector is None:
            return None
        found = select_all(root, selector)
        if found is None:
            raise _SoupNeeded(selector)
        if not found:
            raise ctx.error(f"{what} selector {selector!r} matched 0 elements")
        return found

    try:
        title, date, body = (
            pick(spec.title, "title"),
            pick(spec.date, "date"),
            pick(spec.body, "body"),
        )
    except _SoupNeeded:
        return None
    if body and any(node.tag.lower() in _CONTEXT_TAGS for node in body):
        return None
    return _Overrides(
        title=clean_text(element_strings(title[0])).replace("\n", " ") if title else None,
        date=date_of_element(date[0]) if date else None,
        body="\n".join(element_to_text(node) for node in body) if body else None,
    )


def _selectors_with_soup(text: str, spec: ArticleSpec, ctx: ParseContext) -> _Overrides:
    soup = BeautifulSoup(text, "lxml")

    def pick(selector: str | None, what: str) -> Any:
        if selector is None:
            return None
        found = soup.select(selector)
        if not found:
            raise ctx.error(f"{what} selector {selector!r} matched 0 elements")
        return found

    title, date, body = pick(spec.title, "title"), pick(spec.date, "date"), pick(spec.body, "body")
    return _Overrides(
        title=clean_text(title[0].get_text(" ")).replace("\n", " ") if title else None,
        date=date_of(date[0]) if date else None,
        body="\n".join(html_to_text(str(node)) for node in body) if body else None,
    )


def _title(overrides: _Overrides, facts: PageFacts, doc: _LazyDoc) -> str:
    if overrides.title:
        return overrides.title
    found = facts.first_meta(TITLE_META_KEYS)
    candidates = (
        found[1] if found else None,
        facts.jsonld.get("headline"),
        _get(doc, "title"),
        facts.title,
        facts.h1,
    )
    title = next((clean_text(c).replace("\n", " ") for c in candidates if c and c.strip()), "")
    site_names = _site_names(doc)
    if title.lower() in site_names and facts.title:  # trafilatura kept the site's half
        title = facts.title
    return _without_site_name(title, facts.h1, site_names)


def _without_site_name(title: str, h1: str | None, site_names: set[str]) -> str:
    """The headline without the site's name: for "Headline | Site | 19.01.2020", the part
    equal to the page's <h1>, else what remains once parts naming the site or stating a
    date are dropped. Left unchanged when no part can be recognised."""
    parts = [part.strip() for part in _TITLE_SEPARATOR.split(title) if part.strip()]
    if len(parts) < 2:
        return title
    if h1 and h1 in parts:
        return h1
    kept = [p for p in parts if p.lower() not in site_names and not _DATE_ONLY.match(p)]
    return kept[0] if kept and len(kept) < len(parts) else title


def _site_names(doc: _LazyDoc) -> set[str]:
    names = {_get(doc, "sitename").lower(), _get(doc, "hostname").lower()}
    names |= {name.split(".")[0] for name in names if "." in name}
    names.discard("")
    return names


def _date(overrides: _Overrides, facts: PageFacts, doc: _LazyDoc, ctx: ParseContext) -> Dated:
    """The publication date and where it came from, most trustworthy source first."""
    candidates: list[tuple[str | None, str]] = [(overrides.date, "selector")]
    candidates += [(facts.meta.get(key), f"meta:{key}") for key in DATE_META_KEYS]
    candidates.append((facts.jsonld.get("datePublished"), "json-ld:datePublished"))
    candidates += [(value, "time-element") for value in facts.time_values[:1]]
    languages = _date_languages(ctx, facts)
    for raw, where in candidates:
        parsed = parse_date(raw, languages=languages, timezone=ctx.timezone)
        if parsed is not None:
            return parsed, where
    # trafilatura's guess comes last, so it is extracted only when nothing else gave a date
    parsed = parse_date(_get(doc, "date"), languages=languages, timezone=ctx.timezone)
    return (parsed, "trafilatura") if parsed is not None else (None, None)


def _date_languages(ctx: ParseContext, facts: PageFacts) -> tuple[str, ...]:
    page = normalize_language(facts.lang)
    return ctx.languages or ((page,) if page else ())


def _language(facts: PageFacts) -> tuple[str | None, str | None]:
    found = facts.first_meta(LANGUAGE_META_KEYS)
    for raw, where in (
        (facts.lang, "html-lang"),
        (found[1] if found else None, f"meta:{found[0]}" if found else ""),
        (facts.jsonld.get("inLanguage"), "json-ld:inLanguage"),
    ):
        language = normalize_language(raw)
        if language:
            return language, where
    return None, None
