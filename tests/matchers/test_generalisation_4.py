"""The general fixes for the remaining wrong proposals (eval/blind*/): each on sentences
written here, none taken from any blind set or the devset."""

from __future__ import annotations

from datetime import UTC, datetime

from matchers.core import QuestionSpec
from matchers.spec import compile_spec
from tests.matchers import support
from tests.matchers.support import pol

OPENS = datetime(2026, 4, 1, tzinfo=UTC)
CLOSES = datetime(2026, 4, 30, 23, 59, 59, tzinfo=UTC)
WHEN = datetime(2026, 4, 16, 12, tzinfo=UTC)


def question(title: str, source: str, labels: tuple[str, ...] = ("Yes", "No")) -> QuestionSpec:
    return support.question("q", title, *labels, source=source, opens=OPENS, closes=CLOSES)


def outcomes(text: str, q: QuestionSpec, title: str = "") -> list[str]:
    found = [support.doc(1, text, q.resolution_source, WHEN, title)]
    return support.outcomes(found, q)


# --- an outcome's qualifier belongs to the cue's predicate, not a coordinated one -----------

MISSION = ("Extended for six months", "Extended until its closure", "Not extended")
MISSION_Q = "Will the UN Security Council extend the mandate of UNMIK in April 2026?"


def test_qualifier_of_a_coordinated_predicate_does_not_count() -> None:
    q = question(MISSION_Q, "UN Security Council", MISSION)
    text = (
        "The Security Council decided today to extend the mandate of UNMIK until its "
        "closure, and to begin a drawdown of its staff within six months from that date."
    )
    assert "Extended for six months" not in outcomes(text, q)


def test_qualifier_in_the_cue_predicate_still_counts() -> None:
    q = question(MISSION_Q, "UN Security Council", MISSION)
    text = "The Security Council decided today to extend the mandate of UNMIK for six months."
    assert outcomes(text, q) == ["Extended for six months"]


# --- a purpose preposition before an event word: an aim or a ballot heading -----------------


def test_purpose_preposition_makes_a_nominal_cue_a_prospect() -> None:
    assert pol("Votes required for the adoption of the bill: 151", "adopt") == "hedged"
    assert pol("Voix requises pour l'adoption du texte : 151", "adopt") == "hedged"
    assert pol("The Senate adopted the bill.", "adopt") == "asserted"


# --- a failed vote answers "No" when the question is about one vote -------------------------

SENATE = "Will the Senate of Chile adopt the pension reform bill in April 2026?"


def test_one_vote_is_told_apart_from_an_open_period() -> None:
    one = compile_spec(title=SENATE, outcomes=[("Yes", []), ("No", [])])
    assert one["event"].get("one_vote") is True
    open_ = compile_spec(
        title="Will the Senate of Chile adopt a pension bill between 1 April and 30 June 2026?",
        outcomes=[("Yes", []), ("No", [])],
    )
    assert "one_vote" not in open_["event"]


def test_negated_adoption_is_a_decisive_no_for_one_vote() -> None:
    q = question(SENATE, "Senate of Chile")
    text = (
        "The required majority not having been reached, the pension reform bill was not "
        "adopted by the Senate of Chile."
    )
    assert outcomes(text, q) == ["No"]


def test_not_yet_adopted_is_not_a_no() -> None:
    q = question(SENATE, "Senate of Chile")
    text = "The pension reform bill has not yet been adopted by the Senate of Chile."
    assert outcomes(text, q) == []


# --- another country's event in a one-country yes/no question -------------------------------

FUND_Q = "Will the IMF Executive Board approve a new arrangement for Zambia by April 2026?"


def test_another_countrys_approval_does_not_count() -> None:
    q = question(FUND_Q, "International Monetary Fund")
    text = (
        "The IMF Executive Board today approved a new 36-month arrangement for Ghana, "
        "allowing an immediate disbursement."
    )
    assert outcomes(text, q, title="IMF Executive Board approves arrangement") == []


def test_own_countrys_approval_counts() -> None:
    q = question(FUND_Q, "International Monetary Fund")
    text = "The IMF Executive Board today approved a new 36-month arrangement for Zambia."
    assert outcomes(text, q) == ["Yes"]


# --- the acting body must be the question's body ---------------------------------------------

VOTE = ("Adopted", "Vetoed", "Not put to a vote")
VOTE_Q = "What will be the outcome of the Security Council vote on the draft resolution on Haiti?"


def test_another_bodys_adoption_is_not_the_councils() -> None:
    q = question(VOTE_Q, "UN Security Council", VOTE)
    text = "The General Assembly today adopted a resolution on Haiti by a recorded vote."
    assert "Adopted" not in outcomes(text, q)


def test_the_councils_own_adoption_counts() -> None:
    q = question(VOTE_Q, "UN Security Council", VOTE)
    text = "The Security Council today adopted the draft resolution on Haiti unanimously."
    assert outcomes(text, q) == ["Adopted"]
