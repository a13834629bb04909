"""The database side of a scrape: validators, snapshots, finding versions, health.

Implements :class:`scrapers.run.ScrapeStore`. Bytes are archived before the finding
that cites them is written. A page whose text changed becomes a new version of its
finding (``supersedes_id`` → the previous version, which is kept: an edited official
statement is itself evidence); a page whose only change is a "last updated" line is
not new evidence.

Snapshot files are written and renamed into place as each page is kept, and fsynced by a
few threads before the commit: a ``before_commit`` hook on the session waits for them,
so the transaction that commits a finding commits only after the bytes it cites are
durable (see ``scrapers.snapshots``).

Rows are written in batches. The fetch state of the URLs a scrape is about to visit is
read in one query per :data:`LOOKUP_CHUNK` URLs (``prefetch``), not one per URL; new
snapshot, finding and fetch-state rows wait in memory and go to the database as one
Core ``executemany`` per table every :data:`BATCH_ROWS` rows, and before the session
commits (``before_commit``), before any ORM statement runs on the session
(``do_orm_execute``: other code reading it sees every row), or on ``flush()``. Each
page's "is this text stored already, and which is this page's latest version?" question
is still answered exactly: the pending rows are consulted first, and a page whose
latest version is still pending writes the batch first so that version has its id.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table, bindparam, event, insert, or_, select, update
from sqlalchemy.orm import ORMExecuteState, Session

from db.models import FetchLog, FetchState, Finding, Source
from db.types import utcnow
from scrapers.canonical import canonical_url
from scrapers.registry import SourceEntry
from scrapers.run import SourceReport
from scrapers.snapshots import SnapshotSync, insert_ignore_snapshot, snapshot_row, write_bytes
from scrapers.store import FindingDraft, finding_row, text_sha256
from scrapers.types import FetchResult, ParsedItem

_BOILERPLATE_LINE = re.compile(
    r"^\s*(last (updated|modified|reviewed)|updated( on)?|page (generated|printed)|printed on|"
    r"retrieved( on)?|share this|print this page)\b.*$",
    re.IGNORECASE | re.MULTILINE,
)

#: Rows (fetch states and findings) kept in memory before they are written, one
#: statement per table.
BATCH_ROWS = 400
#: URLs per ``url IN (...)`` lookup (well below SQLite's bound-parameter limit).
LOOKUP_CHUNK = 500

_FINDINGS: Table = Finding.__table__  # type: ignore[assignment]
_STATES: Table = FetchState.__table__  # type: ignore[assignment]

# Built once: each statement's cache key is computed once, not for every page.
_SAME_TEXT_OR_PAGE = (
    select(_FINDINGS.c.id, _FINDINGS.c.text_sha256, _FINDINGS.c.canonical_url, _FINDINGS.c.text)
    .where(
        or_(
            _FINDINGS.c.text_sha256 == bindparam("digest"),
            _FINDINGS.c.canonical_url == bindparam("canon"),
        )
    )
    .order_by(_FINDINGS.c.id.desc())
)
_STATE_COLUMNS = (_STATES.c.url, _STATES.c.etag, _STATES.c.last_modified, _STATES.c.body_sha256)
_STATES_OF = select(*_STATE_COLUMNS).where(_STATES.c.url.in_(bindparam("urls", expanding=True)))
_INSERT_FINDINGS = insert(_FINDINGS)
_INSERT_STATES = insert(_STATES)
_UPDATE_STATES = (
    update(_STATES)
    .where(_STATES.c.url == bindparam("b_url"))
    .values(
        etag=bindparam("etag"),
        last_modified=bindparam("last_modified"),
        body_sha256=bindparam("body_sha256"),
        last_status=bindparam("last_status"),
        last_fetched_at=bindparam("last_fetched_at"),
    )
)


def evidence_fingerprint(text: str) -> str:
    """Hash of the statement itself: timestamp/footer lines and spacing do not count."""
    body = _BOILERPLATE_LINE.sub("", text)
    return hashlib.sha256(" ".join(body.split()).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _Seen:
    """A URL's fetch state as the database holds it (or will, once the batch is written)."""

    etag: str | None
    last_modified: str | None
    body_sha256: str | None


