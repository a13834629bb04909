"""Settling disputes: assign to an adjudicator, then decide upheld, overturned or annulled.

A dispute decision re-resolves a disputed question, so it needs ``dispute_approvals``
matching adjudications (default two) from different, independent adjudicators, one of
them the assignee. Until they agree each adjudication is sealed like a blind review:
the audit trail holds only a commitment, revealed by the deciding event.

Independence: neither the person who opened the dispute nor the one who made the
disputed resolution may adjudicate it.

Effects, never overwriting history:

* upheld — the resolution stands; the question is resolved again;
* overturned — the old Resolution gets ``superseded_at``; a new one with the new outcome;
* annulled — the old Resolution is superseded by one with no outcome; question annulled.
"""

from __future__ import annotations

import secrets
from collections import Counter
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.models import Adjudication, Dispute, Outcome, Question, Resolution
from db.types import utcnow
from review import clarifications, states
from review.errors import Conflict, InvalidInput, NotFound
from review.service import MAX_REASON_CHARS, commitment, current_resolution
from review.settings import ReviewSettings
from review.textcheck import clean_text
from review.users import ADJUDICATOR_ROLES, authorize, deny, get_user

UPHELD = "upheld"
OVERTURNED = "overturned"
ANNULLED = "annulled"
DECISIONS = (UPHELD, OVERTURNED, ANNULLED)
OPEN = "open"
ASSIGNED = "assigned"
DISPUTE_STATES = (OPEN, ASSIGNED, *DECISIONS)
#: decision → the question's transition event
EVENTS = {UPHELD: "uphold", OVERTURNED: "overturn", ANNULLED: "annul"}


def get_dispute(session: Session, dispute_id: int, *, lock: bool = False) -> Dispute:
    stmt = select(Dispute).where(Dispute.id == dispute_id)
    if lock:
        stmt = stmt.with_for_update()  # serialises concurrent adjudications on PostgreSQL
    d = session.execute(stmt).scalar_one_or_none()
    if d is None:
        raise NotFound(f"no dispute with id {dispute_id}", field="dispute_id")
    return d


def list_disputes(
    session: Session, *, status: str | None = None, question_id: str | None = None
) -> list[Dispute]:
    if status is not None and status not in DISPUTE_STATES:
        raise InvalidInput(
            f"unknown dispute status {status!r}: one of {', '.join(DISPUTE_STATES)}",
            field="status",
        )
    stmt = select(Dispute).order_by(Dispute.id.desc())
    if status:
        stmt = stmt.where(Dispute.status == status)
    if question_id:
        stmt = stmt.where(Dispute.question_id == question_id)
    return list(session.execute(stmt).scalars())


def _conflicted(session: Session, d: Dispute) -> set[str]:
    """People who may not adjudicate ``d``: its opener and the disputed resolver."""
    names = {d.opened_by}
    if d.resolution_id is not None:
        res = session.get(Resolution, d.resolution_id)
        if res is not None:
            names.add(res.resolved_by)
    return names


def assign(session: Session, dispute_id: int, *, actor: str, adjudicator: str) -> Dispute:
    """Give a dispute to an adjudicator (an adjudicator or admin may; reassigning too)."""
    authorize(
        session,
        actor,
        ADJUDICATOR_ROLES,
        "assign disputes",
        subject_type="dispute",
        subject_id=dispute_id,
    )
    d = get_dispute(session, dispute_id, lock=True)
    if d.status not in (OPEN, ASSIGNED):
        raise Conflict(f"dispute {d.id} is already {d.status}", field="status")
    target = get_user(session, adjudicator)
    if target.role not in ADJUDICATOR_ROLES:
        raise InvalidInput(
            f"user {adjudicator!r} has role {target.role!r}; disputes go to an adjudicator",
            field="adjudicator",
        )
    if adjudicator in _conflicted(session, d):
        raise InvalidInput(
            f"{adjudicator} opened this dispute or made the disputed resolution; "
            "assign someone independent",
            field="adjudicator",
        )
    before = d.assigned_to
    d.assigned_to, d.assigned_at, d.status = adjudicator, utcnow(), ASSIGNED
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="dispute.assigned",
        subject_type="dispute",
        subject_id=d.id,
        question_id=d.question_id,
        payload={"to": adjudicator, "from": before},
    )
    return d


