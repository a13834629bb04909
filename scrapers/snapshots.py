"""Content-addressed snapshots: the raw bytes of every response that produced a finding.

Bytes are written to ``<root>/<aa>/<bb>/<sha256>`` (atomically: a temporary file then a
rename) *before* the row that a finding will refer to, so a citation always points at
exactly what was seen, even after the publisher edits or deletes the page.

Durability. ``write_bytes`` alone fsyncs each file before renaming it into place. A scrape
passes a :class:`SnapshotSync` instead: the file is written and renamed at once (so it is
on the filesystem before its row is inserted), and the fsyncs of the files and their
folders are made by a few threads before the transaction commits: ``DbScrapeStore`` waits
for every fsync in its ``before_commit`` hook (a failed fsync fails the commit). So a
*committed* finding's bytes are always durable, without the scrape's event loop waiting
on the disk for every page. If
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
    """fsyncs written snapshot files, and their folders, before the commit that cites them.

    The fsyncs are made by :data:`FSYNC_THREADS` threads at once, when ``wait`` is called
    (before the commit), or in the background as soon as :data:`FSYNC_BATCH` files wait.
    Measured on ext4 (2,000 files of 12 KB): fsyncs running beside the scrape made its
    own file creations cost about twice the CPU (they wait on the journal commits), and
    concurrent fsyncs share journal commits, so four threads sync a batch 3-4x faster
    than one. ``wait`` returns once everything written so far is durable, and raises the
    first ``OSError`` an fsync met. Call it before committing rows that refer to the
    files. (Writing the files in a thread too was measured slower: its Python work
    contends with the event loop for the GIL.)
    """

    def __init__(self) -> None:
        self._executor: ThreadPoolExecutor | None = None
        self._pending: list[Future[None]] = []
        self._unsent: list[Path] = []
        self._folders: set[Path] = set()

    def add(self, path: Path) -> None:
        self._unsent.append(path)
        self._folders.update((path.parent.parent, path.parent.parent.parent))
        if len(self._unsent) >= FSYNC_BATCH:
            self._send()

    def _submit(self, fn: Any, *args: Any) -> None:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(FSYNC_THREADS, thread_name_prefix="snapshot-fsync")
        self._pending.append(self._executor.submit(fn, *args))

    def _send(self) -> None:
        paths, self._unsent = self._unsent, []
        for start in range(min(FSYNC_THREADS, len(paths))):
            self._submit(_fsync_files_and_folders, paths[start::FSYNC_THREADS])

    def wait(self) -> None:
        self._send()
        folders, self._folders = sorted(self._folders, reverse=True), set()
        try:
            self._wait_pending()
            for start in range(min(FSYNC_THREADS, len(folders))):  # new <aa> folders, the root
                self._submit(_fsync_folders, folders[start::FSYNC_THREADS])
            self._wait_pending()
        finally:
            executor, self._executor, self._pending = self._executor, None, []
            if executor is not None:
                executor.shutdown(wait=True)

    def _wait_pending(self) -> None:
        pending, self._pending = self._pending, []
        for future in pending:
            future.result()


#: Files that may wait for their fsync before it is started in the background.
FSYNC_BATCH = 4096
#: Threads making the fsyncs.
FSYNC_THREADS = 4


def _fsync_path(path: Path, *, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_files_and_folders(paths: list[Path]) -> None:
    for path in paths:
        _fsync_path(path)
    _fsync_folders(list(dict.fromkeys(path.parent for path in paths)))  # their renames


def _fsync_folders(folders: list[Path]) -> None:
    for folder in folders:
        _fsync_path(folder, directory=True)


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
    _write_file(path, body, fsync=sync is None)
    if sync is not None:
        sync.add(path)
    return digest, path


def _write_file(path: Path, body: bytes, *, fsync: bool) -> None:
    """``body`` into a temporary file beside ``path``, then renamed to it (atomically)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def store_snapshot(
    session: Session, root: Path, result: FetchResult, sync: SnapshotSync | None = None
) -> str:
    """Write the bytes, then record them (URL, headers, time); returns the sha256."""
    digest, path = write_bytes(root, result.body, sync)
    session.execute(
        insert_ignore_snapshot(session.get_bind().dialect.name),
        snapshot_row(root, result, digest, path),
    )
    return digest


def snapshot_row(root: Path, result: FetchResult, digest: str, path: Path) -> dict[str, Any]:
    """The ``snapshots`` row for ``result``'s bytes, written by ``write_bytes`` to ``path``."""
    return {
        "sha256": digest,
        "url": result.final_url,
        "fetched_at": result.fetched_at,
        "status_code": result.status,
        "content_type": result.content_type or None,
        "headers": {k: v for k, v in result.headers.items() if k.lower() in KEPT_HEADERS},
        "size": len(result.body),
        "path": str(path.relative_to(root)),
    }


@functools.cache
def insert_ignore_snapshot(dialect: str) -> Any:
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
