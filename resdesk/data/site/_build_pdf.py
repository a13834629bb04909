"""Build the local site's PDF report by hand: PDF objects, Helvetica, a real text layer.

Stdlib only, on purpose: the demo site must not depend on a PDF library, and writing
the objects ourselves keeps the file small, uncompressed and byte-for-byte
reproducible (no timestamps from the clock, a document /ID derived from the content),
so a test can rebuild it and compare it with the committed copy.

The document is an IOM-style situation report (fictional, and it says so on page 3).
It settles question 2 ("Predominant reason cited by Syrian soldiers for crossing into
Iraq") with ``Q2_KEY_SENTENCE`` and corroborates question 1 with ``Q1_KEY_SENTENCE``.

Run ``python _build_pdf.py`` to rewrite the PDF, ``--check`` to fail when it is stale.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PDF_URL_PATH = "/iom/sitreps/iom-iraq-al-qaim-sitrep-05-2025-01-20.pdf"
PDF_PATH = HERE / PDF_URL_PATH.lstrip("/")

TITLE = "IOM Iraq - Al-Qaim Response - Situation Report No. 5 (20 January 2025)"
AUTHOR = "IOM Iraq (fictional demonstration copy)"
SUBJECT = "Syrian military personnel hosted at the Al-Qaim temporary site: interview findings"
KEYWORDS = "Iraq; Al-Qaim; Syrian military personnel; interviews; return"
CREATION_DATE = "D:20250120091500+03'00'"
PUBLISHED_AT = "2025-01-20T09:15:00+03:00"

Q1_KEY_SENTENCE = (
    "All 1,934 Syrian military personnel hosted at the Al-Qaim temporary site were handed "
    "over to the Syrian authorities at the Al-Qaim border crossing on 19 December 2024 and "
    "returned to Syria."
)
Q2_KEY_SENTENCE = (
    "The predominant reason cited by the interviewed soldiers for crossing into Iraq was "
    "fear of militia takeover of their positions."
)

PAGE_WIDTH = 595  # A4 in points
PAGE_HEIGHT = 842
MARGIN = 56
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN

# Helvetica advance widths (1/1000 em) for printable ASCII 32..126, from the core-14 AFM.
_HELVETICA = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
]  # fmt: skip
_BOLD_FACTOR = 1.08  # Helvetica-Bold runs about this much wider; good enough for wrapping


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Width of ``text`` in points when set in Helvetica at ``size``."""
    units = sum(_HELVETICA[ord(ch) - 32] for ch in text)
    return units * size / 1000 * (_BOLD_FACTOR if bold else 1.0)


