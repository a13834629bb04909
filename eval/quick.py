"""Tuning aid: the devset through ``matchers.core.match`` directly (no database).

Usage: .venv/bin/python eval/quick.py [--split SPLIT] [--verbose]
SPLIT: dev|heldout|blind|blind2|blind3|blind4|blind5|blind6|devset|all.
Splits as in eval/run_devset.py: dev = conflict, migration, economy; held-out = election,
sanctions, agency; blind = eval/blind/, blind2 = eval/blind2/, blind3 = eval/blind3/,
blind4 = eval/blind4/, blind5 = eval/blind5/, blind6 = eval/blind6/ (their annotations'
``split`` key); devset = dev + held-out; all = every set tuned on (a held-out set,
HELD_OUT, such as blind6, is scored only when asked for by name, so tuning runs never
print its misses). All sets are always matched together.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sets import DEV_DOMAINS, HELD_OUT, SETS  # noqa: E402

from matchers.core import FindingDoc, MatchSettings, OutcomeSpec, QuestionSpec, match  # noqa: E402
from matchers.evaluation import QuoteCheck, ScoredProposal, score  # noqa: E402
from resdesk.question_formats import parse_when  # noqa: E402


def _lines(name: str) -> list[str]:
    return [line for d in SETS for line in (d / name).read_text().splitlines()]


def load() -> tuple[list[QuestionSpec], list[FindingDoc], dict[str, str | None], dict]:
    qs = []
    for line in _lines("questions.jsonl"):
        o = json.loads(line)
        outs = tuple(OutcomeSpec(x["label"] if isinstance(x, dict) else x) for x in o["outcomes"])
        qs.append(
            QuestionSpec(
                id=o["id"],
                title=o["title"],
                outcomes=outs,
                resolution_source=o["resolution_source"],
                opens_at=parse_when(
                    o["opens_at"], end_of_day=False, path="q", line=1, name="opens_at"
                ),
                closes_at=parse_when(
                    o["closes_at"], end_of_day=True, path="q", line=1, name="closes_at"
                ),
                context=o.get("context", ""),
            )
        )
    fs = []
    for i, line in enumerate(_lines("findings.jsonl"), start=1):
        o = json.loads(line)
        fs.append(
            FindingDoc(
                id=i,
                url=o["url"],
                source=o["source"],
                text=o["text"],
                title=o["title"],
                published_at=parse_when(
                    o["published_at"], end_of_day=False, path="f", line=i, name="published_at"
                ),
            )
        )
    labels = {
        x["question_id"]: x["outcome"]
        for d in SETS
        for x in json.loads((d / "labels.json").read_text())
    }
    ann: dict = {"questions": {}, "findings": []}
    for d in SETS:
        part = json.loads((d / "annotations.json").read_text())
        ann["questions"].update(part["questions"])
        ann["findings"].extend(part["findings"])
    return qs, fs, labels, ann


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="all")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--threshold", type=float, default=0.55)
    args = ap.parse_args()
    qs, fs, labels, ann = load()
    split = {
        k: v.get("split") or ("dev" if v["domain"] in DEV_DOMAINS else "heldout")
        for k, v in ann["questions"].items()
    }
    if args.split == "devset":
        labels = {k: v for k, v in labels.items() if split[k] in ("dev", "heldout")}
    elif args.split == "all":
        labels = {k: v for k, v in labels.items() if split[k] not in HELD_OUT}
    else:
        labels = {k: v for k, v in labels.items() if split[k] == args.split}
    res = match(fs, qs, MatchSettings(queue_threshold=args.threshold))
    texts = {f.id: f.text for f in fs}
    props = [
        ScoredProposal(
            p.question_id,
            p.outcome,
            p.confidence,
            tuple(QuoteCheck(c.quote, c.start, c.end, texts[c.finding_id]) for c in p.citations),
            note=p.breakdown.get("other_note", ""),
            conflicting=p.breakdown["conflicting"],
        )
        for p in res.proposals
    ]
    s = score(props, labels)
    print(json.dumps(s.as_dict(), indent=1))
    considered = {p.question_id: p for p in res.considered}
    for row in s.rows:
        if row["verdict"].startswith("right") and not args.verbose:
            continue
        c = considered.get(row["question_id"])
        extra = (
            f" | considered {c.outcome} {c.confidence} auth={c.breakdown['authority']}" if c else ""
        )
        got = [p["outcome"] for p in row["proposed"]]
        print(f"{row['verdict']:22} {row['question_id']:45} want={row['label']} got={got}{extra}")


if __name__ == "__main__":
    main()
