"""Session 3, fifth blind set: general fixes for the failure classes eval/blind5/README.md
lists (counts still under way; a figure's scope; a continuing emergency; ...) — each on
sentences written here, none taken from any blind set or the devset."""

from __future__ import annotations

from datetime import UTC, datetime

from matchers.core import QuestionSpec
from tests.matchers import support

question = support.MAY_JUNE_2026.question
outcomes = support.MAY_JUNE_2026.outcomes


# --- 1. a count still under way is not a result ----------------------------------------------

PARTIES = ("Green Union", "Civic Forum", "Labour Alliance", "Other")


def test_a_partial_count_does_not_name_the_winner() -> None:
    q = question(
        "Which party will win the most votes in Vanuatu's 2026 general election?",
        "Vanuatu Electoral Office",
        PARTIES,
    )
    partial = (
        "With 38 percent of polling stations reporting, the Green Union has 41.3 percent, the "
        "Civic Forum 30.2 percent and the Labour Alliance 12.0 percent."
    )
    assert outcomes(partial, q) == []
    title = "Preliminary results bulletin No. 2"
    text = "The Green Union has 41.3 percent, the Civic Forum 30.2 percent."
    assert outcomes(text, q, title=title) == []
    complete = (
        "After counting 100 percent of polling stations, the Green Union received 41.3 percent "
        "of the votes, the Civic Forum 30.2 percent and the Labour Alliance 12.0 percent."
    )
    assert outcomes(complete, q) == ["Green Union"]


def test_vote_shares_do_not_allocate_seats() -> None:
    q = question(
        "Which party will win the most seats in Vanuatu's 2026 general election?",
        "Vanuatu Electoral Office",
        PARTIES,
    )
    text = (
        "In the final count, the Green Union received 41.3 percent of the votes, the Civic "
        "Forum 30.2 percent and the Labour Alliance 12.0 percent."
    )
    assert outcomes(text, q) == []
    seats = (
        "In the final allocation, the Green Union won 24 seats, the Civic Forum 19 seats and "
        "the Labour Alliance 9 seats."
    )
    assert outcomes(seats, q) == ["Green Union"]


# --- 2. a count's scope: its origin, its span ------------------------------------------------

ARRIVAL_BANDS = ("Fewer than 20,000", "20,000 to 39,999", "40,000 or more")


def test_the_count_from_the_asked_origin_beats_the_total() -> None:
    q = question(
        "How many Syrians will UNHCR report as returning from Lebanon in May 2026?",
        "UNHCR Syria operational updates",
        ARRIVAL_BANDS,
    )
    text = (
        "Overall, 52,300 people crossed into Syria in May 2026 through the monitored border "
        "points. Of them, 27,640 came from Lebanon and 24,660 from Türkiye."
    )
    assert outcomes(text, q, source="UNHCR") == ["20,000 to 39,999"]
    other_origin = "In May 2026, a further 24,660 Syrians returned from Türkiye."
    assert outcomes(other_origin, q, source="UNHCR") == []


def test_a_weeks_or_a_running_count_is_not_the_months() -> None:
    q = question(
        "How many Syrians will UNHCR report as returning from Lebanon in May 2026?",
        "UNHCR Syria operational updates",
        ARRIVAL_BANDS,
    )
    weekly = "During the week of 10 to 16 May 2026, 6,210 Syrians returned from Lebanon."
    assert outcomes(weekly, q, source="UNHCR") == []
    peak = "Returns from Lebanon peaked at 1,900 on 12 May."
    assert outcomes(peak, q, source="UNHCR") == []
    running = "Since 1 January 2026, 96,480 Syrians have returned from Lebanon, cumulatively."
    assert outcomes(running, q, source="UNHCR") == []
    month = "In May 2026, 27,640 Syrians returned from Lebanon, UNHCR said."
    assert outcomes(month, q, source="UNHCR") == ["20,000 to 39,999"]


def test_a_year_question_keeps_the_running_total() -> None:
    q = question(
        "How many Syrians will UNHCR report as having returned from Lebanon in 2026 to date "
        "by 30 June?",
        "UNHCR Syria operational updates",
        ("Fewer than 100,000", "100,000 or more"),
    )
    running = "Since 1 January 2026, 96,480 Syrians have returned from Lebanon, cumulatively."
    assert outcomes(running, q, source="UNHCR") == ["Fewer than 100,000"]


# --- 3. a state that continues is not its end ------------------------------------------------


def _ended_question() -> QuestionSpec:
    return question(
        "Will WHO declare that the mpox upsurge no longer constitutes a public health "
        "emergency of international concern by 30 June 2026?",
        "World Health Organization",
    )


def test_remaining_an_emergency_before_the_deadline_is_not_yes() -> None:
    text = (
        "After its meeting, the Committee advised that the mpox upsurge continues to be a "
        "public health emergency of international concern, and the Director-General agreed."
    )
    assert outcomes(text, _ended_question()) == []


def test_remaining_an_emergency_at_the_deadline_is_no() -> None:
    q = _ended_question()
    text = "As of 30 June 2026, the mpox upsurge remains a PHEIC, WHO said in its weekly update."
    found = [support.doc(1, text, q.resolution_source, datetime(2026, 6, 30, 12, tzinfo=UTC))]
    assert support.outcomes(found, q) == ["No"]


def test_no_longer_an_emergency_is_yes() -> None:
    text = (
        "The Director-General determined that the mpox upsurge no longer constitutes a public "
        "health emergency of international concern."
    )
    assert outcomes(text, _ended_question()) == ["Yes"]
    doubted = (
        "The Committee did not agree that the mpox upsurge no longer constitutes a public "
        "health emergency of international concern."
    )
    assert outcomes(doubted, _ended_question()) == []


