"""The REST API's request and response shapes, which its OpenAPI schema documents."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from review.queries import SORTS

ProposalStatus = Literal["pending", "approved", "rejected", "superseded"]
Sort = Literal["id", "-id", "confidence", "-confidence", "created_at", "-created_at"]
Role = Literal["viewer", "reviewer", "adjudicator", "admin"]
Decision = Literal["upheld", "overturned", "annulled"]
QuestionStatus = Literal["open", "proposed", "resolved", "disputed", "annulled"]
DisputeStatus = Literal["open", "assigned", "upheld", "overturned", "annulled"]
assert set(Sort.__args__) == set(SORTS)  # type: ignore[attr-defined]

NOTE_MAX = 10_000
REASON_MAX = 20_000


class Problem(BaseModel):
    """An error, as RFC 9457 problem details (``application/problem+json``)."""

    type: str = Field(description="A URI naming the kind of problem.")
    title: str
    status: int
    detail: str = Field(description="What went wrong, in words a person can act on.")
    field: str | None = Field(default=None, description="The input field at fault, if any.")


class Citation(BaseModel):
    url: str
    source: str
    published_at: str | None
    title: str
    quote: str = Field(description="A verbatim substring of the finding's stored text.")
    start: int
    end: int
    finding_id: int
    snapshot_sha256: str | None
    text_sha256: str


class Proposal(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    question_id: str
    question: str
    outcome: str
    confidence: float
    status: ProposalStatus
    breakdown: dict[str, Any]
    amended_from: int | None
    amended_by: str | None
    created_at: str
    decided_at: str | None
    version: int = Field(description="Send back as expected_version to detect a race.")
    reviews_needed: int = Field(description="Matching reviews that decide this proposal.")
    reviews_recorded: int = Field(description="Reviews in the current round (sealed ones too).")
    citations: list[Citation]


class ProposalPage(BaseModel):
    items: list[Proposal]
    next: str | None = Field(description="Opaque cursor for the next page, or null.")


class DecisionIn(BaseModel):
    note: str = Field(default="", max_length=NOTE_MAX)
    clarification_version: int | None = Field(
        default=None, ge=0, description="The clarification version you read (refused if stale)."
    )
    expected_version: int | None = Field(
        default=None, ge=1, description="The proposal version you saw (409 if it changed)."
    )


class AmendIn(DecisionIn):
    outcome: str = Field(min_length=1, max_length=500)


class Outcome(BaseModel):
    label: str
    probability: float | None


class Resolution(BaseModel):
    id: int
    outcome: str | None
    resolved_by: str
    resolved_at: str
    final_at: str | None
    superseded_at: str | None
    via: str


class Question(BaseModel):
    id: str
    title: str
    status: str
    outcomes: list[Outcome]
    resolution_source: str
    opens_at: str | None
    closes_at: str | None
    context: str
    clarification_version: int
    resolutions: list[Resolution]


class QuestionPage(BaseModel):
    items: list[Question]
    next: str | None


class AuditEvent(BaseModel):
    seq: int
    occurred_at: str
    actor: str
    action: str
    subject_type: str
    subject_id: str
    question_id: str | None
    payload: dict[str, Any]
    prev_hash: str
    hash: str


class DisputeIn(BaseModel):
    reason: str = Field(min_length=1, max_length=REASON_MAX)
    evidence_url: str | None = Field(default=None, max_length=2000)


class Adjudication(BaseModel):
    adjudicator: str
    decision: str
    outcome: str | None
    reason: str
    clarification_version: int | None
    salt: str | None
    at: str


class Dispute(BaseModel):
    id: int
    question_id: str
    status: str
    opened_by: str
    reason: str
    evidence_url: str | None
    resolution_id: int | None
    assigned_to: str | None
    decided_by: str | None
    decision_reason: str | None
    new_outcome: str | None
    created_at: str
    decided_at: str | None
    adjudications_recorded: int
    adjudications: list[Adjudication]


class AssignIn(BaseModel):
    adjudicator: str = Field(min_length=1, max_length=200)


class DecideIn(BaseModel):
    decision: Decision
    reason: str = Field(min_length=1, max_length=REASON_MAX)
    outcome: str | None = Field(default=None, max_length=500)
    clarification_version: int | None = Field(default=None, ge=0)


class ClarificationIn(BaseModel):
    text: str = Field(min_length=1, max_length=20_000)


class Clarification(BaseModel):
    version: int
    text: str
    posted_by: str
    created_at: str


class User(BaseModel):
    name: str
    role: str
    has_password: bool
    created_at: str
    disabled: bool


class UserIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    role: Role
    password: str | None = Field(default=None, max_length=1024)


class RoleIn(BaseModel):
    role: Role


class NewToken(BaseModel):
    token: str = Field(description="Shown once; only its sha256 is stored.")


class TokenInfo(BaseModel):
    id: int
    created_at: str | None
    last_used_at: str | None
    revoked_at: str | None


class Me(BaseModel):
    name: str
    role: str


class ReviewRecord(BaseModel):
    proposal_id: int
    reviewer: str
    action: str
    outcome: str | None
    note: str
    round: int
    clarification_version: int | None
    at: str
