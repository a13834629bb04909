"""Review decisions and disputes: the state they leave and the audit event they write."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import audit
from db.engine import session_scope
from db.models import AuditEvent, Proposal, Question, Resolution
from review import service
from review.errors import Conflict, Forbidden, InvalidInput, NotFound
from tests.dbfixtures import add_users, pending_proposal


@pytest.fixture
def pid(session_factory: sessionmaker[Session]) -> int:
    add_users(session_factory, alice="reviewer", bob="reviewer", vera="viewer")
    return pending_proposal(session_factory)


def _last_event(s: Session) -> AuditEvent:
    return s.execute(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()


def test_approve_resolves_the_question(session_factory: sessionmaker[Session], pid: int) -> None:
    with session_scope(session_factory) as s:
        service.approve(s, pid, actor="alice", note="checked the statement")
    with session_scope(session_factory) as s:
        p = s.get(Proposal, pid)
        assert p is not None and p.status == "approved" and p.decided_at is not None
        q = s.get(Question, p.question_id)
        assert q is not None and q.status == "resolved"
        res = s.execute(select(Resolution)).scalar_one()
        assert (res.outcome_id, res.resolved_by) == (p.outcome_id, "alice")
        events = [(e.action, e.actor) for e in audit.events_for(s, p.question_id)][-2:]
        assert events == [("proposal.approved", "alice"), ("question.resolved", "alice")]
        assert audit.verify(s).ok


def test_reject_leaves_the_question_open(session_factory: sessionmaker[Session], pid: int) -> None:
    with session_scope(session_factory) as s:
        service.reject(s, pid, actor="bob", note="wrong crossing")
    with session_scope(session_factory) as s:
        p = s.get(Proposal, pid)
        assert p is not None and p.status == "rejected"
        assert s.get(Question, p.question_id).status == "open"  # type: ignore[union-attr]
        ev = _last_event(s)
        assert (ev.action, ev.actor) == ("proposal.rejected", "bob")


def test_deciding_twice_is_a_conflict(session_factory: sessionmaker[Session], pid: int) -> None:
    with session_scope(session_factory) as s:
        service.approve(s, pid, actor="alice")
    with pytest.raises(Conflict, match="already approved"), session_scope(session_factory) as s:
        service.reject(s, pid, actor="bob")


def test_viewer_cannot_approve(session_factory: sessionmaker[Session], pid: int) -> None:
    with pytest.raises(Forbidden, match="viewer"), session_scope(session_factory) as s:
        service.approve(s, pid, actor="vera")


def test_unknown_user_and_proposal(session_factory: sessionmaker[Session], pid: int) -> None:
    with pytest.raises(NotFound, match="unknown user"), session_scope(session_factory) as s:
        service.approve(s, pid, actor="nobody")
    with pytest.raises(NotFound, match="no proposal"), session_scope(session_factory) as s:
        service.approve(s, 9999, actor="alice")


def test_amend_then_another_reviewer_approves(
    session_factory: sessionmaker[Session], pid: int
) -> None:
    with session_scope(session_factory) as s:
        new = service.amend(s, pid, actor="alice", outcome="Transferred to a third country")
        new_id = new.id
        assert new.citations and new.outcome.label == "Transferred to a third country"
    with session_scope(session_factory) as s:
        assert s.get(Proposal, pid).status == "superseded"  # type: ignore[union-attr]
        assert _last_event(s).action == "proposal.amended"
    with pytest.raises(Forbidden, match="amended"), session_scope(session_factory) as s:
        service.approve(s, new_id, actor="alice")
    with session_scope(session_factory) as s:
        assert service.approve(s, new_id, actor="bob").status == "approved"


def test_amend_to_an_outcome_the_question_lacks(
    session_factory: sessionmaker[Session], pid: int
) -> None:
    with (
        pytest.raises(InvalidInput, match="no outcome 'Granted asylum in Turkey'"),
        session_scope(session_factory) as s,
    ):
        service.amend(s, pid, actor="alice", outcome="Granted asylum in Turkey")


def test_dispute_keeps_the_earlier_resolution(
    session_factory: sessionmaker[Session], pid: int
) -> None:
    with session_scope(session_factory) as s:
        qid = service.approve(s, pid, actor="alice").question_id
    with session_scope(session_factory) as s:
        d = service.open_dispute(
            s,
            qid,
            actor="vera",
            reason="A later report says otherwise",
            evidence_url="https://un.example/report",
        )
        assert d.resolution_id is not None
    with session_scope(session_factory) as s:
        assert s.get(Question, qid).status == "disputed"  # type: ignore[union-attr]
        res = s.execute(select(Resolution)).scalar_one()
        assert res.superseded_at is None and res.resolved_by == "alice"
        ev = _last_event(s)
        assert (ev.action, ev.actor, ev.question_id) == ("dispute.opened", "vera", qid)


def test_dispute_on_an_open_question_is_refused(
    session_factory: sessionmaker[Session], pid: int
) -> None:
    with session_scope(session_factory) as s:
        qid = s.get(Proposal, pid).question_id  # type: ignore[union-attr]
    with pytest.raises(Conflict, match="is proposed"), session_scope(session_factory) as s:
        service.open_dispute(s, qid, actor="vera", reason="too early")


def test_oversized_note_is_refused_and_nothing_changes(
    session_factory: sessionmaker[Session], pid: int
) -> None:
    with pytest.raises(InvalidInput, match="limit"), session_scope(session_factory) as s:
        service.approve(s, pid, actor="alice", note="x" * 10_000_001)
    with session_scope(session_factory) as s:
        assert s.get(Proposal, pid).status == "pending"  # type: ignore[union-attr]
