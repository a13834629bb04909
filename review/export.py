"""A question's full history as data, as JSON, and as a self-contained HTML report.

The report is meant to be attached to a dispute: the question and its outcomes, every
piece of evidence with its verbatim quote and archived snapshot hash, every decision
with who, when, why and which clarification it relied on, and the audit events with
their hashes (plus whether the chain verified when the report was made). The HTML has
its CSS inline and loads nothing, so it reads the same offline, years later.

Sealed (blind) votes of an undecided proposal or dispute are left out, as in the UI.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db import audit
from db.models import Citation, Outcome, Proposal, Question, Resolution, Review
from db.types import utcnow
from review import clarifications, disputes
from review.errors import InvalidInput, NotFound
from review.queries import decisions_of, questions_page
from review.service import citation_dict, visible_votes

__all__ = ["decisions_of", "export", "history", "questions_page"]

TEMPLATES = Path(__file__).parent / "templates"
FORMATS = ("json", "html")


def get_question(session: Session, question_id: str) -> Question:
    q = session.get(Question, question_id)
    if q is None:
        raise NotFound(f"no question with id {question_id!r}", field="question_id")
    return q


def question_dict(q: Question) -> dict[str, Any]:
    return {
        "id": q.id,
        "title": q.title,
        "status": q.status,
        "outcomes": [{"label": o.label, "probability": o.probability} for o in q.outcomes],
        "resolution_source": q.resolution_source,
        "opens_at": q.opens_at.isoformat() if q.opens_at else None,
        "closes_at": q.closes_at.isoformat() if q.closes_at else None,
        "context": q.context,
    }


def _label(session: Session, outcome_id: int | None) -> str | None:
    o = session.get(Outcome, outcome_id) if outcome_id else None
    return o.label if o else None


def _resolutions(session: Session, q: Question) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Resolution).where(Resolution.question_id == q.id).order_by(Resolution.id)
    ).scalars()
    return [
        {
            "id": r.id,
            "outcome": _label(session, r.outcome_id),
            "proposal_id": r.proposal_id,
            "resolved_by": r.resolved_by,
            "resolved_at": r.resolved_at.isoformat(),
            "final_at": r.final_at.isoformat() if r.final_at else None,
            "superseded_at": r.superseded_at.isoformat() if r.superseded_at else None,
            "via": r.via,
        }
        for r in rows
    ]


def review_dict(session: Session, r: Review) -> dict[str, Any]:
    return {
        "proposal_id": r.proposal_id,
        "reviewer": r.reviewer,
        "action": r.action,
        "outcome": _label(session, r.outcome_id),
        "note": r.note,
        "round": r.round,
        "clarification_version": r.clarification_version,
        "at": r.created_at.isoformat(),
    }


def _proposals(session: Session, q: Question, viewer: str | None) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Proposal)
        .where(Proposal.question_id == q.id)
        .order_by(Proposal.id)
        .options(
            selectinload(Proposal.citations).selectinload(Citation.finding),
            selectinload(Proposal.outcome),
        )
    ).scalars()
    return [
        {
            "id": p.id,
            "outcome": p.outcome.label,
            "confidence": p.confidence,
            "status": p.status,
            "breakdown": p.breakdown,
            "amended_by": p.amended_by,
            "created_at": p.created_at.isoformat(),
            "decided_at": p.decided_at.isoformat() if p.decided_at else None,
            "citations": [citation_dict(c) for c in p.citations],
            "decisions": [review_dict(session, r) for r in visible_votes(session, p, viewer)],
        }
        for p in rows
    ]


def history(session: Session, question_id: str, *, viewer: str | None = None) -> dict[str, Any]:
    """Everything that happened to a question, oldest first within each part."""
    q = get_question(session, question_id)
    check = audit.verify(session)
    return {
        "question": question_dict(q),
        "clarifications": [
            clarifications.clarification_dict(c) for c in clarifications.ledger(session, q.id)
        ],
        "resolutions": _resolutions(session, q),
        "proposals": _proposals(session, q, viewer),
        "disputes": [
            disputes.dispute_dict(session, d, viewer=viewer)
            for d in reversed(disputes.list_disputes(session, question_id=q.id))
        ],
        "audit": [audit.event_dict(e) for e in audit.events_for(session, q.id)],
        "audit_chain": {"ok": check.ok, "events": check.events, "head_hash": check.head_hash},
        "generated_at": utcnow().isoformat(),
        "generated_for": viewer,
    }


_env = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(default=True, default_for_string=True),
)


def render_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


def render_html(data: dict[str, Any]) -> str:
    """The self-contained report: inline CSS, no scripts, no external assets."""
    return _env.get_template("export.html").render(h=data)


def export(session: Session, question_id: str, fmt: str, *, viewer: str | None = None) -> str:
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}: json or html", field="format")
    data = history(session, question_id, viewer=viewer)
    return render_json(data) if fmt == "json" else render_html(data)
