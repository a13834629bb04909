"""sniff: what the bytes are, whatever the Content-Type claims."""

from __future__ import annotations

import codecs

import pytest

from scrapers.parse.sniff import Format, describe_binary, sniff


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "text/html", Format.PDF),
        (b"\r\n%PDF-1.4 junk before header", "application/octet-stream", Format.PDF),
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>', "text/html", Format.FEED),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "", Format.FEED),
        (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"></rdf:RDF>', "", Format.FEED),
        (b'<?xml version="1.0"?><!-- c --><!DOCTYPE x [<!ENTITY a "b">]><rss/>', "", Format.FEED),
        (b'  {"data": []}', "text/html", Format.JSON),
        (b"[1, 2]", "", Format.JSON),
        (b"<!DOCTYPE html><html><body>x</body></html>", "application/json", Format.HTML),
        (b"<p>fragment</p>", "", Format.HTML),
        (
            b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"></html>',
            "",
            Format.HTML,
        ),
        (b'<?xml version="1.0"?><report><v>1</v></report>', "", Format.XML),
        (b"Statement of the ministry.", "text/plain", Format.TEXT),
        (b"   \n\t ", "text/html", Format.EMPTY),
        (b"", "", Format.EMPTY),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "text/html", Format.BINARY),
        (b"PK\x03\x04 docx", "application/pdf", Format.BINARY),
        (b"abc\x00\x00def", "text/plain", Format.BINARY),
    ],
)
def test_sniff_trusts_bytes_over_content_type(
    body: bytes, content_type: str, expected: Format
) -> None:
    assert sniff(body, content_type) is expected


def test_utf16_feed_with_bom_is_text_not_binary() -> None:
    body = codecs.BOM_UTF16_LE + '<rss version="2.0"><channel/></rss>'.encode("utf-16-le")
    assert describe_binary(body) is None
    assert sniff(body) is Format.FEED


def test_describe_binary_names_the_format() -> None:
    assert describe_binary(b"\xff\xd8\xff\xe0") == "JPEG image"
    assert describe_binary(b"<html>") is None
