"""The clarification ledger: what a question's outcome means, appended, never edited.

Each decision records the clarification version it relied on. A door that shows the
ledger passes the version the person saw; if a newer one was posted meanwhile, the
decision is refused (409), so nobody decides on an outdated reading without knowing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from db import audit
from db.models import Clarification, Question
from review.errors import Conflict, InvalidInput, NotFound
from review.textcheck import clean_text
from review.users import ADMIN_ROLES, authorize

MAX_CLARIFICATION_CHARS = 20_000


def latest_version(session: Session, question_id: str) -> int:
    """The newest clarification's version, 0 when there is none."""
    return int(
        session.scalar(
            select(func.max(Clarification.version)).where(Clarification.question_id == question_id)
        )
        or 0
    )


def relied_on(session: Session, question_id: str, seen: int | None) -> int:
    """The version a decision relies on: the one the person saw, if it is still current."""
    return check_seen(question_id, latest_version(session, question_id), seen)


def check_seen(question_id: str, current: int, seen: int | None) -> int:
    """:func:`relied_on` once the latest version is known."""
    if seen is None:
        return current
    if seen < 0 or seen > current:
        raise InvalidInput(
            f"clarification version {seen} does not exist (latest is {current})",
            field="clarification_version",
        )
    if seen != current:
        raise Conflict(
            f"clarification version {current} of question {question_id} was posted after "
            f"version {seen} you saw; read it and decide again",
            field="clarification_version",
        )
    return current


def post(session: Session, question_id: str, text: str, *, actor: str) -> Clarification:
    """Append a clarification (admins only); its version is the next number."""
    text = clean_text(text, field="text", limit=MAX_CLARIFICATION_CHARS, required=True)
    q = session.get(Question, question_id)
    if q is None:
        raise NotFound(f"no question with id {question_id!r}", field="question_id")
    authorize(
        session,
        actor,
        ADMIN_ROLES,
        "post clarifications",
        subject_type="question",
        subject_id=question_id,
        question_id=question_id,
    )
    row = Clarification(
        question_id=question_id,
        version=latest_version(session, question_id) + 1,
        text=text,
        posted_by=actor,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="clarification.posted",
        subject_type="question",
        subject_id=question_id,
        question_id=question_id,
        payload={"version": row.version, "text": text},
    )
    return row


_LEDGER = (
    select(Clarification)
    .where(Clarification.question_id == bindparam("question_id"))
    .order_by(Clarification.version)
)


def ledger(session: Session, question_id: str) -> list[Clarification]:
    return list(session.execute(_LEDGER, {"question_id": question_id}).scalars())


def clarification_dict(c: Clarification) -> dict[str, Any]:
    return {
        "version": c.version,
        "text": c.text,
        "posted_by": c.posted_by,
        "created_at": c.created_at.isoformat(),
    }
