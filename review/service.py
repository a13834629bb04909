"""Queue, decisions and disputes: the one service layer every door calls.

Each function changes state and appends the matching audit event in the caller's
session, so both commit or neither does. Proposals carry a version column
(optimistic locking): of two concurrent decisions exactly one wins, the other gets a
:class:`~review.errors.Conflict`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from db import audit
from db.models import (
    PROPOSAL_APPROVED,
    PROPOSAL_PENDING,
    PROPOSAL_REJECTED,
    PROPOSAL_STATES,
    PROPOSAL_SUPERSEDED,
    QUESTION_DISPUTED,
    QUESTION_OPEN,
    QUESTION_PROPOSED,
    QUESTION_RESOLVED,
    Citation,
    Dispute,
    Finding,
    Outcome,
    Proposal,
    Question,
    Resolution,
    Review,
)
from db.types import utcnow
from review.errors import Conflict, Forbidden, InvalidInput, NotFound
from review.users import REVIEW_ROLES, get_user, require_role

MAX_NOTE_CHARS = 10_000
MAX_REASON_CHARS = 20_000


def _text(value: str | None, *, field: str, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(f"{field} is required", field=field)
    if len(value) > limit:
        raise InvalidInput(f"{field} is {len(value)} characters; the limit is {limit}", field=field)
    if any(ord(ch) < 32 and ch not in "\n\t\r" for ch in value):
        raise InvalidInput(f"{field} contains control characters", field=field)
    return value


def _proposal(session: Session, proposal_id: int) -> Proposal:
    p = session.execute(
        select(Proposal)
        .where(Proposal.id == proposal_id)
        .options(
            selectinload(Proposal.citations).selectinload(Citation.finding),
            selectinload(Proposal.outcome),
            selectinload(Proposal.question),
        )
    ).scalar_one_or_none()
    if p is None:
        raise NotFound(f"no proposal with id {proposal_id}", field="id")
    return p


def get_proposal(session: Session, proposal_id: int) -> Proposal:
    return _proposal(session, proposal_id)


def list_proposals(
    session: Session,
    *,
    status: str | None = None,
    question_id: str | None = None,
    limit: int = 100,
    after_id: int | None = None,
) -> list[Proposal]:
    if status is not None and status not in PROPOSAL_STATES:
        raise InvalidInput(
            f"unknown status {status!r}: one of {', '.join(PROPOSAL_STATES)}", field="status"
        )
    stmt = (
        select(Proposal)
        .options(
            selectinload(Proposal.citations).selectinload(Citation.finding),
            selectinload(Proposal.outcome),
            selectinload(Proposal.question),
        )
        .order_by(Proposal.id)
        .limit(limit)
    )
    if status:
        stmt = stmt.where(Proposal.status == status)
    if question_id:
        stmt = stmt.where(Proposal.question_id == question_id)
    if after_id is not None:
        stmt = stmt.where(Proposal.id > after_id)
    return list(session.execute(stmt).scalars())


def citation_dict(c: Citation) -> dict[str, Any]:
    f: Finding = c.finding
    return {
        "url": f.url,
        "source": f.source,
        "published_at": f.published_at.isoformat() if f.published_at else None,
        "title": f.title,
        "quote": c.quote,
        "start": c.start,
        "end": c.end,
        "finding_id": f.id,
        "snapshot_sha256": c.snapshot_sha256,
        "text_sha256": f.text_sha256,
    }


def proposal_dict(p: Proposal) -> dict[str, Any]:
    return {
        "id": p.id,
        "question_id": p.question_id,
        "question": p.question.title,
        "outcome": p.outcome.label,
        "confidence": p.confidence,
        "status": p.status,
        "breakdown": p.breakdown,
        "amended_from": p.amended_from_id,
        "amended_by": p.amended_by,
        "created_at": p.created_at.isoformat(),
        "decided_at": p.decided_at.isoformat() if p.decided_at else None,
        "version": p.version,
        "citations": [citation_dict(c) for c in p.citations],
    }


def _require_pending(p: Proposal) -> None:
    if p.status != PROPOSAL_PENDING:
        raise Conflict(f"proposal {p.id} is already {p.status}")


def _decide(session: Session, p: Proposal, status: str) -> None:
    p.status = status
    p.decided_at = utcnow()
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        raise Conflict(f"proposal {p.id} was decided by someone else just now") from None


def approve(session: Session, proposal_id: int, *, actor: str, note: str = "") -> Proposal:
    """Approve a pending proposal: the question is resolved with its outcome."""
    note = _text(note, field="note", limit=MAX_NOTE_CHARS)
    user = get_user(session, actor)
    require_role(user, REVIEW_ROLES, "approve proposals")
    p = _proposal(session, proposal_id)
    _require_pending(p)
    if p.amended_by == actor:
        raise Forbidden(f"{actor} amended proposal {p.id}; another reviewer must approve it")
    q = p.question
    if q.status not in (QUESTION_OPEN, QUESTION_PROPOSED):
        raise Conflict(f"question {q.id} is {q.status}; it cannot be resolved by approval now")
    _decide(session, p, PROPOSAL_APPROVED)
    session.add(Review(proposal_id=p.id, reviewer=actor, action="approve", note=note))
    resolution = Resolution(
        question_id=q.id, outcome_id=p.outcome_id, proposal_id=p.id, resolved_by=actor, via="review"
    )
    session.add(resolution)
    q.status = QUESTION_RESOLVED
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="proposal.approved",
        subject_type="proposal",
        subject_id=p.id,
        question_id=q.id,
        payload={"outcome": p.outcome.label, "note": note, "confidence": p.confidence},
    )
    audit.record(
        session,
        actor=actor,
        action="question.resolved",
        subject_type="question",
        subject_id=q.id,
        question_id=q.id,
        payload={"outcome": p.outcome.label, "proposal_id": p.id, "resolution_id": resolution.id},
    )
    _supersede_others(session, p, actor=actor)
    return p


def _supersede_others(session: Session, kept: Proposal, *, actor: str) -> None:
    others = session.execute(
        select(Proposal).where(
            Proposal.question_id == kept.question_id,
            Proposal.id != kept.id,
            Proposal.status == PROPOSAL_PENDING,
        )
    ).scalars()
    for other in others:
        _decide(session, other, PROPOSAL_SUPERSEDED)
        audit.record(
            session,
            actor=actor,
            action="proposal.superseded",
            subject_type="proposal",
            subject_id=other.id,
            question_id=other.question_id,
            payload={"by_proposal": kept.id},
        )


def reject(session: Session, proposal_id: int, *, actor: str, note: str = "") -> Proposal:
    """Reject a pending proposal; the question stays open for other evidence."""
    note = _text(note, field="note", limit=MAX_NOTE_CHARS)
    user = get_user(session, actor)
    require_role(user, REVIEW_ROLES, "reject proposals")
    p = _proposal(session, proposal_id)
    _require_pending(p)
    _decide(session, p, PROPOSAL_REJECTED)
    session.add(Review(proposal_id=p.id, reviewer=actor, action="reject", note=note))
    still_pending = session.execute(
        select(Proposal.id).where(
            Proposal.question_id == p.question_id, Proposal.status == PROPOSAL_PENDING
        )
    ).first()
    if still_pending is None and p.question.status == QUESTION_PROPOSED:
        p.question.status = QUESTION_OPEN
    audit.record(
        session,
        actor=actor,
        action="proposal.rejected",
        subject_type="proposal",
        subject_id=p.id,
        question_id=p.question_id,
        payload={"outcome": p.outcome.label, "note": note},
    )
    return p


def amend(
    session: Session, proposal_id: int, *, actor: str, outcome: str, note: str = ""
) -> Proposal:
    """Replace a pending proposal's outcome. The amended proposal needs another approver."""
    note = _text(note, field="note", limit=MAX_NOTE_CHARS)
    user = get_user(session, actor)
    require_role(user, REVIEW_ROLES, "amend proposals")
    p = _proposal(session, proposal_id)
    _require_pending(p)
    labels = {o.label: o for o in p.question.outcomes}
    target = labels.get(outcome)
    if target is None:
        raise InvalidInput(
            f"question {p.question_id} has no outcome {outcome!r}; its outcomes are: "
            + ", ".join(repr(lbl) for lbl in labels),
            field="outcome",
        )
    if target.id == p.outcome_id:
        raise InvalidInput(f"proposal {p.id} already proposes {outcome!r}", field="outcome")
    _decide(session, p, PROPOSAL_SUPERSEDED)
    session.add(
        Review(proposal_id=p.id, reviewer=actor, action="amend", outcome_id=target.id, note=note)
    )
    amended = _proposal_for(session, p, target, actor=actor)
    audit.record(
        session,
        actor=actor,
        action="proposal.amended",
        subject_type="proposal",
        subject_id=p.id,
        question_id=p.question_id,
        payload={
            "from": p.outcome.label,
            "to": outcome,
            "new_proposal_id": amended.id,
            "note": note,
        },
    )
    return amended


