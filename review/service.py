"""Queue, decisions and disputes: the one service layer every door calls.

Each function changes state and appends the matching audit event in the caller's
session, so both commit or neither does. Proposals carry a version column
(optimistic locking): of two concurrent decisions exactly one wins, the other gets a
:class:`~review.errors.Conflict`.

Rules that protect a resolution live here, not in the doors:

* a reviewer cannot approve a proposal they amended;
* a proposal below ``double_review_below`` confidence, or on a question that has been
  disputed, needs two matching reviews from different reviewers. The first review is
  *sealed*: its verdict and note stay hidden (the audit trail holds only a sha256
  commitment to them) until the deciding review reveals them, so the second reviewer
  decides blind;
* an approval opens a challenge window; inside it anyone with a role may dispute.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy import bindparam, exc, exists, func, insert, select, text, update
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from db import audit
from db.models import (
    PROPOSAL_APPROVED,
    PROPOSAL_PENDING,
    PROPOSAL_REJECTED,
    PROPOSAL_STATES,
    PROPOSAL_SUPERSEDED,
    QUESTION_PROPOSED,
    Citation,
    Clarification,
    Dispute,
    Finding,
    Outcome,
    Proposal,
    Question,
    Resolution,
    Review,
    User,
)
from db.types import UTCDateTime, utcnow
from review import clarifications, states
from review.errors import Conflict, InvalidInput, NotFound
from review.settings import ReviewSettings
from review.textcheck import check_http_url, clean_text
from review.users import (
    ANY_ROLE,
    REVIEW_ROLES,
    Principal,
    authorize,
    deny,
    get_user,
    permit,
)

MAX_NOTE_CHARS = 10_000
MAX_REASON_CHARS = 20_000
APPROVE = "approve"
REJECT = "reject"
VERDICT_STATUS = {APPROVE: PROPOSAL_APPROVED, REJECT: PROPOSAL_REJECTED}


def _text(value: str | None, *, field: str, limit: int, required: bool = False) -> str:
    return clean_text(value, field=field, limit=limit, required=required)


def _settings(settings: ReviewSettings | None) -> ReviewSettings:
    return settings if settings is not None else ReviewSettings()


#: A proposal with its outcome and question (many-to-one, joined: 1 round trip), and
#: with its citations and their findings (1 more). Built once: decisions and pages are
#: on the hot path.
_PROPOSAL = (
    select(Proposal)
    .where(Proposal.id == bindparam("proposal_id"))
    .options(joinedload(Proposal.outcome), joinedload(Proposal.question))
)
_PROPOSAL_WITH_CITATIONS = _PROPOSAL.options(
    selectinload(Proposal.citations).joinedload(Citation.finding)
)


#: The proposal (no citations) with its question's facts (latest clarification version,
#: ever disputed) as two more columns: what a vote reads, in one round trip.
_PROPOSAL_AND_FACTS = _PROPOSAL.add_columns(
    select(func.coalesce(func.max(Clarification.version), 0))
    .where(Clarification.question_id == Proposal.question_id)
    .scalar_subquery(),
    exists().where(Dispute.question_id == Proposal.question_id),
)


def _proposal(session: Session, proposal_id: int, *, citations: bool = True) -> Proposal:
    # (a decision does not read the citations; they load lazily if asked)
    stmt = _PROPOSAL_WITH_CITATIONS if citations else _PROPOSAL
    p = session.execute(stmt, {"proposal_id": proposal_id}).scalar_one_or_none()
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


# --- review rounds and blind votes ----------------------------------------------------------


_DISPUTED = select(exists().where(Dispute.question_id == bindparam("question_id")))


def has_dispute_history(session: Session, question_id: str) -> bool:
    return bool(session.scalar(_DISPUTED, {"question_id": question_id}))


def reviews_needed(
    session: Session, p: Proposal, settings: ReviewSettings, *, disputed: bool | None = None
) -> int:
    """Two matching reviews below the confidence bar or after a dispute; else one."""
    if p.confidence < settings.double_review_below:
        return 2
    if disputed is None:
        disputed = has_dispute_history(session, p.question_id)
    return needed_reviews(p.confidence, disputed, settings)


def needed_reviews(confidence: float, disputed: bool, settings: ReviewSettings) -> int:
    """:func:`reviews_needed` once the dispute history is known."""
    return 2 if confidence < settings.double_review_below or disputed else 1


_QUESTION_FACTS = select(
    select(func.coalesce(func.max(Clarification.version), 0))
    .where(Clarification.question_id == bindparam("question_id"))
    .scalar_subquery(),
    exists().where(Dispute.question_id == bindparam("question_id")),
)


def question_facts(session: Session, question_id: str) -> tuple[int, bool]:
    """(latest clarification version, ever disputed) in one round trip."""
    row = session.execute(_QUESTION_FACTS, {"question_id": question_id}).one()
    return int(row[0]), bool(row[1])


def round_votes(session: Session, p: Proposal) -> list[Review]:
    """This round's approve/reject reviews, oldest first."""
    if p.last_reviewed_at is None and p.review_round == 1:
        return []  # never reviewed: spare the query (decisions are on the hot path)
    return list(
        session.execute(
            select(Review)
            .where(
                Review.proposal_id == p.id,
                Review.round == p.review_round,
                Review.action.in_((APPROVE, REJECT)),
            )
            .order_by(Review.id)
        ).scalars()
    )


