"""encoding: header, BOM, in-document declaration, detection; and why each was chosen."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime

from scrapers.parse import ParseSpec, parse
from scrapers.parse.encoding import decode_body, header_charset, normalize_charset
from scrapers.types import FetchResult, ParsedItem

GERMAN = "Präsident Müller äußerte sich über die Straße. Grüße aus Köln; Öffnungszeiten für alle."
ARABIC = "أعلنت وزارة الهجرة والمهجرين إعادة الجنود إلى بلدهم بالتنسيق مع المنظمات الدولية."


def _page(charset_meta: str | None, body_text: str) -> str:
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    return f"<html><head>{meta}<title>t</title></head><body><p>{body_text}</p></body></html>"


def test_header_charset_is_used_when_it_decodes() -> None:
    decoded = decode_body(GERMAN.encode("cp1252"), "text/html; charset=windows-1252")
    assert decoded.text == GERMAN
    assert decoded.encoding == "cp1252"
    assert "HTTP header" in decoded.reason


def test_bom_wins_over_contradicting_header() -> None:
    body = codecs.BOM_UTF8 + GERMAN.encode("utf-8")
    decoded = decode_body(body, "text/html; charset=iso-8859-1")
    assert decoded.text == GERMAN
    assert decoded.encoding == "utf-8"
    assert "byte-order mark" in decoded.reason
    assert "overruled by the BOM" in decoded.reason


def test_utf16_bom_without_header() -> None:
    body = codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le")
    decoded = decode_body(body, "")
    assert decoded.text == ARABIC
    assert decoded.encoding.startswith("utf-16")


def test_header_latin1_on_utf8_bytes_is_mislabelled() -> None:
    decoded = decode_body(GERMAN.encode("utf-8"), "text/html; charset=ISO-8859-1")
    assert decoded.text == GERMAN
    assert decoded.encoding == "utf-8"
    assert "valid UTF-8" in decoded.reason


def test_header_utf8_on_cp1256_bytes_falls_back_to_meta() -> None:
    body = _page("windows-1256", ARABIC).encode("cp1256")
    decoded = decode_body(body, "text/html; charset=utf-8")
    assert ARABIC in decoded.text
    assert decoded.encoding == "cp1256"
    assert "fails at byte" in decoded.reason
    assert "in-document declaration" in decoded.reason


def test_meta_charset_when_header_has_none() -> None:
    body = _page("iso-8859-15", GERMAN).encode("iso-8859-15")
    decoded = decode_body(body, "text/html")
    assert GERMAN in decoded.text
    assert decoded.encoding == "iso8859-15"


def test_xml_prolog_declaration() -> None:
    xml = f'<?xml version="1.0" encoding="windows-1252"?><rss><title>{GERMAN}</title></rss>'
    decoded = decode_body(xml.encode("cp1252"), "application/rss+xml")
    assert GERMAN in decoded.text
    assert decoded.encoding == "cp1252"


def test_missing_charset_is_detected() -> None:
    body = (ARABIC + " " + ARABIC).encode("cp1256")
    decoded = decode_body(body, "text/html")
    assert decoded.text == ARABIC + " " + ARABIC
    assert decoded.reason == "detected by charset-normalizer"


def test_missing_charset_on_utf8_and_ascii() -> None:
    assert decode_body(GERMAN.encode("utf-8")).encoding == "utf-8"
    assert decode_body(b"plain ascii").reason == "pure ASCII"


def test_unknown_and_utf16_labels_are_noted_not_trusted() -> None:
    decoded = decode_body(_page("utf-16", "abc é").encode("utf-8"), "text/html; charset=x-bogus")
    assert decoded.encoding == "utf-8"
    assert "'x-bogus' is unknown" in decoded.reason
    assert "no byte-order mark" in decoded.reason


def test_charset_helpers() -> None:
    assert header_charset('text/html; charset="UTF-8"') == "UTF-8"
    assert header_charset("text/html") is None
    assert normalize_charset("latin1") == "cp1252"  # as browsers read it
    assert normalize_charset("nonsense") is None


def test_item_records_encoding_and_reason() -> None:
    html = (
        '<html lang="de"><head><meta charset="windows-1252"><title>Mitteilung</title></head>'
        f"<body><article><h1>Mitteilung</h1><p>{GERMAN}</p><p>Die Behörde prüft alle Anträge "
        "zügig und veröffentlicht das Ergebnis in der kommenden Woche auf ihrer Website.</p>"
        "</article></body></html>"
    )
    result = FetchResult(
        url="https://amt.example.de/mitteilung",
        final_url="https://amt.example.de/mitteilung",
        status=200,
        headers={"content-type": "text/html; charset=utf-8"},  # wrong: bytes are cp1252
        body=html.encode("cp1252"),
        fetched_at=datetime.now(UTC),
    )
    report = parse(result, ParseSpec(kind="html"))
    item = report.items[0]
    assert isinstance(item, ParsedItem)
    assert item.encoding == "cp1252"
    assert "Straße" in item.text
    assert "fails at byte" in item.meta["encoding_reason"]
    assert report.encoding == "cp1252"
