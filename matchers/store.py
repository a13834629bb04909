"""Load open questions and unmatched findings from the database, save proposals.

A question's ``matched_through`` watermark is the highest finding id already matched
against it: a new question sees every stored finding, an old one only newer findings.
Proposals and citations are inserted with ON CONFLICT DO NOTHING on their unique keys,
so re-running creates nothing new even if a watermark is reset.

One question, one pending proposal: new evidence for the proposed outcome adds
citations; evidence for a *different* outcome marks the pending proposal conflicting
(its breakdown shows the rival outcome with its quotes, and a ``proposal.conflict``
audit event says so) instead of queueing a second, silent proposal.

``add_cue`` is the service behind ``resdesk outcomes cue``: a reviewer's paraphrase
appended to an outcome's cues (audited), after which the question is matched again.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from db import audit
from db.models import (
    MATCHABLE_STATES,
    PROPOSAL_APPROVED,
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
    prepare,
)
from matchers.leads import Lead, leads, shortlist
from matchers.sources import SourceNames
from matchers.spec import SPEC_VERSION, compile_spec
from matchers.text import normalize

log = logging.getLogger(__name__)

#: Findings matched per call of ``match`` (evidence is aggregated within a batch).
BATCH = 20000


@dataclass
class MatchReport:
    findings_considered: int = 0
    questions: int = 0
    proposals_created: list[int] = field(default_factory=list)
    citations_added: int = 0
    rejections: dict[str, int] = field(default_factory=dict)
    #: Pending proposals newly marked conflicting by evidence for another outcome.
    conflicts: int = 0


def named_sources(session: Session, question_ids: list[str]) -> dict[str, tuple[SourceNames, ...]]:
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
    stored = q.spec if isinstance(q.spec, dict) else {}
    return QuestionSpec(
        id=q.id,
        title=q.title,
        outcomes=tuple(OutcomeSpec(o.label, tuple(o.all_cues())) for o in q.outcomes),
        resolution_source=q.resolution_source,
        opens_at=q.opens_at,
        closes_at=q.closes_at,
        named_sources=named,
        context=q.context or "",
        spec=stored if stored.get("version") == SPEC_VERSION else None,
    )


def spec_for(q: Question) -> dict[str, Any]:
    """The compiled resolution spec of a question row (what import stores)."""
    return compile_spec(
        title=q.title,
        outcomes=[(o.label, o.all_cues()) for o in q.outcomes],
        resolution_source=q.resolution_source,
        opens_at=q.opens_at,
        closes_at=q.closes_at,
        context=q.context or "",
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
        if not isinstance(q.spec, dict) or q.spec.get("version") != SPEC_VERSION:
            # compiled by an older matcher: compile it again, and read every finding
            # again with it (what the old spec missed, the new one may find)
            q.spec = spec_for(q)
            q.matched_through = 0
        if q.matched_through < head:
            by_watermark[q.matched_through].append(q)
    rejections: dict[str, int] = defaultdict(int)
    named = named_sources(session, [q.id for q in questions])
    for watermark, group in sorted(by_watermark.items()):
        specs = [question_spec(q, named.get(q.id, ())) for q in group]
        prepared = [prepare(spec) for spec in specs]
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
            result = match([finding_doc(f) for f in rows], specs, settings, prepared=prepared)
            for reason, n in result.rejection_counts().items():
                rejections[reason] += n
            for draft in result.proposals:
                _save(session, draft, report, actor=actor)
        for q in group:
            q.matched_through = head
    report.rejections = dict(rejections)
    session.flush()
    return report


@dataclass
class QuestionLeads:
    """What ``resdesk questions leads`` shows: the question and its leads."""

    status: str
    title: str
    labels: list[str]
    considered: int  # findings read in full (shortlisted or from a named source)
    leads: list[Lead]


def question_leads(
    session: Session, question_id: str, limit: int, settings: MatchSettings
) -> QuestionLeads | None:
    """The findings that came closest to settling a question (``matchers.leads``), read
    from the database: only what retrieval would shortlist for it, or what its named
    sources published, is read in full. None when there is no such question."""
    q = session.get(Question, question_id)
    if q is None:
        return None
    spec = question_spec(q, named_sources(session, [q.id]).get(q.id, ()))
    status, title = q.status, q.title
    labels = [o.label for o in q.outcomes]
    p = prepare(spec)
    proposed = set(
        session.execute(
            select(Citation.finding_id)
            .join(Proposal, Citation.proposal_id == Proposal.id)
            .where(Proposal.question_id == q.id)
        ).scalars()
    )
    picked: list[FindingDoc] = []
    last = 0
    while True:
        rows = list(
            session.execute(
                select(Finding)
                .where(Finding.id > last, Finding.withdrawn.is_(False))
                .order_by(Finding.id)
                .limit(LEADS_BATCH)
            ).scalars()
        )
        if not rows:
            break
        last = rows[-1].id
        docs = [finding_doc(f) for f in rows]
        keep = set(shortlist(p, docs, settings))
        picked += [d for d in docs if d.id in keep]
        session.expunge_all()
    found = leads(spec, picked, limit, settings=settings, proposed=proposed, prepared=p)
    return QuestionLeads(status, title, labels, len(picked), found)


#: Findings read per round trip when looking for a question's leads.
LEADS_BATCH = 2000


def _pending_rival(session: Session, draft: ProposalDraft) -> Proposal | None:
    """A pending proposal of the same question for another outcome, if any."""
    return session.execute(
        select(Proposal)
        .join(Outcome, Proposal.outcome_id == Outcome.id)
        .where(
            Proposal.question_id == draft.question_id,
            Proposal.status == PROPOSAL_PENDING,
            Outcome.label != draft.outcome,
        )
        .order_by(Proposal.id)
        .limit(1)
    ).scalar_one_or_none()


def _mark_conflict(
    session: Session, existing: Proposal, draft: ProposalDraft, *, actor: str
) -> bool:
    """Show the rival outcome on the pending proposal; True when it is newly shown."""
    breakdown = dict(existing.breakdown or {})
    rivals = dict(breakdown.get("rival_evidence") or {})
    quotes = [
        {"finding_id": c.finding_id, "quote": c.quote, "start": c.start, "end": c.end}
        for c in draft.citations
    ]
    known = rivals.get(draft.outcome, [])
    new = [q for q in quotes if q not in known]
    if not new:
        return False
    rivals[draft.outcome] = known + new
    outcomes = list(dict.fromkeys([*breakdown.get("conflicting_outcomes", []), draft.outcome]))
    breakdown.update(
        conflicting=True,
        conflicting_outcomes=outcomes,
        rival_evidence=rivals,
        rival_confidence={**breakdown.get("rival_confidence", {}), draft.outcome: draft.confidence},
    )
    existing.breakdown = breakdown
    audit.record(
        session,
        actor=actor,
        action="proposal.conflict",
        subject_type="proposal",
        subject_id=existing.id,
        question_id=draft.question_id,
        payload={"rival_outcome": draft.outcome, "confidence": draft.confidence, "quotes": new},
    )
    return True


def _save(session: Session, draft: ProposalDraft, report: MatchReport, *, actor: str) -> None:
    # the question's row before any of its proposals, the order a reviewer's decision takes
    # (review.service): a decision holding the question and waiting for a proposal the
    # matcher changed, while the matcher waits for the question, would be a deadlock
    session.execute(
        select(Question.id).where(Question.id == draft.question_id).with_for_update(key_share=True)
    )
    outcome = session.execute(
        select(Outcome).where(
            Outcome.question_id == draft.question_id, Outcome.label == draft.outcome
        )
    ).scalar_one()
    rival = _pending_rival(session, draft)
    if rival is not None:
        # never two silent proposals: the pending one shows the conflict instead
        if _mark_conflict(session, rival, draft, actor=actor):
            report.conflicts += 1
        return
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


# --- reviewers' cues ----------------------------------------------------------------------


class CueError(ValueError):
    """A cue that cannot be added (unknown question or outcome, empty phrase)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