def commitment(
    *,
    subject: str,
    round: int,
    voter: str,
    decision: str,
    note: str,
    clarification_version: int | None,
    salt: str,
    outcome: str | None = None,
) -> str:
    """sha256 over a sealed vote: the audit trail binds the vote without showing it."""
    body = audit.canonical_json(
        {
            "subject": subject,
            "round": round,
            "voter": voter,
            "decision": decision,
            "outcome": outcome,
            "note": note,
            "clarification_version": clarification_version,
            "salt": salt,
        }
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def revealed(votes: list[Review]) -> list[dict[str, Any]]:
    """The votes as the deciding event shows them, salts included so anyone can check."""
    return [
        {
            "reviewer": v.reviewer,
            "decision": v.action,
            "note": v.note,
            "clarification_version": v.clarification_version,
            "salt": v.salt,
            "at": v.created_at.isoformat(),
        }
        for v in votes
    ]


class _Voted(Protocol):
    """A proposal, as an ORM object or a plain row (:mod:`review.queries`)."""

    @property
    def status(self) -> str: ...
    @property
    def review_round(self) -> int: ...


class _Vote(Protocol):
    @property
    def round(self) -> int: ...
    @property
    def action(self) -> str: ...
    @property
    def reviewer(self) -> str: ...


_R = TypeVar("_R", bound=_Vote)

_ALL_REVIEWS = select(Review).where(Review.proposal_id == bindparam("pid")).order_by(Review.id)


def all_reviews(session: Session, p: Proposal) -> list[Review]:
    return list(session.execute(_ALL_REVIEWS, {"pid": p.id}).scalars())


def visible_votes(session: Session, p: Proposal, viewer: str | None) -> list[Review]:
    """Votes a viewer may see: all once decided; while pending only their own (blind)."""
    return visible_from(p, all_reviews(session, p), viewer)


def visible_from(p: _Voted, reviews: list[_R], viewer: str | None) -> list[_R]:
    """The blind-review rule over already loaded reviews (see :func:`visible_votes`)."""
    if p.status != PROPOSAL_PENDING:
        return reviews
    return [v for v in reviews if v.round != p.review_round or v.reviewer == viewer]


def current_round(p: _Voted, reviews: list[_R]) -> list[_R]:
    """The approve/reject reviews of ``p``'s current round, from already loaded reviews."""
    return [v for v in reviews if v.round == p.review_round and v.action in (APPROVE, REJECT)]


def _check_version(p: Proposal, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != p.version:
        raise Conflict(
            f"proposal {p.id} changed since you loaded it (version {expected_version}, "
            f"now {p.version}); reload it and decide again",
            field="expected_version",
        )


def _require_pending(p: Proposal) -> None:
    if p.status != PROPOSAL_PENDING:
        raise Conflict(
            f"proposal {p.id} is already {p.status} (question {p.question_id} changed "
            "just now); reload it"
        )


def _decided_meanwhile(proposal_id: int, question_id: str) -> Conflict:
    return Conflict(
        f"proposal {proposal_id} was decided by someone else just now "
        f"(question {question_id}); reload it"
    )


def _flush_or_conflict(session: Session, p: Proposal) -> None:
    try:
        session.flush()
    except StaleDataError:
        qid = p.question_id
        session.rollback()
        raise _decided_meanwhile(p.id, qid) from None


# --- one decision at a time per question ---------------------------------------------------
#
# A decision writes several rows of one question: the proposal decided, the question
# (resolved or reopened), the question's other pending proposals (superseded by an
# approval; an amendment reopens or creates one). Two decisions on proposals of the same
# question at the same moment (rival proposals approved together, an approval against a
# rejection or an amendment of its rival) would otherwise lock those rows in different
# orders, and on PostgreSQL one of them would be aborted as a deadlock. So every
# decision first locks its question's row (FOR NO KEY UPDATE: inserts that only
# reference the question, e.g. a clarification, a resolution, still go ahead), and only
# then reads the proposal: decisions on one question take their turns, each one reads
# what the one before committed, and a decision that no longer applies is a clear
# conflict. Then proposals in id order (the decided one; its siblings by id).
# SQLite needs no lock: every write transaction starts with BEGIN IMMEDIATE.
#
# As a safety net (a writer elsewhere that locks these rows in another order), a
# deadlock or serialization failure inside a decision is the same conflict (409).

_LOCK_QUESTION = (
    select(Question.id)
    .where(
        Question.id
        == select(Proposal.question_id).where(Proposal.id == bindparam("pid")).scalar_subquery()
    )
    .with_for_update(key_share=True)
)

#: SQLSTATEs of a transaction the server aborted because of a concurrent one.
LOCK_CONFLICTS = frozenset({"40P01", "40001"})  # deadlock_detected, serialization_failure


def lock_conflict(error: BaseException) -> bool:
    """Whether ``error`` is the database aborting a transaction for a concurrent one."""
    orig = getattr(error, "orig", None)
    return isinstance(error, exc.DBAPIError) and getattr(orig, "sqlstate", None) in LOCK_CONFLICTS


def _lock_question(session: Session, proposal_id: int) -> None:
    """Lock the proposal's question row until commit (PostgreSQL; see above)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_LOCK_QUESTION, {"pid": proposal_id})


_P = ParamSpec("_P")
_T = TypeVar("_T")


def _one_decision(
    fn: Callable[Concatenate[Session, int, _P], _T],
) -> Callable[Concatenate[Session, int, _P], _T]:
    """A decision with all its row writes flushed inside it, and a deadlock or
    serialization failure on the way turned into a :class:`Conflict` naming the
    question (the transaction is rolled back)."""

    @functools.wraps(fn)
    def decision(session: Session, proposal_id: int, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        try:
            result = fn(session, proposal_id, *args, **kwargs)
            session.flush()
            return result
        except exc.DBAPIError as error:
            if not lock_conflict(error):
                raise
            session.rollback()
            qid = session.scalar(select(Proposal.question_id).where(Proposal.id == proposal_id))
            session.rollback()
            raise Conflict(
                f"question {qid} changed while proposal {proposal_id} was being decided "
                "(another decision on it just now); nothing was saved: reload it"
            ) from None

    return decision


def _decide(session: Session, p: Proposal, status: str) -> None:
    p.status = status
    p.decided_at = p.last_reviewed_at = utcnow()
    _flush_or_conflict(session, p)


def _prepare_vote(
    session: Session,
    proposal_id: int,
    *,
    actor: str,
    verdict: str,
    expected_version: int | None,
    principal: Principal | None = None,
) -> tuple[Proposal, int, bool]:
    """The proposal, once the vote may go ahead, with its question's facts (see
    :func:`question_facts`). ``principal``: the actor as this transaction already read
    them (a live session of an enabled user), instead of reading the user again."""
    _lock_question(session, proposal_id)  # first: see "one decision at a time" above
    user: User | Principal
    if principal is not None and principal.name == actor:
        user = principal
    else:
        user = get_user(session, actor)  # an unknown user is named before a missing proposal
    row = session.execute(_PROPOSAL_AND_FACTS, {"proposal_id": proposal_id}).first()
    if row is None:
        raise NotFound(f"no proposal with id {proposal_id}", field="id")
    p, latest, disputed = row
    permit(
        session,
        user,
        REVIEW_ROLES,
        f"{verdict} proposals",
        subject_type="proposal",
        subject_id=proposal_id,
        question_id=p.question_id,
    )
    _require_pending(p)
    _check_version(p, expected_version)
    if verdict == APPROVE:
        if p.amended_by == actor:
            raise deny(
                session,
                actor,
                f"{actor} amended proposal {p.id}; another reviewer must approve it",
                doing="approve a proposal they amended",
                subject_type="proposal",
                subject_id=p.id,
                question_id=p.question_id,
            )
        states.check(p.question, "resolve")
    return p, int(latest), bool(disputed)


def _vote(
    session: Session,
    proposal_id: int,
    *,
    actor: str,
    verdict: str,
    note: str,
    settings: ReviewSettings | None,
    clarification_version: int | None,
    expected_version: int | None,
    principal: Principal | None,
) -> Proposal:
    note = _text(note, field="note", limit=MAX_NOTE_CHARS)
    cfg = _settings(settings)
    p, latest, disputed = _prepare_vote(
        session,
        proposal_id,
        actor=actor,
        verdict=verdict,
        expected_version=expected_version,
        principal=principal,
    )
    relied = clarifications.check_seen(p.question_id, latest, clarification_version)
    votes = round_votes(session, p)
    if any(v.reviewer == actor for v in votes):
        raise Conflict(
            f"you already reviewed proposal {p.id}; a different reviewer must give the next review",
            field="actor",
        )
    needed = reviews_needed(session, p, cfg, disputed=disputed)
    review = Review(
        proposal_id=p.id,
        reviewer=actor,
        action=verdict,
        note=note,
        round=p.review_round,
        clarification_version=relied,
        created_at=utcnow(),  # (set here: the deciding event reveals it before a flush)
    )
    agreeing = 1 + sum(1 for v in votes if v.action == verdict)
    if agreeing < needed:
        return _seal(session, p, review, needed)
    votes.append(review)
    if verdict == APPROVE:
        _finish_approval(session, p, actor, votes, needed, cfg)  # writes the review itself
    else:
        session.add(review)  # inserted by the flush that decides the proposal (_decide)
        _finish_rejection(session, p, actor, votes, needed)
    return p


def _seal(session: Session, p: Proposal, review: Review, needed: int) -> Proposal:
    """Record a vote that does not decide yet; only its commitment is audited."""
    review.salt = secrets.token_hex(16)
    session.add(review)
    p.last_reviewed_at = utcnow()
    _flush_or_conflict(session, p)
    audit.record(
        session,
        actor=review.reviewer,
        action="proposal.review_sealed",
        subject_type="proposal",
        subject_id=p.id,
        question_id=p.question_id,
        payload={
            "round": p.review_round,
            "reviews_needed": needed,
            "commitment": commitment(
                subject=f"proposal:{p.id}",
                round=review.round,
                voter=review.reviewer,
                decision=review.action,
                note=review.note,
                clarification_version=review.clarification_version,
                salt=review.salt,
            ),
        },
    )
    return p


def _finish_approval(
    session: Session,
    p: Proposal,
    actor: str,
    votes: list[Review],
    needed: int,
    cfg: ReviewSettings,
) -> None:
    q = p.question
    states.check(q, "resolve")
    superseded: list[tuple[int, bool]] | None = None
    if session.get_bind().dialect.name == "postgresql":
        resolution_id, final_at, before, after, superseded = _write_approval_pg(
            session, p, votes[-1], actor=actor, window=cfg.challenge_window_seconds
        )
    else:
        resolution_id, final_at, before, after = _write_approval(
            session, p, votes[-1], actor=actor, window=cfg.challenge_window_seconds
        )
    audit.record(
        session,
        actor=actor,
        action="proposal.approved",
        subject_type="proposal",
        subject_id=p.id,
        question_id=q.id,
        payload={
            "outcome": p.outcome.label,
            "note": votes[-1].note,
            "confidence": p.confidence,
            "clarification_version": votes[-1].clarification_version,
            "reviews_needed": needed,
            "votes": revealed(votes) if needed > 1 else [],
        },
    )
    audit.record(
        session,
        actor=actor,
        action="question.resolved",
        subject_type="question",
        subject_id=q.id,
        question_id=q.id,
        payload={
            "outcome": p.outcome.label,
            "proposal_id": p.id,
            "resolution_id": resolution_id,
            "from": before,
            "to": after,
            "final_at": final_at.isoformat(),
        },
    )
    if superseded is None:
        _supersede_others(session, p, actor=actor)
    else:
        _record_superseded(session, p, superseded, actor=actor)


_NOW = bindparam("now", type_=UTCDateTime())
#: :func:`_decide` as one statement, with the ORM's version check (see _write_approval).
_DECIDE = (
    update(Proposal)
    .where(Proposal.id == bindparam("pid"), Proposal.version == bindparam("seen_version"))
    .values(
        status=bindparam("status"),
        decided_at=_NOW,
        last_reviewed_at=_NOW,
        version=Proposal.version + 1,
    )
)
#: A question's move to another state, with the ORM's version check and ``updated_at``.
_MOVE_QUESTION = (
    update(Question)
    .where(Question.id == bindparam("qid"), Question.version == bindparam("seen_version"))
    .values(status=bindparam("status"), updated_at=_NOW, version=Question.version + 1)
)


#: :func:`_write_approval` on PostgreSQL as one statement (one round trip instead of six):
#: the proposal's version-checked UPDATE, the deciding review, the question's
#: version-checked move, the resolution, and the question's other pending proposals
#: superseded; each write only if the one before it happened. The question's row is
#: locked since the decision began (:func:`_lock_question`), so no other decision can
#: change its proposals meanwhile. Returns whether the proposal and the question were
#: updated, the resolution's id, and the superseded siblings as (id, has votes in
#: their current round) pairs.
_APPROVE_PG = text(
    """
WITH decided AS (
    UPDATE proposals
    SET status = :approved, decided_at = :now, last_reviewed_at = :now, version = version + 1
    WHERE id = :pid AND version = :seen_version
    RETURNING id
), review AS (
    INSERT INTO reviews (proposal_id, reviewer, action, note, round,
                         clarification_version, created_at)
    SELECT id, :reviewer, :action, :note, :round, :clarification_version, :review_at
    FROM decided
), moved AS (
    UPDATE questions
    SET status = :q_status, updated_at = :now, version = version + 1
    WHERE id = :qid AND version = :q_version AND EXISTS (SELECT FROM decided)
    RETURNING id
), resolution AS (
    INSERT INTO resolutions (question_id, outcome_id, proposal_id, resolved_by, via,
                             resolved_at, final_at)
    SELECT id, :outcome_id, :pid, :actor, 'review', :now, :final_at FROM moved
    RETURNING id
), superseded AS (
    UPDATE proposals
    SET status = :superseded, decided_at = :now, last_reviewed_at = :now,
        version = version + 1
    WHERE question_id = :qid AND id <> :pid AND status = :pending
      AND EXISTS (SELECT FROM moved)
    RETURNING id, review_round
)
SELECT
    EXISTS (SELECT FROM decided),
    EXISTS (SELECT FROM moved),
    (SELECT id FROM resolution),
    ARRAY(
        SELECT s.id * 2 + (EXISTS (
            SELECT FROM reviews r
            WHERE r.proposal_id = s.id AND r.round = s.review_round
              AND r.action IN (:approve, :reject)
        ))::int
        FROM superseded s ORDER BY s.id
    )
"""
).bindparams(
    bindparam("now", type_=UTCDateTime()),
    bindparam("review_at", type_=UTCDateTime()),
    bindparam("final_at", type_=UTCDateTime()),
)


def _write_approval_pg(
    session: Session, p: Proposal, review: Review, *, actor: str, window: float
) -> tuple[int, datetime, str, str, list[tuple[int, bool]]]:
    """:func:`_write_approval` and :func:`_supersede_others`' writes in one statement
    (:data:`_APPROVE_PG`); also returns the superseded siblings (id, has votes)."""
    q = p.question
    session.flush()  # anything this session still holds goes first, as in one flush
    now = utcnow()
    before, after = q.status, states.check(q, "resolve")
    final_at = now + timedelta(seconds=window)
    row = session.execute(
        _APPROVE_PG,
        {
            "pid": p.id,
            "seen_version": p.version,
            "approved": PROPOSAL_APPROVED,
            "superseded": PROPOSAL_SUPERSEDED,
            "pending": PROPOSAL_PENDING,
            "now": now,
            "reviewer": review.reviewer,
            "action": review.action,
            "note": review.note,
            "round": review.round,
            "clarification_version": review.clarification_version,
            "review_at": review.created_at,
            "qid": q.id,
            "q_version": q.version,
            "q_status": after,
            "outcome_id": p.outcome_id,
            "actor": actor,
            "final_at": final_at,
            "approve": APPROVE,
            "reject": REJECT,
        },
    ).one()
    decided, moved, resolution_id, siblings = row
    if not decided:
        session.rollback()
        raise _decided_meanwhile(p.id, q.id)
    if not moved:
        session.rollback()
        raise Conflict(
            f"question {q.id} changed while proposal {p.id} was being approved "
            "(another of its proposals was decided just now); reload it"
        )
    _approved_rows_written(p, now)
    _moved_row_written(q, after, now)
    return int(resolution_id), final_at, before, after, [(v // 2, bool(v % 2)) for v in siblings]


def _approved_rows_written(p: Proposal, now: datetime) -> None:
    """The loaded proposal as its approving UPDATE left its row, without marking it
    changed (the row is already written)."""
    for key, value in (
        ("status", PROPOSAL_APPROVED),
        ("decided_at", now),
        ("last_reviewed_at", now),
        ("version", p.version + 1),
    ):
        set_committed_value(p, key, value)


def _moved_row_written(q: Question, after: str, now: datetime) -> None:
    """The loaded question as its version-checked move left its row."""
    for key, value in (("status", after), ("updated_at", now), ("version", q.version + 1)):
        set_committed_value(q, key, value)


def _write_approval(
    session: Session, p: Proposal, review: Review, *, actor: str, window: float
) -> tuple[int, datetime, str, str]:
    """The rows of an approval, as Core statements in the order the ORM flushed them
    (the proposal's version-checked UPDATE first, so its row lock comes first, as
    before): the proposal, the deciding review, the question's move and the resolution.
    The loaded objects are updated to match, without being marked changed.

    Returns (resolution id, its final_at, the question's state before, after)."""
    q = p.question
    session.flush()  # anything this session still holds goes first, as in one flush
    conn = session.connection()
    now = utcnow()
    done = conn.execute(
        _DECIDE,
        {"pid": p.id, "seen_version": p.version, "status": PROPOSAL_APPROVED, "now": now},
    )
    if done.rowcount != 1:
        session.rollback()
        raise _decided_meanwhile(p.id, q.id)
    _approved_rows_written(p, now)
    conn.execute(
        insert(Review),
        {
            "proposal_id": p.id,
            "reviewer": review.reviewer,
            "action": review.action,
            "note": review.note,
            "round": review.round,
            "clarification_version": review.clarification_version,
            "created_at": review.created_at,
        },
    )
    before, after = q.status, states.check(q, "resolve")
    moved = conn.execute(
        _MOVE_QUESTION, {"qid": q.id, "seen_version": q.version, "status": after, "now": now}
    )
    if moved.rowcount != 1:
        session.rollback()
        raise Conflict(
            f"question {q.id} changed while proposal {p.id} was being approved "
            "(another of its proposals was decided just now); reload it"
        )
    _moved_row_written(q, after, now)
    final_at = now + timedelta(seconds=window)
    inserted = conn.execute(
        insert(Resolution),
        {
            "question_id": q.id,
            "outcome_id": p.outcome_id,
            "proposal_id": p.id,
            "resolved_by": actor,
            "via": "review",
            "resolved_at": now,
            "final_at": final_at,
        },
    )
    pk = inserted.inserted_primary_key
    assert pk is not None
    return int(pk[0]), final_at, before, after


def _finish_rejection(
    session: Session, p: Proposal, actor: str, votes: list[Review], needed: int
) -> None:
    _decide(session, p, PROPOSAL_REJECTED)
    still_pending = session.execute(
        select(Proposal.id).where(
            Proposal.question_id == p.question_id, Proposal.status == PROPOSAL_PENDING
        )
    ).first()
    if still_pending is None and p.question.status == QUESTION_PROPOSED:
        states.apply(p.question, "reopen")
    audit.record(
        session,
        actor=actor,
        action="proposal.rejected",
        subject_type="proposal",
        subject_id=p.id,
        question_id=p.question_id,
        payload={
            "outcome": p.outcome.label,
            "note": votes[-1].note,
            "clarification_version": votes[-1].clarification_version,
            "reviews_needed": needed,
            "votes": revealed(votes) if needed > 1 else [],
        },
    )


@_one_decision
def approve(
    session: Session,
    proposal_id: int,
    *,
    actor: str,
    note: str = "",
    settings: ReviewSettings | None = None,
    clarification_version: int | None = None,
    expected_version: int | None = None,
    principal: Principal | None = None,
) -> Proposal:
    """Approve a pending proposal. With enough matching approvals the question is
    resolved with its outcome; before that the approval is sealed (blind review)."""
    return _vote(
        session,
        proposal_id,
        actor=actor,
        verdict=APPROVE,
        note=note,
        settings=settings,
        clarification_version=clarification_version,
        expected_version=expected_version,
        principal=principal,
    )


@_one_decision
def reject(
    session: Session,
    proposal_id: int,
    *,
    actor: str,
    note: str = "",
    settings: ReviewSettings | None = None,
    clarification_version: int | None = None,
    expected_version: int | None = None,
    principal: Principal | None = None,
) -> Proposal:
    """Reject a pending proposal; the question stays open for other evidence. Under
    double review a rejection needs a matching second one, like an approval."""
    return _vote(
        session,
        proposal_id,
        actor=actor,
        verdict=REJECT,
        note=note,
        settings=settings,
        clarification_version=clarification_version,
        expected_version=expected_version,
        principal=principal,
    )


#: The question's other pending proposals, as plain rows (Core, built once).
_PENDING_SIBLINGS = (
    select(Proposal.id, Proposal.version, Proposal.review_round, Proposal.last_reviewed_at)
    .where(
        Proposal.question_id == bindparam("question_id"),
        Proposal.id != bindparam("kept_id"),
        Proposal.status == PROPOSAL_PENDING,
    )
    .order_by(Proposal.id)
)
#: :func:`_decide` for a proposal not loaded as an object, with the same version check.
_SUPERSEDE = (
    update(Proposal)
    .where(Proposal.id == bindparam("pid"), Proposal.version == bindparam("seen_version"))
    .values(
        status=PROPOSAL_SUPERSEDED,
        decided_at=bindparam("now", type_=UTCDateTime()),
        last_reviewed_at=bindparam("now", type_=UTCDateTime()),
        version=Proposal.version + 1,
    )
)
_ROUND_VOTES = (
    select(Review)
    .where(
        Review.proposal_id == bindparam("pid"),
        Review.round == bindparam("round"),
        Review.action.in_((APPROVE, REJECT)),
    )
    .order_by(Review.id)
)


def _supersede_others(session: Session, kept: Proposal, *, actor: str) -> None:
    """Supersede the question's other pending proposals. Each is updated only at the
    version read (as the ORM's version check would): a concurrent change is a conflict."""
    conn = session.connection()
    others = conn.execute(
        _PENDING_SIBLINGS, {"question_id": kept.question_id, "kept_id": kept.id}
    ).all()
    for other_id, seen_version, review_round, last_reviewed_at in others:
        votes: list[Review] = []
        if last_reviewed_at is not None or review_round != 1:  # as round_votes
            votes = list(
                session.execute(_ROUND_VOTES, {"pid": other_id, "round": review_round}).scalars()
            )
        done = conn.execute(
            _SUPERSEDE, {"pid": other_id, "seen_version": seen_version, "now": utcnow()}
        )
        if done.rowcount != 1:
            session.rollback()
            raise _decided_meanwhile(other_id, kept.question_id)
        _superseded(session, kept, other_id, votes, actor=actor)


def _superseded(
    session: Session, kept: Proposal, other_id: int, votes: list[Review], *, actor: str
) -> None:
    """After a sibling's row was superseded: its loaded copy is stale, and the event names
    the proposal that won and reveals the sibling's round's votes."""
    loaded = session.identity_map.get(session.identity_key(Proposal, other_id))
    if loaded is not None:
        session.expire(loaded)  # the object in this session no longer matches its row
    audit.record(
        session,
        actor=actor,
        action="proposal.superseded",
        subject_type="proposal",
        subject_id=other_id,
        question_id=kept.question_id,
        payload={"by_proposal": kept.id, "votes": revealed(votes)},
    )


def _record_superseded(
    session: Session, kept: Proposal, superseded: list[tuple[int, bool]], *, actor: str
) -> None:
    """The audit events of siblings :data:`_APPROVE_PG` superseded, as
    :func:`_supersede_others` records them (with their round's votes revealed)."""
    for other_id, has_votes in superseded:
        votes: list[Review] = []
        if has_votes:
            round_ = session.scalar(select(Proposal.review_round).where(Proposal.id == other_id))
            votes = list(
                session.execute(_ROUND_VOTES, {"pid": other_id, "round": round_}).scalars()
            )
        _superseded(session, kept, other_id, votes, actor=actor)


@_one_decision
def amend(
    session: Session,
    proposal_id: int,
    *,
    actor: str,
    outcome: str,
    note: str = "",
    clarification_version: int | None = None,
    expected_version: int | None = None,
) -> Proposal:
    """Replace a pending proposal's outcome. The amended proposal needs another approver."""
    note = _text(note, field="note", limit=MAX_NOTE_CHARS)
    _lock_question(session, proposal_id)  # first: see "one decision at a time" above
    user = get_user(session, actor)
    p = _proposal(session, proposal_id)
    permit(
        session,
        user,
        REVIEW_ROLES,
        "amend proposals",
        subject_type="proposal",
        subject_id=proposal_id,
        question_id=p.question_id,
    )
    _require_pending(p)
    _check_version(p, expected_version)
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
    relied = clarifications.relied_on(session, p.question_id, clarification_version)
    votes = round_votes(session, p)
    _decide(session, p, PROPOSAL_SUPERSEDED)
    session.add(
        Review(
            proposal_id=p.id,
            reviewer=actor,
            action="amend",
            outcome_id=target.id,
            note=note,
            round=p.review_round,
            clarification_version=relied,
        )
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
            "clarification_version": relied,
            "votes": revealed(votes),
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
    else:
        existing.review_round = (existing.review_round or 1) + 1  # earlier votes no longer count
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


# --- resolutions and opening disputes -------------------------------------------------------


def current_resolution(session: Session, question_id: str) -> Resolution | None:
    return session.execute(
        select(Resolution)
        .where(Resolution.question_id == question_id, Resolution.superseded_at.is_(None))
        .order_by(Resolution.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def in_challenge_window(resolution: Resolution | None) -> bool:
    return bool(resolution and resolution.final_at and resolution.final_at > utcnow())


def open_dispute(
    session: Session,
    question_id: str,
    *,
    actor: str,
    reason: str,
    evidence_url: str | None = None,
) -> Dispute:
    """Dispute a resolved question. The resolution stays in its history.

    Inside the challenge window anyone with a role may; once the resolution is final,
    disputing it needs the reviewer role (or above).
    """
    reason = _text(reason, field="reason", limit=MAX_REASON_CHARS, required=True)
    evidence_url = check_http_url(evidence_url, field="evidence_url")
    q = session.get(Question, question_id)
    if q is None:
        raise NotFound(f"no question with id {question_id!r}", field="question_id")
    states.check(q, "dispute")
    resolution = current_resolution(session, question_id)
    roles = ANY_ROLE if in_challenge_window(resolution) else REVIEW_ROLES
    doing = "dispute a resolution" + ("" if roles == ANY_ROLE else " after its challenge window")
    authorize(
        session, actor, roles, doing, subject_type="question", subject_id=q.id, question_id=q.id
    )
    before, after = states.apply(q, "dispute")
    dispute = Dispute(
        question_id=q.id,
        resolution_id=resolution.id if resolution else None,
        opened_by=actor,
        reason=reason,
        evidence_url=evidence_url,
    )
    session.add(dispute)
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
            "from": before,
            "to": after,
        },
    )
    return dispute
