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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, bindparam, exists, func, not_, select, tuple_
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from db.models import (
    PROPOSAL_PENDING,
    PROPOSAL_STATES,
    Citation,
    Clarification,
    Dispute,
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


_NEXT: dict[tuple[str, str | None], Any] = {}


def next_after(session: Session, p: Proposal, f: QueueFilter) -> int | None:
    """The next proposal after ``p`` in the queue's order (the second of
    :func:`neighbours`, without the previous one's scan: where a decision goes next)."""
    stmt = _NEXT.get((f.sort, f.status))
    if stmt is None:
        stmt = _NEXT[(f.sort, f.status)] = select(
            _neighbours_stmt(f.sort, f.status).selected_columns.next
        )
    value = getattr(p, f.sort.lstrip("-"))
    next_id: int | None = session.execute(stmt, {"here_value": value, "here_id": p.id}).scalar()
    return next_id


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


def quote_in_context(c: Citation | CitationView) -> dict[str, Any]:
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


def matrix_from(
    p: Proposal | ProposalView, proposals: list[Proposal] | list[ProposalView]
) -> list[dict[str, Any]]:
    """The evidence matrix over a question's already loaded proposals."""
    rivals = set((p.breakdown or {}).get("conflicting_outcomes") or [])
    by_outcome: dict[int, list[Any]] = {}
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


def _unique(citations: list[Any]) -> list[Any]:
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


# --- the proposal page as plain rows -----------------------------------------------------
#
# The web UI's proposal page is on the hot path: these Core statements (built once, run
# on the session's connection) load what it shows as light objects instead of ORM
# instances, in 4 statements for a never-reviewed proposal of a question without
# clarifications (5-6 otherwise), besides the session check. The objects carry the same
# attribute names as the models, so the template and the helpers above work on both.


@dataclass(slots=True)
class FindingView:
    id: int
    url: str
    source: str
    title: str
    text: str
    published_at: datetime | None


@dataclass(slots=True)
class CitationView:
    id: int
    proposal_id: int
    finding_id: int
    quote: str
    start: int
    end: int
    snapshot_sha256: str | None
    finding: FindingView


@dataclass(slots=True)
class OutcomeView:
    id: int
    label: str
    probability: float | None


@dataclass(slots=True)
class QuestionView:
    id: str
    title: str
    status: str
    resolution_source: str
    closes_at: datetime | None
    outcomes: list[OutcomeView]


@dataclass(slots=True)
class ProposalView:
    id: int
    question_id: str
    outcome_id: int
    confidence: float
    status: str
    breakdown: dict[str, Any] | None
    amended_by: str | None
    amended_from_id: int | None
    created_at: datetime
    decided_at: datetime | None
    version: int
    review_round: int
    last_reviewed_at: datetime | None
    question: QuestionView
    outcome: OutcomeView
    citations: list[CitationView]


@dataclass(slots=True)
class ReviewView:
    id: int
    reviewer: str
    action: str
    note: str
    round: int
    created_at: datetime
    clarification_version: int | None


@dataclass(slots=True)
class ClarificationView:
    version: int
    text: str
    posted_by: str
    created_at: datetime


@dataclass(slots=True)
class ProposalPage:
    """A proposal, its question's proposals (for the evidence matrix), its reviews, the
    question's clarification ledger, whether the question was ever disputed, and the
    proposal's neighbours in the pending queue."""

    proposal: ProposalView
    proposals: list[ProposalView]
    reviews: list[ReviewView]
    ledger: list[ClarificationView]
    disputed: bool
    prev_id: int | None
    next_id: int | None


_QUESTION_OF = select(Proposal.question_id).where(Proposal.id == bindparam("proposal_id"))

#: The question's proposals with their citations and findings (one row per citation).
_PAGE_PROPOSALS = (
    select(
        Proposal.id,
        Proposal.outcome_id,
        Proposal.confidence,
        Proposal.status,
        Proposal.breakdown,
        Proposal.amended_by,
        Proposal.amended_from_id,
        Proposal.created_at,
        Proposal.decided_at,
        Proposal.version,
        Proposal.review_round,
        Proposal.last_reviewed_at,
        Citation.id,
        Citation.finding_id,
        Citation.quote,
        Citation.start,
        Citation.end,
        Citation.snapshot_sha256,
        Finding.url,
        Finding.source,
        Finding.title,
        Finding.text,
        Finding.published_at,
    )
    .outerjoin(Citation, Citation.proposal_id == Proposal.id)
    .outerjoin(Finding, Finding.id == Citation.finding_id)
    .where(Proposal.question_id == _QUESTION_OF.scalar_subquery())
    .order_by(Proposal.id, Citation.id)
)

#: The question and its outcomes (one row per outcome; outcome columns NULL if none).
_PAGE_QUESTION = (
    select(
        Question.id,
        Question.title,
        Question.status,
        Question.resolution_source,
        Question.closes_at,
        Outcome.id,
        Outcome.label,
        Outcome.probability,
    )
    .outerjoin(Outcome, Outcome.question_id == Question.id)
    .where(Question.id == _QUESTION_OF.scalar_subquery())
    .order_by(Outcome.position, Outcome.id)
)

_PAGE_REVIEWS = (
    select(
        Review.id,
        Review.reviewer,
        Review.action,
        Review.note,
        Review.round,
        Review.created_at,
        Review.clarification_version,
    )
    .where(Review.proposal_id == bindparam("proposal_id"))
    .order_by(Review.id)
)

_PAGE_LEDGER = (
    select(
        Clarification.version,
        Clarification.text,
        Clarification.posted_by,
        Clarification.created_at,
    )
    .where(Clarification.question_id == _QUESTION_OF.scalar_subquery())
    .order_by(Clarification.version)
)

_PAGE_FACTS: dict[str, Any] = {}


def _page_facts_stmt(sort: str) -> Any:
    """The question and its outcomes (:data:`_PAGE_QUESTION`), and on every row the
    proposal's neighbours in the pending queue (as :func:`neighbours`), whether its
    question was ever disputed or has clarifications, and whether it has reviews; from
    the proposal's id alone (so it needs no earlier result)."""
    stmt = _PAGE_FACTS.get(sort)
    if stmt is None:
        column, desc = SORTS[sort]
        here_p = aliased(Proposal)
        here_value = (
            select(getattr(here_p, column.key))
            .where(here_p.id == bindparam("proposal_id"))
            .scalar_subquery()
        )
        key = tuple_(column, Proposal.id)
        here = tuple_(here_value, bindparam("proposal_id"))
        base = _filtered(select(Proposal.id), QueueFilter(status=PROPOSAL_PENDING))
        fwd = (column.desc(), Proposal.id.desc()) if desc else (column.asc(), Proposal.id.asc())
        back = (column.asc(), Proposal.id.asc()) if desc else (column.desc(), Proposal.id.desc())
        nxt = base.where(key < here if desc else key > here).order_by(*fwd).limit(1)
        prev = base.where(key > here if desc else key < here).order_by(*back).limit(1)
        question = _QUESTION_OF.scalar_subquery()
        # (uncorrelated subqueries: PostgreSQL runs each once per statement, not per row)
        stmt = _PAGE_FACTS[sort] = _PAGE_QUESTION.add_columns(
            prev.scalar_subquery().label("prev"),
            nxt.scalar_subquery().label("next"),
            exists().where(Dispute.question_id == question).label("disputed"),
            exists().where(Clarification.question_id == question).label("clarified"),
            exists().where(Review.proposal_id == bindparam("proposal_id")).label("reviewed"),
        )
    return stmt


class OutcomeMissing(Exception):
    """A proposal names an outcome that is not one of its question's (only an ORM
    session can load it: see :func:`proposal_page`)."""


def _assemble(
    proposal_id: int,
    q_rows: Sequence[Any],
    p_rows: Iterable[Any],
    reviews: Callable[[], Iterable[Any]],
    ledger: Callable[[], Iterable[Any]],
    outcome_of: Callable[[int], OutcomeView],
) -> ProposalPage:
    """A :class:`ProposalPage` from the rows of the page's statements (in their column
    order: ``q_rows`` from :func:`_page_facts_stmt`)."""
    if not q_rows:
        raise NotFound(f"no proposal with id {proposal_id}", field="id")
    first = q_rows[0]
    outcomes = [OutcomeView(r[5], r[6], r[7]) for r in q_rows if r[5] is not None]
    question = QuestionView(first[0], first[1], first[2], first[3], first[4], outcomes)
    by_id = {o.id: o for o in outcomes}
    proposals: list[ProposalView] = []
    last: ProposalView | None = None
    for r in p_rows:
        if last is None or last.id != r[0]:
            outcome = by_id.get(r[1]) or outcome_of(r[1])
            last = ProposalView(
                r[0], question.id, r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10],
                r[11], question, outcome, [],
            )  # fmt: skip
            proposals.append(last)
        if r[12] is not None:
            finding = FindingView(r[13], r[18], r[19], r[20], r[21], r[22])
            last.citations.append(
                CitationView(r[12], r[0], r[13], r[14], r[15], r[16], r[17], finding)
            )
    p = next((x for x in proposals if x.id == proposal_id), None)
    if p is None:
        raise NotFound(f"no proposal with id {proposal_id}", field="id")
    prev_id, next_id, disputed, clarified, reviewed = first[8:13]
    return ProposalPage(
        p,
        proposals,
        [ReviewView(*r) for r in reviews()] if reviewed else [],
        [ClarificationView(*r) for r in ledger()] if clarified else [],
        bool(disputed),
        prev_id,
        next_id,
    )