def wrap(text: str, size: float, width: float, *, bold: bool = False) -> list[str]:
    """Greedy word wrap by real glyph widths (textwrap only counts characters)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size, bold=bold) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


@dataclass(frozen=True)
class Block:
    """One piece of page content. ``kind``: title, subtitle, h2, p, bullet, row, small, gap."""

    kind: str
    text: str = ""
    cells: tuple[str, ...] = ()


def _title(t: str) -> Block:
    return Block("title", t)


def _sub(t: str) -> Block:
    return Block("subtitle", t)


def _h2(t: str) -> Block:
    return Block("h2", t)


def _p(t: str) -> Block:
    return Block("p", t)


def _bullet(t: str) -> Block:
    return Block("bullet", t)


def _row(*cells: str, header: bool = False) -> Block:
    return Block("header-row" if header else "row", cells=cells)


def _small(t: str) -> Block:
    return Block("small", t)


_GAP = Block("gap")

PAGES: list[list[Block]] = [
    [
        _title("IOM IRAQ - AL-QAIM RESPONSE"),
        _sub("Situation Report No. 5 | 20 January 2025"),
        _p(
            "Syrian military personnel hosted at the Al-Qaim temporary site: interview "
            "findings, handover at the border and closure of the site."
        ),
        _small("Reporting period: 7 December 2024 - 15 January 2025"),
        _GAP,
        _h2("KEY FIGURES"),
        _row("1,934", "Syrian military personnel hosted at the Al-Qaim temporary site"),
        _row("412", "personnel interviewed by IOM protection teams (9-18 December 2024)"),
        _row("19 Dec 2024", "handover at the Al-Qaim border crossing"),
        _row("20 Dec 2024", "temporary site closed"),
        _GAP,
        _h2("HIGHLIGHTS"),
        _bullet(Q1_KEY_SENTENCE),
        _bullet(
            "IOM protection teams interviewed 412 of the personnel before the handover, "
            "using a structured questionnaire on the circumstances of their crossing."
        ),
        _bullet(Q2_KEY_SENTENCE),
        _bullet(
            "Lack of supplies and orders from superiors were each cited by fewer than one "
            "in five respondents."
        ),
        _GAP,
        _h2("SITUATION OVERVIEW"),
        _p(
            "On 7 December 2024, around two thousand members of the Syrian armed forces "
            "entered Iraq through the Al-Qaim border crossing in Anbar governorate as front "
            "lines in eastern Syria collapsed. The Government of Iraq disarmed the personnel "
            "and hosted them at a temporary site in Al-Qaim district under the supervision of "
            "the Iraqi security forces. At the request of the Government, IOM supported the "
            "site with shelter materials, water and sanitation, and registration."
        ),
    ],
    [
        _h2("INTERVIEW FINDINGS"),
        _p(
            "Between 9 and 18 December 2024, IOM protection teams conducted individual "
            "interviews with 412 personnel selected at random from the site registration "
            "list. Respondents were asked an open question on why they had crossed into "
            "Iraq, and their answers were coded into the categories below, one main reason "
            "per respondent."
        ),
        _row("Main reason cited for crossing into Iraq", "Respondents", "Per cent", header=True),
        _row("Fear of militia takeover of their positions / reprisals", "268", "65%"),
        _row("Lack of supplies (food, fuel, ammunition)", "74", "18%"),
        _row("Orders from superiors to withdraw", "45", "11%"),
        _row("Seeking asylum or protection in Iraq", "17", "4%"),
        _row("Other or declined to answer", "8", "2%"),
        _row("Total", "412", "100%", header=True),
        _GAP,
        _p(
            "Most respondents described units on neighbouring positions withdrawing or "
            "surrendering, and said they expected armed groups to overrun their own "
            "positions within hours. Many said they feared reprisals against themselves or "
            "their families if captured. Respondents who cited lack of supplies described "
            "several days without fuel, food or ammunition. A minority said their "
            "commanders had ordered them to withdraw towards the border."
        ),
        _p(
            "Only 17 respondents (4 per cent) said they had crossed in order to seek asylum "
            "in Iraq, and none of the personnel submitted an asylum application during "
            "their stay."
        ),
        _GAP,
        _h2("METHODOLOGY AND LIMITATIONS"),
        _p(
            "Interviews were conducted in Arabic by IOM staff in private spaces at the site. "
            "Participation was voluntary and anonymous. The sample was drawn at random, but "
            "answers given in a camp run by the security forces of the host country may "
            "under-report some reasons."
        ),
    ],
    [
        _h2("HANDOVER AND RETURN"),
        _p(
            "On 19 December 2024 the Iraqi authorities, in coordination with the Syrian "
            "side, handed over the personnel hosted at the site at the Al-Qaim border "
            "crossing. UNHCR and IOM staff were present at the crossing throughout the "
            "handover. The temporary site was closed on 20 December 2024 and its remaining "
            "materials were handed to the Anbar governorate."
        ),
        _GAP,
        _h2("IOM RESPONSE"),
        _bullet("Shelter: 310 tents and 2,100 blankets distributed at the temporary site."),
        _bullet("Water and sanitation: 60,000 litres of water trucked in each day."),
        _bullet("Registration: 1,934 personnel registered with the site management team."),
        _bullet("Health: wounded personnel referred to Al-Qaim General Hospital."),
        _GAP,
        _h2("NEXT STEPS"),
        _p(
            "IOM has ended its activities at the Al-Qaim temporary site. Monitoring of the "
            "border area continues under the regular displacement tracking programme."
        ),
        _GAP,
        _small("Contact: IOM Iraq public information unit (demonstration contact, not real)."),
        _small(
            "This document is fictional demonstration content written for the Resolution "
            "Desk local test site. It is not a publication of IOM or of any other "
            "organization, and its figures are invented."
        ),
    ],
]

# kind -> (font resource, size, leading, left indent)
_STYLES: dict[str, tuple[str, float, float, float]] = {
    "title": ("F2", 18, 24, 0),
    "subtitle": ("F2", 12, 17, 0),
    "h2": ("F2", 11, 17, 0),
    "p": ("F1", 10, 14, 0),
    "bullet": ("F1", 10, 14, 14),
    "small": ("F1", 8, 11, 0),
    "row": ("F1", 9.5, 14, 0),
    "header-row": ("F2", 9.5, 14, 0),
}
_COLUMNS = {2: (0.0, 86.0), 3: (0.0, 330.0, 410.0)}


def pdf_string(text: str) -> str:
    """A PDF literal string; the text must be plain ASCII (WinAnsi covers it)."""
    if not text.isascii():
        raise ValueError(f"non-ASCII text in PDF content: {text!r}")
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"({escaped})"


def _text_at(font: str, size: float, x: float, y: float, text: str) -> str:
    return f"BT /{font} {size:g} Tf 1 0 0 1 {x:g} {y:g} Tm {pdf_string(text)} Tj ET"


def render_page(blocks: Sequence[Block], number: int, total: int) -> bytes:
    """The content stream of one page: one positioned text object per line."""
    ops = [
        "0.15 0.27 0.55 rg",
        _text_at("F1", 8, MARGIN, PAGE_HEIGHT - 34, "IOM Iraq | Al-Qaim Response | Sitrep 5"),
        "0 0 0 rg",
        f"0.6 w {MARGIN} {PAGE_HEIGHT - 40} m {PAGE_WIDTH - MARGIN} {PAGE_HEIGHT - 40} l S",
    ]
    y = PAGE_HEIGHT - 72.0
    for block in blocks:
        if block.kind == "gap":
            y -= 8
            continue
        font, size, leading, indent = _STYLES[block.kind]
        bold = font == "F2"
        if block.cells:
            offsets = _COLUMNS[len(block.cells)]
            for cell, dx in zip(block.cells, offsets, strict=True):
                ops.append(_text_at(font, size, MARGIN + dx, y, cell))
            y -= leading
            continue
        lines = wrap(block.text, size, TEXT_WIDTH - indent, bold=bold)
        for i, line in enumerate(lines):
            if block.kind == "bullet" and i == 0:
                ops.append(_text_at(font, size, MARGIN + 3, y, "-"))
            ops.append(_text_at(font, size, MARGIN + indent, y, line))
            y -= leading
        y -= 4 if block.kind in {"p", "bullet"} else 0
    if y < MARGIN + 20:
        raise ValueError(f"page {number} overflows: last baseline at y={y:g}")
    footer = f"Page {number} of {total}"
    ops.append(_text_at("F1", 8, PAGE_WIDTH - MARGIN - text_width(footer, 8), 30, footer))
    return ("\n".join(ops) + "\n").encode("ascii")


def _info_dict() -> str:
    entries = {
        "Title": TITLE,
        "Author": AUTHOR,
        "Subject": SUBJECT,
        "Keywords": KEYWORDS,
        "Creator": "Resolution Desk resdesk/data/site/_build_pdf.py",
        "Producer": "Resolution Desk hand-built PDF writer",
        "CreationDate": CREATION_DATE,
        "ModDate": CREATION_DATE,
    }
    return "<< " + " ".join(f"/{k} {pdf_string(v)}" for k, v in entries.items()) + " >>"


def assemble(objects: Iterable[bytes], *, root: int, info: int) -> bytes:
    """Number the objects from 1, write the cross-reference table and the trailer."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    doc_id = hashlib.md5(bytes(out), usedforsecurity=False).hexdigest()
    xref_at = len(out)
    out += f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(offsets) + 1} /Root {root} 0 R /Info {info} 0 R "
        f"/ID [<{doc_id}> <{doc_id}>] >>\nstartxref\n{xref_at}\n%%EOF\n"
    ).encode()
    return bytes(out)