def _proposal_for(session: Session, old: Proposal, target: Outcome, *, actor: str) -> Proposal:
    existing = session.execute(
        select(Proposal).where(
            Proposal.question_id == old.question_id, Proposal.outcome_id == target.id
        )
    ).scalar_one_or_none()
    if existing is None:
        existing = Proposal(
            question_id=old.question_id,
            outcome_id=target.id,
            confidence=old.confidence,
            breakdown={**(old.breakdown or {}), "amended_from": old.id},
        )
        session.add(existing)
    existing.status = PROPOSAL_PENDING
    existing.amended_by = actor
    existing.amended_from_id = old.id
    existing.decided_at = None
    session.flush()
    have = {(c.finding_id, c.start) for c in existing.citations}
    for c in old.citations:
        if (c.finding_id, c.start) not in have:
            session.add(
                Citation(
                    proposal_id=existing.id,
                    finding_id=c.finding_id,
                    quote=c.quote,
                    start=c.start,
                    end=c.end,
                    snapshot_sha256=c.snapshot_sha256,
                    score=c.score,
                )
            )
    session.flush()
    session.refresh(existing)
    return existing


def current_resolution(session: Session, question_id: str) -> Resolution | None:
    return session.execute(
        select(Resolution)
        .where(Resolution.question_id == question_id, Resolution.superseded_at.is_(None))
        .order_by(Resolution.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def open_dispute(
    session: Session,
    question_id: str,
    *,
    actor: str,
    reason: str,
    evidence_url: str | None = None,
) -> Dispute:
    """Dispute a resolved question. The resolution stays in its history."""
    reason = _text(reason, field="reason", limit=MAX_REASON_CHARS, required=True)
    if evidence_url and not evidence_url.startswith(("http://", "https://")):
        raise InvalidInput("evidence URL must be http(s)", field="evidence_url")
    get_user(session, actor)  # any role may dispute
    q = session.get(Question, question_id)
    if q is None:
        raise NotFound(f"no question with id {question_id!r}", field="question_id")
    if q.status != QUESTION_RESOLVED:
        raise Conflict(
            f"question {question_id} is {q.status}; only a resolved question can be disputed"
        )
    resolution = current_resolution(session, question_id)
    dispute = Dispute(
        question_id=q.id,
        resolution_id=resolution.id if resolution else None,
        opened_by=actor,
        reason=reason,
        evidence_url=evidence_url,
    )
    session.add(dispute)
    q.status = QUESTION_DISPUTED
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="dispute.opened",
        subject_type="dispute",
        subject_id=dispute.id,
        question_id=q.id,
        payload={
            "reason": reason,
            "evidence_url": evidence_url,
            "resolution_id": dispute.resolution_id,
        },
    )
    return dispute
