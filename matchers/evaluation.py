"""Scoring proposals against labelled outcomes (``resdesk eval``), and a baseline.

Plain data in and out. ``score`` takes proposals as (question id, outcome, confidence,
quotes-with-their-finding-text) and labels as INTERFACES.md gives them; it returns
precision, recall, proposals, questions, citation fidelity, ECE and per-question rows.

Definitions (one proposal per question is the matcher's rule; if a queue holds several
for one question, each counts):

* a proposal is *right* when its question is labelled with that very outcome;
* precision = right proposals / proposals; recall = labelled-settled questions with a
  right proposal / labelled-settled questions; a proposal for a question labelled
  ``null`` is a false positive;
* citation fidelity = quotes found verbatim at their offsets in their finding's stored
  text / quotes;
* ECE = expected calibration error of the proposals' confidences (10 bins).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from matchers.calibration import expected_calibration_error
from matchers.text import normalize, split_sentences


@dataclass(frozen=True)
class QuoteCheck:
    quote: str
    start: int
    end: int
    finding_text: str

    @property
    def verbatim(self) -> bool:
        return (
            bool(self.quote)
            and self.finding_text[self.start : self.end] == self.quote
            and self.quote in self.finding_text
        )


@dataclass(frozen=True)
class ScoredProposal:
    question_id: str
    outcome: str
    confidence: float
    quotes: tuple[QuoteCheck, ...] = ()
    note: str = ""
    conflicting: bool = False


@dataclass
class Scores:
    precision: float
    recall: float
    proposals: int
    questions: int
    citation_fidelity: float
    ece: float
    right: int
    settled: int
    rows: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self, *, report: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "precision": self.precision,
            "recall": self.recall,
            "proposals": self.proposals,
            "questions": self.questions,
            "citation_fidelity": self.citation_fidelity,
            "ece": self.ece,
            "right": self.right,
            "settled_questions": self.settled,
        }
        if report:
            out["per_question"] = self.rows
        return out


def load_labels(data: Any) -> dict[str, str | None]:
    """INTERFACES.md labels → {question id: outcome or None}; raises ValueError naming
    the entry on anything else."""
    if not isinstance(data, list):
        raise ValueError("labels must be a JSON list of {question_id, outcome}")
    out: dict[str, str | None] = {}
    for i, item in enumerate(data):
        if not isinstance(item, dict) or not isinstance(item.get("question_id"), str):
            raise ValueError(f"entry {i}: needs a string 'question_id'")
        outcome = item.get("outcome")
        if outcome is not None and not isinstance(outcome, str):
            raise ValueError(f"entry {i}: 'outcome' must be a string or null")
        out[item["question_id"]] = outcome
    return out


def score(proposals: Sequence[ScoredProposal], labels: dict[str, str | None]) -> Scores:
    labelled = [p for p in proposals if p.question_id in labels]
    right = [p for p in labelled if labels[p.question_id] == p.outcome]
    settled = [qid for qid, outcome in labels.items() if outcome is not None]
    hit_questions = {p.question_id for p in right}
    quotes = [qc for p in labelled for qc in p.quotes]
    fidelity = sum(qc.verbatim for qc in quotes) / len(quotes) if quotes else 1.0
    confs = [p.confidence for p in labelled]
    correct = [labels[p.question_id] == p.outcome for p in labelled]
    rows: list[dict[str, Any]] = []
    by_q: dict[str, list[ScoredProposal]] = {}
    for p in labelled:
        by_q.setdefault(p.question_id, []).append(p)
    for qid, want in labels.items():
        got = by_q.get(qid, [])
        if want is None and not got:
            verdict = "right: nothing proposed"
        elif want is None:
            verdict = "false positive"
        elif not got:
            verdict = "missed"
        elif any(p.outcome == want for p in got):
            verdict = "right" if len(got) == 1 else "right (with others)"
        else:
            verdict = "wrong outcome"
        rows.append(
            {
                "question_id": qid,
                "label": want,
                "proposed": [
                    {
                        "outcome": p.outcome,
                        "confidence": p.confidence,
                        "note": p.note,
                        "conflicting": p.conflicting,
                    }
                    for p in got
                ],
                "verdict": verdict,
            }
        )
    return Scores(
        precision=round(len(right) / len(labelled), 4) if labelled else 1.0,
        recall=round(len(hit_questions) / len(settled), 4) if settled else 1.0,
        proposals=len(labelled),
        questions=len(labels),
        citation_fidelity=round(fidelity, 4),
        ece=expected_calibration_error(confs, correct),
        right=len(right),
        settled=len(settled),
        rows=rows,
    )


# --- the baseline -----------------------------------------------------------------------------

GENERIC = frozenset({"yes", "no", "other", "others", "none"})


def baseline_proposals(
    questions: Sequence[tuple[str, Sequence[str]]],
    findings: Sequence[tuple[int, str]],
    *,
    threshold: float = 90.0,
) -> list[ScoredProposal]:
    """Plain rapidfuzz: each outcome label's ``token_set_ratio`` against each sentence of
    each finding (normalised); the best label at or above ``threshold`` is proposed.

    No window, relevance, negation, authority or paraphrase: the gain of the matcher
    over string overlap is what the report shows beside it.
    """
    sentences = [
        (fid, s, normalize(s.text)) for fid, text in findings for s in split_sentences(text)
    ]
    out: list[ScoredProposal] = []
    for qid, labels in questions:
        best: tuple[float, str] | None = None
        for label in labels:
            lab = normalize(label)
            if not lab or lab in GENERIC:
                continue
            for _fid, _s, norm in sentences:
                sc = fuzz.token_set_ratio(lab, norm)
                if sc >= threshold and (best is None or sc > best[0]):
                    best = (sc, label)
        if best is not None:
            out.append(ScoredProposal(qid, best[1], round(best[0] / 100, 3)))
    return out
