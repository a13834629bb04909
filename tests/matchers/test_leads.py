"""Leads for one question: the closest findings, their best sentence verbatim, and why
each did not become a proposal (``matchers.leads``)."""

from __future__ import annotations

from datetime import UTC, datetime

from matchers.core import MatchSettings, prepare
from matchers.leads import Lead, leads, shortlist
from tests.matchers.support import doc, question

KYRGYZ = question(
    "kg-tj",
    "Will Kyrgyzstan and Tajikistan sign a treaty on their state border by December 31, 2025?",
    "Yes",
    "No",
    source="Official statements from the governments of Kyrgyzstan or Tajikistan",
)
NAMED = "Press Service of the President of the Republic of Tajikistan"
SIGNED = (
    "The Presidents of Kyrgyzstan and Tajikistan put their signatures to the Treaty on the "
    "Tajik-Kyrgyz State Border."
)


def one(text: str, source: str = NAMED, **kw: object) -> Lead:
    when = kw.pop("when", datetime(2025, 6, 10, 12, tzinfo=UTC))
    f = doc(1, text, source, when)  # type: ignore[arg-type]
    [lead] = leads(KYRGYZ, [f], **kw)  # type: ignore[arg-type]
    assert f.text[lead.start : lead.end] == lead.quote  # verbatim, quotable
    return lead


def test_no_cue_matched_quotes_the_sentence_with_most_of_the_subject() -> None:
    lead = one(
        "The weather was fine. The Presidents of Kyrgyzstan and Tajikistan discussed the state "
        "border treaty at length in Bishkek."
    )
    assert lead.reason == "no cue matched"
    assert lead.quote.startswith("The Presidents of Kyrgyzstan") and lead.start == 22
    assert lead.named_source and lead.in_window and lead.relevance >= 0.75


def test_a_negated_hedged_or_future_cue_says_which() -> None:
    negated = one(
        "The Presidents of Kyrgyzstan and Tajikistan did not sign the treaty on the border."
    )
    assert negated.reason == "the cue read as negated (Yes)" and negated.outcome == "Yes"
    hedged = one("The Presidents of Kyrgyzstan and Tajikistan may sign the treaty on the border.")
    assert hedged.reason == "the cue read as hedged (Yes)"
    future = one("The Presidents of Kyrgyzstan and Tajikistan will sign the treaty on the border.")
    assert future.reason == "the cue read as future (Yes)"
    assert "will sign" in future.quote


def test_outside_the_window() -> None:
    lead = one(SIGNED, when=datetime(2026, 3, 1, tzinfo=UTC))
    assert lead.reason == "outside the window: published after the question closed"
    assert not lead.in_window and lead.quote == SIGNED and lead.outcome == "Yes"


def test_not_a_named_source() -> None:
    lead = one(SIGNED, source="Daily Tabloid")
    assert lead.reason.startswith("not a named source") and not lead.named_source


def test_below_the_queueing_threshold_and_would_be_proposed() -> None:
    below = one(SIGNED, settings=MatchSettings(queue_threshold=0.999))
    assert below.reason.startswith("below the queueing threshold: ")
    assert one(SIGNED).reason.startswith("would support a proposal")


def test_already_proposed() -> None:
    assert one(SIGNED, proposed={1}).reason == "already proposed"


def test_ranking_floor_and_limit() -> None:
    fs = [
        doc(1, SIGNED, NAMED, datetime(2026, 3, 1, tzinfo=UTC)),  # outside the window
        doc(2, SIGNED, "Daily Tabloid"),  # not named
        doc(3, "The Presidents of Kyrgyzstan and Tajikistan met in Bishkek.", NAMED),
        doc(4, "Wheat prices rose sharply in Kansas this spring.", "Farm News"),  # off topic
    ]
    ranked = leads(KYRGYZ, fs, limit=10)
    assert [ld.finding_id for ld in ranked] == [3, 2, 1]
    assert [ld.finding_id for ld in leads(KYRGYZ, fs, limit=1)] == [3]


def test_shortlist_takes_the_subject_or_the_named_source() -> None:
    fs = [
        doc(1, SIGNED, "Daily Tabloid"),
        doc(2, "Wheat prices rose sharply in Kansas this spring.", "Farm News"),
        doc(3, "The office is closed on Monday.", NAMED),
    ]
    assert shortlist(prepare(KYRGYZ), fs) == [1, 3]
