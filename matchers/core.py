"""The first honest matcher: plain data in, scored proposals with verbatim quotes out.

For each finding and each open question:

1. **Window.** A finding published outside ``[opens_at, closes_at]``, or with no date,
   never supports an outcome (a counted rejection says why).
2. **Relevance.** The share of the question's subject terms (title content words, minus
   words every question has) that the finding mentions, fuzzily (rapidfuzz ``ratio``
   over normalised, lightly stemmed tokens), longer/rarer terms weighing more.
3. **Support.** Each sentence is compared with each outcome's label and cue phrases
   (``partial_ratio`` on normalised text). A match in a clause that is negated ("not",
   "denied") or hedged/future ("may", "plans to", "will") does not support.
4. **Proposal.** The best-supported outcome across the question's findings becomes one
   proposal whose citations are the supporting sentences, verbatim, with offsets.

It deliberately proposes nothing for generic labels ("Yes", "No", "Other") without cues:
those need event understanding, not string overlap.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rapidfuzz import fuzz

from matchers.sources import SourceNames, is_authoritative
from matchers.text import Span, normalize, split_sentences, tokens

#: Words that appear in the titles of all kinds of questions and say nothing about
#: the subject.
QUESTION_WORDS = frozenset(
    """
    outcome outcomes result happen happens occur status next new latest likely
    predominant main primary reason reasons cited cite decision decide first final june
    july august september october november december january february march april may jan
    feb mar apr jun jul aug sep sept oct nov dec end year month week day
    """.split()
)
GENERIC_LABELS = frozenset(
    {
        "yes",
        "no",
        "other",
        "others",
        "other outcome",
        "other outcomes",
        "none",
        "none of the above",
        "other reasons",
        "neither",
    }
)
#: Negation reaches only the few words before a phrase ("were not returned").
NEGATION = frozenset(
    """
    not no never neither nor without cannot nt
    """.split()
)
#: Denial governs the whole clause it introduces ("denied reports that … were granted").
DENIAL = frozenset(
    """
    denied denies deny denying refuted refutes refute dismissed dismisses rejected
    rejects false unfounded baseless untrue halted suspended cancelled canceled
    """.split()
)
_NEGATION_WINDOW_WORDS = 5
HEDGES = (
    "may",
    "might",
    "could",
    "would",
    "will",
    "shall",
    "plans to",
    "plan to",
    "planning",
    "intends",
    "intend to",
    "expected to",
    "is expected",
    "are expected",
    "considering",
    "consider",
    "studying",
    "calls for",
    "called for",
    "urged",
    "urges",
    "proposed",
    "proposes",
    "hopes",
    "aims to",
    "seeks to",
    "if",
    "possible",
    "possibility",
    "prepared to",
    "ready to",
    "likely",
    "reportedly",
    "rumour",
    "rumor",
    "allegedly",
)
_HEDGE_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(h) for h in sorted(HEDGES, key=len, reverse=True)) + r")\b"
)
#: How many words before a matched phrase are searched for negation or hedging.
_CLAUSE_WINDOW_WORDS = 8


@dataclass(frozen=True)
class OutcomeSpec:
    label: str
    cues: tuple[str, ...] = ()

    @property
    def phrases(self) -> tuple[str, ...]:
        generic = normalize(self.label) in GENERIC_LABELS
        own = () if generic else (self.label,)
        return own + self.cues


@dataclass(frozen=True)
class QuestionSpec:
    id: str
    title: str
    outcomes: tuple[OutcomeSpec, ...]
    resolution_source: str = ""
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    #: The configured sources the question's resolution-source words select.
    named_sources: tuple[SourceNames, ...] = ()

    @property
    def subject_terms(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for tok in tokens(self.title):
            if tok in QUESTION_WORDS or tok.isdigit() or len(tok) < 3:
                continue
            seen.setdefault(tok, None)
        return tuple(seen)


@dataclass(frozen=True)
class FindingDoc:
    id: int
    url: str
    source: str
    text: str
    title: str = ""
    published_at: datetime | None = None
    snapshot_sha256: str | None = None


@dataclass(frozen=True)
class CitationDraft:
    finding_id: int
    quote: str
    start: int
    end: int
    score: float
    snapshot_sha256: str | None = None


@dataclass(frozen=True)
class ProposalDraft:
    question_id: str
    outcome: str
    confidence: float
    citations: tuple[CitationDraft, ...]
    breakdown: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rejection:
    """A (finding, question) pair considered and set aside, with the reason."""

    finding_id: int
    question_id: str
    reason: str


@dataclass(frozen=True)
class MatchSettings:
    relevance_threshold: float = 0.75
    support_threshold: float = 88.0  # partial_ratio, 0..100
    queue_threshold: float = 0.55
    max_citations: int = 5


@dataclass
class MatchResult:
    proposals: list[ProposalDraft] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)

    def rejection_counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for r in self.rejections:
            counts[r.reason.split(":")[0]] += 1
        return dict(counts)


@dataclass(frozen=True)
class _Support:
    outcome: str
    finding: FindingDoc
    span: Span
    score: float  # 0..100
    relevance: float
    blocked: str | None  # "negated" / "hedged" / None


def in_window(published_at: datetime | None, q: QuestionSpec) -> str | None:
    """None when the date is inside the question's window, else why not."""
    if published_at is None:
        return "no date: cannot place the finding in the question's window"
    if q.opens_at and published_at < q.opens_at:
        return "outside window: published before the question opened"
    if q.closes_at and published_at > q.closes_at:
        return "outside window: published after the question closed"
    return None


