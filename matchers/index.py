"""Candidate retrieval: which open questions a finding may be about, without scoring
every (finding, question) pair.

An inverted index maps subject keys (a term's first five letters, so that
"migration", "migración" and "migrants" meet; whole short words and numbers; countries
by identity, whatever language names them) to the questions whose subject has them,
with the term's weight. A batch of findings is scored against all questions at once
with numpy (``bincount`` over the gathered postings): the cost grows with the postings
the findings touch, not with findings × questions. A question is a candidate when the
keys found carry at least ``min_share`` of its subject weight and, if it names
entities, at least one of them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from matchers.entities import countries_in
from matchers.lexicon import NUMBER_WORDS
from matchers.text import STOPWORDS, cognate, normalize, stem

PREFIX = 5
#: Keys in more than this share of questions (and more than MIN_MAX_DF) are not indexed.
MAX_DF_SHARE = 0.01
MIN_MAX_DF = 50
#: ... but every question keeps at least its rarest keys.
KEEP_RAREST = 3
#: Keys found in more than this share of questions say little; they are still counted
#: (so shares stay honest) but never alone make a candidate.
ENTITY_PREFIX = "@"


@lru_cache(maxsize=200_000)
def key_of(token: str) -> str:
    t = cognate(stem(token))
    if t in NUMBER_WORDS:
        return str(NUMBER_WORDS[t])
    return t[:PREFIX] if len(t) > PREFIX else t


def doc_keys(text: str) -> set[str]:
    """The retrieval keys of a document (title, text and source together)."""
    words = normalize(text).split()
    keys = {key_of(w) for w in words if w not in STOPWORDS}
    keys.update(ENTITY_PREFIX + p.country for p in countries_in(words, text))
    return keys


@dataclass(frozen=True)
class QuestionKeys:
    keys: dict[str, float]  # key → weight
    entity_keys: frozenset[str]
    #: Keys of the question's own names (not its countries): one must be found.
    name_keys: frozenset[str] = frozenset()
    #: Keys a release from the question's named source carries by who it is (the
    #: source's country, its acronym): found or not, they count for such a release.
    credit_keys: frozenset[str] = frozenset()


class SubjectIndex:
    """Questions' subject keys, inverted, for batch retrieval."""

    def __init__(self, questions: Sequence[QuestionKeys]) -> None:
        self.n = len(questions)
        vocab: dict[str, int] = {}
        rows: list[list[tuple[int, float, bool, bool]]] = []
        totals = np.zeros(self.n, dtype=np.float64)
        needs_entity = np.zeros(self.n, dtype=bool)
        credit_total = np.zeros(self.n, dtype=np.float64)
        credit_required = np.zeros(self.n, dtype=bool)
        df: dict[str, int] = {}
        for q in questions:
            for key in q.keys:
                df[key] = df.get(key, 0) + 1
        max_df = max(MIN_MAX_DF, int(self.n * MAX_DF_SHARE))
        for qi, q in enumerate(questions):
            # a key many questions share tells them apart less (idf); keys most questions
            # share are not indexed at all (a question keeps its rarest few)
            weights = {k: w * math.log(1.0 + self.n / df[k]) for k, w in q.keys.items()}
            rare = {k: w for k, w in weights.items() if df[k] <= max_df}
            if len(rare) < KEEP_RAREST:
                for k in sorted(weights, key=lambda k: df[k])[:KEEP_RAREST]:
                    rare[k] = weights[k]
            weights = rare
            totals[qi] = sum(weights.values()) or 1.0
            required = q.name_keys or q.entity_keys
            needs_entity[qi] = bool(required)
            for key, w in weights.items():
                tid = vocab.setdefault(key, len(vocab))
                if tid == len(rows):
                    rows.append([])
                credit = key in q.credit_keys
                rows[tid].append((qi, w, key in required, credit))
                if credit:
                    credit_total[qi] += w
                    credit_required[qi] |= key in required
        self.vocab = vocab
        counts = np.array([len(r) for r in rows], dtype=np.int64)
        self.indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(counts, out=self.indptr[1:])
        flat = [x for r in rows for x in r]
        self.qidx = np.array([x[0] for x in flat], dtype=np.int64)
        self.weight = np.array([x[1] for x in flat], dtype=np.float64)
        self.is_entity = np.array([x[2] for x in flat], dtype=bool)
        self.is_credit = np.array([x[3] for x in flat], dtype=bool)
        self.credit_total = credit_total
        self.credit_required = credit_required
        self.totals = totals
        self.needs_entity = needs_entity
        self.opens: np.ndarray | None = None
        self.closes: np.ndarray | None = None
        #: Shortlisted (finding, question) pairs dropped for being outside the window.
        self.outside = 0

    def set_windows(self, opens: Sequence[float | None], closes: Sequence[float | None]) -> None:
        """Questions' windows as POSIX seconds (None: open-ended), to skip findings
        published outside them before any scoring."""
        self.opens = np.array([-np.inf if o is None else o for o in opens], dtype=np.float64)
        self.closes = np.array([np.inf if c is None else c for c in closes], dtype=np.float64)

    def candidates(
        self,
        docs: Sequence[Iterable[str]],
        min_share: float,
        when: Sequence[float | None] | None = None,
        credited: list[set[int]] | None = None,
    ) -> list[list[tuple[int, float]]]:
        """For each document's keys: (question index, share of its subject weight found).

        With ``when`` (publication times, POSIX seconds) and windows set, questions whose
        window excludes the finding are left out (their count is the caller's to make).

        With ``credited`` (one empty set per document), a question that misses the share
        or its required name only for want of its credit keys (the named source's country
        or acronym) is a candidate too, its index added to the document's set: the caller
        must confirm that the finding comes from a source the question names.
        """
        out: list[list[tuple[int, float]]] = [[] for _ in docs]
        if self.n == 0 or not docs:
            return out
        step = 2000
        for lo in range(0, len(docs), step):
            batch = docs[lo : lo + step]
            d_idx: list[int] = []
            t_idx: list[int] = []
            for i, keys in enumerate(batch):
                for k in keys:
                    tid = self.vocab.get(k)
                    if tid is not None:
                        d_idx.append(i)
                        t_idx.append(tid)
            if not t_idx:
                continue
            t = np.array(t_idx, dtype=np.int64)
            d = np.array(d_idx, dtype=np.int64)
            starts = self.indptr[t]
            lens = self.indptr[t + 1] - starts
            total = int(lens.sum())
            if total == 0:
                continue
            rep_d = np.repeat(d, lens)
            offsets = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(total)
            q = self.qidx[offsets]
            # only the (document, question) pairs some key touched: sparse accumulation
            pair, inverse = np.unique(rep_d * self.n + q, return_inverse=True)
            score = np.bincount(inverse, weights=self.weight[offsets])
            ent = np.bincount(inverse, weights=self.is_entity[offsets].astype(np.float64))
            pd, pq = pair // self.n, pair % self.n
            share = score / self.totals[pq]
            ok = (share >= min_share) & ((ent > 0) | ~self.needs_entity[pq])
            cond = np.zeros_like(ok)
            if credited is not None:
                found = np.bincount(inverse, weights=self.weight[offsets] * self.is_credit[offsets])
                missing = self.credit_total[pq] - found
                with_credit = (score + missing) / self.totals[pq]
                cond = (
                    ~ok
                    & (missing > 1e-9)
                    & (with_credit >= min_share)
                    & ((ent > 0) | ~self.needs_entity[pq] | self.credit_required[pq])
                )
                share = np.where(cond, with_credit, share)
                ok = ok | cond
            if when is not None and self.opens is not None and self.closes is not None:
                t_doc = np.array(
                    [np.nan if w is None else w for w in when[lo : lo + step]], dtype=np.float64
                )[pd]
                inside = (t_doc >= self.opens[pq]) & (t_doc <= self.closes[pq])
                self.outside += int((ok & ~cond & ~inside).sum())
                ok &= inside
            for r, c, sh, k in zip(
                pd[ok].tolist(), pq[ok].tolist(), share[ok].tolist(), cond[ok].tolist(), strict=True
            ):
                out[lo + r].append((c, float(sh)))
                if k and credited is not None:
                    credited[lo + r].add(c)
        return out
