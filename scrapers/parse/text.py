"""Clean text out of HTML fragments, in one normal form used by every parser.

Citations quote findings verbatim, so every parser must emit text in the same shape: one
block per line, single spaces, no markup, no invisible characters. Feeds and JSON APIs send
HTML fragments (summaries, ``details.body``); they go through ``html_to_text`` here.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "svg", "head")
_BLOCK_TAGS = (
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "tr", "ul",
)  # fmt: skip
_CELL_TAGS = ("td", "th")
_INLINE_SPACE = re.compile(r"[^\S\n]+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # NUL cannot be stored in PostgreSQL
_LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][\w:-]*[^<>]*>|&(?:#\d+|#x[\da-f]+|\w+);", re.I)


def looks_like_html(text: str) -> bool:
    """True when ``text`` contains tags or entities (plain text passes through untouched)."""
    return bool(_LOOKS_LIKE_HTML.search(text))


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment: one block per line, whitespace normalised."""
    if not fragment or not looks_like_html(fragment):
        return clean_text(fragment or "")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(fragment, "lxml")
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    for tag in soup.find_all(_CELL_TAGS):
        tag.insert_after(" ")
    return clean_text(soup.get_text())


# Strings BeautifulSoup's get_text leaves out (their own string types): inside these tags.
_UNREAD_TAGS = frozenset(("script", "style", "template", "rt", "rp"))
_DROP_SET = frozenset(_DROP_TAGS) | _UNREAD_TAGS
_BLOCK_SET = frozenset(_BLOCK_TAGS)
_CELL_SET = frozenset(_CELL_TAGS)


def element_to_text(node: Any) -> str:
    """``html_to_text`` of an lxml element (its tail excluded), without serialising it and
    parsing it again: the same blocks, drops and spacing, read straight off the tree."""
    pieces: list[str] = []
    _block_pieces(node, pieces)
    return clean_text("".join(pieces))


def _block_pieces(node: Any, out: list[str]) -> None:
    tag = node.tag
    if not isinstance(tag, str):  # a comment or processing instruction: not text
        return
    name = tag.lower()
    if name in _DROP_SET:
        return
    block = name in _BLOCK_SET
    if block:
        out.append("\n")
    if node.text:
        out.append(node.text)
    for child in node:
        _block_pieces(child, out)
        if child.tail:
            out.append(child.tail)
    if block:
        out.append("\n")
    elif name in _CELL_SET:
        out.append(" ")


def element_strings(node: Any) -> str:
    """BeautifulSoup's ``get_text(" ")`` of an lxml element: its strings joined by spaces,
    without comments or the insides of script, style and template (tail excluded)."""
    pieces: list[str] = []
    if node.text:
        pieces.append(node.text)
    for child in node:
        _inline_pieces(child, pieces)
        if child.tail:
            pieces.append(child.tail)
    return " ".join(pieces)


def _inline_pieces(node: Any, out: list[str]) -> None:
    tag = node.tag
    if not isinstance(tag, str) or tag.lower() in _UNREAD_TAGS:
        return
    if node.text:
        out.append(node.text)
    for child in node:
        _inline_pieces(child, out)
        if child.tail:
            out.append(child.tail)


def clean_text(text: str) -> str:
    """Normalise whitespace: single spaces inside lines, no empty lines, no invisibles.

    Also drops control characters and lone surrogates (PDF text layers contain both), so
    every finding is storable UTF-8.
    """
    text = text.encode("utf-8", errors="replace").decode("utf-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _INLINE_SPACE.sub(" ", _CONTROL.sub("", _INVISIBLE.sub("", text)))  # never "\n"
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
