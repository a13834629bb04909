"""Review decisions and disputes: the state they leave and the audit event they write."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import audit
from db.engine import session_scope
from db.models import AuditEvent, Proposal, Question, Resolution
from db.types import utcnow
from review import service
from review.errors import Conflict, Forbidden, InvalidInput, NotFound
from tests.dbfixtures import add_users, pending_proposal
from tests.review.factories import settings


@pytest.fixture
def pid(session_factory: sessionmaker[Session]) -> int:
    add_users(session_factory, alice="reviewer", bob="reviewer", vera="viewer")
    return pending_proposal(session_factory)


def _last_event(s: Session) -> AuditEvent:
    return s.execute(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()


def test_approve_resolves_the_question(session_factory: sessionmaker[Session], pid: int) -> None:
    with session_scope(session_factory) as s:
        service.approve(s, pid, actor="alice", note="checked the statement", settings=settings())
    with session_scope(session_factory) as s:
        p = s.get(Proposal, pid)
        assert p is not None and p.status == "approved" and p.decided_at is not None
        q = s.get(Question, p.question_id)
        assert q is not None and q.status == "resolved"
        res = s.execute(select(Resolution)).scalar_one()
        assert (res.outcome_id, res.resolved_by) == (p.outcome_id, "alice")
        assert res.final_at == res.resolved_at  # default window 0: final at once
        events = [(e.action, e.actor) for e in audit.events_for(s, p.question_id)][-2:]
        assert events == [("proposal.approved", "alice"), ("question.resolved", "alice")]
        assert audit.verify(s).ok


def test_challenge_window_sets_final_at(session_factory: sessionmaker[Session], pid: int) -> None:
    with session_scope(session_factory) as s:
        service.approve(s, pid, actor="alice", settings=settings(challenge_window_seconds=3600))
    with session_scope(session_factory) as s:
        res = s.execute(select(Resolution)).scalar_one()
        assert res.final_at is not None
        assert res.final_at - res.resolved_at == timedelta(hours=1)
        payload = json.loads(_last_event(s).payload)
        assert payload["final_at"] == res.final_at.isoformat()


def test_reject_leaves_the_question_open(session_factory: sessionmaker[Session], pid: int) -> None:
    with session_scope(session_factory) as s:
        service.reject(s, pid, actor="bob", note="wrong crossing", settings=settings())
    with session_scope(session_factory) as s:
        p = s.get(Proposal, pid)
        assert p is not None and p.status == "rejected"
        assert s.get(Question, p.question_id).status == "open"  # type: ignore[union-attr]
        ev = _last_event(s)
        assert (ev.action, ev.actor) == ("proposal.rejected", "bob")
        assert json.loads(ev.payload)["note"] == "wrong crossing"


def test_deciding_twice_is_a_conflict(session_factory: sessionmaker[Session], pid: int) -> None:
    with session_scope(session_factory) as s:
        service.approve(s, pid, actor="alice", settings=settings())
    with pytest.raises(Conflict, match="already approved"), session_scope(session_factory) as s:
        service.reject(s, pid, actor="bob", settings=settings())


def test_stale_expected_version_is_a_conflict(
    session_factory: sessionmaker[Session], pid: int
) -> None:
    with (
        pytest.raises(Conflict, match="changed since you loaded"),
        session_scope(session_factory) as s,
    ):
        service.approve(s, pid, actor="alice", settings=settings(), expected_version=99)
    with session_scope(session_factory) as s:
        assert s.get(Proposal, pid).status == "pending"  # type: ignore[union-attr]


def test_viewer_cannot_approve_and_the_attempt_is_recorded(
    session_factory: sessionmaker[Session], pid: int
) -> None:
    with pytest.raises(Forbidden, match="viewer"), session_scope(session_factory) as s:
        service.approve(s, pid, actor="vera", settings=settings())
    with session_scope(session_factory) as s:
        assert s.get(Proposal, pid).status == "pending"  # type: ignore[union-attr]
        ev = _last_event(s)
        assert (ev.action, ev.actor, ev.subject_id) == ("access.denied", "vera", str(pid))
        assert json.loads(ev.payload)["doing"] == "approve proposals"
        assert audit.verify(s).ok


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
        ev = _last_event(s)
        assert ev.action == "proposal.amended"
        assert json.loads(ev.payload)["new_proposal_id"] == new_id
    with pytest.raises(Forbidden, match="amended"), session_scope(session_factory) as s:
        service.approve(s, new_id, actor="alice", settings=settings())
    with session_scope(session_factory) as s:
        assert _last_event(s).action == "access.denied"
    with session_scope(session_factory) as s:
        assert service.approve(s, new_id, actor="bob", settings=settings()).status == "approved"


def test_amend_to_an_outcome_the_question_lacks(
    session_factory: sessionmaker[Session], pid: int
) -> None:
    with (
        pytest.raises(InvalidInput, match="no outcome 'Granted asylum in Turkey'"),
        session_scope(session_factory) as s,
    ):
        service.amend(s, pid, actor="alice", outcome="Granted asylum in Turkey")
    with session_scope(session_factory) as s:
        assert s.get(Proposal, pid).status == "pending"  # type: ignore[union-attr]


def test_dispute_keeps_the_earlier_resolution(
    session_factory: sessionmaker[Session], pid: int
) -> None:
    with session_scope(session_factory) as s:
        qid = service.approve(
            s, pid, actor="alice", settings=settings(challenge_window_seconds=600)
        ).question_id
    with session_scope(session_factory) as s:
        d = service.open_dispute(
            s,
            qid,
            actor="vera",  # a viewer may, inside the challenge window
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
        assert json.loads(ev.payload)["to"] == "disputed"


def test_after_the_window_a_viewer_may_not_dispute_but_a_reviewer_may(
    session_factory: sessionmaker[Session], pid: int
) -> None:
    with session_scope(session_factory) as s:
        qid = service.approve(s, pid, actor="alice", settings=settings()).question_id
    with (
        pytest.raises(Forbidden, match="after its challenge window"),
        session_scope(session_factory) as s,
    ):
        service.open_dispute(s, qid, actor="vera", reason="too late")
    with session_scope(session_factory) as s:
        assert _last_event(s).action == "access.denied"
        service.open_dispute(s, qid, actor="bob", reason="a later report")
    with session_scope(session_factory) as s:
        assert s.get(Question, qid).status == "disputed"  # type: ignore[union-attr]


def test_dispute_on_an_open_question_is_refused(
    session_factory: sessionmaker[Session], pid: int
) -> None:
    with session_scope(session_factory) as s:
        qid = s.get(Proposal, pid).question_id  # type: ignore[union-attr]
    with (
        pytest.raises(Conflict, match="is proposed; it cannot be disputed"),
        session_scope(session_factory) as s,
    ):
        service.open_dispute(s, qid, actor="vera", reason="too early")


def test_oversized_note_is_refused_and_nothing_changes(
    session_factory: sessionmaker[Session], pid: int
) -> None:
    with pytest.raises(InvalidInput, match="limit"), session_scope(session_factory) as s:
        service.approve(s, pid, actor="alice", note="x" * 10_000_001)
    with session_scope(session_factory) as s:
        assert s.get(Proposal, pid).status == "pending"  # type: ignore[union-attr]


def test_resolution_final_at_is_in_the_past_by_default(
    session_factory: sessionmaker[Session], pid: int
) -> None:
    with session_scope(session_factory) as s:
        qid = service.approve(s, pid, actor="alice", settings=settings()).question_id
    with session_scope(session_factory) as s:
        res = service.current_resolution(s, qid)
        assert res is not None and not service.in_challenge_window(res)
        assert res.final_at is not None and res.final_at <= utcnow()
