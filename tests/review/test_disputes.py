"""Disputes: assignment, independent blind adjudication, and the history they leave."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import audit
from db.engine import session_scope
from db.models import Dispute, Question, Resolution
from review import disputes, service
from review.errors import Conflict, Forbidden, InvalidInput
from tests.review.factories import add_people, add_proposal, add_question, settings


@pytest.fixture
def did(session_factory: sessionmaker[Session]) -> int:
    """A resolved question (approved by alice) disputed by vera inside the window."""
    add_people(
        session_factory,
        alice="reviewer",
        vera="viewer",
        judy="adjudicator",
        kim="adjudicator",
        adam="admin",
    )
    add_question(session_factory)
    pid = add_proposal(session_factory, confidence=0.95)
    cfg = settings(challenge_window_seconds=3600)
    with session_scope(session_factory) as s:
        service.approve(s, pid, actor="alice", settings=cfg)
    with session_scope(session_factory) as s:
        return service.open_dispute(s, "q-syria", actor="vera", reason="UN says otherwise").id


def _decide(factory: sessionmaker[Session], did: int, actor: str, decision: str, **kw: str) -> None:
    with session_scope(factory) as s:
        disputes.decide(
            s,
            did,
            actor=actor,
            decision=decision,
            reason=f"{actor}: reasons",
            settings=settings(),
            **kw,
        )


def _assign(factory: sessionmaker[Session], did: int, to: str = "judy") -> None:
    with session_scope(factory) as s:
        disputes.assign(s, did, actor="adam", adjudicator=to)


def test_assign_records_who(session_factory: sessionmaker[Session], did: int) -> None:
    _assign(session_factory, did)
    with session_scope(session_factory) as s:
        d = s.get(Dispute, did)
        assert d is not None and (d.status, d.assigned_to) == ("assigned", "judy")
        ev = audit.events_for(s, "q-syria")[-1]
        assert (ev.action, ev.actor, json.loads(ev.payload)["to"]) == (
            "dispute.assigned",
            "adam",
            "judy",
        )


def test_assign_refuses_non_adjudicators_and_conflicted(
    session_factory: sessionmaker[Session], did: int
) -> None:
    with pytest.raises(InvalidInput, match="role 'reviewer'"), session_scope(session_factory) as s:
        disputes.assign(s, did, actor="adam", adjudicator="alice")
    with pytest.raises(Forbidden, match="viewer"), session_scope(session_factory) as s:
        disputes.assign(s, did, actor="vera", adjudicator="judy")


def test_unassigned_dispute_cannot_be_decided(
    session_factory: sessionmaker[Session], did: int
) -> None:
    with pytest.raises(Conflict, match="not assigned"):
        _decide(session_factory, did, "judy", "upheld")


def test_overturn_needs_two_blind_adjudications_then_supersedes(
    session_factory: sessionmaker[Session], did: int
) -> None:
    _assign(session_factory, did)
    _decide(session_factory, did, "judy", "overturned", outcome="Granted asylum in Iraq")
    with session_scope(session_factory) as s:
        d = s.get(Dispute, did)
        assert d is not None and d.status == "assigned"
        ev = audit.events_for(s, "q-syria")[-1]
        assert ev.action == "dispute.adjudication_sealed" and "overturned" not in ev.payload
        assert disputes.dispute_dict(s, d, viewer="kim")["adjudications"] == []
        assert len(disputes.dispute_dict(s, d, viewer="judy")["adjudications"]) == 1
    _decide(session_factory, did, "kim", "overturned", outcome="Granted asylum in Iraq")
    with session_scope(session_factory) as s:
        d = s.get(Dispute, did)
        assert d is not None and (d.status, d.decided_by) == ("overturned", "judy")
        assert s.get(Question, "q-syria").status == "resolved"  # type: ignore[union-attr]
        old, new = s.execute(select(Resolution).order_by(Resolution.id)).scalars()
        assert old.superseded_at is not None and new.superseded_at is None
        assert new.outcome is not None and new.outcome.label == "Granted asylum in Iraq"
        assert new.via == "dispute"
        ev = audit.events_for(s, "q-syria")[-1]
        payload = json.loads(ev.payload)
        assert ev.action == "dispute.decided"
        assert payload["decision"] == "overturned" and payload["confirmed_by"] == ["kim"]
        assert payload["superseded_resolution_id"] == old.id
        assert audit.verify(s).ok


def test_disagreeing_adjudications_do_not_decide(
    session_factory: sessionmaker[Session], did: int
) -> None:
    _assign(session_factory, did)
    _decide(session_factory, did, "judy", "upheld")
    _decide(session_factory, did, "kim", "annulled")
    with session_scope(session_factory) as s:
        assert s.get(Dispute, did).status == "assigned"  # type: ignore[union-attr]
    _decide(session_factory, did, "adam", "upheld")
    with session_scope(session_factory) as s:
        assert s.get(Dispute, did).status == "upheld"  # type: ignore[union-attr]
        assert s.get(Question, "q-syria").status == "resolved"  # type: ignore[union-attr]
        res = s.execute(select(Resolution)).scalar_one()
        assert res.superseded_at is None  # upheld: the resolution stands


def test_annul_leaves_a_resolution_without_outcome(
    session_factory: sessionmaker[Session], did: int
) -> None:
    _assign(session_factory, did)
    _decide(session_factory, did, "judy", "annulled")
    _decide(session_factory, did, "kim", "annulled")
    with session_scope(session_factory) as s:
        assert s.get(Question, "q-syria").status == "annulled"  # type: ignore[union-attr]
        new = s.execute(select(Resolution).order_by(Resolution.id.desc()).limit(1)).scalar_one()
        assert new.outcome_id is None and new.via == "dispute"


def test_a_single_adjudication_decides_when_configured(
    session_factory: sessionmaker[Session], did: int
) -> None:
    _assign(session_factory, did)
    with session_scope(session_factory) as s:
        disputes.decide(
            s,
            did,
            actor="judy",
            decision="upheld",
            reason="no new evidence",
            settings=settings(dispute_approvals=1),
        )
    with session_scope(session_factory) as s:
        assert s.get(Dispute, did).status == "upheld"  # type: ignore[union-attr]


def test_the_resolver_and_the_opener_may_not_adjudicate(
    session_factory: sessionmaker[Session], did: int
) -> None:
    with session_scope(session_factory) as s:
        d = s.get(Dispute, did)
        assert d is not None
        d.opened_by = "kim"  # as if kim had opened it
    _assign(session_factory, did)
    with pytest.raises(Forbidden, match="independent"):
        _decide(session_factory, did, "kim", "upheld")
    with session_scope(session_factory) as s:
        assert audit.events_for(s, "q-syria")[-1].action == "access.denied"


def test_overturn_to_the_same_outcome_or_a_missing_one_is_refused(
    session_factory: sessionmaker[Session], did: int
) -> None:
    _assign(session_factory, did)
    with pytest.raises(InvalidInput, match="already resolved"):
        _decide(session_factory, did, "judy", "overturned", outcome="Returned to Syria")
    with pytest.raises(InvalidInput, match="no outcome"):
        _decide(session_factory, did, "judy", "overturned", outcome="Granted asylum in Turkey")
    with (
        pytest.raises(InvalidInput, match="reason is required"),
        session_scope(session_factory) as s,
    ):
        disputes.decide(s, did, actor="judy", decision="upheld", reason=" ")


def test_a_decided_dispute_cannot_be_decided_again(
    session_factory: sessionmaker[Session], did: int
) -> None:
    _assign(session_factory, did)
    _decide(session_factory, did, "judy", "upheld")
    _decide(session_factory, did, "kim", "upheld")
    with pytest.raises(Conflict, match="already upheld"):
        _decide(session_factory, did, "adam", "annulled")
