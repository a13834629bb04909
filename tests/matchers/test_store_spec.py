"""Spec at import, conflicts across runs, reviewers' cues — against the database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db.engine import session_scope
from db.models import AuditEvent, Outcome, Proposal, Question
from matchers.spec import SPEC_VERSION
from matchers.store import CueError, add_cue, run_matching
from tests.dbfixtures import HANDOVER, add_findings, add_seed


def test_import_stores_the_compiled_spec(session_factory: sessionmaker[Session]) -> None:
    qid = add_seed(session_factory)
    with session_scope(session_factory) as s:
        q = s.get(Question, qid)
        assert q is not None and q.spec["version"] == SPEC_VERSION
        roles = [o["role"] for o in q.spec["outcomes"]]
        assert roles[-1] == "other" and "event" in roles


def test_evidence_for_another_outcome_marks_the_pending_proposal_conflicting(
    session_factory: sessionmaker[Session],
) -> None:
    add_seed(session_factory)
    add_findings(session_factory, HANDOVER)
    with session_scope(session_factory) as s:
        run_matching(s)
    add_findings(
        session_factory,
        "The Iraqi government granted asylum in Iraq to the Syrian soldiers at the Al-Qaim camp.",
        when=datetime(2025, 1, 5, tzinfo=UTC),
    )
    with session_scope(session_factory) as s:
        report = run_matching(s)
        assert report.proposals_created == [] and report.conflicts == 1
    with session_scope(session_factory) as s:
        [p] = s.execute(select(Proposal)).scalars()
        assert p.outcome.label == "Returned to Syria"
        assert p.breakdown["conflicting"] is True
        assert p.breakdown["conflicting_outcomes"] == ["Granted asylum in Iraq"]
        assert p.breakdown["rival_evidence"]["Granted asylum in Iraq"][0]["quote"].startswith(
            "The Iraqi government granted asylum"
        )
        last = s.execute(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()
        assert last.action == "proposal.conflict"


def test_a_reviewer_cue_is_audited_and_the_question_is_read_again(
    session_factory: sessionmaker[Session],
) -> None:
    qid = add_seed(session_factory)
    add_findings(
        session_factory,
        "All the Syrian soldiers sheltering in Iraq were escorted home across the Al-Qaim "
        "border crossing.",
    )
    with session_scope(session_factory) as s:
        assert run_matching(s).proposals_created == []
    with session_scope(session_factory) as s:
        cues = add_cue(s, qid, "Returned to Syria", "escorted home", actor="reviewer1")
        assert cues == ["escorted home"]
        assert add_cue(s, qid, "Returned to Syria", "escorted home", actor="reviewer1") == cues
        q = s.get(Question, qid)
        assert q is not None and q.matched_through == 0
        event = s.execute(
            select(AuditEvent).where(AuditEvent.action == "outcome.cue_added")
        ).scalar_one()
        assert event.actor == "reviewer1" and "escorted home" in event.payload
    with session_scope(session_factory) as s:
        [pid] = run_matching(s).proposals_created
        p = s.get(Proposal, pid)
        assert p is not None and p.outcome.label == "Returned to Syria"
    with session_scope(session_factory) as s:
        with pytest.raises(CueError):
            add_cue(s, qid, "No such outcome", "x", actor="reviewer1")
        with pytest.raises(CueError):
            add_cue(s, qid, "Returned to Syria", "   ", actor="reviewer1")
        assert s.scalar(select(func.count()).select_from(Outcome)) == 4