class DbScrapeStore:
    def __init__(
        self, session: Session, snapshot_root: Path, *, batch_rows: int = BATCH_ROWS
    ) -> None:
        self.session = session
        self.snapshot_root = snapshot_root
        self.batch_rows = max(1, batch_rows)
        self._sync = SnapshotSync()
        # What is known of each URL's fetch state (None: no row), read once per URL.
        self._states: dict[str, _Seen | None] = {}
        # Rows not written yet, in the order they must be: snapshots before findings.
        self._snapshot_rows: dict[str, dict[str, Any]] = {}
        self._finding_rows: list[dict[str, Any]] = []
        self._state_inserts: dict[str, dict[str, Any]] = {}
        self._state_updates: dict[str, dict[str, Any]] = {}
        self._pending_digests: set[str] = set()
        self._pending_canons: set[str] = set()
        self._rows = 0  # rows added since the last write
        self._writing = False
        event.listen(session, "before_commit", self._before_commit)
        event.listen(session, "after_rollback", self._after_rollback)
        event.listen(session, "do_orm_execute", self._before_orm_execute)

    # -- session hooks ------------------------------------------------------------------

    def _before_commit(self, session: Session) -> None:
        """Every pending row is written, and the snapshot files those rows cite are
        durable, before the transaction commits."""
        self.flush()
        self._sync.wait()
        self._states.clear()

    def _after_rollback(self, session: Session) -> None:
        self._discard_pending()  # rows added since the last commit are gone
        self._states.clear()

    def _before_orm_execute(self, state: ORMExecuteState) -> None:
        self.flush()  # whoever reads the session next sees the rows this store added

    def _discard_pending(self) -> None:
        self._snapshot_rows.clear()
        self._finding_rows.clear()
        self._state_inserts.clear()
        self._state_updates.clear()
        self._pending_digests.clear()
        self._pending_canons.clear()
        self._rows = 0

    # -- writing ------------------------------------------------------------------------

    def flush(self) -> None:
        """Write the pending rows now: one executemany per table."""
        if self._writing or not (
            self._snapshot_rows or self._finding_rows or self._state_inserts or self._state_updates
        ):
            return
        self._writing = True
        try:
            conn = self.session.connection()
            if self._snapshot_rows:
                dialect = conn.dialect.name
                conn.execute(insert_ignore_snapshot(dialect), list(self._snapshot_rows.values()))
            if self._finding_rows:
                conn.execute(_INSERT_FINDINGS, self._finding_rows)
            if self._state_inserts:
                conn.execute(_INSERT_STATES, list(self._state_inserts.values()))
            if self._state_updates:
                conn.execute(_UPDATE_STATES, list(self._state_updates.values()))
        finally:
            self._writing = False
        self._discard_pending()

    def _row_added(self) -> None:
        self._rows += 1
        if self._rows >= self.batch_rows:
            self.flush()

    # -- fetch state --------------------------------------------------------------------

    def prefetch(self, urls: list[str]) -> None:
        """Read the fetch state of ``urls`` in a few queries instead of one per URL."""
        todo = list(dict.fromkeys(u for u in urls if u not in self._states))
        conn = self.session.connection()
        for start in range(0, len(todo), LOOKUP_CHUNK):
            chunk = todo[start : start + LOOKUP_CHUNK]
            found = {
                row.url: _Seen(row.etag, row.last_modified, row.body_sha256)
                for row in conn.execute(_STATES_OF, {"urls": chunk})
            }
            for url in chunk:
                self._states[url] = found.get(url)

    def _state(self, url: str) -> _Seen | None:
        if url not in self._states:
            self.prefetch([url])
        return self._states[url]

    def validators(self, url: str) -> tuple[str | None, str | None, str | None]:
        row = self._state(url)
        if row is None:
            return None, None, None
        return row.etag, row.last_modified, row.body_sha256

    def remember(self, source: str, url: str, result: FetchResult) -> bool:
        body_sha = hashlib.sha256(result.body).hexdigest()
        row = self._state(url)
        same = row is not None and row.body_sha256 == body_sha
        seen = _Seen(result.headers.get("etag"), result.headers.get("last-modified"), body_sha)
        values = {
            "etag": seen.etag,
            "last_modified": seen.last_modified,
            "body_sha256": body_sha,
            "last_status": result.status,
            "last_fetched_at": result.fetched_at,
        }
        if url in self._state_inserts:  # not written yet: the INSERT takes the new values
            self._state_inserts[url].update(values)
        elif row is None:
            self._state_inserts[url] = {"url": url, "source": source, **values}
        else:
            self._state_updates[url] = {"b_url": url, **values}
        self._states[url] = seen
        self._row_added()
        return same

    # -- findings -----------------------------------------------------------------------

    def keep(self, source: SourceEntry, result: FetchResult, item: ParsedItem) -> str:
        digest = text_sha256(item.text)
        if digest in self._pending_digests:
            return "unchanged"  # stored by this batch already (from any URL)
        canon = canonical_url(item.url or result.final_url, source.tracking_params)
        if canon in self._pending_canons:
            self.flush()  # this page's latest version is pending: give it its id first
        # One query answers both questions: is this text stored already (from any URL),
        # and which is the latest version of this page (newest first)?
        rows = (
            self.session.connection()
            .execute(_SAME_TEXT_OR_PAGE, {"digest": digest, "canon": canon})
            .all()
        )
        if any(row.text_sha256 == digest for row in rows):
            return "unchanged"
        latest = next((row for row in rows if row.canonical_url == canon), None)
        if latest is not None and evidence_fingerprint(latest.text) == evidence_fingerprint(
            item.text
        ):
            return "unchanged"
        snapshot, path = write_bytes(self.snapshot_root, result.body, self._sync)
        self._snapshot_rows.setdefault(
            snapshot, snapshot_row(self.snapshot_root, result, snapshot, path)
        )
        self._finding_rows.append(
            finding_row(
                FindingDraft(
                    url=item.url or result.final_url,
                    source=source.name,
                    text=item.text,
                    title=item.title,
                    published_at=item.published_at,
                    language=item.language,
                    snapshot_sha256=snapshot,
                    withdrawn=item.withdrawn,
                    canonical_url=canon,
                    encoding=item.encoding,
                    supersedes_id=latest.id if latest is not None else None,
                ),
                digest,
            )
        )
        self._pending_digests.add(digest)
        self._pending_canons.add(canon)
        self._row_added()
        return "version" if latest is not None else "new"