def _target_outcome(
    session: Session, d: Dispute, decision: str, outcome: str | None
) -> Outcome | None:
    if decision not in DECISIONS:
        raise InvalidInput(
            f"unknown decision {decision!r}: one of {', '.join(DECISIONS)}", field="decision"
        )
    if decision != OVERTURNED:
        if outcome:
            raise InvalidInput("only an overturn names a new outcome", field="outcome")
        return None
    q = session.get(Question, d.question_id)
    assert q is not None
    labels = {o.label: o for o in q.outcomes}
    target = labels.get(outcome or "")
    if target is None:
        raise InvalidInput(
            f"question {q.id} has no outcome {outcome!r}; its outcomes are: "
            + ", ".join(repr(lbl) for lbl in labels),
            field="outcome",
        )
    current = current_resolution(session, d.question_id)
    if current is not None and current.outcome_id == target.id:
        raise InvalidInput(
            f"the question is already resolved as {outcome!r}: that is upheld, not overturned",
            field="outcome",
        )
    return target


def _check_adjudicator(session: Session, d: Dispute, actor: str) -> None:
    if d.status == OPEN:
        raise Conflict(f"dispute {d.id} is not assigned yet; assign it to an adjudicator first")
    if d.status != ASSIGNED:
        raise Conflict(f"dispute {d.id} is already {d.status}", field="status")
    if actor in _conflicted(session, d):
        raise deny(
            session,
            actor,
            f"{actor} opened dispute {d.id} or made the disputed resolution; "
            "an independent adjudicator must decide it",
            doing="adjudicate their own dispute or resolution",
            subject_type="dispute",
            subject_id=d.id,
            question_id=d.question_id,
        )


def votes_of(session: Session, d: Dispute) -> list[Adjudication]:
    return list(
        session.execute(
            select(Adjudication).where(Adjudication.dispute_id == d.id).order_by(Adjudication.id)
        ).scalars()
    )


def decide(
    session: Session,
    dispute_id: int,
    *,
    actor: str,
    decision: str,
    reason: str,
    outcome: str | None = None,
    settings: ReviewSettings | None = None,
    clarification_version: int | None = None,
) -> Dispute:
    """Record one adjudication; the dispute is decided once enough of them agree."""
    reason = clean_text(reason, field="reason", limit=MAX_REASON_CHARS, required=True)
    cfg = settings if settings is not None else ReviewSettings()
    authorize(
        session,
        actor,
        ADJUDICATOR_ROLES,
        "decide disputes",
        subject_type="dispute",
        subject_id=dispute_id,
    )
    d = get_dispute(session, dispute_id, lock=True)
    _check_adjudicator(session, d, actor)
    target = _target_outcome(session, d, decision, outcome)
    relied = clarifications.relied_on(session, d.question_id, clarification_version)
    votes = votes_of(session, d)
    if any(v.adjudicator == actor for v in votes):
        raise Conflict(
            f"you already adjudicated dispute {d.id}; another adjudicator must confirm",
            field="actor",
        )
    vote = Adjudication(
        dispute_id=d.id,
        adjudicator=actor,
        decision=decision,
        new_outcome_id=target.id if target else None,
        reason=reason,
        clarification_version=relied,
        salt=secrets.token_hex(16),
    )
    session.add(vote)
    session.flush()
    votes.append(vote)
    key = (decision, vote.new_outcome_id)
    agreeing = [v for v in votes if (v.decision, v.new_outcome_id) == key]
    by_assignee = any(v.adjudicator == d.assigned_to for v in agreeing)
    if len(agreeing) >= cfg.dispute_approvals and by_assignee:
        _take_effect(session, d, agreeing, votes, target, cfg)
    else:
        _seal(session, d, vote, target, cfg.dispute_approvals)
    return d


def _seal(
    session: Session, d: Dispute, vote: Adjudication, target: Outcome | None, needed: int
) -> None:
    assert vote.salt is not None
    audit.record(
        session,
        actor=vote.adjudicator,
        action="dispute.adjudication_sealed",
        subject_type="dispute",
        subject_id=d.id,
        question_id=d.question_id,
        payload={
            "adjudications_needed": needed,
            "commitment": commitment(
                subject=f"dispute:{d.id}",
                round=1,
                voter=vote.adjudicator,
                decision=vote.decision,
                outcome=target.label if target else None,
                note=vote.reason,
                clarification_version=vote.clarification_version,
                salt=vote.salt,
            ),
        },
    )


