"""Fit the confidence calibration (Platt) on the labelled devset; print the constants.

    .venv/bin/python eval/calibrate.py

Every candidate proposal the matcher makes on the labelled sets except the held-out
one (eval/blind5; queue threshold 0, named sources only) is a point (raw score, right or
wrong). ``matchers.calibration.fit_platt``
fits ``p = 1 / (1 + exp(-(A·raw + B)))``; paste A and B into matchers/calibration.py
(PLATT_A, PLATT_B, FIT_NOTE). Also printed: the fit on the dev domains alone and its
expected calibration error on the held-out domains, so the constants are not judged
only on the data they were fitted to.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quick import load
from sets import DEV_DOMAINS, HELD_OUT

from matchers.calibration import (
    PRIOR_A,
    calibrate,
    expected_calibration_error,
    fit_intercept,
    fit_platt,
)
from matchers.core import MatchSettings, match


def main() -> None:
    qs, fs, labels, ann = load()
    domains = {k: v["domain"] for k, v in ann["questions"].items()}
    # the held-out set (blind5) is never fitted on: it measures the fit afterwards
    held_out = {k for k, v in ann["questions"].items() if v.get("split") in HELD_OUT}
    labels = {k: v for k, v in labels.items() if k not in held_out}
    res = match(fs, qs, MatchSettings(queue_threshold=0.0))
    points = [
        (p.breakdown["raw_score"], labels.get(p.question_id) == p.outcome, p.question_id)
        for p in res.considered
        if p.breakdown["authority"] == 1.0 and p.question_id in labels
    ]
    xs = [x for x, _, _ in points]
    ys = [y for _, y, _ in points]
    print(f"points: {len(points)} ({sum(ys)} right)")
    a, b = fit_platt(xs, ys)
    print(f"two-parameter Platt fit: A={a} B={b}")
    if sum(ys) in (0, len(ys)) or a <= 0:
        # no wrong (or no right) proposals to fit a slope on: keep the prior slope
        a = PRIOR_A
        b = fit_intercept(xs, ys, a)
        print("one class only: slope from the prior, intercept fitted")
    conf = [calibrate(x, a, b) for x in xs]
    print(f"PLATT_A = {a}\nPLATT_B = {b}")
    print(f"in-sample ECE: {expected_calibration_error(conf, ys)}")
    dev = [(x, y) for x, y, q in points if domains[q] in DEV_DOMAINS]
    held = [(x, y) for x, y, q in points if domains[q] not in DEV_DOMAINS]
    da = a
    db = fit_intercept([x for x, _ in dev], [y for _, y in dev], da)
    held_conf = [calibrate(x, da, db) for x, _ in held]
    print(
        f"fit on dev domains: A={da} B={db}; held-out ECE: "
        f"{expected_calibration_error(held_conf, [y for _, y in held])} over {len(held)} points"
    )
    for x, y, q in sorted(points):
        print(f"  {x:.3f} {'right' if y else 'WRONG'} {q}")


if __name__ == "__main__":
    main()
