"""An approval's rows are written with Core statements (review.service._write_approval,
_supersede_others; on PostgreSQL one statement, _APPROVE_PG): the loaded objects must
still match the database, and the version checks must still turn a concurrent change
into a conflict."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from db import audit
from db.engine import session_scope
from db.models import Proposal, Question, Resolution, Review
from review import service
from review.errors import Conflict
from tests.review.factories import OUTCOMES, add_people, add_proposal, add_question, settings


def _two_rivals(factory: sessionmaker[Session]) -> tuple[int, int]:
    add_people(factory, ana="reviewer", ben="reviewer")
    add_question(factory)
    return add_proposal(factory, outcome=OUTCOMES[0]), add_proposal(factory, outcome=OUTCOMES[1])


def test_loaded_objects_match_the_rows_after_an_approval(
    session_factory: sessionmaker[Session],
) -> None:
    kept, rival = _two_rivals(session_factory)
    with session_scope(session_factory) as s:
        audit.defer_until_commit(s)
        other = s.get(Proposal, rival)  # loaded before: must not stay "pending"
        question = s.get(Question, "q-syria")
        assert other is not None and other.status == "pending" and question is not None
        q_version = question.version
        p = service.approve(s, kept, actor="ana", note="clear", settings=settings())
        assert (p.status, p.version) == ("approved", 2)
        assert p.decided_at is not None and p.last_reviewed_at == p.decided_at
        assert p.question is question
        assert (question.status, question.version) == ("resolved", q_version + 1)
        assert (other.status, other.version) == ("superseded", 2)
        assert not s.dirty  # nothing left for the ORM to write again
    with session_scope(session_factory) as s:
        p_row = s.get(Proposal, kept)
        q_row = s.get(Question, "q-syria")
        assert p_row is not None and q_row is not None
        assert (p_row.status, p_row.version) == ("approved", 2)
        assert (q_row.status, q_row.version) == ("resolved", q_version + 1)
        review = s.execute(select(Review).where(Review.proposal_id == kept)).scalar_one()
        assert (review.reviewer, review.action, review.note) == ("ana", "approve", "clear")
        resolution = s.execute(select(Resolution)).scalar_one()
        assert (resolution.proposal_id, resolution.resolved_by) == (kept, "ana")
        events = {e.action: audit.event_dict(e) for e in audit.events_for(s, "q-syria")}
        assert events["question.resolved"]["payload"]["resolution_id"] == resolution.id
        assert events["proposal.superseded"]["subject_id"] == str(rival)
        assert audit.verify(s).ok


def _changed_meanwhile(
    factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch, pid: int
) -> None:
    """Commit a change to proposal ``pid`` (its version, as any writer's) from another
    transaction right before the approval's write statement."""
    if factory.kw["bind"].dialect.name == "sqlite":
        pytest.skip("SQLite: a second writer waits for this one (BEGIN IMMEDIATE)")
    original_write, original_now = service._write_approval_pg, service.utcnow
    armed = False

    def write(session: Session, p: Proposal, review: Review, **kw: object) -> object:
        nonlocal armed
        armed = True  # the clock is read next, right before the statement
        return original_write(session, p, review, **kw)  # type: ignore[arg-type]

    def now() -> datetime:
        nonlocal armed
        if armed:
            armed = False
            with session_scope(factory) as other:
                other.execute(
                    update(Proposal).where(Proposal.id == pid).values(version=Proposal.version + 1)
                )
        return original_now()

    monkeypatch.setattr(service, "_write_approval_pg", write)
    monkeypatch.setattr(service, "utcnow", now)


def test_the_proposal_changed_meanwhile_is_a_conflict(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The proposal is approved only at the version read: a change committed between
    that read and the write rolls the whole approval back with a conflict."""
    kept, _ = _two_rivals(session_factory)
    _changed_meanwhile(session_factory, monkeypatch, kept)
    with (
        pytest.raises(Conflict, match=f"proposal {kept} was decided by someone else.*q-syria"),
        session_scope(session_factory) as s,
    ):
        audit.defer_until_commit(s)
        service.approve(s, kept, actor="ana", settings=settings())
    with session_scope(session_factory) as s:
        p = s.get(Proposal, kept)
        assert p is not None and p.status == "pending"  # rolled back
        assert s.execute(select(Resolution)).first() is None
        assert s.execute(select(Review)).first() is None
        assert audit.verify(s).ok


def test_a_sibling_changed_meanwhile_is_still_superseded(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sibling still pending is superseded whatever else changed on it (no decision
    can change it meanwhile: they all lock the question first; the matcher may update
    its breakdown): the approval goes through, the sibling at its latest version."""
    kept, rival = _two_rivals(session_factory)
    _changed_meanwhile(session_factory, monkeypatch, rival)
    with session_scope(session_factory) as s:
        audit.defer_until_commit(s)
        service.approve(s, kept, actor="ana", settings=settings())
    with session_scope(session_factory) as s:
        other = s.get(Proposal, rival)
        assert other is not None and (other.status, other.version) == ("superseded", 3)
        actions = [e.action for e in audit.events_for(s, "q-syria")]
        assert actions.count("proposal.superseded") == 1
        assert audit.verify(s).ok