def _reveal(session: Session, votes: list[Adjudication]) -> list[dict[str, Any]]:
    out = []
    for v in votes:
        o = session.get(Outcome, v.new_outcome_id) if v.new_outcome_id else None
        label = o.label if o else None
        out.append(
            {
                "adjudicator": v.adjudicator,
                "decision": v.decision,
                "outcome": label,
                "reason": v.reason,
                "clarification_version": v.clarification_version,
                "salt": v.salt,
                "at": v.created_at.isoformat(),
            }
        )
    return out


def _take_effect(
    session: Session,
    d: Dispute,
    agreeing: list[Adjudication],
    votes: list[Adjudication],
    target: Outcome | None,
    cfg: ReviewSettings,
) -> None:
    decision = agreeing[-1].decision
    q = session.get(Question, d.question_id)
    assert q is not None
    before, after = states.apply(q, EVENTS[decision])
    lead = next(v for v in agreeing if v.adjudicator == d.assigned_to)
    now = utcnow()
    old = current_resolution(session, q.id)
    new_res = None
    if decision in (OVERTURNED, ANNULLED):
        if old is not None:
            old.superseded_at = now
        new_res = Resolution(
            question_id=q.id,
            outcome_id=target.id if target else None,
            proposal_id=None,
            resolved_by=lead.adjudicator,
            resolved_at=now,
            via="dispute",
            final_at=now + timedelta(seconds=cfg.challenge_window_seconds),
        )
        session.add(new_res)
    d.status, d.decided_by, d.decision_reason, d.decided_at = (
        decision,
        lead.adjudicator,
        lead.reason,
        now,
    )
    d.new_outcome_id = target.id if target else None
    session.flush()
    audit.record(
        session,
        actor=agreeing[-1].adjudicator,
        action="dispute.decided",
        subject_type="dispute",
        subject_id=d.id,
        question_id=q.id,
        payload={
            "decision": decision,
            "outcome": target.label if target else None,
            "reason": lead.reason,
            "decided_by": lead.adjudicator,
            "confirmed_by": [v.adjudicator for v in agreeing if v is not lead],
            "adjudications": _reveal(session, votes),
            "superseded_resolution_id": old.id if old and new_res else None,
            "new_resolution_id": new_res.id if new_res else None,
            "from": before,
            "to": after,
        },
    )


def tally(votes: list[Adjudication]) -> Counter[tuple[str, int | None]]:
    return Counter((v.decision, v.new_outcome_id) for v in votes)


def dispute_dict(session: Session, d: Dispute, *, viewer: str | None = None) -> dict[str, Any]:
    """A dispute as the doors show it; sealed adjudications only to their author."""
    decided = d.status in DECISIONS
    votes = votes_of(session, d)
    shown = votes if decided else [v for v in votes if v.adjudicator == viewer]
    new_outcome = session.get(Outcome, d.new_outcome_id) if d.new_outcome_id else None
    return {
        "id": d.id,
        "question_id": d.question_id,
        "status": d.status,
        "opened_by": d.opened_by,
        "reason": d.reason,
        "evidence_url": d.evidence_url,
        "resolution_id": d.resolution_id,
        "assigned_to": d.assigned_to,
        "decided_by": d.decided_by,
        "decision_reason": d.decision_reason,
        "new_outcome": new_outcome.label if new_outcome else None,
        "created_at": d.created_at.isoformat(),
        "decided_at": d.decided_at.isoformat() if d.decided_at else None,
        "adjudications_recorded": len(votes),
        "adjudications": _reveal(session, shown),
    }


def adjudications_of(session: Session, name: str, *, viewer: str | None) -> list[dict[str, Any]]:
    """A person's adjudications, newest first; sealed ones only to their author."""
    rows = session.execute(
        select(Adjudication, Dispute)
        .join(Dispute, Dispute.id == Adjudication.dispute_id)
        .where(Adjudication.adjudicator == name)
        .order_by(Adjudication.id.desc())
    ).all()
    out = []
    for vote, d in rows:
        if d.status not in DECISIONS and name != viewer:
            continue
        (shown,) = _reveal(session, [vote])
        out.append({**shown, "dispute_id": d.id, "question_id": d.question_id})
    return out