MAX_CUE = 300


def add_cue(
    session: Session,
    question_id: str,
    outcome_label: str,
    phrase: str,
    *,
    actor: str,
    citation_id: int | None = None,
) -> list[str]:
    """Append a paraphrase to an outcome's reviewer cues, audited; the question is matched
    again (a re-import of the question keeps these).

    With ``citation_id`` the phrase must be words of that citation's quote, on an
    approved proposal of this question for this outcome: an approved quote becomes a cue,
    and the audit event names the citation it came from.

    Returns all the outcome's cues. Adding a cue it already has changes nothing.
    """
    phrase = " ".join(phrase.split())
    if not phrase:
        raise CueError("the cue phrase is empty", field="PHRASE")
    if len(phrase) > MAX_CUE:
        raise CueError(f"the cue phrase is longer than {MAX_CUE} characters", field="PHRASE")
    question = session.get(Question, question_id)
    if question is None:
        raise CueError(f"no question with id {question_id!r}", field="QUESTION")
    outcome = next((o for o in question.outcomes if o.label == outcome_label), None)
    if outcome is None:
        labels = ", ".join(repr(o.label) for o in question.outcomes)
        raise CueError(
            f"question {question_id!r} has no outcome {outcome_label!r} (one of: {labels})",
            field="OUTCOME",
        )
    payload: dict[str, Any] = {"outcome": outcome_label, "cue": phrase}
    if citation_id is not None:
        payload["citation_id"] = citation_id
        payload["quote"] = _approved_quote(session, question_id, outcome_label, phrase, citation_id)
    if phrase in outcome.all_cues():
        return outcome.all_cues()
    outcome.reviewer_cues = [*(outcome.reviewer_cues or []), phrase]
    question.spec = spec_for(question)
    question.matched_through = 0  # the spec changed: every finding is read again
    audit.record(
        session,
        actor=actor,
        action="outcome.cue_added",
        subject_type="outcome",
        subject_id=outcome.id,
        question_id=question_id,
        payload=payload,
    )
    return outcome.all_cues()


def _approved_quote(
    session: Session, question_id: str, outcome_label: str, phrase: str, citation_id: int
) -> str:
    """The quote of an approved citation for this question and outcome holding ``phrase``."""
    citation = session.get(Citation, citation_id)
    if citation is None:
        raise CueError(f"no citation with id {citation_id}", field="--from-citation")
    proposal = citation.proposal
    if proposal.question_id != question_id:
        raise CueError(
            f"citation {citation_id} belongs to question {proposal.question_id!r}, "
            f"not {question_id!r}",
            field="--from-citation",
        )
    if proposal.status != PROPOSAL_APPROVED:
        raise CueError(
            f"citation {citation_id} is on proposal {proposal.id}, which is {proposal.status}: "
            "only an approved quote can become a cue",
            field="--from-citation",
        )
    if proposal.outcome.label != outcome_label:
        raise CueError(
            f"citation {citation_id} supports {proposal.outcome.label!r}, not {outcome_label!r}",
            field="--from-citation",
        )
    if f" {normalize(phrase)} " not in f" {normalize(citation.quote)} ":
        raise CueError(
            f"the phrase is not in citation {citation_id}'s quote: {citation.quote!r}",
            field="PHRASE",
        )
    return citation.quote
