"""Decide what a response really is from its first bytes, before anything decodes it.

Servers mislabel: feeds come as ``text/html``, PDFs as ``application/octet-stream``, error
pages as ``application/json``. The bytes are the evidence; the Content-Type only breaks ties
when the bytes say nothing. Binary content is recognised here so that it is never decoded
as text.
"""

from __future__ import annotations

import codecs
import re
from enum import StrEnum

SNIFF_BYTES = 4096  # enough to see past a BOM, an XML prolog, comments and a doctype


class Format(StrEnum):
    PDF = "pdf"
    FEED = "feed"  # RSS, Atom or RDF
    JSON = "json"
    HTML = "html"
    XML = "xml"  # well-formed-looking XML that is not a feed
    TEXT = "text"
    BINARY = "binary"
    EMPTY = "empty"


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "gzip data"),
    (b"\xd0\xcf\x11\xe0", "OLE document (DOC/XLS)"),
    (b"RIFF", "RIFF media"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"BZh", "bzip2 data"),
    (b"7z\xbc\xaf", "7z archive"),
)

_FEED_ROOT = re.compile(r"<(?:[\w-]+:)?(rss|feed|rdf)\b", re.IGNORECASE)
_HTML_MARK = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|table)\b", re.I)
_LEADING_JUNK = re.compile(
    r"^(?:\s+|<!--.*?-->|<\?xml[^>]*\?>|<!doctype[^>\[]*(?:\[.*?\]\s*)?>)*", re.I | re.S
)


def sniff(body: bytes, content_type: str = "") -> Format:
    """Classify ``body``. Looks only at the first ``SNIFF_BYTES`` bytes."""
    head = body[:SNIFF_BYTES]
    if not head.strip():
        return Format.EMPTY
    if b"%PDF-" in head[:1024]:
        return Format.PDF
    if describe_binary(head) is not None:
        return Format.BINARY
    return _sniff_text(_head_text(head), content_type.lower())


def describe_binary(head: bytes) -> str | None:
    """A short name for binary content (for error messages), or None when it looks textual."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if _bom_codec(head) is None and b"\x00" in head[:1024]:
        return "binary data (NUL bytes)"
    return None


def _sniff_text(text: str, content_type: str) -> Format:
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        return Format.JSON
    if stripped[:1] != "<":
        return Format.JSON if "json" in content_type else Format.TEXT
    first_tag = _LEADING_JUNK.sub("", stripped, count=1)
    if _FEED_ROOT.match(first_tag):
        return Format.FEED
    if _HTML_MARK.search(stripped):
        return Format.HTML
    if stripped.startswith("<?xml") or "xml" in content_type:
        return Format.XML
    return Format.HTML


def _head_text(head: bytes) -> str:
    """Decode just enough to look at markup; UTF-16/32 need their BOM's codec."""
    codec = _bom_codec(head) or "latin-1"
    return head.decode(codec, errors="replace").lstrip("\ufeff")


def _bom_codec(head: bytes) -> str | None:
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if head.startswith(bom):
            return codec
    return None
