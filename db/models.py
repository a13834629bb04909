"""The typed schema. One class a table; relationships only where code walks them.

State lives in rows; every change to it also appends an ``AuditEvent`` in the same
transaction (see ``db.audit``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.types import UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


# --- question states -------------------------------------------------------------------
QUESTION_OPEN = "open"
QUESTION_PROPOSED = "proposed"
QUESTION_RESOLVED = "resolved"
QUESTION_DISPUTED = "disputed"
QUESTION_ANNULLED = "annulled"
QUESTION_STATES = (
    QUESTION_OPEN,
    QUESTION_PROPOSED,
    QUESTION_RESOLVED,
    QUESTION_DISPUTED,
    QUESTION_ANNULLED,
)
#: States in which a question is still waiting for evidence (matching considers it).
MATCHABLE_STATES = (QUESTION_OPEN, QUESTION_PROPOSED)

# --- proposal states -------------------------------------------------------------------
PROPOSAL_PENDING = "pending"
PROPOSAL_APPROVED = "approved"
PROPOSAL_REJECTED = "rejected"
PROPOSAL_SUPERSEDED = "superseded"
PROPOSAL_STATES = (PROPOSAL_PENDING, PROPOSAL_APPROVED, PROPOSAL_REJECTED, PROPOSAL_SUPERSEDED)

ROLES = ("viewer", "reviewer", "adjudicator", "admin")


class Question(Base):
    __tablename__ = "questions"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    resolution_source: Mapped[str] = mapped_column(Text, default="")
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    context: Mapped[str] = mapped_column(Text, default="")
    story_headline: Mapped[str | None] = mapped_column(Text)
    story_published_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default=QUESTION_OPEN, index=True)
    #: sha256 of the imported content: re-importing the same content changes nothing.
    content_sha256: Mapped[str] = mapped_column(String(64))
    #: Highest finding id already matched against this question (a watermark, so a new
    #: question is matched against old findings and an old one only against new ones).
    matched_through: Mapped[int] = mapped_column(Integer, default=0)
    origin: Mapped[str | None] = mapped_column(Text)  # the file it was imported from
    #: The compiled resolution spec (subject, window, outcome cues) the matcher uses.
    spec: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: False when the named resolution source matches no configured source.
    resolvable: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    outcomes: Mapped[list[Outcome]] = relationship(
        back_populates="question", order_by="Outcome.position", cascade="all, delete-orphan"
    )
    related_option_sets: Mapped[list[RelatedOptionSet]] = relationship(
        order_by="RelatedOptionSet.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class Outcome(Base):
    __tablename__ = "outcomes"
    __table_args__ = (UniqueConstraint("question_id", "label"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(500))
    probability: Mapped[float | None] = mapped_column(Float)
    #: Cue phrases from the imported question (replaced when it is imported again).
    cues: Mapped[list[Any]] = mapped_column(JSON, default=list)
    #: Cue phrases reviewers added (``resdesk outcomes cue``): kept across re-imports.
    reviewer_cues: Mapped[list[Any]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )

    question: Mapped[Question] = relationship(back_populates="outcomes")

    def all_cues(self) -> list[str]:
        """Imported and reviewers' cues, each once, imported first."""
        phrases = [*(self.cues or ()), *(self.reviewer_cues or ())]
        return list(dict.fromkeys(c for c in phrases if isinstance(c, str)))


class RelatedOptionSet(Base):
    """The option block of a related question shown on a question page (seed format)."""

    __tablename__ = "related_option_sets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[str] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    #: [{"label": str, "probability": float | None}, …]
    options: Mapped[list[Any]] = mapped_column(JSON)


