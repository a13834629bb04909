"""Turn response bytes into text, and say which charset was used and why.

Order: a byte-order mark (it cannot lie, so it beats a contradicting header), the HTTP
header charset, the document's own declaration (``<meta charset>``, ``http-equiv``, the XML
prolog), then detection (charset-normalizer). Every declared charset is checked against
the bytes: a label that fails to decode strictly, or a legacy single-byte label on bytes
that are valid UTF-8 (the most common mislabelling), is passed over with a note. The choice
and the reason are returned so citations can show exactly how the text was read.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

DECLARATION_SCAN_BYTES = 4096

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Browsers read these labels as windows-1252 (WHATWG Encoding); so do we.
_AS_CP1252 = {"latin_1", "iso8859_1", "ascii", "cp1252"}
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([\w.:-]+)[\"']", re.I)
_META_CHARSET = re.compile(r"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python codec name: utf-8, cp1252, utf-16…
    reason: str  # why this charset, including any declaration that was overruled


def decode_body(body: bytes, content_type: str = "") -> Decoded:
    """Decode ``body`` as text. Never raises; undecodable bytes become U+FFFD."""
    notes: list[str] = []
    found = _from_bom(body, content_type, notes)
    if found is None:
        found = _from_declaration(body, header_charset(content_type), "HTTP header", notes)
    if found is None:
        found = _from_declaration(body, _document_charset(body), "in-document declaration", notes)
    if found is None:
        found = _detect(body)
    codec, reason = found
    text = body.decode(codec, errors="replace")
    if codec == "utf-8-sig":
        codec = "utf-8"
    return Decoded(text.lstrip("\ufeff"), codec, "; ".join([reason, *notes]))


def header_charset(content_type: str) -> str | None:
    """The ``charset`` parameter of a Content-Type header, if any."""
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def normalize_charset(label: str) -> str | None:
    """Python codec name for a charset label, or None when the label is unknown."""
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    name = name.replace("-", "_")
    if name in _AS_CP1252:
        return "cp1252"
    return codecs.lookup(name).name


def _from_bom(body: bytes, content_type: str, notes: list[str]) -> tuple[str, str] | None:
    for bom, codec in _BOMS:
        if body.startswith(bom):
            label = header_charset(content_type)
            declared = normalize_charset(label) if label else None
            reason = f"byte-order mark ({codec.removesuffix('-sig')})"
            if declared and not _same_family(declared, codec):
                notes.append(f"header charset {label!r} overruled by the BOM")
            return codec, reason
    return None


def _from_declaration(
    body: bytes, label: str | None, where: str, notes: list[str]
) -> tuple[str, str] | None:
    if not label:
        return None
    codec = normalize_charset(label)
    if codec is None:
        notes.append(f"{where} charset {label!r} is unknown")
        return None
    if codec.startswith(("utf-16", "utf-32")):
        notes.append(f"{where} charset {label!r} ignored: no byte-order mark")
        return None
    if codec != "utf-8" and _is_single_byte(codec) and _is_non_ascii_utf8(body):
        notes.append(f"{where} said {label!r} but the bytes are valid UTF-8")
        return "utf-8", "valid UTF-8 (declared charset overruled)"
    try:
        body.decode(codec)
    except UnicodeDecodeError as exc:
        notes.append(f"{where} charset {label!r} fails at byte {exc.start}")
        return None
    return codec, f"{where} ({label})"


def _document_charset(body: bytes) -> str | None:
    head = body[:DECLARATION_SCAN_BYTES].decode("latin-1")
    for pattern in (_XML_DECL, _META_CHARSET):
        match = pattern.search(head)
        if match:
            return match.group(1)
    return None


def _detect(body: bytes) -> tuple[str, str]:
    if body.isascii():
        return "utf-8", "pure ASCII"
    if _is_non_ascii_utf8(body):
        return "utf-8", "valid UTF-8 (no usable declaration)"
    best = charset_normalizer.from_bytes(body).best()
    if best is not None:
        return best.encoding, "detected by charset-normalizer"
    return "cp1252", "fallback (undecodable; replacement characters used)"


def _is_non_ascii_utf8(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _is_single_byte(codec: str) -> bool:
    return codec.startswith(("cp", "iso8859", "latin", "koi8", "mac", "windows", "tis"))


def _same_family(a: str, b: str) -> bool:
    def base(name: str) -> str:
        return name.removesuffix("-sig").split("_")[0].split("-be")[0].split("-le")[0]

    return base(a) == base(b)
