"""The general fixes found by the third blind split (eval/blind3/): each on sentences
written here, none taken from any blind set or the devset."""

from __future__ import annotations

from datetime import UTC, datetime

from matchers.core import FindingDoc, QuestionSpec
from matchers.cues import Sentence, class_pattern
from matchers.spec import compile_spec, one_meeting
from matchers.text import normalize
from tests.matchers import support
from tests.matchers.support import outcomes, pol

OPENS = datetime(2026, 4, 1, tzinfo=UTC)
CLOSES = datetime(2026, 5, 10, 23, 59, 59, tzinfo=UTC)
IN_MAY = datetime(2026, 5, 6, 12, tzinfo=UTC)
IN_APRIL = datetime(2026, 4, 8, 12, tzinfo=UTC)
SRC = "Central Bank of Iceland"


def question(title: str, source: str = SRC) -> QuestionSpec:
    return support.question("q", title, "Yes", "No", source=source, opens=OPENS, closes=CLOSES)


def doc(text: str, when: datetime = IN_MAY, title: str = "", i: int = 1) -> FindingDoc:
    return support.doc(i, text, SRC, when, title)


# --- a hold at the one meeting a question names is "No" ------------------------------------

AT_MAY = "Will the Central Bank of Iceland lower its key interest rate at its May 2026 meeting?"
BEFORE = "Will the Central Bank of Iceland lower its key interest rate before 10 May 2026?"
HOLD = (
    "The Monetary Policy Committee of the Central Bank of Iceland decided to keep the "
    "key interest rate of the Central Bank of Iceland unchanged at 7.25 per cent."
)


def test_one_meeting_is_told_apart_from_an_open_period() -> None:
    assert one_meeting(normalize(AT_MAY)) == {"month": 5}
    assert one_meeting(normalize("Will the Board raise rates at its next policy decision?")) == {}
    assert one_meeting(normalize(BEFORE)) is None
    assert one_meeting(normalize("Will the bank cut rates by 31 May 2026 at a meeting?")) is None
    # "by 50 basis points" is an amount, not a date
    assert one_meeting(normalize("Will it cut by 50 basis points at its June meeting?")) == {
        "month": 6
    }
    spec = compile_spec(title=AT_MAY, outcomes=[("Yes", ()), ("No", ())])
    assert spec["event"]["one_meeting"] == {"month": 5}
    assert (
        "one_meeting" not in compile_spec(title=BEFORE, outcomes=[("Yes", ()), ("No", ())])["event"]
    )


def test_hold_at_the_named_meeting_is_no() -> None:
    assert outcomes([doc(HOLD, title="Key rate unchanged")], question(AT_MAY)) == ["No"]


def test_hold_is_not_no_for_a_question_about_any_cut_by_a_date() -> None:
    assert outcomes([doc(HOLD, title="Key rate unchanged")], question(BEFORE)) == []


def test_hold_in_another_month_is_not_the_meeting_asked_about() -> None:
    assert outcomes([doc(HOLD, when=IN_APRIL, title="Key rate unchanged")], question(AT_MAY)) == []


def test_a_meeting_held_is_not_a_rate_held() -> None:
    text = (
        "The Monetary Policy Committee of the Central Bank of Iceland held its meeting on "
        "interest rates on 5 May. Minutes will be published in two weeks. The key rate "
        "decision will be announced separately."
    )
    assert outcomes([doc(text, title="Committee meets")], question(AT_MAY)) == []


def test_hold_in_french_is_no() -> None:
    text = (
        "Le Comité de politique monétaire de la Banque centrale d'Islande a décidé de "
        "maintenir inchangé le taux d'intérêt directeur à 7,25 %. La décision a été prise à "
        "l'unanimité. Le prochain communiqué sera publié en août."
    )
    q = question(AT_MAY)
    assert outcomes([doc(text, title="Central Bank of Iceland key rate decision")], q) == ["No"]


# --- prospects: "room to", "subject to" ---------------------------------------------------


def test_room_to_is_a_prospect() -> None:
    assert pol("We have room to lower the key rate further if demand weakens.", "cut") == "hedged"
    assert pol("There is scope to reduce rates later this year.", "cut") == "hedged"


def test_subject_to_approval_is_a_prospect() -> None:
    sentence = "The programme is subject to approval by the Fund's Executive Board."
    assert pol(sentence, "approve") == "hedged"
    assert pol("The Executive Board approved the programme today.", "approve") == "asserted"


# --- lexicon prefixes that swallowed other words ------------------------------------------


def test_trimester_is_not_a_cut_nor_relevant_a_raise() -> None:
    cut, raise_ = class_pattern("cut"), class_pattern("raise")
    assert cut is not None and raise_ is not None
    assert not Sentence.read("Le rapport trimestriel a été publié.").find(cut)
    assert Sentence.read("The bank trimmed its policy rate.").find(cut)
    assert not Sentence.read("The relevant acts were published.").find(raise_)
    assert Sentence.read("La banque a relevé son taux directeur.").find(raise_)
