"""Confidence: raw evidence features → a probability that the proposal is right.

``raw_score`` combines the breakdown (support, relevance, authority, agreement,
penalties) into one number; ``calibrate`` maps it through a Platt curve
``1 / (1 + exp(-(A·raw + B)))`` whose constants were fitted on the labelled dev set
by ``eval/calibrate.py`` (logistic regression of "proposal correct" on the raw score
of every candidate proposal at a queue threshold of 0, all questions; when the set has no
wrong proposals the slope cannot be fitted and comes from ``PRIOR_A``, the intercept from
the data). Re-fit and paste the printed constants here when the matcher changes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

#: The slope used when the labelled set has no wrong proposals to fit one on: 6 log-odds
#: per unit of raw score (raw 0.6 → 0.85 is about 4.5× the odds).
PRIOR_A = 6.0
#: Platt constants, fitted by eval/calibrate.py (see FIT_NOTE).
PLATT_A = 6.0
PLATT_B = 0.7458
FIT_NOTE = (
    "eval/calibrate.py on eval/devset + eval/blind .. eval/blind5 (212 questions; the "
    "held-out eval/blind6 is never fitted on), 2026-11-22: 148 candidate proposals from "
    "named sources, all right, so the slope is the prior's (6.0) and the intercept is "
    "fitted. In-sample ECE 0.007; fitted on the dev domains alone, ECE 0.018 on the rest. "
    "On unseen text this overstates: on the held-out blind6, measured on the same code, "
    "8 of 11 proposals were right (ECE 0.266; see eval/README.md). A confidence is the "
    "matcher's certainty on statements worded like those it was tuned on, not a promise "
    "on new ones."
)
VERSION = "platt-3"

WEIGHTS = {
    "support": 0.45,
    "relevance": 0.15,
    "authority": 0.15,
    "agreement": 0.15,
    "corroboration": 0.10,
    "conflict": -0.45,
    "against": -0.25,
}


def raw_score(
    *,
    support: float,
    relevance: float,
    authority: float,
    agreement: float,
    corroboration: float,
    conflict: float,
    against: float,
) -> float:
    """The weighted sum of the breakdown's parts, each in 0..1."""
    parts = {
        "support": support,
        "relevance": relevance,
        "authority": authority,
        "agreement": agreement,
        "corroboration": corroboration,
        "conflict": conflict,
        "against": against,
    }
    return round(sum(WEIGHTS[k] * v for k, v in parts.items()), 4)


def calibrate(raw: float, a: float = PLATT_A, b: float = PLATT_B) -> float:
    return round(1.0 / (1.0 + math.exp(-(a * raw + b))), 3)


def fit_intercept(scores: Sequence[float], correct: Sequence[bool], a: float) -> float:
    """Platt's intercept B for a given slope A (Newton on the smoothed targets).

    Used when the labelled set has too few wrong proposals to fit a slope: the slope
    then comes from the prior (how much one unit of raw score should move the odds)
    and the data set the level.
    """
    ys = [1.0 if c else 0.0 for c in correct]
    n_pos = sum(ys)
    n_neg = len(ys) - n_pos
    ts = [(n_pos + 1) / (n_pos + 2) if y else 1 / (n_neg + 2) for y in ys]
    b = 0.0
    for _ in range(100):
        g = h = 0.0
        for x, t in zip(scores, ts, strict=True):
            p = 1.0 / (1.0 + math.exp(-(a * x + b)))
            g += p - t
            h += p * (1 - p)
        if h < 1e-12:
            break
        step = g / h
        b -= step
        if abs(step) < 1e-10:
            break
    return round(b, 4)


def fit_platt(scores: Sequence[float], correct: Sequence[bool]) -> tuple[float, float]:
    """Logistic regression of correctness on the raw score (Newton steps, no packages)."""
    a, b = 1.0, 0.0
    xs = list(scores)
    ys = [1.0 if c else 0.0 for c in correct]
    if not xs:
        return PLATT_A, PLATT_B
    # Platt's targets: avoid 0/1 so a separable set does not run away
    n_pos = sum(ys)
    n_neg = len(ys) - n_pos
    hi = (n_pos + 1) / (n_pos + 2)
    lo = 1 / (n_neg + 2)
    ts = [hi if y else lo for y in ys]
    for _ in range(100):
        ga = gb = haa = hab = hbb = 0.0
        for x, t in zip(xs, ts, strict=True):
            p = 1.0 / (1.0 + math.exp(-(a * x + b)))
            d = p - t
            w = p * (1 - p)
            ga += d * x
            gb += d
            haa += w * x * x
            hab += w * x
            hbb += w
        haa += 1e-6
        hbb += 1e-6
        det = haa * hbb - hab * hab
        if abs(det) < 1e-12:
            break
        da = (hbb * ga - hab * gb) / det
        db = (haa * gb - hab * ga) / det
        a -= da
        b -= db
        if abs(da) + abs(db) < 1e-9:
            break
    return round(a, 4), round(b, 4)


def expected_calibration_error(
    confidences: Sequence[float], correct: Sequence[bool], bins: int = 10
) -> float:
    """ECE: the share-weighted gap between confidence and accuracy per bin."""
    if not confidences:
        return 0.0
    total = len(confidences)
    ece = 0.0
    for i in range(bins):
        lo, hi = i / bins, (i + 1) / bins
        idx = [k for k, c in enumerate(confidences) if (lo < c <= hi) or (i == 0 and c == 0.0)]
        if not idx:
            continue
        acc = sum(1 for k in idx if correct[k]) / len(idx)
        conf = sum(confidences[k] for k in idx) / len(idx)
        ece += len(idx) / total * abs(acc - conf)
    return round(ece, 4)
