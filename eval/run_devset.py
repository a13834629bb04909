"""Reproducible devset run, end to end through the ``resdesk`` command.

In a fresh temporary RESDESK_HOME (embedded SQLite):

    resdesk init
    resdesk questions import eval/devset/questions.jsonl
    resdesk findings import eval/devset/findings.jsonl
    resdesk match
    resdesk eval LABELS --json --report --baseline     (all, dev split, held-out split)

The split is by domain (annotations.json, reporting only): *dev* = conflict,
migration, economy — the domains the matcher was first tuned on; *held-out* =
election, sanctions, agency. Usage:

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

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "eval" / "devset"
DEV_DOMAINS = frozenset({"conflict", "migration", "economy"})


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


def split_labels(tmp: Path) -> dict[str, Path]:
    labels = json.loads((DEVSET / "labels.json").read_text(encoding="utf-8"))
    ann = json.loads((DEVSET / "annotations.json").read_text(encoding="utf-8"))
    domain = {qid: v["domain"] for qid, v in ann["questions"].items()}
    parts = {
        "all": labels,
        "dev": [x for x in labels if domain.get(x["question_id"]) in DEV_DOMAINS],
        "held_out": [x for x in labels if domain.get(x["question_id"]) not in DEV_DOMAINS],
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
        run(["questions", "import", str(DEVSET / "questions.jsonl"), "--json"], env)
        run(["findings", "import", str(DEVSET / "findings.jsonl"), "--json"], env)
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
            flags = ["--json", "--baseline"] + (["--report"] if name == "all" else [])
            report[name] = json.loads(run(["eval", str(path), *flags], env))
    if args.out:
        args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    if args.json:
        print(json.dumps(report, indent=1, ensure_ascii=False))
        return
    print(f"match: {report['match']}")
    for name in ("all", "dev", "held_out"):
        r = report[name]
        b = r["baseline"]
        print(
            f"{name:9} precision {r['precision']:.3f} recall {r['recall']:.3f} "
            f"proposals {r['proposals']:3} citation_fidelity {r['citation_fidelity']:.3f} "
            f"ECE {r['ece']:.3f} | baseline precision {b['precision']:.3f} "
            f"recall {b['recall']:.3f} proposals {b['proposals']}"
        )
    for row in report["all"].get("per_question", []):
        if not row["verdict"].startswith("right"):
            got = [p["outcome"] for p in row["proposed"]]
            print(f"  {row['verdict']:<16} {row['question_id']}: want {row['label']}, got {got}")


if __name__ == "__main__":
    main()
