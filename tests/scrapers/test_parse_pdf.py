"""PDFs: text, title and date through a limited child process; broken PDFs refused."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfWriter

from scrapers.errors import ParseError
from scrapers.parse import ParseSpec, PdfLimits, parse
from scrapers.parse.pdf import parse_pdf
from scrapers.parse.report import ParseContext
from scrapers.types import FetchResult, ParsedItem

REALWORLD = Path(__file__).parents[2].parent / "shared" / "realworld"
URL = "https://agency.example.gov/reports/situation-report-12.pdf"
CTX = ParseContext(URL, source="Agency")


def build_pdf(objects: list[bytes], info: bytes = b"", padding: int = 0) -> bytes:
    """A PDF from numbered object bodies (object 1 is the catalog), with a correct xref.

    ``padding`` bytes of comment after the header make the file big without more to parse.
    """
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n%" + b" " * padding + b"\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\n" % (len(objects) + 1, info)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def text_pdf(pages: list[list[str]], info: dict[str, str] | None = None, padding: int = 0) -> bytes:
    """A PDF whose pages show the given lines in Helvetica (a real text layer)."""
    count = len(pages)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, lines in enumerate(pages):
        ops = (
            b"BT /F1 12 Tf 72 740 Td 16 TL "
            + b" ".join(b"(%s) '" % line.encode("cp1252") for line in lines)
            + b" ET"
        )
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(ops), ops))
    info_ref = b""
    if info:
        entries = b" ".join(b"/%s (%s)" % (k.encode(), v.encode()) for k, v in info.items())
        objects.append(b"<< %s >>" % entries)
        info_ref = b"/Info %d 0 R" % len(objects)
    return build_pdf(objects, info_ref, padding)


REPORT_PAGES = [
    [
        "Situation Report No. 12",
        "Issued 20 December 2024 by the Agency for Displaced Persons.",
        "All 1,905 soldiers were returned through the Al-Qaim crossing.",
    ],
    ["Annex: partners and contacts for the response in Anbar governorate."],
]


def _result(body: bytes, content_type: str = "application/pdf") -> FetchResult:
    return FetchResult(
        url=URL,
        final_url=URL,
        status=200,
        headers={"content-type": content_type},
        body=body,
        fetched_at=datetime.now(UTC),
    )


def test_text_pdf_with_metadata_title_and_date() -> None:
    body = text_pdf(
        REPORT_PAGES,
        {"Title": "Situation Report 12", "CreationDate": "D:20241220093000+03'00'"},
    )
    items = parse(_result(body, "application/octet-stream"), ParseSpec(kind="pdf")).items
    (item,) = items
    assert isinstance(item, ParsedItem)
    assert item.title == "Situation Report 12"
    assert item.published_at == datetime(2024, 12, 20, 6, 30, tzinfo=UTC)
    assert item.meta["date_source"] == "pdf:CreationDate"
    assert "All 1,905 soldiers were returned through the Al-Qaim crossing." in item.text
    assert "Anbar governorate" in item.text
    assert item.meta["pages"] == "2"
    assert item.encoding is None  # bytes were never decoded as text


def test_title_and_date_from_text_when_metadata_is_junk() -> None:
    body = text_pdf(REPORT_PAGES, {"Title": "sitrep_12_final.docx"})
    item = parse_pdf(body, CTX)
    assert item.title == "Situation Report No. 12"
    assert item.published_at == datetime(2024, 12, 20, tzinfo=UTC)
    assert item.meta["date_source"] == "text"


def test_page_cap_reads_only_the_first_pages() -> None:
    pages = [[f"Page {n} of the annual report on returns and resettlement."] for n in range(6)]
    item = parse_pdf(text_pdf(pages), CTX, PdfLimits(max_pages=2))
    assert "Page 1 of the annual" in item.text and "Page 2 of" not in item.text
    assert item.meta["pages"] == "6"
    assert item.meta["pages_read"] == "2"
    assert item.meta["truncated"] == "true"


def test_not_a_pdf() -> None:
    with pytest.raises(ParseError, match="not a PDF: html content"):
        parse_pdf(b"<html><body>Report moved</body></html>", CTX)
    with pytest.raises(ParseError, match="not a PDF: ZIP archive"):
        parse_pdf(b"PK\x03\x04\x14\x00\x06\x00", CTX)
    with pytest.raises(ParseError, match="source kind 'pdf' expects other content, got html"):
        parse(_result(b"<html><body>Report moved</body></html>"), ParseSpec(kind="pdf"))


def test_reference_loop() -> None:
    body = build_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]
    )
    with pytest.raises(ParseError, match="unreadable PDF: reference loop") as caught:
        parse_pdf(body, CTX)
    assert "[Agency]" in str(caught.value) and URL in str(caught.value)


def test_no_text_layer() -> None:
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ParseError, match=r"no text layer \(0 characters of text on 3 page"):
        parse_pdf(buffer.getvalue(), CTX)


def test_garbage_after_header() -> None:
    with pytest.raises(ParseError, match="unreadable PDF"):
        parse_pdf(b"%PDF-1.7\n" + b"\x00\x01garbage" * 50, CTX)


def test_time_limit_kills_the_child() -> None:
    with pytest.raises(ParseError, match=r"exceeded 0.001 s and was killed"):
        parse_pdf(text_pdf(REPORT_PAGES), CTX, PdfLimits(timeout_s=0.001))


def test_memory_limit_is_enforced_in_the_child() -> None:
    # 16 MB of address space is less than the interpreter already maps, so the first large
    # allocation (reading this 8 MB PDF) fails: the limit holds inside the child.
    big = text_pdf(REPORT_PAGES, padding=8_000_000)
    with pytest.raises(ParseError, match=r"memory limit \(16 MB\) exceeded"):
        parse_pdf(big, CTX, PdfLimits(memory_mb=16))
    assert "Al-Qaim" in parse_pdf(big, CTX, PdfLimits(memory_mb=1024)).text


@pytest.mark.parametrize(
    ("name", "snippet", "date"),
    [
        (
            "pdfplumber__federal-register-2020-17221.pdf",
            "Federal Aviation Administration",
            datetime(2020, 8, 6, 9, 51, 25, tzinfo=UTC),
        ),
        (
            "pdfplumber__scotus-transcript-p1.pdf",
            "IN THE SUPREME COURT OF THE UNITED STATES",
            datetime(2009, 1, 13, 20, 23, 5, tzinfo=UTC),
        ),
        (
            "pdfplumber__senate-expenditures.pdf",
            "LEGISLATIVE CORRESPONDENT",
            datetime(2020, 2, 2, 16, 16, 1, tzinfo=UTC),
        ),
    ],
)
def test_realworld_pdfs(name: str, snippet: str, date: datetime) -> None:
    path = REALWORLD / "pdf_reports" / name
    if not path.exists():
        pytest.skip(f"real-world conformance set not found at {path}")
    (item,) = parse(_result(path.read_bytes()), ParseSpec(kind="pdf")).items
    assert isinstance(item, ParsedItem)
    assert snippet in item.text
    assert item.title and item.title != "10811.exe"  # a file name is not a title
    assert item.published_at == date