def record_health(
    session: Session, entry: SourceEntry, report: SourceReport, now: datetime | None = None
) -> Source | None:
    """Update the source's health from one run and log the run as a row."""
    now = now or datetime.now(UTC)
    row = session.execute(select(Source).where(Source.name == entry.name)).scalar_one_or_none()
    session.add(
        FetchLog(
            source=entry.name,
            url=entry.url,
            at=utcnow(),
            outcome="failed" if report.error else "ok",
            error_kind=report.error_kind,
            message=report.error,
            findings_new=report.new + report.versions,
        )
    )
    if row is None:
        return None
    row.next_due_at = now + entry.interval
    if report.error:
        row.last_error_at = now
        row.last_error = report.error[:2000]
        row.consecutive_failures += 1
        row.status = "unhealthy"
        return row
    if report.listing_unchanged:
        row.last_success_at = now
        row.consecutive_failures = 0
        row.status = "healthy"
        return row
    if report.items_seen == 0 and (row.items_last_seen or 0) > 0:
        row.last_error_at = now
        row.last_error = (
            f"yielded no items (it had {row.items_last_seen}): the page may have changed shape"
        )
        row.consecutive_failures += 1
        row.status = "unhealthy"
        return row
    row.last_success_at = now
    row.consecutive_failures = 0
    row.items_last_seen = report.items_seen
    row.status = "healthy"
    return row
