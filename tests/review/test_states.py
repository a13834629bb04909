"""The question transition table: legal moves only, refusals name the current state."""

from __future__ import annotations

import pytest

from db.models import QUESTION_STATES, Question
from review import states
from review.errors import Conflict


def _q(status: str) -> Question:
    return Question(id="q1", title="t", content_sha256="x", status=status)


def test_every_state_in_the_table_is_a_known_state() -> None:
    for (before, _event), after in states.TRANSITIONS.items():
        assert before in QUESTION_STATES and after in QUESTION_STATES


@pytest.mark.parametrize(
    ("before", "event", "after"),
    [
        ("open", "resolve", "resolved"),
        ("proposed", "reopen", "open"),
        ("resolved", "dispute", "disputed"),
        ("disputed", "overturn", "resolved"),
        ("disputed", "annul", "annulled"),
    ],
)
def test_legal_transitions(before: str, event: str, after: str) -> None:
    q = _q(before)
    assert states.apply(q, event) == (before, after) and q.status == after


@pytest.mark.parametrize(
    ("before", "event"),
    [("open", "dispute"), ("annulled", "dispute"), ("disputed", "resolve"), ("resolved", "annul")],
)
def test_illegal_transitions_name_the_state(before: str, event: str) -> None:
    q = _q(before)
    with pytest.raises(Conflict, match=f"question q1 is {before}; it cannot"):
        states.apply(q, event)
    assert q.status == before
