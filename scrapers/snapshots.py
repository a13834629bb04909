"""Content-addressed snapshots: the raw bytes of every response that produced a finding.

Bytes are written to ``<root>/<aa>/<bb>/<sha256>`` (atomically: a temporary file then a
rename) *before* the row that a finding will refer to, so a citation always points at
exactly what was seen, even after the publisher edits or deletes the page.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session

from db.models import Snapshot
from db.upsert import insert_ignore
from scrapers.types import FetchResult

#: Response headers worth keeping with a snapshot (the rest are noise or cookies).
KEPT_HEADERS = (
    "content-type",
    "content-length",
    "content-encoding",
    "etag",
    "last-modified",
    "date",
    "content-language",
    "cache-control",
    "expires",
    "server",
)


def snapshot_path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256[2:4] / sha256


def write_bytes(root: Path, body: bytes) -> tuple[str, Path]:
    """Store ``body`` under its sha256 (once); returns the hash and the file's path."""
    digest = hashlib.sha256(body).hexdigest()
    path = snapshot_path(root, digest)
    if path.exists():
        return digest, path
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return digest, path


def store_snapshot(session: Session, root: Path, result: FetchResult) -> str:
    """Write the bytes, then record them (URL, headers, time); returns the sha256."""
    digest, path = write_bytes(root, result.body)
    headers = {k: v for k, v in result.headers.items() if k.lower() in KEPT_HEADERS}
    insert_ignore(
        session,
        Snapshot.__table__,  # type: ignore[arg-type]
        {
            "sha256": digest,
            "url": result.final_url,
            "fetched_at": result.fetched_at,
            "status_code": result.status,
            "content_type": result.content_type or None,
            "headers": headers,
            "size": len(result.body),
            "path": str(path.relative_to(root)),
        },
        ["sha256"],
    )
    return digest


def read_snapshot(root: Path, sha256: str) -> bytes:
    """The archived bytes, checked against their hash (a changed file is an error)."""
    body = snapshot_path(root, sha256).read_bytes()
    if hashlib.sha256(body).hexdigest() != sha256:
        raise ValueError(f"snapshot {sha256} on disk does not match its hash")
    return body
