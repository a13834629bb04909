"""The audit trail: append-only, hash-chained events written with the state change.

Every state change calls :func:`record` inside the same session (and so the same
transaction) as the change itself: either both land or neither does. Each event's
``hash`` is ``sha256(prev_hash + canonical_json(fields))``; :func:`verify` walks the
chain and names the first event that was edited, deleted, inserted or reordered.

A chain alone cannot stop someone with write access from rewriting the whole tail;
``checkpoint`` prints the head (count, hash, time) to keep elsewhere, and
``verify(against=...)`` proves the log still extends it.

Appends are serialised by the audit head lock (see :func:`_lock_head`), held until the
transaction ends. A session marked with :func:`defer_until_commit` queues its events
instead and appends them all just before it commits: the lock is then taken after the
transaction's other work (and its row locks and conflicts), so the serial section is
the head read, one insert and the commit, not the whole state change. On PostgreSQL
the lock and the chained insert are one round trip (:func:`_append_postgresql`). An
event's ``occurred_at`` is taken as it is appended, just before the lock: events of
writers that waited for each other can be milliseconds out of order in time, never in
``seq`` (which is commit order).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from sqlalchemy import event, exc, func, select, text
from sqlalchemy.orm import Session, SessionTransaction

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
    body = _body(
        seq=seq,
        occurred_at=occurred_at,
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        question_id=question_id,
        payload=payload,
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def _body(
    *,
    seq: int,
    occurred_at: datetime,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str,
    question_id: str | None,
    payload: str,
) -> str:
    return canonical_json(
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


def _lock_head(session: Session) -> None:
    """Serialise appends so two writers cannot both take ``head + 1``.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: every transaction already
    begins IMMEDIATE (one writer at a time), see ``db.engine``.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(_PG_LOCK))


#: session.info keys: the deferral flag and the events waiting for the commit
_DEFER = "resdesk.audit.defer"
_PENDING = "resdesk.audit.pending"


def defer_until_commit(session: Session) -> None:
    """Queue this session's events and append them right before it commits.

    The events still land in the same transaction as the change, in the order they were
    recorded, and roll back with it. :func:`record` then returns the event before it has
    its ``seq`` and hashes (they are set when it is appended).
    """
    session.info[_DEFER] = True


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
    """Append one event in the caller's transaction and return it (deferred to the
    commit for a session marked with :func:`defer_until_commit`)."""
    event_ = AuditEvent(
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        question_id=question_id,
        payload=canonical_json(payload or {}),
    )
    if session.info.get(_DEFER) and not session.in_nested_transaction():
        # (inside a savepoint the event is appended at once, to roll back with it)
        if not session.in_transaction():
            session.begin()  # no SQL yet; its end (commit or rollback) settles the queue
        session.info.setdefault(_PENDING, []).append(event_)
        return event_
    _append(session, [event_])
    return event_


#: Chains the events onto the head and inserts them, in one statement. The event bodies
#: come from Python (:func:`_body_around_seq`: the canonical JSON before and after the
#: seq), so the database only concatenates and hashes: ``sha256(prev_hash || before ||
#: seq || after)`` as UTF-8, the same bytes :func:`event_hash` hashes. Run after taking
#: the head lock, as its own statement: under READ COMMITTED it then reads the head as
#: the last writer committed it.
_PG_APPEND = """
WITH RECURSIVE
  head AS (SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1),
  ev AS (
    SELECT * FROM unnest(
        %(actor)s::text[], %(action)s::text[], %(subject_type)s::text[],
        %(subject_id)s::text[], %(question_id)s::text[], %(payload)s::text[],
        %(before)s::text[], %(after)s::text[]
      ) WITH ORDINALITY
      AS e(actor, action, subject_type, subject_id, question_id, payload, before, after, i)
  ),
  chain(i, seq, prev_hash, hash) AS (
    SELECT 0::bigint, coalesce((SELECT seq FROM head), 0), NULL::text,
           coalesce((SELECT hash FROM head), %(genesis)s::text)
    UNION ALL
    SELECT c.i + 1, c.seq + 1, c.hash,
           encode(sha256(convert_to(c.hash || e.before || (c.seq + 1)::text || e.after,
                                    'UTF8')), 'hex')
    FROM chain c JOIN ev e ON e.i = c.i + 1
  )
INSERT INTO audit_events (seq, occurred_at, actor, action, subject_type, subject_id,
                          question_id, payload, prev_hash, hash)
SELECT c.seq, %(occurred_at)s, e.actor, e.action, e.subject_type, e.subject_id,
       e.question_id, e.payload, c.prev_hash, c.hash
FROM chain c JOIN ev e ON e.i = c.i
ORDER BY c.i
RETURNING seq, prev_hash, hash
"""
_PG_LOCK = "SELECT pg_advisory_xact_lock(hashtext('resdesk.audit_events'))"
_SEQ_MARK = -1


