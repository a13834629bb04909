"""Clean text out of HTML fragments, in one normal form used by every parser.

Citations quote findings verbatim, so every parser must emit text in the same shape: one
block per line, single spaces, no markup, no invisible characters. Feeds and JSON APIs send
HTML fragments (summaries, ``details.body``); they go through ``html_to_text`` here.
"""

from __future__ import annotations

import re
import warnings

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


def clean_text(text: str) -> str:
    """Normalise whitespace: single spaces inside lines, no empty lines, no invisibles.

    Also drops control characters and lone surrogates (PDF text layers contain both), so
    every finding is storable UTF-8.
    """
    text = text.encode("utf-8", errors="replace").decode("utf-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL.sub("", _INVISIBLE.sub("", text))
    lines = (_INLINE_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
