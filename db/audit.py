"""The audit trail: append-only, hash-chained events written with the state change.

Every state change calls :func:`record` inside the same session (and so the same
transaction) as the change itself: either both land or neither does. Each event's
``hash`` is ``sha256(prev_hash + canonical_json(fields))``; :func:`verify` walks the
chain and names the first event that was edited, deleted, inserted or reordered.

A chain alone cannot stop someone with write access from rewriting the whole tail;
``checkpoint`` prints the head (count, hash, time) to keep elsewhere, and
``verify(against=...)`` proves the log still extends it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from db.models import AuditEvent
from db.types import utcnow

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    """The one serialisation that is hashed: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _timestamp(value: datetime) -> str:
    return value.isoformat(timespec="microseconds")


def event_hash(
    *,
    seq: int,
    occurred_at: datetime,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str,
    question_id: str | None,
    payload: str,
    prev_hash: str,
) -> str:
    body = canonical_json(
        {
            "seq": seq,
            "occurred_at": _timestamp(occurred_at),
            "actor": actor,
            "action": action,
            "subject_type": subject_type,
            "subject_id": subject_id,
            "question_id": question_id,
            "payload": payload,
        }
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def _lock_head(session: Session) -> None:
    """Serialise appends so two writers cannot both take ``head + 1``.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: every transaction already
    begins IMMEDIATE (one writer at a time), see ``db.engine``.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext('resdesk.audit_events'))"))


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str | int,
    question_id: str | None = None,
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction and return it."""
    _lock_head(session)
    head = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq = (head.seq + 1) if head else 1
    prev_hash = head.hash if head else GENESIS_HASH
    occurred_at = utcnow()
    payload_json = canonical_json(payload or {})
    subject = str(subject_id)
    digest = event_hash(
        seq=seq,
        occurred_at=occurred_at,
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=subject,
        question_id=question_id,
        payload=payload_json,
        prev_hash=prev_hash,
    )
    event = AuditEvent(
        seq=seq,
        occurred_at=occurred_at,
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=subject,
        question_id=question_id,
        payload=payload_json,
        prev_hash=prev_hash,
        hash=digest,
    )
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    events: int
    head_hash: str
    problem: str | None = None
    bad_seq: int | None = None


@dataclass(frozen=True)
class Checkpoint:
    events: int
    head_hash: str
    taken_at: str

    def as_dict(self) -> dict[str, Any]:
        return {"events": self.events, "head_hash": self.head_hash, "taken_at": self.taken_at}


def verify(session: Session, *, against: Checkpoint | None = None) -> VerifyResult:
    """Walk the whole chain; the first broken link names the first bad event."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    count = 0
    rows = session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars()
    for ev in rows:
        problem = _check_event(ev, expected_seq, prev_hash)
        if problem:
            return VerifyResult(False, count, prev_hash, problem, ev.seq)
        if against is not None and ev.seq == against.events and ev.hash != against.head_hash:
            return VerifyResult(
                False, count, prev_hash, "event differs from the checkpoint's head", ev.seq
            )
        prev_hash = ev.hash
        expected_seq += 1
        count += 1
    if against is not None and count < against.events:
        return VerifyResult(
            False,
            count,
            prev_hash,
            f"log has {count} events, fewer than the checkpoint's {against.events}",
            count + 1,
        )
    return VerifyResult(True, count, prev_hash)


def _check_event(ev: AuditEvent, expected_seq: int, prev_hash: str) -> str | None:
    if ev.seq != expected_seq:
        if ev.seq > expected_seq:
            return f"event {expected_seq} is missing (next is {ev.seq}): a row was deleted"
        return f"unexpected sequence number {ev.seq}, expected {expected_seq}"
    if ev.prev_hash != prev_hash:
        return "prev_hash does not match the previous event: rows inserted, removed or reordered"
    recomputed = event_hash(
        seq=ev.seq,
        occurred_at=ev.occurred_at,
        actor=ev.actor,
        action=ev.action,
        subject_type=ev.subject_type,
        subject_id=ev.subject_id,
        question_id=ev.question_id,
        payload=ev.payload,
        prev_hash=ev.prev_hash,
    )
    if recomputed != ev.hash:
        return "content does not match its hash: the row was edited"
    return None


def checkpoint(session: Session) -> Checkpoint:
    count = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    head = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1))
    return Checkpoint(count, head or GENESIS_HASH, _timestamp(utcnow()))


def events_for(session: Session, question_id: str | None = None) -> list[AuditEvent]:
    stmt = select(AuditEvent).order_by(AuditEvent.seq)
    if question_id is not None:
        stmt = stmt.where(AuditEvent.question_id == question_id)
    return list(session.execute(stmt).scalars())


def event_dict(ev: AuditEvent) -> dict[str, Any]:
    return {
        "seq": ev.seq,
        "occurred_at": _timestamp(ev.occurred_at),
        "actor": ev.actor,
        "action": ev.action,
        "subject_type": ev.subject_type,
        "subject_id": ev.subject_id,
        "question_id": ev.question_id,
        "payload": json.loads(ev.payload),
        "prev_hash": ev.prev_hash,
        "hash": ev.hash,
    }
