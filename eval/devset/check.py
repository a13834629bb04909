#!/usr/bin/env python3
"""Validate the Resolution Desk development set and print its counts.

Stdlib only. Usage:  python eval/devset/check.py [--dir DIR] [--quiet]

Checks
  questions.jsonl   every line parses; required fields; unique slug ids; 2+ outcomes with unique
                    labels (plain strings or {"label", "probability"} objects); priors sum to ~1;
                    dates parse and opens_at < closes_at.
  findings.jsonl    every line parses; url unique and on a host ending in ".example"; source,
                    title, text non-empty; published_at parses; text has 3-10 sentences.
  labels.json       one entry per question; question exists; outcome is one of the question's
                    labels or null; note non-empty; a settled label's note cites a settling url.
  annotations.json  every finding annotated exactly once with a known kind and question; the
                    window rule holds (out_of_window findings are outside [opens_at, closes_at],
                    every other finding inside); a labelled question has at least one
                    settling/paraphrase finding, a null question has none.
Exit status 0 when everything holds, 1 otherwise (problems are listed on stderr).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

KINDS: tuple[str, ...] = (
    "settling",
    "paraphrase",
    "partial",
    "negation",
    "hedged",
    "out_of_window",
    "unnamed_source",
    "distractor",
    "irrelevant",
)
LANGUAGES: frozenset[str] = frozenset(
    {
        "arabic",
        "french",
        "spanish",
        "italian",
        "portuguese",
        "turkish",
        "japanese",
        "romanian",
        "german",
    }
)
SETTLING_KINDS: frozenset[str] = frozenset({"settling", "paraphrase"})
DOMAINS: tuple[str, ...] = (
    "conflict",
    "migration",
    "election",
    "sanctions",
    "agency",
    "economy",
    "court",
)
QUESTION_FIELDS: tuple[str, ...] = (
    "id",
    "title",
    "outcomes",
    "resolution_source",
    "opens_at",
    "closes_at",
    "context",
)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ABBR = (
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "No",
    "U.S",
    "St",
    "Jan",
    "Feb",
    "Aug",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "a.m",
    "p.m",
    "M",
    "Mme",
    "H.E",
    "Art",
    "approx",
)
_SENTENCE_SPLIT = re.compile("".join(rf"(?<!\b{re.escape(a)}\.)" for a in _ABBR) + r"(?<=[.!?])\s+")


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)

    def add(self, where: str, msg: str) -> None:
        self.problems.append(f"{where}: {msg}")


def parse_dt(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        d = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return d if d.tzinfo is not None else d.replace(tzinfo=UTC)


def sentences(text: str) -> int:
    if "。" in text:
        return text.count("。")
    return len([p for p in _SENTENCE_SPLIT.split(text) if p.strip()])


def read_jsonl(path: Path, rep: Report) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                rep.add(f"{path.name}:{n}", "blank line")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                rep.add(f"{path.name}:{n}", f"invalid JSON ({e})")
                continue
            if not isinstance(obj, dict):
                rep.add(f"{path.name}:{n}", "not a JSON object")
                continue
            obj["_line"] = n
            rows.append(obj)
    return rows


def outcome_labels(q: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for o in q.get("outcomes") or []:
        out.append(o.get("label", "") if isinstance(o, dict) else str(o))
    return out


def is_yes_no(q: dict[str, Any]) -> bool:
    return outcome_labels(q) == ["Yes", "No"]


def check_questions(rows: list[dict[str, Any]], rep: Report) -> dict[str, dict[str, Any]]:
    by_id: dict[str, dict[str, Any]] = {}
    for q in rows:
        where = f"questions.jsonl:{q['_line']}"
        for k in QUESTION_FIELDS:
            if not q.get(k):
                rep.add(where, f"missing or empty field {k!r}")
        qid = q.get("id", "")
        if not isinstance(qid, str) or not SLUG.match(qid):
            rep.add(where, f"id {qid!r} is not a slug")
        if qid in by_id:
            rep.add(where, f"duplicate id {qid!r}")
        by_id[qid] = q
        outs = q.get("outcomes")
        if not isinstance(outs, list) or len(outs) < 2:
            rep.add(where, "outcomes must be a list of at least two")
            continue
        labels = outcome_labels(q)
        if any(not lab for lab in labels) or len(set(labels)) != len(labels):
            rep.add(where, f"outcome labels empty or repeated: {labels}")
        raw_probs = [o.get("probability") for o in outs if isinstance(o, dict)]
        probs = [float(p) for p in raw_probs if isinstance(p, (int, float))]
        if raw_probs:
            if len(probs) != len(outs):
                rep.add(where, "either every outcome object carries a probability or none")
            elif abs(sum(probs) - 1.0) > 0.02:
                rep.add(where, f"priors sum to {sum(probs):.3f}, not ~1")
        if not is_yes_no(q) and not 3 <= len(labels) <= 5:
            rep.add(where, f"multiple choice should have 3-5 options, has {len(labels)}")
        o, c = parse_dt(q.get("opens_at")), parse_dt(q.get("closes_at"))
        if o is None or c is None:
            rep.add(where, "opens_at/closes_at do not parse as ISO 8601")
        elif o >= c:
            rep.add(where, "opens_at is not before closes_at")
        ctx = str(q.get("context", ""))
        if not 2 <= sentences(ctx) <= 4:
            rep.add(where, f"context has {sentences(ctx)} sentences (want 2-4)")
    return by_id


def check_findings(rows: list[dict[str, Any]], rep: Report) -> dict[str, dict[str, Any]]:
    by_url: dict[str, dict[str, Any]] = {}
    for f in rows:
        where = f"findings.jsonl:{f['_line']}"
        for k in ("url", "source", "published_at", "title", "text"):
            if not isinstance(f.get(k), str) or not f[k].strip():
                rep.add(where, f"missing or empty field {k!r}")
        url = str(f.get("url", ""))
        m = re.match(r"^https://([^/]+)/", url)
        if not m or not m.group(1).endswith(".example"):
            rep.add(where, f"url host must end with .example: {url}")
        if url in by_url:
            rep.add(where, f"duplicate url {url}")
        by_url[url] = f
        if parse_dt(f.get("published_at")) is None:
            rep.add(where, "published_at does not parse")
        n = sentences(str(f.get("text", "")))
        if not 3 <= n <= 10:
            rep.add(where, f"text has {n} sentences (want 3-10)")
    return by_url


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", type=Path, default=Path(__file__).resolve().parent)
    ap.add_argument("--quiet", action="store_true", help="print nothing but problems")
    args = ap.parse_args()
    d: Path = args.dir
    rep = Report()

    qrows = read_jsonl(d / "questions.jsonl", rep)
    frows = read_jsonl(d / "findings.jsonl", rep)
    questions = check_questions(qrows, rep)
    findings = check_findings(frows, rep)

    labels_raw = json.loads((d / "labels.json").read_text(encoding="utf-8"))
    labels: dict[str, dict[str, Any]] = {}
    if not isinstance(labels_raw, list):
        rep.add("labels.json", "must be a JSON list")
        labels_raw = []
    for i, lab in enumerate(labels_raw):
        where = f"labels.json[{i}]"
        qid = lab.get("question_id") if isinstance(lab, dict) else None
        if qid not in questions:
            rep.add(where, f"unknown question_id {qid!r}")
            continue
        if qid in labels:
            rep.add(where, f"question {qid} labelled twice")
        labels[qid] = lab
        out = lab.get("outcome")
        if out is not None and out not in outcome_labels(questions[qid]):
            rep.add(where, f"outcome {out!r} is not one of {outcome_labels(questions[qid])}")
        if not str(lab.get("note", "")).strip():
            rep.add(where, "empty note")
    for qid in questions:
        if qid not in labels:
            rep.add("labels.json", f"no label for question {qid}")

    ann = json.loads((d / "annotations.json").read_text(encoding="utf-8"))
    qmeta: dict[str, dict[str, Any]] = ann.get("questions", {})
    fmeta: list[dict[str, Any]] = ann.get("findings", [])
    for qid in questions:
        dom = qmeta.get(qid, {}).get("domain")
        if dom not in DOMAINS:
            rep.add("annotations.json", f"question {qid} has no valid domain ({dom!r})")
    seen: set[str] = set()
    per_q: dict[str, list[dict[str, Any]]] = {qid: [] for qid in questions}
    for a in fmeta:
        url = a.get("url", "")
        where = f"annotations.json finding {url}"
        if url not in findings:
            rep.add(where, "not in findings.jsonl")
            continue
        if url in seen:
            rep.add(where, "annotated twice")
        seen.add(url)
        if a.get("kind") not in KINDS:
            rep.add(where, f"unknown kind {a.get('kind')!r}")
        qid = a.get("question_id")
        if qid not in questions:
            rep.add(where, f"unknown question {qid!r}")
            continue
        per_q[qid].append(a)
        q = questions[qid]
        o, c = parse_dt(q.get("opens_at")), parse_dt(q.get("closes_at"))
        p = parse_dt(findings[url].get("published_at"))
        if o and c and p:
            inside = o <= p <= c
            if a.get("kind") == "out_of_window" and inside:
                rep.add(where, "kind out_of_window but published inside the window")
            if a.get("kind") != "out_of_window" and not inside:
                rep.add(where, f"kind {a.get('kind')} but published outside the window")
    for url in findings:
        if url not in seen:
            rep.add("annotations.json", f"finding {url} not annotated")
    for qid, items in per_q.items():
        settling = [a for a in items if a.get("kind") in SETTLING_KINDS]
        outcome = labels.get(qid, {}).get("outcome")
        if outcome is None and settling:
            rep.add(qid, "labelled null but has settling findings")
        if outcome is not None:
            if not settling:
                rep.add(qid, "labelled but no settling finding")
            elif not any(a["url"] in str(labels[qid].get("note", "")) for a in settling):
                rep.add(qid, "note does not cite any settling finding's url")
        if len(items) < 4:
            rep.add(qid, f"only {len(items)} findings")

    if not args.quiet:
        print_counts(questions, labels, qmeta, fmeta, per_q)
    if rep.problems:
        print(f"\n{len(rep.problems)} problem(s):", file=sys.stderr)
        for pr in rep.problems:
            print("  " + pr, file=sys.stderr)
        return 1
    if not args.quiet:
        print("\nOK: all checks passed")
    return 0


def print_counts(
    questions: dict[str, dict[str, Any]],
    labels: dict[str, dict[str, Any]],
    qmeta: dict[str, dict[str, Any]],
    fmeta: list[dict[str, Any]],
    per_q: dict[str, list[dict[str, Any]]],
) -> None:
    nq = len(questions)
    yn = sum(1 for q in questions.values() if is_yes_no(q))
    print(
        f"questions: {nq}  (yes/no {yn} = {100 * yn / nq:.0f}%, multiple choice {nq - yn} = "
        f"{100 * (nq - yn) / nq:.0f}%)"
    )
    plain = sum(1 for q in questions.values() if all(isinstance(o, str) for o in q["outcomes"]))
    print(f"  outcome format: {nq - plain} with priors (objects), {plain} plain label lists")
    print("questions by domain (yes/no + multiple choice):")
    for dom in DOMAINS:
        ids = [qid for qid in questions if qmeta.get(qid, {}).get("domain") == dom]
        y = sum(1 for qid in ids if is_yes_no(questions[qid]))
        print(f"  {dom:<10} {len(ids):>3}  ({y} yes/no + {len(ids) - y} multiple choice)")

    def label_class(qid: str) -> str:
        out = labels.get(qid, {}).get("outcome")
        if out is None:
            return "null (unsettled)"
        if out in ("Yes", "No", "Other"):
            return str(out)
        return "listed option"

    lc = Counter(label_class(qid) for qid in questions)
    nulls = lc["null (unsettled)"]
    print(f"labels: settled {nq - nulls}, null {nulls} ({100 * nulls / nq:.0f}%)")
    for k in ("Yes", "No", "listed option", "Other", "null (unsettled)"):
        print(f"  {k:<17} {lc[k]:>3}")
    deadline_q = {
        a["question_id"]
        for a in fmeta
        if "deadline_passed" in a.get("tags", []) and a.get("kind") in SETTLING_KINDS
    }
    print(
        f"  'No' settled by a named source saying the deadline passed: {len(deadline_q)} questions"
    )

    nf = len(fmeta)
    sizes = [len(v) for v in per_q.values()]
    print(f"findings: {nf}  (per question: mean {nf / nq:.1f}, min {min(sizes)}, max {max(sizes)})")
    kc = Counter(a.get("kind") for a in fmeta)
    print("findings by kind:")
    for k in KINDS:
        print(f"  {k:<15} {kc[k]:>4}")
    lang = Counter(next((t for t in a.get("tags", []) if t in LANGUAGES), "english") for a in fmeta)
    print("findings by language:")
    for t, n in sorted(lang.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {t:<15} {n:>4}")
    tc = Counter(t for a in fmeta for t in a.get("tags", []) if t not in LANGUAGES)
    print("findings by feature tag (a finding may carry several):")
    for t, n in sorted(tc.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {t:<19} {n:>4}")


if __name__ == "__main__":
    sys.exit(main())
