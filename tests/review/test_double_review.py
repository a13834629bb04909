"""Double review: low confidence or a disputed question needs two matching, blind reviews."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import audit
from db.engine import session_scope
from db.models import AuditEvent, Dispute, Proposal, Question, Review
from review import service
from review.errors import Conflict
from tests.review.factories import add_people, add_proposal, add_question, settings


@pytest.fixture
def low(session_factory: sessionmaker[Session]) -> int:
    add_people(session_factory, alice="reviewer", bob="reviewer", carol="reviewer")
    add_question(session_factory)
    return add_proposal(session_factory, confidence=0.6)


def _events(s: Session) -> list[AuditEvent]:
    return audit.events_for(s, "q-syria")


def test_first_approval_is_sealed_and_hidden(
    session_factory: sessionmaker[Session], low: int
) -> None:
    with session_scope(session_factory) as s:
        p = service.approve(s, low, actor="alice", note="matches the ministry", settings=settings())
        assert p.status == "pending"
    with session_scope(session_factory) as s:
        p = s.get(Proposal, low)
        assert p is not None and p.status == "pending"
        assert s.get(Question, "q-syria").status == "proposed"  # type: ignore[union-attr]
        ev = _events(s)[-1]
        payload = json.loads(ev.payload)
        assert (ev.action, ev.actor) == ("proposal.review_sealed", "alice")
        assert set(payload) == {"round", "reviews_needed", "commitment"}
        assert "approve" not in ev.payload and "ministry" not in ev.payload
        assert service.visible_votes(s, p, "bob") == []  # blind for the second reviewer
        assert [v.reviewer for v in service.visible_votes(s, p, "alice")] == ["alice"]


def test_the_same_reviewer_cannot_give_both_reviews(
    session_factory: sessionmaker[Session], low: int
) -> None:
    with session_scope(session_factory) as s:
        service.approve(s, low, actor="alice", settings=settings())
    with pytest.raises(Conflict, match="different reviewer"), session_scope(session_factory) as s:
        service.approve(s, low, actor="alice", settings=settings())


def test_second_approval_resolves_and_reveals_the_first(
    session_factory: sessionmaker[Session], low: int
) -> None:
    with session_scope(session_factory) as s:
        service.approve(s, low, actor="alice", note="first look", settings=settings())
    with session_scope(session_factory) as s:
        sealed = json.loads(_events(s)[-1].payload)["commitment"]
        service.approve(s, low, actor="bob", note="agree", settings=settings())
    with session_scope(session_factory) as s:
        p = s.get(Proposal, low)
        assert p is not None and p.status == "approved"
        assert s.get(Question, "q-syria").status == "resolved"  # type: ignore[union-attr]
        approved = next(e for e in _events(s) if e.action == "proposal.approved")
        votes = json.loads(approved.payload)["votes"]
        assert [(v["reviewer"], v["decision"]) for v in votes] == [
            ("alice", "approve"),
            ("bob", "approve"),
        ]
        first = votes[0]
        recomputed = service.commitment(
            subject=f"proposal:{low}",
            round=1,
            voter="alice",
            decision=first["decision"],
            note=first["note"],
            clarification_version=first["clarification_version"],
            salt=first["salt"],
        )
        assert recomputed == sealed  # the reveal matches what was sealed before
        assert len(service.visible_votes(s, p, "carol")) == 2


def test_split_reviews_wait_for_a_third(session_factory: sessionmaker[Session], low: int) -> None:
    with session_scope(session_factory) as s:
        service.approve(s, low, actor="alice", settings=settings())
    with session_scope(session_factory) as s:
        service.reject(s, low, actor="bob", settings=settings())
    with session_scope(session_factory) as s:
        assert s.get(Proposal, low).status == "pending"  # type: ignore[union-attr]
        assert [e.action for e in _events(s)][-2:] == ["proposal.review_sealed"] * 2
    with session_scope(session_factory) as s:
        service.reject(s, low, actor="carol", settings=settings())
    with session_scope(session_factory) as s:
        assert s.get(Proposal, low).status == "rejected"  # type: ignore[union-attr]
        assert s.get(Question, "q-syria").status == "open"  # type: ignore[union-attr]
        ev = _events(s)[-1]
        assert ev.action == "proposal.rejected"
        assert len(json.loads(ev.payload)["votes"]) == 3


def test_a_disputed_question_needs_two_approvals_even_when_confident(
    session_factory: sessionmaker[Session], low: int
) -> None:
    high = add_proposal(session_factory, outcome="Granted asylum in Iraq", confidence=0.99)
    with session_scope(session_factory) as s:
        s.add(Dispute(question_id="q-syria", opened_by="alice", reason="earlier", status="upheld"))
    with session_scope(session_factory) as s:
        p = s.get(Proposal, high)
        assert p is not None and service.reviews_needed(s, p, settings()) == 2
        service.approve(s, high, actor="alice", settings=settings())
    with session_scope(session_factory) as s:
        assert s.get(Proposal, high).status == "pending"  # type: ignore[union-attr]


def test_confident_proposal_needs_one(session_factory: sessionmaker[Session], low: int) -> None:
    with session_scope(session_factory) as s:
        p = s.get(Proposal, low)
        assert p is not None
        assert service.reviews_needed(s, p, settings(double_review_below=0.5)) == 1
        service.approve(s, low, actor="alice", settings=settings(double_review_below=0.5))
    with session_scope(session_factory) as s:
        assert s.get(Proposal, low).status == "approved"  # type: ignore[union-attr]
        rv = s.execute(select(Review)).scalar_one()
        assert rv.salt is None  # nothing sealed when one review decides