def _term_weight(term: str) -> float:
    return 1.0 + math.log(len(term))


def relevance(q: QuestionSpec, doc_tokens: set[str]) -> float:
    """Weighted share of subject terms found in the document (fuzzy on typos/variants)."""
    terms = q.subject_terms
    if not terms:
        return 0.0
    total = found = 0.0
    for term in terms:
        w = _term_weight(term)
        total += w
        if term in doc_tokens or any(
            fuzz.ratio(term, t) >= 88 for t in doc_tokens if abs(len(t) - len(term)) <= 2
        ):
            found += w
    return found / total


def _blocked(sentence_norm: str, match_start: int) -> str | None:
    all_before = sentence_norm[:match_start].split()
    if any(w in DENIAL for w in all_before):
        return "negated"
    if any(w in NEGATION for w in all_before[-_NEGATION_WINDOW_WORDS:]):
        return "negated"
    words_before = all_before[-_CLAUSE_WINDOW_WORDS:]
    window = " ".join(words_before)
    if _HEDGE_PATTERN.search(window):
        return "hedged"
    return None


def _best_phrase(outcome: OutcomeSpec, sentence_norm: str) -> tuple[float, int]:
    best, where = 0.0, 0
    for phrase in outcome.phrases:
        p = normalize(phrase)
        if not p or len(p) > len(sentence_norm):
            continue
        al = fuzz.partial_ratio_alignment(p, sentence_norm)
        if al is not None and al.score > best:
            best, where = al.score, al.dest_start
    return best, where


def _supports(
    q: QuestionSpec, doc: FindingDoc, rel: float, settings: MatchSettings
) -> list[_Support]:
    found: list[_Support] = []
    for span in split_sentences(doc.text):
        sent_norm = normalize(span.text)
        for outcome in q.outcomes:
            score, where = _best_phrase(outcome, sent_norm)
            if score >= settings.support_threshold:
                found.append(
                    _Support(outcome.label, doc, span, score, rel, _blocked(sent_norm, where))
                )
    return found


def _authority(q: QuestionSpec, source: str) -> float:
    """1.0 when the finding comes from one of the question's named sources."""
    return 1.0 if is_authoritative(source, q.resolution_source, q.named_sources) else 0.0


