"""The child process that reads one PDF with pypdf. Run as a script, never imported.

A PDF is a program-like format: reference loops, decompression bombs and pathological
content streams can hang or exhaust a parser. So pypdf runs here, in a separate interpreter
with an address-space and CPU limit set before pypdf is even imported; the parent adds a
wall-clock limit and kills it. Input: the PDF bytes on stdin. Output: one JSON object on
stdout, ``{"ok": true, ...}`` or ``{"ok": false, "reason": ...}``. This file imports
nothing from the project, so the child starts fast and inherits no state.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import resource
import sys
import warnings
from typing import Any

MB = 1024 * 1024


def main() -> None:
    args = _arguments()
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    warnings.simplefilter("ignore")
    import pypdf  # noqa: F401 - imported before the limits: trusted code, not the input

    _limit_resources(args.memory_mb, args.cpu_seconds)
    try:
        result = read_pdf(sys.stdin.buffer.read(), args.max_pages)
    except RecursionError:
        result = _failure("reference loop: the object graph refers back to itself")
    except MemoryError:
        result = _failure(f"memory limit ({args.memory_mb} MB) exceeded")
    except Exception as exc:  # the isolation boundary: every failure becomes data
        result = _failure(_describe(exc))
    sys.stdout.write(json.dumps(result))


def read_pdf(data: bytes, max_pages: int) -> dict[str, Any]:
    """Text of the first ``max_pages`` pages, and the document information."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        return _failure("encrypted PDF (a password is needed to read it)")
    page_count = len(reader.pages)
    pages = [reader.pages[i].extract_text() or "" for i in range(min(page_count, max_pages))]
    return {
        "ok": True,
        "page_count": page_count,
        "pages": pages,
        "truncated": page_count > max_pages,
        **_information(reader),
    }


def _information(reader: Any) -> dict[str, str | None]:
    info = reader.metadata
    if info is None:
        return {}

    def text(value: Any) -> str | None:
        if value is None:
            return None
        return str(value).strip() or None

    def when(name: str) -> str | None:
        try:
            value = getattr(info, name)
        except (ValueError, TypeError, KeyError):
            return None
        return value.isoformat() if value is not None else None

    return {
        "title": text(info.title),
        "author": text(info.author),
        "created": when("creation_date"),
        "modified": when("modification_date"),
    }


def _describe(exc: Exception) -> str:
    message = str(exc).lower()
    if any(word in message for word in ("loop", "cyclic", "circular", "recursion")):
        return f"reference loop: {exc}"
    return f"unreadable PDF ({type(exc).__name__}: {exc})"


def _failure(reason: str) -> dict[str, Any]:
    return {"ok": False, "reason": reason}


def _limit_resources(memory_mb: int, cpu_seconds: int) -> None:
    """Hard limits for this process. Some kernels (macOS) refuse RLIMIT_AS: then the
    parent's wall-clock limit is the remaining guard, and stderr says so."""
    for name, limit in (("RLIMIT_AS", memory_mb * MB), ("RLIMIT_CPU", cpu_seconds)):
        try:
            resource.setrlimit(getattr(resource, name), (limit, limit))
        except (ValueError, OSError) as exc:
            sys.stderr.write(f"warning: {name} not applied: {exc}\n")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-pages", type=int, required=True)
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--cpu-seconds", type=int, required=True)
    return parser.parse_args()


if __name__ == "__main__":
    main()