def proposal_page(session: Session, proposal_id: int, sort: str = DEFAULT_SORT) -> ProposalPage:
    """What the proposal page shows (see :class:`ProposalPage`), as plain rows: no ORM
    objects, and no query for reviews or clarifications that do not exist."""
    conn = session.connection()
    params = {"proposal_id": proposal_id}

    def outcome_of(outcome_id: int) -> OutcomeView:  # not one of the question's: as the ORM
        o = session.get(Outcome, outcome_id)
        return OutcomeView(outcome_id, o.label if o else "", o.probability if o else None)

    q_rows = conn.execute(_page_facts_stmt(sort), params).all()
    if not q_rows:
        raise NotFound(f"no proposal with id {proposal_id}", field="id")
    return _assemble(
        proposal_id,
        q_rows,
        conn.execute(_PAGE_PROPOSALS, params),
        lambda: conn.execute(_PAGE_REVIEWS, params),
        lambda: conn.execute(_PAGE_LEDGER, params),
        outcome_of,
    )


#: The page's statements, each from the proposal id alone, for running them in one
#: round trip (``review.cache.AsyncLookup.rows``): the first two always, the reviews and
#: the ledger only when the first says they exist (see :func:`proposal_page_from`).
PROPOSAL_PAGE_STATEMENTS = (_page_facts_stmt(DEFAULT_SORT), _PAGE_PROPOSALS)
PROPOSAL_PAGE_MORE = (_PAGE_REVIEWS, _PAGE_LEDGER)


