"""The audit log's appends: deferred to the commit in the review app's transactions,
one chain under concurrency, and on PostgreSQL chained by the database in one round
trip (the hashes must still be the ones ``db.audit.verify`` recomputes in Python)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from db import audit
from db.engine import session_scope
from db.models import AuditEvent

#: Text that JSON escapes in every way it can: quotes, backslashes, control characters,
#: line separators, characters beyond the BMP, and a decoy of the seq key itself.
AWKWARD = 'say "hi"\\n \\ \t\n\r\x01\x1f \u2028\u2029 ünïcode ✓ 🦜 "seq":-1, "seq":7}'


def _count(factory: sessionmaker[Session]) -> int:
    with session_scope(factory) as s:
        return int(s.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def _record(s: Session, i: int, **extra: object) -> AuditEvent:
    return audit.record(
        s,
        actor=f'actor "{i}" {AWKWARD}',
        action="test.event",
        subject_type="thing",
        subject_id=i,
        question_id=None if i % 2 else f"q{i} {AWKWARD}",
        payload={"i": i, "text": AWKWARD, **extra},
    )


def test_deferred_events_land_at_commit_in_order_and_verify(
    session_factory: sessionmaker[Session],
) -> None:
    with session_scope(session_factory) as s:
        audit.defer_until_commit(s)
        events = [_record(s, i) for i in range(4)]
        assert all(ev.seq is None for ev in events)  # queued, not yet appended
        assert _count(session_factory) == 0
    assert [ev.seq for ev in events] == [1, 2, 3, 4]
    with session_scope(session_factory) as s:
        stored = audit.events_for(s)
        assert [e.hash for e in stored] == [ev.hash for ev in events]
        assert [audit.event_dict(e)["payload"]["i"] for e in stored] == [0, 1, 2, 3]
        assert stored[0].prev_hash == audit.GENESIS_HASH
        assert audit.event_dict(stored[1])["payload"]["text"] == AWKWARD
        assert stored[0].actor == f'actor "0" {AWKWARD}'
        assert audit.verify(s).ok


def test_deferred_events_roll_back_with_their_change(
    session_factory: sessionmaker[Session],
) -> None:
    with pytest.raises(RuntimeError), session_scope(session_factory) as s:
        audit.defer_until_commit(s)
        _record(s, 1)
        raise RuntimeError("the change failed")
    assert _count(session_factory) == 0
    # the refusal pattern (users.deny): roll back, record the refusal, commit it alone
    with session_scope(session_factory) as s:
        audit.defer_until_commit(s)
        _record(s, 2)
        s.rollback()
        _record(s, 3)
        s.commit()
    with session_scope(session_factory) as s:
        assert [audit.event_dict(e)["payload"]["i"] for e in audit.events_for(s)] == [3]
        assert audit.verify(s).ok


def test_an_event_inside_a_savepoint_rolls_back_with_it(
    session_factory: sessionmaker[Session],
) -> None:
    with session_scope(session_factory) as s:
        audit.defer_until_commit(s)
        _record(s, 1)
        nested = s.begin_nested()
        _record(s, 2)
        nested.rollback()
        _record(s, 3)
    with session_scope(session_factory) as s:
        assert [audit.event_dict(e)["payload"]["i"] for e in audit.events_for(s)] == [1, 3]
        assert audit.verify(s).ok


@pytest.mark.parametrize("deferred", [True, False])
def test_concurrent_appends_make_one_unbroken_chain(
    session_factory: sessionmaker[Session], deferred: bool
) -> None:
    threads, per_thread = 6, 5
    barrier = threading.Barrier(threads)

    def work(t: int) -> None:
        barrier.wait()
        for k in range(per_thread):
            with session_scope(session_factory) as s:
                if deferred:
                    audit.defer_until_commit(s)
                for j in range(3):
                    _record(s, 100 * t + 10 * k + j)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(work, range(threads)))
    with session_scope(session_factory) as s:
        events = audit.events_for(s)
        assert [e.seq for e in events] == list(range(1, threads * per_thread * 3 + 1))
        # each transaction's three events are contiguous: appended under one lock
        for first in range(0, len(events), 3):
            ids = [audit.event_dict(e)["payload"]["i"] for e in events[first : first + 3]]
            assert ids == [ids[0], ids[0] + 1, ids[0] + 2]
        assert audit.verify(s).ok


def _postgresql(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as s:
        if s.get_bind().dialect.name != "postgresql":
            pytest.skip("the head lock is PostgreSQL's (SQLite has one writer at a time)")


def _append_with_lock_timeout(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as s:
        s.execute(text("SET LOCAL lock_timeout = '300ms'"))
        _record(s, 99)


def test_a_deferring_writer_does_not_hold_the_head_lock_before_its_commit(
    session_factory: sessionmaker[Session],
) -> None:
    _postgresql(session_factory)
    with session_scope(session_factory) as slow:
        audit.defer_until_commit(slow)
        slow.execute(text("SELECT 1"))  # a transaction is open
        _record(slow, 1)
        # meanwhile another writer appends and commits without waiting for this one
        _append_with_lock_timeout(session_factory)
        assert _count(session_factory) == 1
    with session_scope(session_factory) as s:
        events = audit.events_for(s)
        assert [audit.event_dict(e)["payload"]["i"] for e in events] == [99, 1]  # commit order
        assert audit.verify(s).ok


def test_a_writer_that_appends_at_once_holds_the_head_lock_until_commit(
    session_factory: sessionmaker[Session],
) -> None:
    _postgresql(session_factory)
    with session_scope(session_factory) as holder:
        _record(holder, 1)  # not deferred: the lock is taken now
        with pytest.raises(OperationalError, match="lock timeout"):
            _append_with_lock_timeout(session_factory)
    assert _count(session_factory) == 1


def test_committing_a_savepoint_does_not_commit_the_transaction(
    session_factory: sessionmaker[Session],
) -> None:
    """The commit hook commits together with the append only at the top level: a
    savepoint's commit appends the queued events but leaves the transaction open, so
    they still roll back with it."""
    with pytest.raises(RuntimeError), session_scope(session_factory) as s:
        audit.defer_until_commit(s)
        _record(s, 1)
        nested = s.begin_nested()
        _record(s, 2)
        nested.commit()
        assert s.in_transaction()
        raise RuntimeError("the change failed after its savepoint")
    assert _count(session_factory) == 0


def test_a_deferred_commit_leaves_the_connection_clean(
    session_factory: sessionmaker[Session],
) -> None:
    """On PostgreSQL the append, the lock and the COMMIT go out as one pipeline; the
    session's own commit then finds nothing to do, and the next transaction on the
    pooled connection starts afresh."""
    for i in range(3):
        with session_scope(session_factory) as s:
            audit.defer_until_commit(s)
            _record(s, i)
            s.execute(text("SELECT 1"))
        with session_scope(session_factory) as s:
            assert _count(session_factory) == i + 1
            s.execute(text("SELECT 1"))
    with session_scope(session_factory) as s:
        assert audit.verify(s).ok


def test_another_commit_hook_still_writes_in_the_same_transaction(
    session_factory: sessionmaker[Session],
) -> None:
    """With another before_commit hook on the session (it runs after the audit's), the
    append does not commit early: what that hook writes commits with the events, and a
    failure in it rolls the events back too."""
    from sqlalchemy import event

    def failing_hook(s: Session) -> None:
        s.execute(text("SELECT 1"))
        raise RuntimeError("a later hook failed")

    with pytest.raises(RuntimeError), session_scope(session_factory) as s:
        audit.defer_until_commit(s)
        event.listen(s, "before_commit", failing_hook)
        _record(s, 1)
    assert _count(session_factory) == 0
