"""Outcome support through ``match``: events, names, figures, yes/no, conflicts, window."""

from __future__ import annotations

from datetime import UTC, datetime

from matchers.core import MatchSettings, match
from tests.matchers.support import doc, question

KYRGYZ = question(
    "kg-tj",
    "Will Kyrgyzstan and Tajikistan sign a treaty on their state border by December 31, 2025?",
    "Yes",
    "No",
    source="Official statements from the governments of Kyrgyzstan or Tajikistan",
)


def test_yes_from_a_paraphrase_by_a_named_government_body() -> None:
    f = doc(
        1,
        "Within the framework of the state visit, the Presidents of the Kyrgyz Republic and "
        "Tajikistan put their signatures to the Treaty on the Tajik-Kyrgyz State Border.",
        "Press Service of the President of the Republic of Tajikistan",
    )
    [p] = match([f], [KYRGYZ]).proposals
    assert p.outcome == "Yes" and p.breakdown["authority"] == 1.0
    assert p.citations[0].quote in f.text


def test_initialled_or_planned_is_not_signed() -> None:
    planned = doc(
        1,
        "The Presidents of Kyrgyzstan and Tajikistan are expected to sign the treaty on the "
        "state border next month.",
        "Press Service of the President of the Kyrgyz Republic",
    )
    assert match([planned], [KYRGYZ]).proposals == []


def test_no_needs_an_explicit_statement_that_the_deadline_passed() -> None:
    q = question(
        "gr",
        "Will Greece extend its suspension of asylum applications for people arriving by sea "
        "from North Africa beyond its expiry on October 14, 2025?",
        "Yes",
        "No",
        source="Official statements from the Greek Ministry of Migration and Asylum",
    )
    passed = doc(
        1,
        "The temporary suspension of asylum applications by persons arriving by sea from North "
        "Africa expired on 14 October and was not renewed.",
        "Ministry of Migration and Asylum (Greece)",
    )
    [p] = match([passed], [q]).proposals
    assert p.outcome == "No"
    not_yet = doc(
        2,
        "No decision has been taken yet on extending the suspension of asylum applications for "
        "arrivals from North Africa.",
        "Ministry of Migration and Asylum (Greece)",
    )
    assert match([not_yet], [q]).proposals == []


def test_a_figure_on_the_wrong_side_of_the_threshold_is_no() -> None:
    q = question(
        "ca-cpi",
        "Will Canada's year-over-year CPI inflation for March 2025 exceed 3.0%?",
        "Yes",
        "No",
        source="Official releases from Statistics Canada",
    )
    f = doc(
        1,
        "The Consumer Price Index (CPI) rose 2.3% year over year in March, down from a 3.6% "
        "increase in February. Excluding gasoline, the CPI rose 3.5% in March.",
        "Statistics Canada",
        title="Consumer Price Index, March 2025",
    )
    [p] = match([f], [q]).proposals
    assert p.outcome == "No" and "2.3" in p.breakdown["evidence"]["No"]["for"][0]["note"]


def test_bands_read_the_headline_figure_not_the_change_or_another_measure() -> None:
    q = question(
        "za",
        "What will South Africa's official unemployment rate be for the third quarter of 2025?",
        "Below 31.0%",
        "31.0% to 32.4%",
        "32.5% to 33.9%",
        "34.0% or above",
        source="Official releases from Statistics South Africa",
    )
    f = doc(
        1,
        "The official unemployment rate decreased by 1,3 percentage points to 31,9% in Q3:2025 "
        "compared with Q2:2025. The unemployment rate according to the expanded definition was "
        "42,4%.",
        "Statistics South Africa",
        title="Quarterly Labour Force Survey, Q3 2025",
    )
    [p] = match([f], [q]).proposals
    assert p.outcome == "31.0% to 32.4%"


def test_a_winner_by_name_and_an_unlisted_winner_as_other() -> None:
    q = question(
        "ga",
        "Who will win Gabon's April 2025 presidential election?",
        "Alain-Claude Mba",
        "Paulette Ndong",
        "Other",
        source="Announcement by Gabon's Ministry of the Interior or Constitutional Court",
    )
    f = doc(
        1,
        "Statuant sur les recours, la Cour constitutionnelle proclame M. Séraphin Obame Ndong élu "
        "Président de la République avec 90,35% des suffrages exprimés.",
        "Cour constitutionnelle du Gabon",
        title="Proclamation des résultats définitifs de l'élection présidentielle",
    )
    [p] = match([f], [q]).proposals
    assert p.outcome == "Other" and "Séraphin Obame Ndong" in p.breakdown["other_note"]


def test_the_place_of_the_event_picks_the_country() -> None:
    q = question(
        "drc",
        "Which country will host the signing of a peace framework between the DRC government and "
        "the AFC/M23 by December 31, 2025?",
        "Qatar",
        "United States",
        "Angola",
        "Other",
        source="Official statements from the Government of the Democratic Republic of the Congo",
    )
    f = doc(
        1,
        "The Government of the Democratic Republic of the Congo welcomes the framework for peace "
        "signed in Doha today with the AFC/M23. It thanks the United States for its support.",
        "Ministry of Communication, Democratic Republic of the Congo",
    )
    [p] = match([f], [q]).proposals
    assert p.outcome == "Qatar"


def test_other_sources_corroborate_but_never_settle_alone() -> None:
    other = doc(
        1,
        "The Presidents of Kyrgyzstan and Tajikistan signed the Treaty on the State Border.",
        "Regional News Agency",
    )
    res = match([other], [KYRGYZ])
    assert res.proposals == []
    assert any(r.reason.startswith("not from a named source") for r in res.rejections)


def test_conflicting_outcomes_show_both_in_one_proposal() -> None:
    q = question(
        "ghana",
        "What will the Bank of Ghana's Monetary Policy Committee decide on the policy rate at its "
        "June 2025 meeting?",
        "Cut",
        "Hold",
        "Hike",
        source="Official statements from the Bank of Ghana",
    )
    hold = doc(
        1,
        "The Monetary Policy Committee decided to maintain the policy rate at 28 percent.",
        "Bank of Ghana",
    )
    cut = doc(
        2,
        "The Monetary Policy Committee decided to reduce the policy rate by 100 basis points.",
        "Bank of Ghana",
        when=datetime(2025, 6, 11, tzinfo=UTC),
    )
    res = match([hold, cut], [q], MatchSettings(queue_threshold=0.0))
    [p] = res.proposals
    assert p.breakdown["conflicting"] is True
    assert set(p.breakdown["conflicting_outcomes"]) | {p.outcome} == {"Cut", "Hold"}
    matrix = p.breakdown["evidence"]
    assert matrix["Cut"]["for"] and matrix["Hold"]["for"]


def test_the_first_occurrence_wins_when_the_question_asks_for_the_first() -> None:
    q = question(
        "who",
        "Which country will be the first to be certified malaria-free by WHO in 2025?",
        "Georgia",
        "Suriname",
        "Other",
        source="Official statements from the World Health Organization (WHO)",
    )
    first = doc(
        1,
        "The Director-General certified Georgia as malaria-free.",
        "World Health Organization",
        when=datetime(2025, 1, 20, tzinfo=UTC),
    )
    later = doc(
        2,
        "The Director-General certified Suriname as malaria-free.",
        "World Health Organization",
        when=datetime(2025, 6, 30, tzinfo=UTC),
    )
    [p] = match([later, first], [q]).proposals
    assert p.outcome == "Georgia"