def _body_around_seq(ev: AuditEvent, occurred_at: datetime) -> tuple[str, str]:
    """The event's canonical JSON body split around its seq: ``before + str(seq) +
    after`` is the body :func:`event_hash` hashes. (``"seq":-1`` can only be the key:
    inside a JSON string every quote is escaped.)"""
    body = _body(
        seq=_SEQ_MARK,
        occurred_at=occurred_at,
        actor=ev.actor,
        action=ev.action,
        subject_type=ev.subject_type,
        subject_id=ev.subject_id,
        question_id=ev.question_id,
        payload=ev.payload,
    )
    before, sep, after = body.partition(f'"seq":{_SEQ_MARK}')
    assert sep, "the body names its seq"
    return before + '"seq":', after


def _append(session: Session, events: list[AuditEvent], *, commit: bool = False) -> None:
    """Chain ``events`` onto the head, under the head lock (held until commit). With
    ``commit`` (only from the commit hook) PostgreSQL commits in the same round trip."""
    if session.get_bind().dialect.name == "postgresql":
        _append_postgresql(session, events, commit=commit)
        return
    _lock_head(session)
    head = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq = head.seq if head else 0
    prev_hash = head.hash if head else GENESIS_HASH
    occurred_at = utcnow()
    for ev in events:
        seq += 1
        ev.seq = seq
        ev.occurred_at = occurred_at
        ev.prev_hash = prev_hash
        ev.hash = prev_hash = event_hash(
            seq=seq,
            occurred_at=occurred_at,
            actor=ev.actor,
            action=ev.action,
            subject_type=ev.subject_type,
            subject_id=ev.subject_id,
            question_id=ev.question_id,
            payload=ev.payload,
            prev_hash=ev.prev_hash,
        )
    session.add_all(events)
    session.flush()


def _append_postgresql(session: Session, events: list[AuditEvent], *, commit: bool) -> None:
    """The lock and the chained insert in one round trip (a pipeline of two statements):
    the head lock, which every writer waits for, is held for this round trip and the
    commit only.

    With ``commit`` (the commit hook of a top-level transaction), the COMMIT goes out in
    the same pipeline: the lock is then held by the server alone, from the append to the
    end of the commit, and never while this process waits for its turn on the CPU or
    for the GIL between the append and the COMMIT (with 20 writers, 8 backends on
    average were waiting for the lock held by such a transaction). The transaction is
    then committed when this returns; SQLAlchemy's own COMMIT that follows finds the
    connection idle and psycopg skips it."""
    occurred_at = utcnow()
    parts = [_body_around_seq(ev, occurred_at) for ev in events]
    params = {
        "actor": [ev.actor for ev in events],
        "action": [ev.action for ev in events],
        "subject_type": [ev.subject_type for ev in events],
        "subject_id": [ev.subject_id for ev in events],
        "question_id": [ev.question_id for ev in events],
        "payload": [ev.payload for ev in events],
        "before": [b for b, _ in parts],
        "after": [a for _, a in parts],
        "genesis": GENESIS_HASH,
        "occurred_at": occurred_at,
    }
    session.flush()
    raw = session.connection().connection.driver_connection
    assert raw is not None
    try:
        with raw.pipeline():
            raw.execute(_PG_LOCK)
            cur = raw.execute(_PG_APPEND, params)
            if commit:
                raw.execute("COMMIT")
        rows = sorted(cur.fetchall())
    except psycopg.Error as error:  # as SQLAlchemy would raise it (OperationalError, ...)
        raise exc.DBAPIError.instance(
            _PG_APPEND, None, error, psycopg.Error, dialect=session.get_bind().dialect
        ) from error
    if len(rows) != len(events):
        raise RuntimeError(f"appended {len(rows)} audit events of {len(events)}")
    for ev, (seq, prev_hash, digest) in zip(events, rows, strict=True):
        ev.seq, ev.occurred_at, ev.prev_hash, ev.hash = seq, occurred_at, prev_hash, digest


def write_pending(session: Session, *, commit: bool = False) -> None:
    """Append the session's queued events now (a no-op when none are queued). With
    ``commit``, the commit hook's call: see :func:`_before_commit`."""
    pending: list[AuditEvent] | None = session.info.pop(_PENDING, None)
    if pending:
        session.flush()  # the change first: its row locks and conflicts before the head lock
        _append(session, pending, commit=commit)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    # Commit together with the append only when nothing else can still happen in this
    # transaction: a top-level commit (committing a savepoint fires this hook too), and
    # no other before_commit hook on this session (class-level hooks like this one run
    # before a session's own, e.g. the scrapers' store, which writes rows in its hook).
    last = not session.in_nested_transaction() and list(session.dispatch.before_commit) == [
        _before_commit
    ]
    write_pending(session, commit=last)


@event.listens_for(Session, "after_transaction_end")
def _after_transaction(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None and session.info.get(_PENDING):
        del session.info[_PENDING]  # rolled back (or closed) with the change they record


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
    write_pending(session)
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
    write_pending(session)
    count = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    head = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1))
    return Checkpoint(count, head or GENESIS_HASH, _timestamp(utcnow()))


def events_for(session: Session, question_id: str | None = None) -> list[AuditEvent]:
    write_pending(session)
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