# --- 4. a central bank's decision at a named meeting: the rate by its initials ---------------


def test_the_rate_named_by_its_initials_at_the_named_meeting() -> None:
    q = question(
        "Will the Bank of Ghana cut the Monetary Policy Rate at the MPC meeting of 8–9 June 2026?",
        "Bank of Ghana Monetary Policy Committee press releases",
    )
    text = (
        "Having reviewed the outlook, the MPC decided by a majority to lower the MPR by 100 "
        "basis points to 21.0 percent."
    )
    title = "Bank of Ghana: Monetary Policy Committee press release, June 2026"
    assert outcomes(text, q, title=title) == ["Yes"]
    reserve = "The MPC decided to lower the CRR by 100 basis points."
    assert outcomes(reserve, q, title=title) == []


# --- 5. money bands; a trade balance is the figure after its name ----------------------------


def test_money_bands_are_bands() -> None:
    from matchers.spec import parse_band

    band = parse_band("US$2.0 billion to US$3.4 billion")
    assert band is not None and (band["lo"], band["hi"]) == (2e9, 3.4e9)
    low = parse_band("Below €1.5 bn")
    assert low is not None and low["hi"] == 1.5e9
    assert parse_band("$40 to $60") is not None
    assert parse_band("US Steel") is None


TRADE_BANDS = ("Below US$2.0 billion", "US$2.0 billion to US$3.9 billion", "US$4.0 billion or more")


def test_the_trade_balance_is_not_the_exports_before_it() -> None:
    q = question(
        "What will Chile's trade surplus for May 2026 be, according to the Central Bank of Chile?",
        "Banco Central de Chile",
        TRADE_BANDS,
    )
    text = (
        "In May 2026, Chile's exports reached US$ 9.84 billion and imports US$ 7.02 billion, "
        "leaving a trade surplus of US$ 2.82 billion."
    )
    assert outcomes(text, q) == ["US$2.0 billion to US$3.9 billion"]
    weekly = "In the fourth week of May 2026, Chile's trade surplus was US$ 0.61 billion."
    assert outcomes(weekly, q) == []
    spanish = (
        "En mayo de 2026, las exportaciones de Chile sumaron US$ 9.840 millones y la balanza "
        "comercial registró un superávit de US$ 2.820 millones."
    )
    assert outcomes(spanish, q) == ["US$2.0 billion to US$3.9 billion"]


# --- 6. a threshold written after its value ("5.5% or higher") -------------------------------


def test_a_threshold_after_its_value() -> None:
    from matchers.spec import _threshold

    assert _threshold("Will the jobless rate be 7.2% or higher in May?") == {
        "op": ">=",
        "value": 7.2,
        "unit": "%",
    }
    assert _threshold("Will arrivals number 12,000 or fewer in May?") == {
        "op": "<=",
        "value": 12000.0,
        "unit": "",
    }
    q = question(
        "Will Statistics Canada report an unemployment rate of 7.0% or higher for May 2026?",
        "Statistics Canada Labour Force Survey",
    )
    text = "Canada's unemployment rate rose to 7.1% in May 2026, Statistics Canada said."
    assert outcomes(text, q) == ["Yes"]
    lower = "Canada's unemployment rate edged down to 6.8% in May 2026, Statistics Canada said."
    assert outcomes(lower, q) == ["No"]


# --- 7. no run-off, said in the proclamation of the result -----------------------------------


def test_no_runoff_in_the_proclamation() -> None:
    q = question(
        "Will Cabo Verde's 2026 presidential election go to a second round?",
        "Tribunal Constitucional of Cabo Verde",
    )
    text = (
        "The Constitutional Court proclaims Ana Semedo elected President of Cabo Verde with "
        "52.4% of the valid votes, so there will be no second round."
    )
    assert outcomes(text, q) == ["No"]
    pt = (
        "O Tribunal Constitucional proclamou eleita Ana Semedo, Presidente de Cabo Verde, não "
        "havendo necessidade de uma segunda volta."
    )
    assert outcomes(pt, q) == ["No"]
    claim = "The opposition said there would be no second round in Cabo Verde."
    assert outcomes(claim, q) == []


# --- 8. how long an extension runs; "restrictive measures" are sanctions ---------------------

RENEWAL = ("Renewed for 12 months", "Renewed for a shorter period", "Allowed to expire", "Other")


def _renewal_question() -> QuestionSpec:
    return question(
        "What will the Council of the EU decide on its Guinea sanctions regime before it "
        "expires on 27 May 2026?",
        "Council of the European Union",
        RENEWAL,
    )


def test_an_end_date_a_year_after_expiry_is_twelve_months() -> None:
    text = (
        "The Council today prolonged the restrictive measures against Guinea until "
        "27 May 2027, following its annual review."
    )
    assert outcomes(text, _renewal_question()) == ["Renewed for 12 months"]
    shorter = (
        "The Council today prolonged the restrictive measures against Guinea until "
        "27 November 2026, pending the electoral calendar."
    )
    assert outcomes(shorter, _renewal_question()) == ["Renewed for a shorter period"]


def test_a_stated_period_decides_the_option() -> None:
    text = "The Council renewed the sanctions on Guinea for a further six months."
    assert outcomes(text, _renewal_question()) == ["Renewed for a shorter period"]
    year = "The Council renewed the sanctions on Guinea for another year."
    assert outcomes(year, _renewal_question()) == ["Renewed for 12 months"]