def proposal_page_needs_more(results: Sequence[Sequence[Any]]) -> bool:
    """Whether the page (rows of :data:`PROPOSAL_PAGE_STATEMENTS`) shows reviews or
    clarifications: then :data:`PROPOSAL_PAGE_MORE` loads them."""
    q_rows = results[0]
    return bool(q_rows) and bool(q_rows[0][11] or q_rows[0][12])


def proposal_page_from(
    proposal_id: int,
    results: Sequence[Sequence[Any]],
    reviews: Sequence[Any] = (),
    ledger: Sequence[Any] = (),
) -> ProposalPage:
    """:func:`proposal_page` from the raw driver rows of :data:`PROPOSAL_PAGE_STATEMENTS`
    (and of the reviews and ledger when :func:`proposal_page_needs` asks for them),
    with timestamps normalised to UTC as the column type does (JSON arrives decoded).
    Raises :class:`OutcomeMissing` when only an ORM session could finish the page."""
    q_rows, p_rows, review_rows, ledger_rows = (
        [tuple(_utc(v) for v in row) for row in rows]
        for rows in (results[0], results[1], reviews, ledger)
    )

    def outcome_of(outcome_id: int) -> OutcomeView:
        raise OutcomeMissing(outcome_id)

    return _assemble(
        proposal_id, q_rows, p_rows, lambda: review_rows, lambda: ledger_rows, outcome_of
    )


def _utc(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value
