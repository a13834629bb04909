"""The database side of a scrape: validators, snapshots, finding versions, health.

Implements :class:`scrapers.run.ScrapeStore`. Bytes are archived before the finding
that cites them is written. A page whose text changed becomes a new version of its
finding (``supersedes_id`` → the previous version, which is kept: an edited official
statement is itself evidence); a page whose only change is a "last updated" line is
not new evidence.

Snapshot files are fsynced in the background while the scrape goes on; a ``before_commit``
hook on the session waits for them, so the transaction that commits a finding commits
only after the bytes it cites are durable (see ``scrapers.snapshots``).
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import bindparam, event, or_, select
from sqlalchemy.orm import Session

from db.models import FetchLog, FetchState, Finding, Source
from db.types import utcnow
from scrapers.canonical import canonical_url
from scrapers.registry import SourceEntry
from scrapers.run import SourceReport
from scrapers.snapshots import SnapshotSync, store_snapshot
from scrapers.store import FindingDraft, store_finding, text_sha256
from scrapers.types import FetchResult, ParsedItem

_BOILERPLATE_LINE = re.compile(
    r"^\s*(last (updated|modified|reviewed)|updated( on)?|page (generated|printed)|printed on|"
    r"retrieved( on)?|share this|print this page)\b.*$",
    re.IGNORECASE | re.MULTILINE,
)


# Built once: the statement's cache key is computed once, not for every page.
_SAME_TEXT_OR_PAGE = (
    select(Finding.id, Finding.text_sha256, Finding.canonical_url, Finding.text)
    .where(
        or_(
            Finding.text_sha256 == bindparam("digest"),
            Finding.canonical_url == bindparam("canon"),
        )
    )
    .order_by(Finding.id.desc())
)


def evidence_fingerprint(text: str) -> str:
    """Hash of the statement itself: timestamp/footer lines and spacing do not count."""
    body = _BOILERPLATE_LINE.sub("", text)
    return hashlib.sha256(" ".join(body.split()).encode("utf-8")).hexdigest()


class DbScrapeStore:
    def __init__(self, session: Session, snapshot_root: Path) -> None:
        self.session = session
        self.snapshot_root = snapshot_root
        self._sync = SnapshotSync()
        # FetchState rows (None: no row) looked up by ``validators``, for ``remember``:
        # the session's identity map keeps found rows, but asks again for a missing one.
        self._states: dict[str, FetchState | None] = {}
        event.listen(session, "before_commit", self._before_commit)
        event.listen(session, "after_rollback", self._after_rollback)

    def _before_commit(self, session: Session) -> None:
        """The snapshot files this store wrote are durable before any finding commits."""
        self._sync.wait()
        self._states.clear()

    def _after_rollback(self, session: Session) -> None:
        self._states.clear()  # rows added since the last commit are gone

    def _state(self, url: str) -> FetchState | None:
        if url in self._states:
            return self._states[url]
        row = self._states[url] = self.session.get(FetchState, url)
        return row

    def validators(self, url: str) -> tuple[str | None, str | None, str | None]:
        row = self._state(url)
        if row is None:
            return None, None, None
        return row.etag, row.last_modified, row.body_sha256

    def remember(self, source: str, url: str, result: FetchResult) -> bool:
        body_sha = hashlib.sha256(result.body).hexdigest()
        row = self._state(url)
        same = row is not None and row.body_sha256 == body_sha
        if row is None:
            row = self._states[url] = FetchState(url=url, source=source)
            self.session.add(row)
        row.etag = result.headers.get("etag")
        row.last_modified = result.headers.get("last-modified")
        row.body_sha256 = body_sha
        row.last_status = result.status
        row.last_fetched_at = result.fetched_at
        self.session.flush()
        return same

    def keep(self, source: SourceEntry, result: FetchResult, item: ParsedItem) -> str:
        digest = text_sha256(item.text)
        canon = canonical_url(item.url or result.final_url, source.tracking_params)
        # One query answers both questions: is this text stored already (from any URL),
        # and which is the latest version of this page (newest first)?
        rows = self.session.execute(_SAME_TEXT_OR_PAGE, {"digest": digest, "canon": canon}).all()
        if any(row.text_sha256 == digest for row in rows):
            return "unchanged"
        latest = next((row for row in rows if row.canonical_url == canon), None)
        if latest is not None and evidence_fingerprint(latest.text) == evidence_fingerprint(
            item.text
        ):
            return "unchanged"
        snapshot = store_snapshot(self.session, self.snapshot_root, result, self._sync)
        store_finding(
            self.session,
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
            known_new=True,  # the query above found no finding with this text
        )
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