class Source(Base):
    """A configured resolution source and its health."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    publisher: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(Text)
    aliases: Mapped[list[Any]] = mapped_column(JSON, default=list)
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    last_success_at: Mapped[datetime | None]
    last_error_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    items_last_seen: Mapped[int | None] = mapped_column(Integer)
    next_due_at: Mapped[datetime | None]
    #: healthy / unhealthy / unknown; unhealthy when fetching fails or items vanish.
    status: Mapped[str] = mapped_column(String(20), default="unknown")


class QuestionSource(Base):
    """Which configured sources a question's resolution-source words select, and how well."""

    __tablename__ = "question_sources"
    __table_args__ = (UniqueConstraint("question_id", "source_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[str] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Float)
    matched_on: Mapped[str] = mapped_column(Text, default="")


class FetchState(Base):
    """What we last saw at a URL: validators for conditional requests, the body's hash."""

    __tablename__ = "fetch_state"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    source: Mapped[str] = mapped_column(String(200), index=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    body_sha256: Mapped[str | None] = mapped_column(String(64))
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_fetched_at: Mapped[datetime | None]


class FetchLog(Base):
    """One fetch attempt's outcome, stored as a row rather than a display string."""

    __tablename__ = "fetch_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(200), index=True)
    url: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome: Mapped[str] = mapped_column(String(30))  # new / unchanged / not_modified / failed …
    error_kind: Mapped[str | None] = mapped_column(String(50))
    message: Mapped[str | None] = mapped_column(Text)
    findings_new: Mapped[int] = mapped_column(Integer, default=0)


class Snapshot(Base):
    """Raw bytes of a fetched response, content-addressed. The bytes live on disk."""

    __tablename__ = "snapshots"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    fetched_at: Mapped[datetime]
    status_code: Mapped[int | None] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(Text)
    headers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    size: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(Text)  # relative to the snapshot folder


class Finding(Base):
    """A document from a source, as clean text. Immutable: an edit is a new version."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(200), index=True)
    published_at: Mapped[datetime | None]
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    #: sha256 of ``text``: the same content twice is stored once.
    text_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    language: Mapped[str | None] = mapped_column(String(20))
    #: URL without fragment and tracking parameters: versions of a page share it.
    canonical_url: Mapped[str | None] = mapped_column(Text, index=True)
    encoding: Mapped[str | None] = mapped_column(String(50))
    snapshot_sha256: Mapped[str | None] = mapped_column(ForeignKey("snapshots.sha256"))
    #: The earlier version of the same document (same canonical URL, other content).
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("findings.id"))
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Proposal(Base):
    """A proposed resolution: one per question and outcome (a unique key guards it)."""

    __tablename__ = "proposals"
    __table_args__ = (
        UniqueConstraint("question_id", "outcome_id"),
        Index("ix_proposals_status_confidence", "status", "confidence"),
        # keyset pagination of the review queue: (filter, sort key, id)
        Index("ix_proposals_status_confidence_id", "status", "confidence", "id"),
        Index("ix_proposals_status_created_at_id", "status", "created_at", "id"),
        Index("ix_proposals_status_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[str] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id"))
    confidence: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20), default=PROPOSAL_PENDING)
    #: The matcher's score breakdown (relevance, support, authority, penalties, …).
    breakdown: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    amended_from_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    amended_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: Which review round counts: a proposal re-opened by an amendment starts a new one.
    review_round: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    #: Set on every vote, so two concurrent votes conflict on the version column.
    last_reviewed_at: Mapped[datetime | None]

    question: Mapped[Question] = relationship()
    outcome: Mapped[Outcome] = relationship()
    citations: Mapped[list[Citation]] = relationship(
        back_populates="proposal", order_by="Citation.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class Citation(Base):
    """A verbatim quote from a finding: ``finding.text[start:end] == quote``."""

    __tablename__ = "citations"
    __table_args__ = (UniqueConstraint("proposal_id", "finding_id", "start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id"), index=True)
    quote: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    snapshot_sha256: Mapped[str | None] = mapped_column(String(64))
    score: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="citations")
    finding: Mapped[Finding] = relationship()


class Review(Base):
    """One reviewer decision on a proposal: approve, reject or amend."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    reviewer: Mapped[str] = mapped_column(String(200), index=True)
    action: Mapped[str] = mapped_column(String(20))
    outcome_id: Mapped[int | None] = mapped_column(ForeignKey("outcomes.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The proposal's review round this vote belongs to.
    round: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    #: The clarification version (0: none) the reviewer relied on.
    clarification_version: Mapped[int | None] = mapped_column(Integer)
    #: Set on a sealed (blind) vote: the salt of its commitment in the audit trail.
    salt: Mapped[str | None] = mapped_column(String(64))


class Resolution(Base):
    """A question's resolution. Kept when superseded (by a dispute), never overwritten."""

    __tablename__ = "resolutions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[str] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    outcome_id: Mapped[int | None] = mapped_column(ForeignKey("outcomes.id"))  # None: annulled
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    resolved_by: Mapped[str] = mapped_column(String(200))
    resolved_at: Mapped[datetime] = mapped_column(default=utcnow)
    superseded_at: Mapped[datetime | None]
    via: Mapped[str] = mapped_column(String(20), default="review")
    #: End of the challenge window: until then anyone with a role may dispute.
    final_at: Mapped[datetime | None]

    outcome: Mapped[Outcome | None] = relationship()


class Dispute(Base):
    __tablename__ = "disputes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[str] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    resolution_id: Mapped[int | None] = mapped_column(ForeignKey("resolutions.id"))
    opened_by: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    evidence_url: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")
    assigned_to: Mapped[str | None] = mapped_column(String(200))
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    new_outcome_id: Mapped[int | None] = mapped_column(ForeignKey("outcomes.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    assigned_at: Mapped[datetime | None]


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    disabled_at: Mapped[datetime | None]


class ApiToken(Base):
    """An API token, stored as its sha256 only; the token itself is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]


class AuditEvent(Base):
    """An append-only, hash-chained record of one state change.

    ``seq`` is assigned by ``db.audit.record`` (head + 1), never by the database, so a
    deleted row leaves a gap that ``verify`` sees. Triggers refuse UPDATE and DELETE.
    """

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    occurred_at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100), index=True)
    subject_type: Mapped[str] = mapped_column(String(50))
    subject_id: Mapped[str] = mapped_column(String(200))
    question_id: Mapped[str | None] = mapped_column(String(200), index=True)
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON, hashed as stored
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class Clarification(Base):
    """An append-only ledger entry: what an outcome of a question means. Never edited."""

    __tablename__ = "clarifications"
    __table_args__ = (UniqueConstraint("question_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    posted_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Adjudication(Base):
    """One adjudicator's decision on a dispute; sealed (blind) until enough agree."""

    __tablename__ = "adjudications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dispute_id: Mapped[int] = mapped_column(
        ForeignKey("disputes.id", ondelete="CASCADE"), index=True
    )
    adjudicator: Mapped[str] = mapped_column(String(200), index=True)
    decision: Mapped[str] = mapped_column(String(20))
    new_outcome_id: Mapped[int | None] = mapped_column(ForeignKey("outcomes.id"))
    reason: Mapped[str] = mapped_column(Text)
    clarification_version: Mapped[int | None] = mapped_column(Integer)
    salt: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebSession(Base):
    """A signed-in browser: the cookie holds a random token, the row only its sha256."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    client: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class LoginAttempt(Base):
    """One password check, kept to rate-limit guessing per user name and per client."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_user_name_at", "user_name", "at"),
        Index("ix_login_attempts_client_at", "client", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_name: Mapped[str] = mapped_column(String(200))
    client: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)
