"""PDF reports → one item, parsed by pypdf in a child process with hard limits.

The child (``pdf_child.py``) runs in its own interpreter with an address-space and CPU limit;
this side adds a wall-clock limit and kills it when exceeded, so a hostile or broken PDF
costs one ``ParseError``, never a hung worker. A PDF whose pages carry (almost) no text is a
scan without a text layer: refused with that reason rather than stored as an empty finding.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from scrapers.parse.dates import Dated, find_date_in_text, parse_date
from scrapers.parse.report import ParseContext
from scrapers.parse.sniff import Format, describe_binary, sniff
from scrapers.parse.spec import PdfLimits
from scrapers.parse.text import clean_text
from scrapers.types import ParsedItem

CHILD_SCRIPT = Path(__file__).with_name("pdf_child.py")
DATE_SEARCH_CHARS = 3000  # a report states its date near the top
_JUNK_TITLE = re.compile(
    r"^(?:untitled|document\d*|microsoft word - .*|.*\.(?:exe|docx?|pdf|rtf|indd|qxd|xlsx?|"
    r"pptx?|tmp|tex|dvi|ps))$",
    re.IGNORECASE,
)


def parse_pdf(body: bytes, ctx: ParseContext, limits: PdfLimits | None = None) -> ParsedItem:
    """The text, title and date of a PDF. ``ParseError`` for non-PDFs and unreadable PDFs."""
    limits = limits or PdfLimits()
    if sniff(body) is not Format.PDF:
        raise ctx.error(f"not a PDF: {_what_it_is(body)}")
    result = run_child(body, limits, ctx)
    pages = [clean_text(page) for page in result.get("pages", [])]
    text = "\n".join(page for page in pages if page)
    _require_text_layer(text, len(pages), limits, ctx)
    published, date_source = _date(result, text, ctx)
    return ParsedItem(
        url=ctx.url,
        title=_title(result.get("title"), pages),
        text=text,
        published_at=published,
        language=None,
        encoding=None,
        meta=ctx.meta(
            parser="pdf",
            pages=str(result.get("page_count")),
            pages_read=str(len(pages)),
            truncated="true" if result.get("truncated") else None,
            date_source=date_source,
            author=result.get("author"),
        ),
    )


def run_child(body: bytes, limits: PdfLimits, ctx: ParseContext) -> dict[str, Any]:
    """Run ``pdf_child.py`` on ``body``; its JSON answer, or ``ParseError`` with the reason."""
    command = [
        sys.executable,
        "-I",  # isolated: no user site, no PYTHONPATH, nothing but the venv
        str(CHILD_SCRIPT),
        f"--max-pages={limits.max_pages}",
        f"--memory-mb={limits.memory_mb}",
        f"--cpu-seconds={math.ceil(limits.timeout_s)}",
    ]
    try:
        done = subprocess.run(
            command, input=body, capture_output=True, timeout=limits.timeout_s, check=False
        )
    except subprocess.TimeoutExpired:
        raise ctx.error(f"PDF parsing exceeded {limits.timeout_s:g} s and was killed") from None
    except OSError as exc:
        raise ctx.error(f"could not start the PDF parser process: {exc}") from None
    if done.returncode != 0:
        raise ctx.error(f"PDF parser process failed: {_exit_reason(done, limits)}")
    try:
        result: dict[str, Any] = json.loads(done.stdout)
    except ValueError:
        raise ctx.error("PDF parser process gave no readable answer") from None
    if not result.get("ok"):
        raise ctx.error(f"unreadable PDF: {result.get('reason')}")
    return result


def _exit_reason(done: subprocess.CompletedProcess[bytes], limits: PdfLimits) -> str:
    if done.returncode < 0:
        return f"killed by signal {-done.returncode} (CPU limit {math.ceil(limits.timeout_s)} s?)"
    tail = done.stderr.decode("utf-8", errors="replace").strip().splitlines()[-1:]
    if tail and "MemoryError" in tail[0]:
        return f"memory limit ({limits.memory_mb} MB) exceeded"
    return f"exit status {done.returncode}: {tail[0] if tail else 'no message'}"


def _what_it_is(body: bytes) -> str:
    binary = describe_binary(body[:1024])
    if binary:
        return binary
    found = sniff(body)
    return f"{found.value} content" if found is not Format.EMPTY else "empty body"


def _require_text_layer(text: str, pages: int, limits: PdfLimits, ctx: ParseContext) -> None:
    chars = len(re.sub(r"\s+", "", text))
    if pages and chars < limits.min_chars_per_page * pages:
        raise ctx.error(
            f"PDF has no text layer ({chars} characters of text on {pages} page(s)): "
            "probably a scan; OCR is not done here"
        )


def _title(metadata_title: str | None, pages: list[str]) -> str:
    """The document information title unless it is a file name or placeholder."""
    if metadata_title:
        title = re.sub(r"^microsoft (?:word|powerpoint) - ", "", metadata_title, flags=re.I)
        if not _JUNK_TITLE.match(title) and len(title) > 3:
            return clean_text(title).replace("\n", " ")
    for page in pages[:2]:
        for line in page.split("\n")[:40]:
            if _looks_like_title(line):
                return line
    return ""


def _looks_like_title(line: str) -> bool:
    letters = sum(ch.isalpha() for ch in line)
    return len(line.split()) >= 3 and len(line) <= 200 and letters >= len(line) / 2


def _date(result: dict[str, Any], text: str, ctx: ParseContext) -> Dated:
    created = parse_date(result.get("created"), timezone=ctx.timezone)
    if created is not None:
        return created, "pdf:CreationDate"
    stated = find_date_in_text(
        text[:DATE_SEARCH_CHARS], languages=ctx.languages, timezone=ctx.timezone
    )
    if stated is not None:
        return stated, "text"
    modified = parse_date(result.get("modified"), timezone=ctx.timezone)
    return (modified, "pdf:ModDate") if modified is not None else (None, None)
