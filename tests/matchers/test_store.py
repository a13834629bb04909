"""Matching against the database: proposals queued once, watermarks, unique keys."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from db.engine import session_scope
from db.models import AuditEvent, Citation, Proposal, Question
from matchers.store import run_matching
from tests.dbfixtures import HANDOVER, add_findings, add_seed


def _counts(factory: sessionmaker[Session]) -> tuple[int, int, int]:
    with session_scope(factory) as s:
        return (
            int(s.scalar(select(func.count()).select_from(Proposal)) or 0),
            int(s.scalar(select(func.count()).select_from(Citation)) or 0),
            int(s.scalar(select(func.count()).select_from(AuditEvent)) or 0),
        )


def test_handover_statement_queues_one_pending_proposal(
    session_factory: sessionmaker[Session],
) -> None:
    qid = add_seed(session_factory)
    add_findings(
        session_factory,
        HANDOVER,
        "The Ministry of Agriculture set the wheat purchase price for the season.",
    )
    with session_scope(session_factory) as s:
        report = run_matching(s)
    assert len(report.proposals_created) == 1
    with session_scope(session_factory) as s:
        p = s.execute(select(Proposal)).scalar_one()
        assert (p.question_id, p.outcome.label, p.status) == (qid, "Returned to Syria", "pending")
        [c] = p.citations
        assert c.quote == HANDOVER and c.finding.text[c.start : c.end] == HANDOVER
        q = s.get(Question, qid)
        assert q is not None and q.status == "proposed"
        actions = [
            e.action for e in s.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars()
        ]
        assert actions[-2:] == ["proposal.created", "citation.added"]


def test_rerunning_creates_nothing_new_even_without_watermarks(
    session_factory: sessionmaker[Session],
) -> None:
    add_seed(session_factory)
    add_findings(session_factory, HANDOVER)
    with session_scope(session_factory) as s:
        run_matching(s)
    before = _counts(session_factory)
    with session_scope(session_factory) as s:
        assert run_matching(s).findings_considered == 0
    assert _counts(session_factory) == before
    with session_scope(session_factory) as s:  # forget what was matched: the keys still hold
        s.execute(update(Question).values(matched_through=0))
    with session_scope(session_factory) as s:
        report = run_matching(s)
        assert report.findings_considered == 1
        assert report.proposals_created == [] and report.citations_added == 0
    assert _counts(session_factory) == before


def test_a_new_question_sees_old_findings(session_factory: sessionmaker[Session]) -> None:
    add_findings(session_factory, HANDOVER)
    with session_scope(session_factory) as s:
        assert run_matching(s).questions == 0
    add_seed(session_factory)
    with session_scope(session_factory) as s:
        assert len(run_matching(s).proposals_created) == 1


def test_new_evidence_adds_a_citation_not_a_proposal(
    session_factory: sessionmaker[Session],
) -> None:
    add_seed(session_factory)
    add_findings(session_factory, HANDOVER)
    with session_scope(session_factory) as s:
        run_matching(s)
    add_findings(
        session_factory,
        "UNHCR said the Syrian soldiers who sheltered in Iraq returned to Syria in buses.",
        source="UNHCR",
    )
    with session_scope(session_factory) as s:
        report = run_matching(s)
        assert report.proposals_created == [] and report.citations_added == 1
    assert _counts(session_factory)[:2] == (1, 2)