def build_pdf(pages: Sequence[Sequence[Block]] = PAGES) -> bytes:
    """The whole report as PDF bytes.

    Object layout: 1 catalog, 2 page tree, 3 Helvetica, 4 Helvetica-Bold, 5 info,
    then a (page, content stream) pair per page.
    """
    first_page = 6
    page_refs = " ".join(f"{first_page + 2 * i} 0 R" for i in range(len(pages)))
    font = "<< /Type /Font /Subtype /Type1 /BaseFont /{} /Encoding /WinAnsiEncoding >>"
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R /Lang (en-GB) >>",
        f"<< /Type /Pages /Kids [{page_refs}] /Count {len(pages)} >>".encode(),
        font.format("Helvetica").encode(),
        font.format("Helvetica-Bold").encode(),
        _info_dict().encode("ascii"),
    ]
    for i, blocks in enumerate(pages):
        content_ref = first_page + 2 * i + 1
        objects.append(
            (
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
                f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {content_ref} 0 R >>"
            ).encode()
        )
        stream = render_page(blocks, i + 1, len(pages))
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"endstream")
    return assemble(objects, root=1, info=5)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=textwrap.dedent(__doc__ or "").strip())
    parser.add_argument("--out", type=Path, default=PDF_PATH, help="where to write the PDF")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the file differs from a fresh build"
    )
    args = parser.parse_args(argv)
    data = build_pdf()
    if args.check:
        current = args.out.read_bytes() if args.out.exists() else b""
        if current != data:
            print(f"{args.out} is stale; run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data)} bytes, {len(PAGES)} pages)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
