"""The clarification ledger: admins append, decisions record the version they relied on."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from db import audit
from db.engine import session_scope
from db.models import Review
from review import clarifications, service
from review.errors import Conflict, Forbidden
from tests.review.factories import add_people, add_proposal, add_question, settings


@pytest.fixture
def pid(session_factory: sessionmaker[Session]) -> int:
    add_people(session_factory, adam="admin", alice="reviewer")
    add_question(session_factory)
    return add_proposal(session_factory)


def _post(factory: sessionmaker[Session], body: str, actor: str = "adam") -> int:
    with session_scope(factory) as s:
        return clarifications.post(s, "q-syria", body, actor=actor).version


def test_versions_count_up_and_are_audited(
    session_factory: sessionmaker[Session], pid: int
) -> None:
    assert _post(session_factory, "Returned means crossed into Syria.") == 1
    assert _post(session_factory, "A handover at the border counts.") == 2
    with session_scope(session_factory) as s:
        assert [c.version for c in clarifications.ledger(s, "q-syria")] == [1, 2]
        ev = audit.events_for(s, "q-syria")[-1]
        assert (ev.action, ev.actor, json.loads(ev.payload)["version"]) == (
            "clarification.posted",
            "adam",
            2,
        )


def test_only_admins_post(session_factory: sessionmaker[Session], pid: int) -> None:
    with pytest.raises(Forbidden, match="post clarifications"):
        _post(session_factory, "my reading", actor="alice")
    with session_scope(session_factory) as s:
        assert clarifications.ledger(s, "q-syria") == []
        assert audit.events_for(s, "q-syria")[-1].action == "access.denied"


def test_decision_records_the_version_it_relied_on(
    session_factory: sessionmaker[Session], pid: int
) -> None:
    _post(session_factory, "Returned means crossed into Syria.")
    with session_scope(session_factory) as s:
        service.approve(s, pid, actor="alice", settings=settings(), clarification_version=1)
    with session_scope(session_factory) as s:
        assert s.execute(select(Review.clarification_version)).scalar_one() == 1
        approved = next(
            e for e in audit.events_for(s, "q-syria") if e.action == "proposal.approved"
        )
        assert json.loads(approved.payload)["clarification_version"] == 1


def test_deciding_on_an_outdated_clarification_is_refused(
    session_factory: sessionmaker[Session], pid: int
) -> None:
    _post(session_factory, "v1")
    _post(session_factory, "v2")
    with (
        pytest.raises(Conflict, match=r"version 2 .* was posted after version 1"),
        session_scope(session_factory) as s,
    ):
        service.approve(s, pid, actor="alice", settings=settings(), clarification_version=1)


def test_the_ledger_refuses_update_and_delete(
    session_factory: sessionmaker[Session], pid: int
) -> None:
    _post(session_factory, "Returned means crossed into Syria.")
    for stmt in ("UPDATE clarifications SET text = 'edited'", "DELETE FROM clarifications"):
        with pytest.raises(DatabaseError, match="append-only"), session_scope(session_factory) as s:
            s.execute(text(stmt))
    with session_scope(session_factory) as s:
        assert clarifications.ledger(s, "q-syria")[0].text == "Returned means crossed into Syria."
