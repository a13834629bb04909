"""The question's life in one transition table.

A question moves only along these edges; anything else is refused with the current
state named, so a door cannot resolve a disputed question or dispute an open one by
accident. (The matcher moves ``open → proposed`` itself; it may not import ``review``.)

::

    open ──propose──► proposed ──resolve──► resolved ──dispute──► disputed
      ▲                  │                     ▲                    │ uphold / overturn
      └──────reopen──────┘                     └────────────────────┤
                                                                    └─annul──► annulled
"""

from __future__ import annotations

from db.models import (
    QUESTION_ANNULLED,
    QUESTION_DISPUTED,
    QUESTION_OPEN,
    QUESTION_PROPOSED,
    QUESTION_RESOLVED,
    Question,
)
from review.errors import Conflict

#: (state, event) → next state. The only place a question's status is decided.
TRANSITIONS: dict[tuple[str, str], str] = {
    (QUESTION_OPEN, "propose"): QUESTION_PROPOSED,
    (QUESTION_PROPOSED, "propose"): QUESTION_PROPOSED,
    (QUESTION_OPEN, "resolve"): QUESTION_RESOLVED,
    (QUESTION_PROPOSED, "resolve"): QUESTION_RESOLVED,
    (QUESTION_PROPOSED, "reopen"): QUESTION_OPEN,
    (QUESTION_RESOLVED, "dispute"): QUESTION_DISPUTED,
    (QUESTION_DISPUTED, "uphold"): QUESTION_RESOLVED,
    (QUESTION_DISPUTED, "overturn"): QUESTION_RESOLVED,
    (QUESTION_DISPUTED, "annul"): QUESTION_ANNULLED,
}

#: Human wording of each event, for refusals.
EVENT_WORDS = {
    "propose": "receive proposals",
    "resolve": "be resolved by approval",
    "reopen": "be reopened",
    "dispute": "be disputed",
    "uphold": "have a dispute upheld",
    "overturn": "be overturned",
    "annul": "be annulled",
}


def allowed_from(event: str) -> list[str]:
    return [state for (state, ev) in TRANSITIONS if ev == event]


def can(question: Question, event: str) -> bool:
    return (question.status, event) in TRANSITIONS


def check(question: Question, event: str) -> str:
    """The state ``event`` leads to, or :class:`Conflict` naming the current state."""
    target = TRANSITIONS.get((question.status, event))
    if target is None:
        raise Conflict(
            f"question {question.id} is {question.status}; it cannot "
            f"{EVENT_WORDS.get(event, event)} (only when "
            f"{' or '.join(allowed_from(event)) or 'never'})",
            field="status",
        )
    return target


def apply(question: Question, event: str) -> tuple[str, str]:
    """Move ``question`` along ``event``; returns (from, to)."""
    before = question.status
    question.status = check(question, event)
    return before, question.status
