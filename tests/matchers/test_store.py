"""Matching against the database: proposals queued once, watermarks, unique keys."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select, text, update
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


ASYLUM = (
    "The Iraqi government granted asylum in Iraq to the Syrian soldiers who had crossed at "
    "Al-Qaim, the Ministry said."
)


def test_matching_takes_the_question_before_its_proposals(
    session_factory: sessionmaker[Session],
) -> None:
    """A reviewer's decision locks the question, then its proposals. The matcher must take
    them in the same order: blocked behind a decision holding the question, it must not
    already hold the proposal the decision will write (that would be a deadlock)."""
    engine = session_factory.kw["bind"]
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers: no row locks to order")
    qid = add_seed(session_factory)
    add_findings(session_factory, HANDOVER)
    with session_scope(session_factory) as s:
        [pid] = run_matching(s).proposals_created
    add_findings(session_factory, ASYLUM)  # a rival outcome: the pending proposal is marked

    errors: list[BaseException] = []
    with engine.connect() as decision:  # a decision in progress holds the question
        decision.execute(
            select(Question.id).where(Question.id == qid).with_for_update(key_share=True)
        )

        def match() -> None:
            try:
                with session_scope(session_factory) as s:
                    run_matching(s)
            except BaseException as error:
                errors.append(error)

        matcher = threading.Thread(target=match)
        matcher.start()
        with engine.connect() as watch:  # wait until the matcher is blocked on a lock
            deadline = time.monotonic() + 60  # a loaded machine can be slow to get there
            waiting = 0
            while time.monotonic() < deadline:
                waiting = watch.scalar(
                    text(
                        "select count(*) from pg_stat_activity "
                        "where wait_event_type = 'Lock' and datname = current_database()"
                    )
                )
                watch.rollback()  # pg_stat_activity is read once per transaction
                if waiting or not matcher.is_alive():
                    break
                time.sleep(0.05)
            assert waiting, f"the matcher never waited for the question: {errors!r}"
        with engine.connect() as probe:  # the proposal is still free for the decision
            probe.execute(text("set lock_timeout = '2s'"))
            locked = probe.execute(
                select(Proposal.id).where(Proposal.id == pid).with_for_update(nowait=True)
            ).scalar_one()
            assert locked == pid
            probe.rollback()
        decision.rollback()
    matcher.join(timeout=30)
    assert not matcher.is_alive() and errors == []
    with session_scope(session_factory) as s:
        p = s.get(Proposal, pid)
        assert p is not None and p.breakdown.get("conflicting") is True
