"""Matching benchmark: N open questions × M findings, synthetic, generated in the run.

    .venv/bin/python bench/match/run.py [--questions 10000] [--findings 100000]
                                        [--workers 2] [--brute-sample 500] [--seed 7]

Prints (and with --json emits) findings/second, wall time, peak memory (max RSS of the
process and of the worker processes), the brute-force rapidfuzz baseline measured on a
subsample in the same run (``process.cdist`` with ``token_set_ratio`` of every
question's subject against each sampled finding, ``workers=2``) extrapolated to all
findings, the speed ratio, and candidate retrieval's recall against the brute-force
top matches (the best-scoring question per sampled finding, when it scores >= 80)
and against the question each finding was written for.

The synthetic world: questions of four shapes (yes/no events, winners, fates of
detainees, statistics in bands) about made-up names in real countries, and findings
that state outcomes (in varied official wording, some hedged, negated or outside the
window), talk about the same countries without the subject, or are unrelated.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import resource
import sys
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from matchers.core import (  # noqa: E402
    FindingDoc,
    MatchSettings,
    OutcomeSpec,
    Prepared,
    QuestionSpec,
    build_index,
    match,
    prepare,
)
from matchers.entities import gazetteer  # noqa: E402
from matchers.index import SubjectIndex, doc_keys  # noqa: E402
from matchers.text import normalize  # noqa: E402

SYL = "ka lo mi ra ne su to va ri zo de na bu le ko ma ti sa ru ve".split()
TOPICS = """border water energy refugees detainees fishermen vessel tanker convoy
treaty ceasefire sanctions tariffs vaccine reactor pipeline corridor port airport
bridge dam railway mine oilfield election referendum budget loan debt grain""".split()
MEASURES = [
    ("headline inflation", "%", [(None, 2.0), (2.0, 3.9), (4.0, 5.9), (6.0, None)]),
    ("unemployment rate", "%", [(None, 5.0), (5.0, 7.4), (7.5, 9.9), (10.0, None)]),
    ("voter turnout", "%", [(None, 40.0), (40.0, 54.9), (55.0, 69.9), (70.0, None)]),
]
MONTHS = "January February March April May June July August September October".split()


def word(rng: random.Random, n: int = 3) -> str:
    return "".join(rng.choice(SYL) for _ in range(n)).capitalize()


@dataclass
class World:
    questions: list[QuestionSpec]
    findings: list[FindingDoc]
    truth: dict[int, int]  # finding id → index of the question it was written for


def _band_label(lo: float | None, hi: float | None) -> str:
    if lo is None:
        return f"Below {hi}%"
    if hi is None:
        return f"{lo}% or above"
    return f"{lo}% to {hi}%"


def make_world(nq: int, nf: int, seed: int) -> World:
    rng = random.Random(seed)
    countries = [c for c in gazetteer().names if " " not in c and len(c) > 4][:150]
    start = datetime(2025, 1, 1, tzinfo=UTC)
    questions: list[QuestionSpec] = []
    facts: list[dict[str, Any]] = []
    for i in range(nq):
        country = rng.choice(countries)
        name = f"{word(rng)} {word(rng, 2)}"
        topic = rng.choice(TOPICS)
        opens = start + timedelta(days=rng.randint(0, 200))
        closes = opens + timedelta(days=rng.randint(30, 150))
        shape = i % 4
        if shape == 0:
            title = (
                f"Will {country} and the {name} Front sign a {topic} agreement "
                f"by {closes:%B %d, %Y}?"
            )
            outcomes = ("Yes", "No")
            fact = {
                "shape": 0,
                "say": f"the Government of {country} and the {name} Front signed the "
                f"{topic} agreement",
            }
        elif shape == 1:
            people = [f"{word(rng, 2)} {word(rng)}" for _ in range(3)]
            title = f"Who will win the {name} district election in {country}?"
            outcomes = (*people, "Other")
            fact = {
                "shape": 1,
                "say": f"the commission declared {people[rng.randrange(3)]} duly elected "
                f"in the {name} district election",
            }
        elif shape == 2:
            n = rng.randint(3, 40)
            title = f"What will happen to the {n} {topic} workers of {name} detained in {country}?"
            outcomes = ("Released", "Put on trial", "Still detained", "Other")
            fact = {
                "shape": 2,
                "say": f"the {n} {topic} workers of {name} were released and handed over "
                "to their families",
            }
        else:
            measure, _unit, bands = MEASURES[rng.randrange(len(MEASURES))]
            month = rng.choice(MONTHS)
            title = f"What will the {measure} of {name} province in {country} be for {month} 2025?"
            outcomes = tuple(_band_label(lo, hi) for lo, hi in bands)
            lo, hi = bands[rng.randrange(len(bands))]
            value = round(((lo or 0.5) + (hi or (lo or 0) + 5.0)) / 2, 1)
            fact = {
                "shape": 3,
                "say": f"the {measure} of {name} province stood at {value}% in {month} 2025",
            }
        questions.append(
            QuestionSpec(
                id=f"q{i}",
                title=title,
                outcomes=tuple(OutcomeSpec(o) for o in outcomes),
                resolution_source=f"Official statements from the Government of {country}",
                opens_at=opens,
                closes_at=closes,
            )
        )
        facts.append({**fact, "country": country, "opens": opens, "closes": closes, "name": name})
    findings: list[FindingDoc] = []
    truth: dict[int, int] = {}
    fillers = [
        "The ministry thanked all partners for their cooperation.",
        "Further details will be published on the official website.",
        "The statement was issued after a meeting of the council of ministers.",
        "Officials also discussed regional trade and transport links.",
    ]
    for fid in range(1, nf + 1):
        r = rng.random()
        qi = rng.randrange(nq)
        f = facts[qi]
        when = f["opens"] + timedelta(days=rng.randint(0, max(1, (f["closes"] - f["opens"]).days)))
        source = f"Ministry of Foreign Affairs of {f['country']}"
        if r < 0.6:
            lead = rng.choice(["Today", "On Tuesday", "This morning", "Yesterday"])
            body = f"{lead}, {f['say']}."
            if rng.random() < 0.2:
                hedged = f["say"].replace(" signed", " may sign")
                hedged = hedged.replace(" were released", " may be released")
                body = f"Officials said that {hedged}."
            truth[fid] = qi
        elif r < 0.8:
            topic = rng.choice(TOPICS)
            body = (
                f"The Government of {f['country']} discussed {topic} policy with "
                f"{word(rng)} officials."
            )
        else:
            body = (
                f"The {word(rng)} council reviewed {rng.choice(TOPICS)} projects in "
                f"{word(rng)} region."
            )
            source = f"{word(rng)} Regional Office"
        text = " ".join([body, *rng.sample(fillers, 2)])
        findings.append(
            FindingDoc(
                id=fid,
                url=f"https://bench.example/{fid}",
                source=source,
                text=text,
                title=f"Statement {fid}",
                published_at=when,
            )
        )
    return World(questions, findings, truth)


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, kids) / 1024, 1)


_PREPARED: list[Prepared] = []
_QUESTIONS: list[QuestionSpec] = []
_INDEX: list[SubjectIndex] = []


def _init(questions: list[QuestionSpec], prepared: list[Prepared]) -> None:
    global _QUESTIONS, _PREPARED
    _QUESTIONS, _PREPARED = questions, prepared
    _INDEX[:] = [build_index(prepared)]


def _work(findings: list[FindingDoc]) -> tuple[int, int, list[tuple[str, str]]]:
    settings = MatchSettings()
    proposals = 0
    rejections = 0
    got: list[tuple[str, str]] = []
    for lo in range(0, len(findings), 20000):
        res = match(
            findings[lo : lo + 20000], _QUESTIONS, settings, prepared=_PREPARED, index=_INDEX[0]
        )
        proposals += len(res.proposals)
        rejections += len(res.rejections)
        got.extend((p.question_id, p.outcome) for p in res.proposals)
    return proposals, rejections, got


def main() -> None:
    ap = argparse.ArgumentParser(description="matching benchmark")
    ap.add_argument("--questions", type=int, default=10_000)
    ap.add_argument("--findings", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--brute-sample", type=int, default=500)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    t0 = time.perf_counter()
    world = make_world(args.questions, args.findings, args.seed)
    t_gen = time.perf_counter() - t0

    t0 = time.perf_counter()
    # what import does once per question: compile and store the resolution spec
    questions = [replace(q, spec=q.resolution_spec()) for q in world.questions]
    t_compile = time.perf_counter() - t0
    t0 = time.perf_counter()
    prepared = [prepare(q) for q in questions]
    t_prepare = time.perf_counter() - t0
    world.questions = questions

    t0 = time.perf_counter()
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    self0 = resource.getrusage(resource.RUSAGE_SELF)
    chunks = [world.findings[i :: args.workers] for i in range(args.workers)]
    if args.workers > 1:
        ctx = mp.get_context("fork")
        with ctx.Pool(
            args.workers, initializer=_init, initargs=(world.questions, prepared)
        ) as pool:
            parts = pool.map(_work, chunks)
    else:
        _init(world.questions, prepared)
        parts = [_work(chunks[0])]
    t_match = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    self1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu_match = (ru1.ru_utime + ru1.ru_stime - ru0.ru_utime - ru0.ru_stime) + (
        self1.ru_utime + self1.ru_stime - self0.ru_utime - self0.ru_stime
    )
    proposals = sum(p[0] for p in parts)

    # brute force on a subsample, and retrieval recall against it
    from rapidfuzz import fuzz, process

    rng = random.Random(args.seed + 1)
    sample = rng.sample(world.findings, min(args.brute_sample, len(world.findings)))
    subjects = [normalize(q.title) for q in world.questions]
    texts = [normalize(f"{f.title} {f.text}") for f in sample]
    t0 = time.perf_counter()
    scores = process.cdist(texts, subjects, scorer=fuzz.token_set_ratio, workers=2)
    t_brute_sample = time.perf_counter() - t0
    brute_total = t_brute_sample * len(world.findings) / len(sample)
    index = SubjectIndex([p.keys for p in prepared])
    cands = index.candidates(
        [doc_keys(f"{f.title}\n{f.text}\n{f.source}") for f in sample],
        MatchSettings().retrieval_min_share,
    )
    top_hits = top_total = truth_hits = truth_total = 0
    for row, f, cand in zip(scores, sample, cands, strict=True):
        ids = {c for c, _ in cand}
        best = int(row.argmax())
        if row[best] >= 80:
            top_total += 1
            top_hits += best in ids
        if f.id in world.truth:
            truth_total += 1
            truth_hits += world.truth[f.id] in ids
    result = {
        "questions": args.questions,
        "findings": args.findings,
        "workers": args.workers,
        "generate_seconds": round(t_gen, 1),
        "compile_specs_seconds": round(t_compile, 1),
        "prepare_seconds": round(t_prepare, 1),
        "match_seconds": round(t_match, 1),
        "findings_per_second": round(args.findings / t_match, 1),
        "match_cpu_seconds": round(cpu_match, 1),
        # what the run takes on `workers` otherwise idle cores (the wall time above
        # includes waiting for other processes on a shared machine)
        "match_seconds_if_cores_idle": round(cpu_match / args.workers, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "proposals": proposals,
        "peak_rss_mb": _peak_mb(),
        "brute_force_sample": len(sample),
        "brute_force_sample_seconds": round(t_brute_sample, 2),
        "brute_force_extrapolated_seconds": round(brute_total, 1),
        "speedup_vs_brute_force": round(brute_total / t_match, 1),
        "retrieval_recall_vs_brute_top": round(top_hits / top_total, 4) if top_total else None,
        "brute_top_matches": top_total,
        "retrieval_recall_vs_truth": round(truth_hits / truth_total, 4) if truth_total else None,
    }
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        for k, v in result.items():
            print(f"{k:36} {v}")


if __name__ == "__main__":
    main()
