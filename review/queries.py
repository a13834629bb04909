"""Read models for the doors: the queue page (filters, allow-listed sort, opaque keyset
cursor), status counts, and the evidence a proposal page shows.

The queue is paged by keyset — ``(sort key, id)`` after the last row seen — so the first
page and the thousandth cost the same, and the indexes of migration 0003 serve them.
The cursor is opaque to clients (base64 of a small JSON object) and checked on the way
back in: a cursor from another sort order, or a forged one, is a 422, never a query.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, exists, func, not_, select, tuple_
from sqlalchemy.orm import Session, joinedload, selectinload

from db.models import (
    PROPOSAL_PENDING,
    PROPOSAL_STATES,
    Citation,
    Finding,
    Outcome,
    Proposal,
    Question,
    Review,
)
from review.errors import InvalidInput, NotFound

#: Allowed sort keys: name → (column, descending). Nothing else reaches ORDER BY.
SORTS: dict[str, tuple[Any, bool]] = {
    "id": (Proposal.id, False),
    "-id": (Proposal.id, True),
    "confidence": (Proposal.confidence, False),
    "-confidence": (Proposal.confidence, True),
    "created_at": (Proposal.created_at, False),
    "-created_at": (Proposal.created_at, True),
}
DEFAULT_SORT = "-confidence"
MAX_LIMIT = 200


@dataclass(frozen=True)
class QueueFilter:
    status: str | None = "pending"
    question_id: str | None = None
    source: str | None = None
    min_confidence: float | None = None
    max_confidence: float | None = None
    sort: str = DEFAULT_SORT
    cursor: str | None = None
    limit: int = 50

    def checked(self) -> QueueFilter:
        """Raise :class:`InvalidInput` naming the first bad field."""
        if self.status is not None and self.status not in PROPOSAL_STATES:
            raise InvalidInput(
                f"unknown status {self.status!r}: one of {', '.join(PROPOSAL_STATES)}",
                field="status",
            )
        if self.sort not in SORTS:
            shown = self.sort.encode("unicode_escape").decode("ascii")[:60]
            raise InvalidInput(f"unknown sort {shown!r}: one of {', '.join(SORTS)}", field="sort")
        for name in ("min_confidence", "max_confidence"):
            value = getattr(self, name)
            if value is not None and not 0.0 <= value <= 1.0:
                raise InvalidInput(f"{name} must be between 0 and 1", field=name)
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}", field="limit")
        return self


def encode_cursor(sort: str, value: Any, last_id: int | str) -> str:
    if isinstance(value, datetime):
        value = value.isoformat()
    raw = json.dumps({"s": sort, "v": value, "i": last_id}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, Any]:
    """(sort value, id) of the last row seen; 422 for anything else."""
    bad = InvalidInput("invalid cursor: pass back the 'next' value unchanged", field="cursor")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError):
        raise bad from None
    if not isinstance(data, dict) or data.get("s") != sort:
        raise bad
    if sort == "question":
        if not isinstance(data.get("i"), str):
            raise bad
        return None, data["i"]
    if not isinstance(data.get("i"), int) or isinstance(data.get("i"), bool):
        raise bad
    value = data.get("v")
    column_name = sort.lstrip("-")
    try:
        if column_name == "created_at":
            value = datetime.fromisoformat(str(value))
            if value.tzinfo is None:
                raise bad
        elif column_name == "confidence":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise bad
            value = float(value)
        else:
            value = data["i"]
    except (TypeError, ValueError):
        raise bad from None
    return value, int(data["i"])


def _filtered(stmt: Any, f: QueueFilter) -> Any:
    if f.status:
        stmt = stmt.where(Proposal.status == f.status)
    if f.question_id:
        stmt = stmt.where(Proposal.question_id == f.question_id)
    if f.min_confidence is not None:
        stmt = stmt.where(Proposal.confidence >= f.min_confidence)
    if f.max_confidence is not None:
        stmt = stmt.where(Proposal.confidence <= f.max_confidence)
    if f.source:
        stmt = stmt.where(
            exists()
            .where(Citation.proposal_id == Proposal.id, Citation.finding_id == Finding.id)
            .where(Finding.source == f.source)
        )
    return stmt


def _paged(stmt: Any, f: QueueFilter) -> Any:
    column, desc = SORTS[f.sort]
    if f.cursor:
        value, last_id = decode_cursor(f.cursor, f.sort)
        key = tuple_(column, Proposal.id)
        stmt = stmt.where(key < (value, last_id) if desc else key > (value, last_id))
    order = (column.desc(), Proposal.id.desc()) if desc else (column.asc(), Proposal.id.asc())
    return stmt.order_by(*order).limit(f.limit + 1)


def _next_cursor(f: QueueFilter, rows: list[Any]) -> str | None:
    if len(rows) <= f.limit:
        return None
    last = rows[f.limit - 1]
    column_name = f.sort.lstrip("-")
    return encode_cursor(f.sort, getattr(last, column_name), last.id)


@dataclass(frozen=True)
class QueueRow:
    id: int
    question_id: str
    question: str
    outcome: str
    confidence: float
    status: str
    created_at: datetime
    citations: int


def queue_rows(session: Session, f: QueueFilter) -> tuple[list[QueueRow], str | None]:
    """One page of the queue as light rows (the web UI's table): the page by keyset,
    then its citation counts in one grouped query (cheaper than a per-row subquery)."""
    f = f.checked()
    stmt = (
        select(
            Proposal.id,
            Proposal.question_id,
            Question.title.label("question"),
            Outcome.label.label("outcome"),
            Proposal.confidence,
            Proposal.status,
            Proposal.created_at,
        )
        .join(Question, Question.id == Proposal.question_id)
        .join(Outcome, Outcome.id == Proposal.outcome_id)
    )
    rows = list(session.execute(_paged(_filtered(stmt, f), f)).all())
    ids = [r.id for r in rows[: f.limit]]
    counts = (
        dict(
            session.execute(
                select(Citation.proposal_id, func.count())
                .where(Citation.proposal_id.in_(ids))
                .group_by(Citation.proposal_id)
            ).all()
        )
        if ids
        else {}
    )
    page = [QueueRow(**r._mapping, citations=counts.get(r.id, 0)) for r in rows[: f.limit]]
    return page, _next_cursor(f, rows)


def proposals_page(session: Session, f: QueueFilter) -> tuple[list[Proposal], str | None]:
    """One page of the queue as full proposals (the REST API's items)."""
    f = f.checked()
    stmt = select(Proposal.id, Proposal.confidence, Proposal.created_at)
    rows = list(session.execute(_paged(_filtered(stmt, f), f)).all())
    ids = [r.id for r in rows[: f.limit]]
    loaded = {
        p.id: p
        for p in session.execute(
            select(Proposal)
            .where(Proposal.id.in_(ids))
            .options(
                selectinload(Proposal.citations).selectinload(Citation.finding),
                selectinload(Proposal.outcome),
                selectinload(Proposal.question),
            )
        ).scalars()
    }
    return [loaded[i] for i in ids], _next_cursor(f, rows)


def status_counts(session: Session) -> dict[str, int]:
    counts = dict.fromkeys(PROPOSAL_STATES, 0)
    for status, n in session.execute(
        select(Proposal.status, func.count()).group_by(Proposal.status)
    ):
        counts[status] = int(n)
    return counts


_NEIGHBOURS: dict[tuple[str, str | None], Any] = {}


def neighbours(session: Session, p: Proposal, f: QueueFilter) -> tuple[int | None, int | None]:
    """The previous and next proposal around ``p`` in the queue's order (j/k), in one
    round trip (two keyset subqueries; the statement is built once per sort and status)."""
    stmt = _NEIGHBOURS.get((f.sort, f.status))
    if stmt is None:
        stmt = _NEIGHBOURS[(f.sort, f.status)] = _neighbours_stmt(f.sort, f.status)
    value = getattr(p, f.sort.lstrip("-"))
    row = session.execute(stmt, {"here_value": value, "here_id": p.id}).one()
    return row.prev, row.next


def _neighbours_stmt(sort: str, status: str | None) -> Any:
    column, desc = SORTS[sort]
    key = tuple_(column, Proposal.id)
    here = tuple_(bindparam("here_value", type_=column.type), bindparam("here_id"))
    base = _filtered(select(Proposal.id), QueueFilter(status=status))
    after = key < here if desc else key > here
    before = key > here if desc else key < here
    fwd = (column.desc(), Proposal.id.desc()) if desc else (column.asc(), Proposal.id.asc())
    back = (column.asc(), Proposal.id.asc()) if desc else (column.desc(), Proposal.id.desc())
    nxt = base.where(after).order_by(*fwd).limit(1).scalar_subquery()
    prev = base.where(before).order_by(*back).limit(1).scalar_subquery()
    return select(prev.label("prev"), nxt.label("next"))


#: Built once (the proposal page is on the hot path): building a statement with loader
#: options and computing its cache key cost more than running it.
_QUESTION_PROPOSALS = (
    select(Proposal)
    .where(
        Proposal.question_id
        == select(Proposal.question_id)
        .where(Proposal.id == bindparam("proposal_id"))
        .scalar_subquery()
    )
    .order_by(Proposal.id)
    .options(
        joinedload(Proposal.outcome),
        joinedload(Proposal.question).selectinload(Question.outcomes),
        selectinload(Proposal.citations).joinedload(Citation.finding),
    )
)


def question_proposals(session: Session, proposal_id: int) -> tuple[Proposal, list[Proposal]]:
    """A proposal and every proposal of its question, with outcomes, citations, findings
    and the question's outcomes: what a proposal page shows, in three round trips."""
    rows = list(
        session.execute(_QUESTION_PROPOSALS, {"proposal_id": proposal_id}).unique().scalars()
    )
    p = next((x for x in rows if x.id == proposal_id), None)
    if p is None:
        raise NotFound(f"no proposal with id {proposal_id}", field="id")
    return p, rows


# --- evidence ----------------------------------------------------------------------------

CONTEXT_CHARS = 280


def quote_in_context(c: Citation) -> dict[str, Any]:
    """The citation's quote inside its surrounding text, split for highlighting."""
    text = c.finding.text
    start, end = max(0, c.start), min(len(text), c.end)
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    return {
        "before": ("…" if lo > 0 else "") + text[lo:start],
        "quote": text[start:end],
        "after": text[end:hi] + ("…" if hi < len(text) else ""),
        "verbatim": text[start:end] == c.quote,
    }


def evidence_matrix(session: Session, p: Proposal) -> list[dict[str, Any]]:
    """For each outcome: sentences for it, and sentences for a rival (against it)."""
    _, proposals = question_proposals(session, p.id)
    return matrix_from(p, proposals)


def matrix_from(p: Proposal, proposals: list[Proposal]) -> list[dict[str, Any]]:
    """The evidence matrix over a question's already loaded proposals."""
    rivals = set((p.breakdown or {}).get("conflicting_outcomes") or [])
    by_outcome: dict[int, list[Citation]] = {}
    for other in proposals:
        by_outcome.setdefault(other.outcome_id, []).extend(other.citations)
    rows = []
    for o in p.question.outcomes:
        support = _unique(by_outcome.get(o.id, []))
        against = _unique([c for oid, cs in by_outcome.items() if oid != o.id for c in cs])
        rows.append(
            {
                "outcome": o.label,
                "probability": o.probability,
                "proposed": o.id == p.outcome_id,
                "for": support,
                "against": against,
                "matcher_saw_support": o.label in rivals,
            }
        )
    return rows


def _unique(citations: list[Citation]) -> list[Citation]:
    seen: set[tuple[int, int]] = set()
    out = []
    for c in citations:
        if (c.finding_id, c.start) not in seen:
            seen.add((c.finding_id, c.start))
            out.append(c)
    return out


# --- questions and people ----------------------------------------------------------------


def questions_page(
    session: Session, *, status: str | None, cursor: str | None, limit: int
) -> tuple[list[Question], str | None]:
    """Questions by id, keyset-paged with an opaque cursor."""
    from db.models import QUESTION_STATES

    if status is not None and status not in QUESTION_STATES:
        raise InvalidInput(
            f"unknown status {status!r}: one of {', '.join(QUESTION_STATES)}", field="status"
        )
    stmt = select(Question).options(selectinload(Question.outcomes)).order_by(Question.id)
    if status:
        stmt = stmt.where(Question.status == status)
    if cursor:
        _, last = decode_cursor(cursor, "question")
        stmt = stmt.where(Question.id > last)
    rows = list(session.execute(stmt.limit(limit + 1)).scalars())
    nxt = encode_cursor("question", None, rows[limit - 1].id) if len(rows) > limit else None
    return rows[:limit], nxt


def decisions_of(
    session: Session, name: str, *, viewer: str | None, limit: int = 200
) -> list[Review]:
    """A person's reviews, newest first; another's sealed votes stay hidden (blind)."""
    sealed = and_(
        Proposal.status == PROPOSAL_PENDING,
        Review.round == Proposal.review_round,
        Review.reviewer != (viewer or ""),
    )
    return list(
        session.execute(
            select(Review)
            .join(Proposal, Proposal.id == Review.proposal_id)
            .where(Review.reviewer == name, not_(sealed))
            .order_by(Review.id.desc())
            .limit(limit)
        ).scalars()
    )
