"""The general fixes found by the second blind split (eval/blind2/): each on sentences
written here, none taken from either blind set or the devset."""

from __future__ import annotations

from matchers.spec import compile_spec
from matchers.text import split_sentences
from tests.matchers.support import doc, outcomes, pol, question


def outcome_spec(title: str, *labels: str) -> list[dict[str, object]]:
    spec = compile_spec(title=title, outcomes=[(lab, ()) for lab in labels])
    return list(spec["outcomes"])


# --- a movement's destination -------------------------------------------------------------

RETURNS = question(
    "kurdish-fighters-turkey",
    "What will happen to the Kurdish fighters held in Armenia by the end of 2025?",
    "Returned to Turkey",
    "Granted asylum in Armenia",
    "Still detained",
    source="Ministry of Internal Affairs of Armenia",
)
SRC = "Ministry of Internal Affairs of Armenia"


def test_a_country_after_from_is_the_origin_not_the_destination() -> None:
    text = (
        "Forty Armenian nationals held in Kurdish fighters' camps returned to Armenia today "
        "from a camp in south-east Turkey. The Ministry of Internal Affairs received them."
    )
    found = doc(1, text, SRC, title="Kurdish fighters: Armenians come home")
    assert outcomes([found], RETURNS) == []


def test_a_country_after_to_is_the_destination() -> None:
    text = (
        "The Kurdish fighters held in Armenia were returned to Turkey from the Margara "
        "crossing today, the Ministry of Internal Affairs announced."
    )
    got = outcomes([doc(2, text, SRC, title="Kurdish fighters returned")], RETURNS)
    assert got == ["Returned to Turkey"]


# --- page furniture -----------------------------------------------------------------------


def test_page_furniture_lines_are_sentence_boundaries() -> None:
    text = (
        "The Board met on 3 May and adopted the budget.\n"
        "Page 2 of 7\n"
        "NATIONAL STATISTICS OFFICE | QUARTERLY BULLETIN | Q1\n"
        "TRANSFERS AND RETURNS\n"
        "A total of 310 persons were transferred to the coastal\n"
        "reception centre during the quarter.\n"
        "SUMMARY – Page 3 of 7"
    )
    spans = split_sentences(text)
    assert [s.text for s in spans] == [
        "The Board met on 3 May and adopted the budget.",
        "NATIONAL STATISTICS OFFICE | QUARTERLY BULLETIN | Q1",
        "A total of 310 persons were transferred to the coastal\n"
        "reception centre during the quarter.",
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_table_rows_are_sentences_of_their_own_and_wrapped_lines_stay_whole() -> None:
    text = (
        "Prices rose by 1.4 percent in the year to April, the\n"
        "Office said.\n"
        "Index | April | March\n"
        "CPI | 1.4 | 1.6\n"
        "Core prices rose by 2.0 percent."
    )
    assert [s.text for s in split_sentences(text)] == [
        "Prices rose by 1.4 percent in the year to April, the\nOffice said.",
        "Index | April | March",
        "CPI | 1.4 | 1.6",
        "Core prices rose by 2.0 percent.",
    ]


# --- outcome labels -----------------------------------------------------------------------


def test_a_label_opening_with_an_action_is_an_event_not_a_name() -> None:
    [listed, removed, _] = outcome_spec(
        "What will the Treasury do about the Acme Mining Corporation by June 2026?",
        "Designated to the Consolidated List",
        "Removed from the Consolidated List",
        "No change",
    )
    assert listed["role"] == "event" and "designate" in listed["classes"]
    assert removed["role"] == "event" and "lift" in removed["classes"]


def test_a_negation_inside_a_label_negates_its_action() -> None:
    [_, never] = outcome_spec(
        "What will happen to the review panel by March 2026?",
        "Review panel convened",
        "Review panel not convened",
    )
    assert never["negated"] is True and never["classes"] == ["convene"]
    [declared, not_declared] = outcome_spec(
        "What will WHO decide about the cholera outbreak?",
        "Declared a PHEIC",
        "Not declared a PHEIC",
    )
    assert declared["role"] == "event" and declared["negated"] is False
    assert not_declared["role"] == "event" and not_declared["negated"] is True


# --- negation across an inserted adverbial, conditions --------------------------------------


def test_an_inserted_adverbial_does_not_end_the_negations_clause() -> None:
    s = "The panel found that the situation does not, for the time being, constitute an emergency."
    assert pol(s, "determine") == "negated"
    s2 = (
        "The Committee said the event does not meet, at present, the criteria of a public "
        "health emergency of international concern."
    )
    assert pol(s2, "determine") == "negated"


def test_a_condition_in_the_cues_clause_makes_it_a_prospect() -> None:
    assert pol("The signing of the treaty is possible only after the referendum.", "sign") == (
        "hedged"
    )
    assert pol("Its signature remains conditional on a border settlement.", "sign") == "hedged"
    assert pol("The treaty was signed after the referendum.", "sign") == "asserted"


# --- a pair of countries --------------------------------------------------------------------


def test_a_sentence_about_one_of_the_pair_and_a_third_country_is_another_event() -> None:
    q = question(
        "peru-chile-maritime-agreement",
        "Will Peru and Chile sign a maritime cooperation agreement in 2025?",
        "Yes",
        "No",
        source="Ministries of Foreign Affairs of Peru and Chile",
    )
    other = doc(
        3,
        "The Foreign Ministers of Peru and Ecuador signed a maritime cooperation agreement in "
        "Lima today. The agreement covers fisheries and search and rescue.",
        "Ministry of Foreign Affairs of Peru",
        title="Peru and Ecuador sign maritime cooperation agreement",
    )
    assert outcomes([other], q) == []
    ours = doc(
        4,
        "The Foreign Ministers of Peru and Chile signed a maritime cooperation agreement in "
        "Santiago today. The agreement covers fisheries and search and rescue.",
        "Ministry of Foreign Affairs of Peru",
        title="Peru and Chile sign maritime cooperation agreement",
    )
    assert outcomes([ours], q) == ["Yes"]
