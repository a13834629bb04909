"""Spec at import, conflicts across runs, reviewers' cues — against the database."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db.engine import session_scope
from db.models import AuditEvent, Outcome, Proposal, Question
from matchers.spec import SPEC_VERSION
from matchers.store import CueError, add_cue, run_matching
from resdesk.importing import import_questions
from resdesk.question_formats import load_question_file
from review import service
from review.settings import ReviewSettings
from tests.dbfixtures import (
    HANDOVER,
    SEED_1,
    add_findings,
    add_seed,
    add_users,
    pending_proposal,
)


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


def test_importing_the_question_again_keeps_the_reviewers_cues(
    session_factory: sessionmaker[Session],
) -> None:
    qid = add_seed(session_factory)
    with session_scope(session_factory) as s:
        add_cue(s, qid, "Returned to Syria", "escorted home", actor="reviewer1")
    [parsed] = load_question_file(SEED_1)[:1]
    changed = replace(parsed, context=parsed.context + " Updated background.")
    with session_scope(session_factory) as s:
        import_questions(s, [changed], actor="tester", path="again.txt")
    with session_scope(session_factory) as s:
        q = s.get(Question, qid)
        assert q is not None and q.context.endswith("Updated background.")
        [returned] = [o for o in q.outcomes if o.label == "Returned to Syria"]
        assert returned.reviewer_cues == ["escorted home"]
        assert "escorted home" in returned.all_cues()
        [spec_outcome] = [o for o in q.spec["outcomes"] if o["label"] == "Returned to Syria"]
        assert "escorted home" in spec_outcome["cues"]


def test_an_approved_quote_becomes_a_cue_naming_its_citation(
    session_factory: sessionmaker[Session],
) -> None:
    pid = pending_proposal(session_factory)
    add_users(session_factory, alice="reviewer")
    with session_scope(session_factory) as s:
        p = s.get(Proposal, pid)
        assert p is not None
        qid, label, cid = p.question_id, p.outcome.label, p.citations[0].id
        # not approved yet: refused, nothing added
        with pytest.raises(CueError, match="only an approved quote"):
            add_cue(s, qid, label, "handed over", actor="alice", citation_id=cid)
    with session_scope(session_factory) as s:
        service.approve(s, pid, actor="alice", settings=ReviewSettings(double_review_below=0.0))
    with session_scope(session_factory) as s:
        with pytest.raises(CueError, match="not in citation"):
            add_cue(s, qid, label, "escorted home", actor="alice", citation_id=cid)
        with pytest.raises(CueError, match="supports 'Returned to Syria'"):
            add_cue(s, qid, "Granted asylum in Iraq", "handed over", actor="alice", citation_id=cid)
        with pytest.raises(CueError, match="no citation"):
            add_cue(s, qid, label, "handed over", actor="alice", citation_id=cid + 999)
        cues = add_cue(
            s, qid, label, "Handed over the Syrian soldiers", actor="alice", citation_id=cid
        )
        assert "Handed over the Syrian soldiers" in cues
    with session_scope(session_factory) as s:
        [event] = s.execute(
            select(AuditEvent).where(AuditEvent.action == "outcome.cue_added")
        ).scalars()
        payload = json.loads(event.payload)
        assert payload["citation_id"] == cid and payload["quote"] in HANDOVER


def test_a_spec_from_an_older_matcher_is_compiled_again_and_every_finding_read(
    session_factory: sessionmaker[Session],
) -> None:
    qid = add_seed(session_factory)
    add_findings(session_factory, HANDOVER)
    with session_scope(session_factory) as s:
        q = s.get(Question, qid)
        assert q is not None
        q.spec = {**q.spec, "version": SPEC_VERSION - 1}
        q.matched_through = 10_000  # as if every finding had been read already
    with session_scope(session_factory) as s:
        assert len(run_matching(s).proposals_created) == 1
        q = s.get(Question, qid)
        assert q is not None and q.spec["version"] == SPEC_VERSION
