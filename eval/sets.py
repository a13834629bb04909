"""The labelled sets, in one place for eval/quick.py, eval/run_devset.py and
eval/calibrate.py: where each lives, which domains form the dev split, and which set is
held out of tuning (scored only when asked for by name; its misses never printed)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = tuple(
    ROOT / "eval" / name
    for name in ("devset", "blind", "blind2", "blind3", "blind4", "blind5", "blind6")
)
DEV_DOMAINS = {"conflict", "migration", "economy"}
#: Splits kept out of tuning and calibration.
HELD_OUT = frozenset({"blind6"})
