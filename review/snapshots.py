"""Archived snapshot bytes, handed out only as downloads.

Archived pages are hostile input: they are never rendered inline. The bytes go out as
an attachment with a safe type (``text/plain`` for text, else octet-stream), checked
against their sha256, from a path that must stay inside the snapshot folder.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from db.models import Snapshot
from review.errors import Conflict, NotFound

_SHA = re.compile(r"^[0-9a-f]{64}$")
TEXTUAL = ("text/", "application/json", "application/xml", "application/rss", "application/atom")


@dataclass(frozen=True)
class Download:
    body: bytes
    media_type: str
    filename: str


def read(session: Session, sha256: str, root: Path) -> Download:
    if not _SHA.match(sha256):
        raise NotFound("a snapshot is named by its 64-character lowercase sha256", field="sha256")
    row = session.get(Snapshot, sha256)
    if row is None:
        raise NotFound(f"no archived snapshot {sha256}", field="sha256")
    base = root.resolve()
    path = (base / row.path).resolve()
    if not path.is_relative_to(base) or not path.is_file():
        raise NotFound(f"snapshot {sha256} is recorded but its bytes are missing", field="sha256")
    body = path.read_bytes()
    if hashlib.sha256(body).hexdigest() != sha256:
        raise Conflict(f"snapshot {sha256} on disk does not match its hash", field="sha256")
    textual = (row.content_type or "").lower().startswith(TEXTUAL)
    media = "text/plain; charset=utf-8" if textual else "application/octet-stream"
    return Download(body, media, f"snapshot-{sha256[:16]}.{'txt' if textual else 'bin'}")
