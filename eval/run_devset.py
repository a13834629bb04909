"""Reproducible devset run, end to end through the ``resdesk`` command.

In a fresh temporary RESDESK_HOME (embedded SQLite):

    resdesk init
    resdesk questions import eval/{devset,blind,blind2,...,blind6}/questions.jsonl
    resdesk findings import eval/{devset,blind,blind2,...,blind6}/findings.jsonl
    resdesk match
    resdesk eval LABELS --json --report --baseline     (all, dev, held-out, blind, blind2, blind3,
                                                       blind4, blind5, blind6)

Splits (annotations.json, reporting only): a question's ``split`` key when it has one,
otherwise its domain decides — *dev* = conflict, migration, economy (the domains the
matcher was first tuned on), *held-out* = election, sanctions, agency. *all* = dev +
held-out (the devset). *blind* = eval/blind/, written after the matcher was tuned and
never used to tune it before its first figures were recorded (eval/README.md);
*blind2* = eval/blind2/, a second such set written after the first blind round of
fixes; *blind3* = eval/blind3/, a third, written after the second round; *blind4* =
eval/blind4/, a fourth, written after the third round; *blind5* = eval/blind5/, a fifth,
written without reading the matcher while it was being changed; *blind6* = eval/blind6/, a
sixth, written the same way and kept out of tuning ("what to expect on new questions"). All
sets share one database, so each set's findings are distractors for the
others' questions. Usage:

    .venv/bin/python eval/run_devset.py [--json] [--out eval/REPORT.json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sets import DEV_DOMAINS, HELD_OUT, ROOT, SETS

SPLITS = ("all", "dev", "held_out", "blind", "blind2", "blind3", "blind4", "blind5", "blind6")
REPORTED = ("all", "blind", "blind2", "blind3", "blind4", "blind5", "blind6")


def _resdesk() -> list[str]:
    exe = Path(sys.executable).with_name("resdesk")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "resdesk"]


def run(cmd: list[str], env: dict[str, str]) -> str:
    proc = subprocess.run(
        _resdesk() + cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"resdesk {' '.join(cmd)} failed ({proc.returncode}): {proc.stderr}")
    return proc.stdout


def question_splits() -> dict[str, str]:
    """Each question's split: its annotation's ``split`` key, else dev/held_out by domain."""
    out: dict[str, str] = {}
    for d in SETS:
        ann = json.loads((d / "annotations.json").read_text(encoding="utf-8"))
        for qid, meta in ann["questions"].items():
            dev = meta.get("domain") in DEV_DOMAINS
            out[qid] = meta.get("split") or ("dev" if dev else "held_out")
    return out


def split_labels(tmp: Path) -> dict[str, Path]:
    labels = [x for d in SETS for x in json.loads((d / "labels.json").read_text(encoding="utf-8"))]
    split = question_splits()
    parts = {
        "all": [x for x in labels if split.get(x["question_id"]) in ("dev", "held_out")],
        "dev": [x for x in labels if split.get(x["question_id"]) == "dev"],
        "held_out": [x for x in labels if split.get(x["question_id"]) == "held_out"],
        "blind": [x for x in labels if split.get(x["question_id"]) == "blind"],
        "blind2": [x for x in labels if split.get(x["question_id"]) == "blind2"],
        "blind3": [x for x in labels if split.get(x["question_id"]) == "blind3"],
        "blind4": [x for x in labels if split.get(x["question_id"]) == "blind4"],
        "blind5": [x for x in labels if split.get(x["question_id"]) == "blind5"],
        "blind6": [x for x in labels if split.get(x["question_id"]) == "blind6"],
    }
    paths = {}
    for name, items in parts.items():
        path = tmp / f"labels-{name}.json"
        path.write_text(json.dumps(items), encoding="utf-8")
        paths[name] = path
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="print the whole report as JSON")
    ap.add_argument("--out", type=Path, help="also write the JSON report here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="resdesk-devset-") as tmpdir:
        tmp = Path(tmpdir)
        env = {k: v for k, v in os.environ.items() if not k.startswith("RESDESK_")}
        env["RESDESK_HOME"] = str(tmp / "home")
        t0 = time.perf_counter()
        run(["init"], env)
        for kind in ("questions", "findings"):
            for d in SETS:
                run([kind, "import", str(d / f"{kind}.jsonl"), "--json"], env)
        t1 = time.perf_counter()
        match = json.loads(run(["match", "--json"], env))
        t2 = time.perf_counter()
        again = json.loads(run(["match", "--json"], env))
        report: dict[str, Any] = {
            "match": {
                "questions": match["questions"],
                "findings_considered": match["findings_considered"],
                "proposals_created": len(match["proposals_created"]),
                "citations_added": match["citations_added"],
                "seconds": round(t2 - t1, 2),
                "setup_seconds": round(t1 - t0, 2),
                "rerun_created": len(again["proposals_created"]) + again["citations_added"],
            }
        }
        for name, path in split_labels(tmp).items():
            report_flag = ["--report"] if name in REPORTED else []
            flags = ["--json", "--baseline", *report_flag]
            report[name] = json.loads(run(["eval", str(path), *flags], env))
    if args.out:
        args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    if args.json:
        print(json.dumps(report, indent=1, ensure_ascii=False))
        return
    print(f"match: {report['match']}")
    for name in SPLITS:
        r = report[name]
        b = r["baseline"]
        print(
            f"{name:9} precision {r['precision']:.3f} recall {r['recall']:.3f} "
            f"proposals {r['proposals']:3} citation_fidelity {r['citation_fidelity']:.3f} "
            f"ECE {r['ece']:.3f} | baseline precision {b['precision']:.3f} "
            f"recall {b['recall']:.3f} proposals {b['proposals']}"
        )
    for name in REPORTED:
        if name in HELD_OUT:
            continue
        for row in report[name].get("per_question", []):
            if not row["verdict"].startswith("right"):
                got = [p["outcome"] for p in row["proposed"]]
                print(
                    f"  {name:6} {row['verdict']:<16} {row['question_id']}: "
                    f"want {row['label']}, got {got}"
                )


if __name__ == "__main__":
    main()
