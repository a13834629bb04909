"""What a detail page says about itself: meta tags, JSON-LD, ``<time>``, language, forms.

Publishers state the publication date and title in machine-readable places with full
timestamps; that beats any guess from visible text. Read once with lxml (fast, and it
survives broken markup) and kept as plain data for the article assembler and the
error-page check.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import lxml.html
from lxml import etree

from scrapers.parse.text import clean_text

MAX_JSONLD_CHARS = 200_000

# Where publishers put the publication date, most specific first.
DATE_META_KEYS: tuple[str, ...] = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date.created",
    "citation_publication_date",
    "publication_date",
    "publishdate",
    "publish-date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date",
    "dcterms.date",
    "date",
)
TITLE_META_KEYS: tuple[str, ...] = ("og:title", "twitter:title", "dc.title", "dcterms.title")
LANGUAGE_META_KEYS: tuple[str, ...] = ("content-language", "language", "dc.language", "og:locale")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


@dataclass(frozen=True)
class PageFacts:
    lang: str | None = None  # <html lang>
    meta: dict[str, str] = field(default_factory=dict)  # lower-cased name/property → content
    title: str | None = None  # <title>
    h1: str | None = None
    jsonld: dict[str, str] = field(default_factory=dict)  # datePublished, headline, inLanguage
    time_values: tuple[str, ...] = ()  # <time datetime> values, publication-marked first
    has_password_field: bool = False

    def first_meta(self, keys: tuple[str, ...]) -> tuple[str, str] | None:
        """The first of ``keys`` present with a non-empty value, as (key, value)."""
        for key in keys:
            value = self.meta.get(key)
            if value:
                return key, value
        return None


def read_page_facts(text: str) -> PageFacts:
    """Read the facts; a page lxml cannot parse at all gives empty facts."""
    return page_facts(parse_page(text))


def parse_page(text: str) -> Any:
    """The page's lxml tree, or None when lxml cannot parse it at all."""
    try:
        return lxml.html.document_fromstring(_XML_DECL.sub("", text, count=1))
    except (etree.ParserError, ValueError):
        return None


def page_facts(root: Any) -> PageFacts:
    """The facts of a tree from ``parse_page`` (empty facts for None)."""
    if root is None:
        return PageFacts()
    return PageFacts(
        lang=_attr(root, "lang") or _attr(root, "{http://www.w3.org/XML/1998/namespace}lang"),
        meta=_meta_tags(root),
        title=_first_text(_TITLES(root)),
        h1=_first_text(_H1S(root)),
        jsonld=_jsonld(root),
        time_values=_time_values(root),
        has_password_field=bool(_PASSWORD_FIELDS(root)),
    )


# Compiled once (``root.xpath(text)`` compiles its expression on every call).
_TITLES = etree.XPath("//title")
_H1S = etree.XPath("//h1")
_PASSWORD_FIELDS = etree.XPath("//input[translate(@type,'PASWORD','pasword')='password']")
_METAS = etree.XPath("//meta[@content]")
_MARKED_TIMES = etree.XPath("//time[@datetime][@pubdate or @itemprop='datePublished']/@datetime")
_TIMES = etree.XPath("//time[@datetime]/@datetime")
_JSONLD_SCRIPTS = etree.XPath("//script[@type='application/ld+json']")


def _attr(node: Any, name: str) -> str | None:
    value = node.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _first_text(nodes: Any) -> str | None:
    for node in nodes:
        text = clean_text(node.text_content()).replace("\n", " ")
        if text:
            return text
    return None


def _meta_tags(root: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in _METAS(root):
        key = node.get("property") or node.get("name") or node.get("itemprop")
        key = key or node.get("http-equiv")
        content = (node.get("content") or "").strip()
        if key and content:
            found.setdefault(key.strip().lower(), content)
    return found


def _time_values(root: Any) -> tuple[str, ...]:
    marked, others = _MARKED_TIMES(root), _TIMES(root)
    values = [str(v).strip() for v in [*marked, *others] if str(v).strip()]
    return tuple(dict.fromkeys(values))


def _jsonld(root: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for script in _JSONLD_SCRIPTS(root):
        raw = script.text or ""
        if len(raw) > MAX_JSONLD_CHARS:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        for node in _walk(data):
            for key in ("datePublished", "dateCreated", "headline", "inLanguage"):
                value = node.get(key)
                if isinstance(value, str) and value.strip():
                    found.setdefault(key, value.strip())
    return found


def _walk(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _walk(value, depth + 1)
    elif isinstance(data, list):
        for value in data:
            yield from _walk(value, depth + 1)
