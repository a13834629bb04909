"""Content-addressed snapshots: the raw bytes of every response that produced a finding.

Bytes are written to ``<root>/<aa>/<bb>/<sha256>`` (atomically: a temporary file then a
rename) *before* the row that a finding will refer to, so a citation always points at
exactly what was seen, even after the publisher edits or deletes the page.

Durability. ``write_bytes`` alone fsyncs each file before renaming it into place. A scrape
passes a :class:`SnapshotSync` instead: the file is written and renamed at once (so it is
on the filesystem before its row is inserted), and a background thread fsyncs the file and
its folder while the scrape goes on; ``DbScrapeStore`` waits for every fsync before the
transaction commits (a failed fsync fails the commit). So a *committed* finding's bytes are
always durable, without the scrape's event loop waiting on the disk for every page. If
the machine crashes in between, the transaction is lost and a file may be left short;
``write_bytes`` checks an existing file against its hash before trusting it, and rewrites
one that does not match.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import Snapshot
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


class SnapshotSync:
    """fsyncs written snapshot files, and their folders, in a background thread.

    ``wait`` returns once everything written so far is durable, and raises the first
    ``OSError`` an fsync met. Call it before committing rows that refer to the files.
    """

    def __init__(self) -> None:
        self._executor: ThreadPoolExecutor | None = None
        self._pending: list[Future[None]] = []
        self._folders: set[Path] = set()

    def add(self, path: Path) -> None:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix="snapshot-fsync")
        self._pending.append(self._executor.submit(_fsync_file_and_folder, path))
        self._folders.update((path.parent.parent, path.parent.parent.parent))

    def wait(self) -> None:
        pending, self._pending = self._pending, []
        folders, self._folders = self._folders, set()
        executor, self._executor = self._executor, None
        try:
            for future in pending:
                future.result()
            for folder in sorted(folders, reverse=True):  # new <aa> folders, then the root
                _fsync_path(folder, directory=True)
        finally:
            if executor is not None:
                executor.shutdown(wait=True)


def _fsync_path(path: Path, *, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file_and_folder(path: Path) -> None:
    _fsync_path(path)
    _fsync_path(path.parent, directory=True)  # the rename that put it there


def _intact(path: Path, digest: str, size: int) -> bool:
    """An existing file holds exactly the bytes its name promises."""
    try:
        if path.stat().st_size != size:
            return False
        return hashlib.sha256(path.read_bytes()).hexdigest() == digest
    except FileNotFoundError:
        return False


def write_bytes(root: Path, body: bytes, sync: SnapshotSync | None = None) -> tuple[str, Path]:
    """Store ``body`` under its sha256 (once); returns the hash and the file's path.

    Without ``sync`` the file is fsynced before it is renamed into place; with it, the
    fsync is left to ``sync`` (see the module's docstring).
    """
    digest = hashlib.sha256(body).hexdigest()
    path = snapshot_path(root, digest)
    if path.exists() and _intact(path, digest, len(body)):
        return digest, path
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
            if sync is None:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if sync is not None:
        sync.add(path)
    return digest, path


def store_snapshot(
    session: Session, root: Path, result: FetchResult, sync: SnapshotSync | None = None
) -> str:
    """Write the bytes, then record them (URL, headers, time); returns the sha256."""
    digest, path = write_bytes(root, result.body, sync)
    headers = {k: v for k, v in result.headers.items() if k.lower() in KEPT_HEADERS}
    session.execute(
        _insert_ignore(session.get_bind().dialect.name),
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
    )
    return digest


@functools.cache
def _insert_ignore(dialect: str) -> Any:
    """INSERT … ON CONFLICT (sha256) DO NOTHING, built once per dialect (as
    ``db.upsert.insert_ignore`` builds it, without its per-call statement and cache key)."""
    table: Any = Snapshot.__table__
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=["sha256"])
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=["sha256"])
    raise NotImplementedError(f"unsupported database dialect {dialect!r}")  # pragma: no cover


def read_snapshot(root: Path, sha256: str) -> bytes:
    """The archived bytes, checked against their hash (a changed file is an error)."""
    body = snapshot_path(root, sha256).read_bytes()
    if hashlib.sha256(body).hexdigest() != sha256:
        raise ValueError(f"snapshot {sha256} on disk does not match its hash")
    return body
