"""Load open questions and unmatched findings from the database, save proposals.

A question's ``matched_through`` watermark is the highest finding id already matched
against it: a new question sees every stored finding, an old one only newer findings.
Proposals and citations are inserted with ON CONFLICT DO NOTHING on their unique keys,
so re-running creates nothing new even if a watermark is reset.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from db import audit
from db.models import (
    MATCHABLE_STATES,
    PROPOSAL_PENDING,
    QUESTION_OPEN,
    QUESTION_PROPOSED,
    Citation,
    Finding,
    Outcome,
    Proposal,
    Question,
    QuestionSource,
    Source,
)
from db.types import utcnow
from db.upsert import insert_ignore
from matchers.core import (
    FindingDoc,
    MatchSettings,
    OutcomeSpec,
    ProposalDraft,
    QuestionSpec,
    match,
)
from matchers.sources import SourceNames

log = logging.getLogger(__name__)

BATCH = 2000


@dataclass
class MatchReport:
    findings_considered: int = 0
    questions: int = 0
    proposals_created: list[int] = field(default_factory=list)
    citations_added: int = 0
    rejections: dict[str, int] = field(default_factory=dict)


def _named(session: Session, question_ids: list[str]) -> dict[str, tuple[SourceNames, ...]]:
    rows = session.execute(
        select(QuestionSource.question_id, Source)
        .join(Source, QuestionSource.source_id == Source.id)
        .where(QuestionSource.question_id.in_(question_ids))
    ).all()
    named: dict[str, list[SourceNames]] = defaultdict(list)
    for qid, src in rows:
        tags = (src.config or {}).get("tags", [])
        names = tuple(n for n in (src.name, src.publisher, *src.aliases, *tags) if n)
        named[qid].append(SourceNames(src.name, names))
    return {qid: tuple(v) for qid, v in named.items()}


def question_spec(q: Question, named: tuple[SourceNames, ...] = ()) -> QuestionSpec:
    return QuestionSpec(
        id=q.id,
        title=q.title,
        outcomes=tuple(OutcomeSpec(o.label, tuple(o.cues or ())) for o in q.outcomes),
        resolution_source=q.resolution_source,
        opens_at=q.opens_at,
        closes_at=q.closes_at,
        named_sources=named,
    )


def finding_doc(f: Finding) -> FindingDoc:
    return FindingDoc(
        id=f.id,
        url=f.url,
        source=f.source,
        text=f.text,
        title=f.title,
        published_at=f.published_at,
        snapshot_sha256=f.snapshot_sha256,
    )


def run_matching(
    session: Session, settings: MatchSettings | None = None, *, actor: str = "matcher"
) -> MatchReport:
    """Match findings not yet matched against open questions and queue proposals."""
    settings = settings or MatchSettings()
    report = MatchReport()
    questions = list(
        session.execute(
            select(Question)
            .where(Question.status.in_(MATCHABLE_STATES))
            .options(selectinload(Question.outcomes))
        ).scalars()
    )
    report.questions = len(questions)
    head = session.scalar(select(func.max(Finding.id))) or 0
    by_watermark: dict[int, list[Question]] = defaultdict(list)
    for q in questions:
        if q.matched_through < head:
            by_watermark[q.matched_through].append(q)
    rejections: dict[str, int] = defaultdict(int)
    named = _named(session, [q.id for q in questions])
    for watermark, group in sorted(by_watermark.items()):
        specs = [question_spec(q, named.get(q.id, ())) for q in group]
        last = watermark
        while last < head:
            rows = list(
                session.execute(
                    select(Finding).where(Finding.id > last).order_by(Finding.id).limit(BATCH)
                ).scalars()
            )
            if not rows:
                break
            last = rows[-1].id
            report.findings_considered += len(rows)
            result = match([finding_doc(f) for f in rows], specs, settings)
            for reason, n in result.rejection_counts().items():
                rejections[reason] += n
            for draft in result.proposals:
                _save(session, draft, report, actor=actor)
        for q in group:
            q.matched_through = head
    report.rejections = dict(rejections)
    session.flush()
    return report


def _save(session: Session, draft: ProposalDraft, report: MatchReport, *, actor: str) -> None:
    outcome = session.execute(
        select(Outcome).where(
            Outcome.question_id == draft.question_id, Outcome.label == draft.outcome
        )
    ).scalar_one()
    new_id = insert_ignore(
        session,
        Proposal.__table__,  # type: ignore[arg-type]
        {
            "question_id": draft.question_id,
            "outcome_id": outcome.id,
            "confidence": draft.confidence,
            "status": PROPOSAL_PENDING,
            "breakdown": draft.breakdown,
            "created_at": utcnow(),
            "version": 1,
        },
        ["question_id", "outcome_id"],
    )
    if new_id is not None:
        proposal_id = int(new_id)
        report.proposals_created.append(proposal_id)
        audit.record(
            session,
            actor=actor,
            action="proposal.created",
            subject_type="proposal",
            subject_id=proposal_id,
            question_id=draft.question_id,
            payload={
                "outcome": draft.outcome,
                "confidence": draft.confidence,
                "breakdown": draft.breakdown,
            },
        )
        question = session.get(Question, draft.question_id)
        if question is not None and question.status == QUESTION_OPEN:
            question.status = QUESTION_PROPOSED
    else:
        proposal_id = session.execute(
            select(Proposal.id).where(
                Proposal.question_id == draft.question_id, Proposal.outcome_id == outcome.id
            )
        ).scalar_one()
    for c in draft.citations:
        cid = insert_ignore(
            session,
            Citation.__table__,  # type: ignore[arg-type]
            {
                "proposal_id": proposal_id,
                "finding_id": c.finding_id,
                "quote": c.quote,
                "start": c.start,
                "end": c.end,
                "snapshot_sha256": c.snapshot_sha256,
                "score": c.score,
                "created_at": utcnow(),
            },
            ["proposal_id", "finding_id", "start"],
        )
        if cid is None:
            continue
        report.citations_added += 1
        audit.record(
            session,
            actor=actor,
            action="citation.added",
            subject_type="citation",
            subject_id=int(cid),
            question_id=draft.question_id,
            payload={
                "proposal_id": proposal_id,
                "finding_id": c.finding_id,
                "quote": c.quote,
                "start": c.start,
                "end": c.end,
                "snapshot_sha256": c.snapshot_sha256,
            },
        )
