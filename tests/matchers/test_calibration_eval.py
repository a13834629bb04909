"""Calibration constants and fitting; scoring proposals against labels; the baseline."""

from __future__ import annotations

from matchers.calibration import (
    PLATT_A,
    PLATT_B,
    calibrate,
    expected_calibration_error,
    fit_intercept,
    fit_platt,
    raw_score,
)
from matchers.evaluation import (
    QuoteCheck,
    ScoredProposal,
    baseline_proposals,
    load_labels,
    score,
)


def test_confidence_rises_with_the_evidence_and_falls_with_conflict() -> None:
    strong = raw_score(
        support=1.0,
        relevance=1.0,
        authority=1.0,
        agreement=1.0,
        corroboration=1.0,
        conflict=0.0,
        against=0.0,
    )
    conflicted = raw_score(
        support=1.0,
        relevance=1.0,
        authority=1.0,
        agreement=1.0,
        corroboration=1.0,
        conflict=1.0,
        against=0.0,
    )
    assert calibrate(strong) > calibrate(conflicted)
    assert 0.0 < calibrate(conflicted) < calibrate(strong) < 1.0
    assert calibrate(strong) == calibrate(strong, PLATT_A, PLATT_B)


def test_platt_fit_and_intercept_only_fit() -> None:
    xs = [0.1, 0.2, 0.3, 0.6, 0.7, 0.8, 0.9, 0.4]
    ys = [False, False, False, True, True, True, True, False]
    a, b = fit_platt(xs, ys)
    assert a > 0 and calibrate(0.9, a, b) > 0.5 > calibrate(0.1, a, b)
    b_only = fit_intercept([0.7, 0.8, 0.9], [True, True, True], 6.0)
    assert calibrate(0.8, 6.0, b_only) > 0.7


def test_expected_calibration_error() -> None:
    assert expected_calibration_error([0.9] * 10, [True] * 9 + [False]) == 0.0
    assert expected_calibration_error([1.0, 1.0], [False, False]) == 1.0
    assert expected_calibration_error([], []) == 0.0


def test_scores_count_nulls_as_false_positives_and_check_quotes() -> None:
    labels = load_labels(
        [
            {"question_id": "a", "outcome": "X"},
            {"question_id": "b", "outcome": None},
            {"question_id": "c", "outcome": "Z"},
        ]
    )
    text = "One sentence. Another sentence."
    good = QuoteCheck("One sentence.", 0, 13, text)
    bad = QuoteCheck("one sentence", 0, 12, text)
    s = score(
        [ScoredProposal("a", "X", 0.9, (good,)), ScoredProposal("b", "Y", 0.8, (bad,))], labels
    )
    assert (s.precision, s.recall, s.proposals, s.questions) == (0.5, 0.5, 2, 3)
    assert s.citation_fidelity == 0.5
    verdicts = {r["question_id"]: r["verdict"] for r in s.rows}
    assert verdicts == {"a": "right", "b": "false positive", "c": "missed"}


def test_the_baseline_is_plain_string_overlap() -> None:
    props = baseline_proposals(
        [("q", ["Returned to Syria", "Other"])],
        [(1, "The soldiers were not returned to Syria. They stayed.")],
    )
    # no negation handling: that is what the matcher adds
    assert [p.outcome for p in props] == ["Returned to Syria"]
