"""CSS selectors on lxml trees, read the way BeautifulSoup (soupsieve) reads them.

Parsing a page with lxml and selecting with cached ``lxml.cssselect`` expressions is
about ten times faster than BeautifulSoup and soupsieve. The answers are the same for
the selectors accepted here (:func:`simple`: tags, classes, ids, attributes and
combinators) once three of soupsieve's rules are applied:

- no match inside a ``<template>`` (:func:`selectable_element`);
- attribute values that HTML compares case-insensitively (``rel``, ``type``, ``lang``…)
  are compared that way (:class:`_SoupsieveTranslator`, with cssselect's ``i`` flag);
- a selection scoped to an element (``tag.select(...)``) matches its descendants, never
  the element itself, and the rest of the selector may match outside it: ``li.select("ul
  a")`` finds the links of an ``<li>`` inside a ``<ul>`` (:func:`first_within`).

Anything else (pseudo-classes, selectors cssselect refuses) is for the caller's
BeautifulSoup fallback: :func:`compiled` returns None for it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Container
from typing import Any

from cssselect import HTMLTranslator, SelectorError
from cssselect.parser import Attrib
from cssselect.xpath import XPathExpr
from lxml import etree
from lxml.cssselect import CSSSelector

from scrapers.parse.text import clean_text, element_strings

# Selectors that lxml's cssselect and BeautifulSoup's soupsieve read the same way: tags,
# classes, ids, attributes, combinators. Anything else (pseudo-classes) goes to soupsieve.
SIMPLE_SELECTOR = re.compile(r"""^[\w\s.#>+~,*\-\[\]="'^$|]+$""")

#: Attributes whose values soupsieve matches case-insensitively on HTML elements (as
#: the HTML standard says: "case-sensitivity of selectors"); soupsieve's own list.
HTML_CASE_INSENSITIVE_ATTRIBUTES = frozenset(
    (
        "accept", "accept-charset", "align", "alink", "axis", "bgcolor", "charset", "checked",
        "clear", "codetype", "color", "compact", "declare", "defer", "dir", "direction",
        "disabled", "enctype", "face", "frame", "hreflang", "http-equiv", "lang", "language",
        "link", "media", "method", "multiple", "nohref", "noresize", "noshade", "nowrap",
        "readonly", "rel", "rev", "rules", "scope", "scrolling", "selected", "shape", "target",
        "text", "type", "valign", "valuetype", "vlink",
    )
)  # fmt: skip


class _SoupsieveTranslator(HTMLTranslator):
    """cssselect's HTML translator, with soupsieve's case-insensitive attribute values."""

    def xpath_attrib(self, selector: Attrib) -> XPathExpr:
        if (
            selector.flag is None
            and selector.namespace is None
            and selector.value is not None
            and selector.attrib.lower() in HTML_CASE_INSENSITIVE_ATTRIBUTES
        ):
            selector = Attrib(
                selector.selector,
                selector.namespace,
                selector.attrib,
                selector.operator,
                selector.value,
                "i",
            )
        return super().xpath_attrib(selector)


_TRANSLATOR = _SoupsieveTranslator()


def simple(selector: str | None) -> bool:
    """None (no selector) or one lxml reads as soupsieve does."""
    return selector is None or bool(SIMPLE_SELECTOR.match(selector))


@functools.lru_cache(maxsize=256)
def compiled(selector: str) -> Any:
    """The selector compiled for lxml, or None where soupsieve must read it."""
    if not SIMPLE_SELECTOR.match(selector):
        return None
    try:
        return CSSSelector(selector, translator=_TRANSLATOR)
    except (SelectorError, etree.XPathError):
        return None


def select_all(root: Any, selector: str) -> list[Any] | None:
    """Every element matching ``selector`` in document order, as soupsieve's ``select``
    on the whole page; None where soupsieve must read the selector."""
    found = compiled(selector)
    if found is None:
        return None
    try:
        return [node for node in found(root) if selectable_element(node)]
    except etree.XPathError:
        return None


def selectable_element(node: Any) -> bool:
    """An element soupsieve would match too: not a comment, not inside a <template>."""
    if not isinstance(node.tag, str):
        return False
    return not any(parent.tag == "template" for parent in node.iterancestors())


def first_within(node: Any, matches: Container[Any]) -> Any:
    """The first descendant of ``node`` (never ``node`` itself) in ``matches``: what
    ``tag.select_one(selector)`` returns when ``matches`` is ``select_all(selector)``."""
    for descendant in node.iterdescendants():
        if descendant in matches:
            return descendant
    return None


def date_of_element(node: Any) -> str | None:
    """``scrapers.parse.html.date_of`` for an lxml element."""
    for attribute in ("datetime", "content", "data-date", "title"):
        value = node.get(attribute)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return clean_text(element_strings(node)) or None
