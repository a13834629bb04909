"""The audit trail: appended with the change, refused UPDATE/DELETE, tampering detected."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from db import audit
from db.engine import session_scope


def _append(factory: sessionmaker[Session], n: int) -> None:
    with session_scope(factory) as s:
        for i in range(n):
            audit.record(
                s,
                actor=f"user{i % 2}",
                action="test.event",
                subject_type="thing",
                subject_id=i,
                question_id="q1" if i % 2 else None,
                payload={"i": i, "note": "ünïcode ✓"},
            )


def _drop_guards(factory: sessionmaker[Session]) -> None:
    """What an attacker with DDL rights would do first."""
    with session_scope(factory) as s:
        if s.get_bind().dialect.name == "sqlite":
            s.execute(text("DROP TRIGGER audit_events_no_update"))
            s.execute(text("DROP TRIGGER audit_events_no_delete"))
        else:
            s.execute(text("DROP TRIGGER audit_events_append_only ON audit_events"))


def _tamper(factory: sessionmaker[Session], *statements: str) -> None:
    _drop_guards(factory)
    with session_scope(factory) as s:
        for stmt in statements:
            s.execute(text(stmt))


def _verify(factory: sessionmaker[Session]) -> audit.VerifyResult:
    with session_scope(factory) as s:
        return audit.verify(s)


def test_chain_verifies_and_links(session_factory: sessionmaker[Session]) -> None:
    _append(session_factory, 5)
    result = _verify(session_factory)
    assert result.ok and result.events == 5
    with session_scope(session_factory) as s:
        events = audit.events_for(s)
        assert [e.seq for e in events] == [1, 2, 3, 4, 5]
        assert events[0].prev_hash == audit.GENESIS_HASH
        assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
        assert [e.seq for e in audit.events_for(s, "q1")] == [2, 4]
        assert audit.event_dict(events[0])["payload"] == {"i": 0, "note": "ünïcode ✓"}


def test_event_is_rolled_back_with_its_transaction(session_factory: sessionmaker[Session]) -> None:
    _append(session_factory, 1)
    with pytest.raises(RuntimeError), session_scope(session_factory) as s:
        audit.record(s, actor="a", action="x", subject_type="t", subject_id=1)
        raise RuntimeError("the state change failed")
    assert _verify(session_factory).events == 1


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET actor = 'mallory' WHERE seq = 2",
        "DELETE FROM audit_events WHERE seq = 2",
    ],
)
def test_database_refuses_update_and_delete(
    session_factory: sessionmaker[Session], statement: str
) -> None:
    _append(session_factory, 3)
    with pytest.raises(DatabaseError, match="append-only"), session_scope(session_factory) as s:
        s.execute(text(statement))
    assert _verify(session_factory).ok


def test_edit_is_detected(session_factory: sessionmaker[Session]) -> None:
    _append(session_factory, 4)
    _tamper(session_factory, "UPDATE audit_events SET actor = 'mallory' WHERE seq = 3")
    result = _verify(session_factory)
    assert not result.ok and result.bad_seq == 3 and "edited" in (result.problem or "")


def test_deletion_is_detected(session_factory: sessionmaker[Session]) -> None:
    _append(session_factory, 4)
    _tamper(session_factory, "DELETE FROM audit_events WHERE seq = 2")
    result = _verify(session_factory)
    assert not result.ok and result.bad_seq == 3 and "deleted" in (result.problem or "")


def test_deleting_the_tail_is_caught_by_a_checkpoint(
    session_factory: sessionmaker[Session],
) -> None:
    _append(session_factory, 4)
    with session_scope(session_factory) as s:
        cp = audit.checkpoint(s)
    assert cp.events == 4
    _tamper(session_factory, "DELETE FROM audit_events WHERE seq = 4")
    assert _verify(session_factory).ok  # the shortened chain is self-consistent …
    with session_scope(session_factory) as s:
        result = audit.verify(s, against=cp)
    assert not result.ok and "fewer than the checkpoint" in (result.problem or "")


def test_checkpoint_still_extended(session_factory: sessionmaker[Session]) -> None:
    _append(session_factory, 2)
    with session_scope(session_factory) as s:
        cp = audit.checkpoint(s)
    _append(session_factory, 2)
    with session_scope(session_factory) as s:
        assert audit.verify(s, against=cp).ok
        forged = audit.Checkpoint(2, "f" * 64, cp.taken_at)
        assert not audit.verify(s, against=forged).ok


def test_insertion_is_detected(session_factory: sessionmaker[Session]) -> None:
    _append(session_factory, 3)
    # shift the tail up by one and slip a forged row in at seq 2
    _tamper(
        session_factory,
        "UPDATE audit_events SET seq = seq + 100 WHERE seq >= 2",
        "UPDATE audit_events SET seq = seq - 99 WHERE seq >= 102",
        "INSERT INTO audit_events (seq, occurred_at, actor, action, subject_type, subject_id, "
        "payload, prev_hash, hash) SELECT 2, occurred_at, 'mallory', 'forged', 't', '1', '{}', "
        "hash, 'deadbeef' FROM audit_events WHERE seq = 1",
    )
    result = _verify(session_factory)
    assert not result.ok and result.bad_seq == 2


def test_reordering_is_detected(session_factory: sessionmaker[Session]) -> None:
    _append(session_factory, 4)
    _tamper(
        session_factory,
        "UPDATE audit_events SET seq = 100 WHERE seq = 2",
        "UPDATE audit_events SET seq = 2 WHERE seq = 3",
        "UPDATE audit_events SET seq = 3 WHERE seq = 100",
    )
    result = _verify(session_factory)
    assert not result.ok and result.bad_seq == 2
