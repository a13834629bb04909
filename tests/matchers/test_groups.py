"""A question about one group of people is not answered by a statement about another
("Syrian soldiers" / "Syrian families returned to Syria"). New sentences, none from the
evaluation sets."""

from __future__ import annotations

from datetime import UTC, datetime

from matchers.core import QuestionSpec
from matchers.evidence import groups_of
from tests.matchers import support

WHEN = datetime(2025, 1, 10, tzinfo=UTC)
SOLDIERS = support.question(
    "q",
    "What will be the outcome for Syrian soldiers in Iraq by June 30, 2025?",
    "Returned to Syria",
    "Granted asylum in Iraq",
    "Other",
    source="Reports from Iraqi government and international organizations",
    opens=datetime(2024, 12, 1, tzinfo=UTC),
    closes=datetime(2025, 6, 30, tzinfo=UTC),
)
DETAINEES = support.question(
    "d",
    "Will Armenia and Azerbaijan exchange detainees by March 31, 2025?",
    "Yes",
    "No",
    source="Ministries of Foreign Affairs of Armenia and Azerbaijan",
    opens=datetime(2024, 12, 1, tzinfo=UTC),
    closes=datetime(2025, 3, 31, tzinfo=UTC),
)


def said(q: QuestionSpec, text: str, source: str) -> list[str]:
    return support.outcomes([support.doc(1, text, source, WHEN, "Statement")], q)


def test_group_nouns_and_their_weaker_synonyms() -> None:
    assert groups_of(["syrian", "soldiers"]) == {"military"}
    assert groups_of(["army", "personnel"]) == set()
    assert groups_of(["army", "personnel"], also=True) == {"military"}
    assert groups_of(["families", "pilgrims"]) == {"families", "pilgrims"}


def test_another_group_moving_is_not_the_question_s_group() -> None:
    src = "Iraqi Ministry of Interior"
    assert said(SOLDIERS, "The Ministry said 120 Syrian families returned to Syria.", src) == []
    assert said(SOLDIERS, "Iraq handed over 120 Syrian families to the Syrian side.", src) == []
    assert said(SOLDIERS, "The Ministry said 120 Syrian soldiers returned to Syria.", src) == [
        "Returned to Syria"
    ]


def test_the_question_s_group_by_a_synonym_or_beside_another_group() -> None:
    src = "Iraqi Ministry of Interior"
    personnel = (
        "The Syrian army personnel who had crossed into Iraq were handed over to the Syrian "
        "authorities at the Al-Qaim crossing."
    )
    assert said(SOLDIERS, personnel, src) == ["Returned to Syria"]
    both = "The Syrian soldiers and their families returned to Syria through Al-Qaim."
    assert said(SOLDIERS, both, src) == ["Returned to Syria"]


def test_an_acting_side_named_by_a_weak_noun_does_not_block() -> None:
    src = "Ministry of Foreign Affairs of Armenia"
    text = (
        "Armenia and Azerbaijan exchanged detainees today; the prisoners were received by "
        "military officers at the border."
    )
    assert said(DETAINEES, text, src) == ["Yes"]
    pilgrims = "Armenia and Azerbaijan exchanged 40 pilgrims today at the border crossing."
    assert said(DETAINEES, pilgrims, src) == []