def _confidence(best: list[_Support], rivals: int, authority: float) -> float:
    top = max(s.score for s in best) / 100.0
    rel = max(s.relevance for s in best)
    corroboration = min(len({s.finding.id for s in best}), 3) / 3.0
    raw = 0.35 * top + 0.25 * rel + 0.15 * authority + 0.15 * corroboration + 0.10
    return round(max(0.0, min(1.0, raw - 0.25 * rivals)), 3)


def match(
    findings: list[FindingDoc], questions: list[QuestionSpec], settings: MatchSettings | None = None
) -> MatchResult:
    """Score every finding against every question; one proposal per question at most."""
    settings = settings or MatchSettings()
    result = MatchResult()
    supports: dict[str, list[_Support]] = defaultdict(list)
    for doc in findings:
        doc_tokens = set(tokens(f"{doc.title} {doc.text}"))
        for q in questions:
            why = in_window(doc.published_at, q)
            if why:
                result.rejections.append(Rejection(doc.id, q.id, why))
                continue
            rel = relevance(q, doc_tokens)
            if rel < settings.relevance_threshold:
                result.rejections.append(Rejection(doc.id, q.id, f"not relevant: {rel:.2f}"))
                continue
            found = _supports(q, doc, rel, settings)
            if not found:
                result.rejections.append(Rejection(doc.id, q.id, "no outcome supported"))
            for s in found:
                if s.blocked:
                    result.rejections.append(Rejection(doc.id, q.id, f"{s.blocked}: {s.outcome}"))
            supports[q.id].extend(s for s in found if not s.blocked)
    by_id = {q.id: q for q in questions}
    for qid, found in supports.items():
        draft = _propose(by_id[qid], found, settings)
        if draft is None:
            continue
        if draft.breakdown["authority"] == 0.0:
            # others may corroborate, but never alone settle a question
            result.rejections.append(
                Rejection(
                    draft.citations[0].finding_id,
                    qid,
                    "not from a named source: no finding from the question's sources",
                )
            )
            continue
        if draft.confidence < settings.queue_threshold:
            result.rejections.append(
                Rejection(
                    draft.citations[0].finding_id, qid, f"below threshold: {draft.confidence:.2f}"
                )
            )
            continue
        result.proposals.append(draft)
    return result


def _propose(
    q: QuestionSpec, found: list[_Support], settings: MatchSettings
) -> ProposalDraft | None:
    if not found:
        return None
    by_outcome: dict[str, list[_Support]] = defaultdict(list)
    for s in found:
        by_outcome[s.outcome].append(s)
    ranked = sorted(
        by_outcome.items(),
        key=lambda kv: (max(s.score for s in kv[1]), len(kv[1])),
        reverse=True,
    )
    label, best = ranked[0]
    rivals = [lbl for lbl, _ in ranked[1:]]
    authority = max(_authority(q, src) for src in {s.finding.source for s in best})
    confidence = _confidence(best, len(rivals), authority)
    ordered = sorted(best, key=lambda s: (-s.score, s.finding.id, s.span.start))
    citations: list[CitationDraft] = []
    seen: set[tuple[int, int]] = set()
    for s in ordered:
        key = (s.finding.id, s.span.start)
        if key in seen:
            continue
        seen.add(key)
        citations.append(
            CitationDraft(
                s.finding.id,
                s.span.text,
                s.span.start,
                s.span.end,
                round(s.score / 100.0, 3),
                s.finding.snapshot_sha256,
            )
        )
        if len(citations) >= settings.max_citations:
            break
    breakdown = {
        "matcher": "simple-v1",
        "support": round(max(s.score for s in best) / 100.0, 3),
        "relevance": round(max(s.relevance for s in best), 3),
        "authority": authority,
        "findings": len({s.finding.id for s in best}),
        "conflicting_outcomes": rivals,
    }
    return ProposalDraft(q.id, label, confidence, tuple(citations), breakdown)
