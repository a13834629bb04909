"""Session 3, structural recall 2: a named source's identity goes without saying in its
own releases (retrieval and relevance), guarded against its releases on a province or
another measure; choice options read by their labels' words. New sentences, none from
the evaluation sets."""

from __future__ import annotations

from matchers.core import prepare
from matchers.cues import Sentence, polarity
from matchers.evidence import compile_question
from matchers.spec import compile_spec

from . import support
from .support import MAY_JUNE_2026, doc, outcomes

S = MAY_JUNE_2026

# --- A. the named source's identity --------------------------------------------------------

LABOUR_Q = "What unemployment rate will Statistics Moldova report for the first quarter of 2026?"
LABOUR_SRC = "National Bureau of Statistics of Moldova (NBS)"
LABOUR_BANDS = ("Below 3.0%", "3.0% to 3.9%", "4.0% or higher")
LABOUR_SOURCE = "National Bureau of Statistics"


def _labour() -> support.QuestionSpec:
    return S.question(LABOUR_Q, LABOUR_SRC, LABOUR_BANDS)


def test_a_named_source_release_need_not_name_its_country() -> None:
    q = _labour()
    text = (
        "In the first quarter of 2026 the unemployment rate was 3.4%, the labour force "
        "survey shows."
    )
    title = "Labour force and unemployment in the first quarter of 2026"
    assert S.outcomes(text, q, title=title, source=LABOUR_SOURCE) == ["3.0% to 3.9%"]


def test_another_source_gets_no_such_credit() -> None:
    q = _labour()
    text = (
        "In the first quarter of 2026 the unemployment rate was 3.4%, the labour force "
        "survey shows."
    )
    title = "Labour force and unemployment in the first quarter of 2026"
    assert S.outcomes(text, q, title=title, source="Regional Employment Observatory") == []


def test_a_release_on_a_province_does_not_answer_a_national_question() -> None:
    q = _labour()
    text = "In the first quarter of 2026 the unemployment rate was 3.4% in the northern region."
    title = "Unemployment by region, first quarter of 2026"
    assert S.outcomes(text, q, title=title, source=LABOUR_SOURCE) == []
    title = "Provincial labour market indicators, first quarter of 2026"
    assert S.outcomes(text, q, title=title, source=LABOUR_SOURCE) == []


def test_a_release_on_another_measure_does_not_answer() -> None:
    q = _labour()
    text = "In the first quarter of 2026 consumer prices rose by 3.4% over the year."
    title = "Consumer prices in the first quarter of 2026"
    assert S.outcomes(text, q, title=title, source=LABOUR_SOURCE) == []


def test_a_possessive_in_the_title_gives_the_source_its_country() -> None:
    spec = compile_spec(
        title="What inflation rate will Chile's INE report for May 2026?",
        outcomes=[("Below 3%", ()), ("3% or higher", ())],
        resolution_source="Instituto Nacional de Estadísticas (INE)",
        opens_at=S.opens,
        closes_at=S.closes,
        context="",
    )
    q = compile_question("q", spec, S.opens, S.closes)
    assert q.source_countries == {"Chile"}
    assert "ine" in q.source_terms


def test_retrieval_credits_the_source_keys_only_for_the_named_source() -> None:
    p = prepare(_labour())
    assert "@Moldova" in p.keys.credit_keys
    # a sentence of another source sharing the subject is not shortlisted by credit alone
    q = _labour()
    other = doc(
        1,
        "The unemployment rate was 3.4% in the first quarter of 2026.",
        "Trade union federation",
        S.when,
        "Unemployment in the first quarter",
    )
    assert outcomes([other], q) == []


def test_a_scheduled_signing_is_a_plan() -> None:
    from matchers.cues import Hit

    for text, noun in (
        ("The signing of the final agreement is scheduled for next month.", "signing"),
        ("La firma del acuerdo final está prevista para julio.", "firma"),
    ):
        sent = Sentence.read(text)
        i = sent.words.index(noun)
        assert polarity(sent, Hit(i, i + 1, noun)) == "hedged"


# --- B. option labels as cues --------------------------------------------------------------

STATUS_Q = "What will the Drought Alert Status of the Agricultural Weather Office be in June 2026?"
STATUS_SRC = "Agricultural Weather Office drought bulletins"
STATUS_LABELS = ("Drought Warning", "Drought Watch", "Flood Watch or Warning", "Not active")


def _status() -> support.QuestionSpec:
    return S.question(STATUS_Q, STATUS_SRC, STATUS_LABELS)


def test_a_status_label_is_read_by_its_words() -> None:
    q = _status()
    text = "Drought Alert Status: Drought Watch. Rainfall was far below normal in May."
    assert S.outcomes(text, q, title="Drought bulletin, June 2026") == ["Drought Watch"]


def test_a_label_cue_weighs_less_than_a_lexicon_cue() -> None:
    from matchers.core import match

    q = _status()
    text = "Drought Alert Status: Drought Watch. Rainfall was far below normal in May."
    [p] = match([doc(1, text, STATUS_SRC, S.when, "Drought bulletin, June 2026")], [q]).proposals
    assert p.breakdown["evidence_kinds"] == ["label"]
    assert p.breakdown["support"] <= 0.7


def test_a_negated_hedged_or_ended_label_is_not_the_status() -> None:
    q = _status()
    for text in (
        "The drought alert status is not a Drought Watch at this time.",
        "The drought alert status may become a Drought Watch next month.",
        "The Drought Watch declared in April for the alert status is discontinued.",
    ):
        assert S.outcomes(text, q, title="Drought bulletin, June 2026") == []


def test_two_options_sharing_words_are_told_apart_or_left() -> None:
    q = _status()
    # "drought" is in two labels: "Warning" tells them apart
    text = "Drought Alert Status: Drought Warning issued for the southern plains."
    assert S.outcomes(text, q, title="Drought bulletin, June 2026") == ["Drought Warning"]
    # both labels' words, equally: ambiguous, nothing proposed
    text = "Drought Alert Status: Drought Warning and Drought Watch areas mapped."
    assert S.outcomes(text, q, title="Drought bulletin, June 2026") == []


def test_a_label_in_the_negative_gets_no_label_cue() -> None:
    spec = compile_spec(
        title=STATUS_Q,
        outcomes=[(lab, ()) for lab in STATUS_LABELS],
        resolution_source=STATUS_SRC,
        opens_at=S.opens,
        closes_at=S.closes,
        context="",
    )
    q = compile_question("q", spec, S.opens, S.closes)
    words = {o.label: o.label_words for o in q.outcomes}
    assert words["Not active"] == ()
    assert words["Drought Watch"] == ("drought", "watch")


def test_a_named_option_is_not_read_by_its_name_alone() -> None:
    q = S.question(
        "Who will win the mayoral election in Tallinn in June 2026?",
        "Estonian Electoral Committee",
        ("Mari Tamm", "Jaan Kask", "Other"),
    )
    text = "Mari Tamm and Jaan Kask held their final debate in Tallinn before the mayoral election."
    assert S.outcomes(text, q, title="Mayoral election debate") == []
