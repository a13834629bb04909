"""Phrase patterns over normalised text, and the polarity of a match in its sentence.

A sentence is read once into :class:`Sentence` (normalised words, clause of each word);
``find`` returns where a compiled phrase set occurs; ``polarity`` says whether the
occurrence is asserted, negated, denied or hedged — within its clause, so "did not go to
Ravenna and instead landed in Greece" asserts the landing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from matchers.lexicon import (
    CAUSAL_MARKERS,
    CLASS_BY_NAME,
    CLAUSE_BREAKS,
    CONDITION_PHRASES,
    COPULAS,
    DEADLINE_PASSED,
    DECISION_VERBS,
    DENIAL_PHRASES,
    EFFECTIVE_MARKERS,
    ESTIMATE_HEDGES,
    ESTIMATE_MARKERS,
    HEDGE_PHRASES,
    INSERTED_ADVERBIALS,
    NEGATION_PHRASES,
    NEGATION_WORDS,
    PLAIN_FUTURE,
    POSTPOSED_MODALS,
    PROSPECTIVE_AFTER,
    PROSPECTIVE_BEFORE,
    PURPOSE_BEFORE,
    RELATIVE_WORDS,
    ROOM_PHRASES,
)
from matchers.text import normalize

_CJK = re.compile(r"[\u3040-\u9fff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_CLAUSE_SPLIT = re.compile(r"[;:—–]|,\s|\s-\s")
#: How far back (words) negation and hedges reach within a clause.
NEGATION_REACH = 10
HEDGE_REACH = 9
#: Conditions whose scope is the rest of their clause, however long.
_CLAUSE_HEDGES = frozenset({"whether", "if", "unless", "si", "ob"})
_POSTPOSED_HEDGES = ("scheduled", "planned", "expected", "prevu", "previst", "programad", "previst")


def _token_pattern(tok: str) -> str:
    if tok == "*":
        return r"(?:\s+\S+){0,3}"
    if tok == "**":
        return r"(?:\s+\S+){0,6}"
    stem = tok.endswith("~")
    word = re.escape(tok.rstrip("~"))
    if _ARABIC.search(tok):
        if len(tok) <= 2:
            return "[وف]?" + word  # "قد", "لن": a word, not part of "النقدية"
        return r"\S*" + word + r"\S*"
    return word + (r"\w*" if stem else "")


def phrase_regex(phrase: str) -> str:
    """One phrase of the lexicon's syntax as a regular expression on normalised text."""
    phrase = phrase.strip()
    if _CJK.search(phrase):
        return re.escape(normalize(phrase))
    parts: list[str] = []
    for tok in phrase.split():
        pat = _token_pattern(tok)
        if tok in {"*", "**"}:
            parts.append(pat)
        else:
            parts.append((r"\s+" if parts else "") + pat)
    body = "".join(parts)
    return r"(?<!\S)" + body + r"(?!\S)"


@lru_cache(maxsize=4096)
def compile_phrases(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    pats = [phrase_regex(p) for p in phrases if p.strip()]
    if not pats:
        return None
    pattern = re.compile("|".join(f"(?:{p})" for p in pats))
    _FIRST_WORDS[pattern] = _first_words(phrases)
    return pattern


#: For each compiled phrase set: the words (and word prefixes) its phrases start with,
#: so a sentence without any of them is skipped without running the regular expression.
_FIRST_WORDS: dict[re.Pattern[str], tuple[frozenset[str], tuple[str, ...]] | None] = {}


def _first_words(phrases: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]] | None:
    exact: set[str] = set()
    prefixes: list[str] = []
    for p in phrases:
        words = p.split()
        if not words or _CJK.search(p) or _ARABIC.search(p) or words[0] in {"*", "**"}:
            return None  # no cheap test for these
        first = normalize(words[0].rstrip("~")) if not words[0].endswith("~") else words[0]
        if first.endswith("~"):
            prefixes.append(normalize(first[:-1]))
        else:
            exact.add(first)
    return frozenset(exact), tuple(prefixes)


def might_match(pattern: re.Pattern[str], words: list[str]) -> bool:
    test = _FIRST_WORDS.get(pattern)
    if test is None:
        return True
    exact, prefixes = test
    return any(w in exact or (prefixes and w.startswith(prefixes)) for w in words)


def class_pattern(name: str) -> re.Pattern[str] | None:
    return compile_phrases(CLASS_BY_NAME[name].cues)


@dataclass(frozen=True)
class Hit:
    start: int  # word index
    end: int  # word index (exclusive)
    text: str


def _month_may(words: list[str]) -> None:
    """ "until 31 May 2027", "in May 2026": the month, not the modal (read as "mayo", a
    month name no hedge or cue lists)."""
    for i, w in enumerate(words):
        if w != "may":
            continue
        prev = words[i - 1] if i else ""
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if (prev.isdigit() and len(prev) <= 2) or (nxt.isdigit() and len(nxt) == 4):
            words[i] = "mayo"


@dataclass
class Sentence:
    """A sentence read for matching: normalised words and their clause numbers."""

    text: str
    norm: str
    words: list[str]
    clause: list[int]
    _offsets: list[int]

    @classmethod
    def read(cls, text: str) -> Sentence:
        words: list[str] = []
        clause: list[int] = []
        ci, carry = -1, False
        for piece in _clauses(text):
            piece_words = normalize(piece).split()
            aside = " ".join(piece_words) in INSERTED_ADVERBIALS
            if ci < 0 or not (aside or carry):
                ci += 1
            # "does not meet, at this time, the criteria of …": an inserted adverbial
            # leaves the clause around it one clause
            carry = aside
            words.extend(piece_words)
            clause.extend([ci] * len(piece_words))
        if "may" in words:
            _month_may(words)
        norm = " ".join(words)
        offsets: list[int] = []
        pos = 0
        for w in words:
            offsets.append(pos)
            pos += len(w) + 1
        return cls(text, norm, words, clause, offsets)

    _countries: frozenset[str] | None = None
    _stems: frozenset[str] | None = None

    @property
    def stems(self) -> frozenset[str]:
        """Stemmed content words (computed once)."""
        if self._stems is None:
            from matchers.text import STOPWORDS, stem

            self._stems = frozenset(stem(w) for w in self.words if w not in STOPWORDS)
        return self._stems

    @property
    def countries(self) -> frozenset[str]:
        """Countries the sentence names (computed once)."""
        if self._countries is None:
            from matchers.entities import countries_in

            self._countries = frozenset(p.country for p in countries_in(self.words, self.text))
        return self._countries

    def word_at(self, char: int) -> int:
        lo, hi = 0, len(self._offsets)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._offsets[mid] <= char:
                lo = mid + 1
            else:
                hi = mid
        return max(0, lo - 1)

    def find(self, pattern: re.Pattern[str] | None) -> list[Hit]:
        if pattern is None or not self.norm or not might_match(pattern, self.words):
            return []
        hits = []
        for m in pattern.finditer(self.norm):
            if m.end() == m.start():
                continue
            s = self.word_at(m.start())
            e = self.word_at(max(m.start(), m.end() - 1)) + 1
            hits.append(Hit(s, e, m.group()))
        return hits

    def has(self, pattern: re.Pattern[str] | None) -> bool:
        return (
            pattern is not None
            and bool(self.norm)
            and might_match(pattern, self.words)
            and pattern.search(self.norm) is not None
        )

    def clause_words(self, hit: Hit, reach: int) -> list[str]:
        """Words before ``hit`` in its own clause, at most ``reach`` of them."""
        c = self.clause[hit.start] if hit.start < len(self.clause) else -1
        i = hit.start - 1
        out: list[str] = []
        while i >= 0 and self.clause[i] == c and len(out) < reach:
            out.append(self.words[i])
            i -= 1
        out.reverse()
        return out


_BREAKS = re.compile("|".join(re.escape(b) for b in CLAUSE_BREAKS), re.IGNORECASE)


def _clauses(text: str) -> list[str]:
    out: list[str] = []
    for p in _CLAUSE_SPLIT.split(text):
        low = " " + p + " "
        cut = [0, *(m.start() for m in _BREAKS.finditer(low))]
        for a, b in zip(cut, [*cut[1:], len(low)], strict=True):
            chunk = low[a:b].strip()
            if chunk:
                out.append(chunk)
    return out


_NEG_PHRASES = compile_phrases(NEGATION_PHRASES)
_DENIAL = compile_phrases(DENIAL_PHRASES)
_HEDGES = compile_phrases(HEDGE_PHRASES)
_DEADLINE = compile_phrases(DEADLINE_PASSED)
_DECISION = compile_phrases(DECISION_VERBS)
_ESTIMATE = compile_phrases(ESTIMATE_MARKERS)
_ESTIMATE_HEDGES = compile_phrases(ESTIMATE_HEDGES)
_PLAIN_FUTURE = compile_phrases(tuple(PLAIN_FUTURE))
_POST_MODALS = compile_phrases(POSTPOSED_MODALS)
_ROOM = compile_phrases(ROOM_PHRASES)
_EFFECTIVE = compile_phrases(EFFECTIVE_MARKERS)
_CONDITIONS = compile_phrases(CONDITION_PHRASES)
#: Words after a cue searched for a modal that makes it a prospect.
POST_MODAL_REACH = 4
#: ... after an event noun ("completion of …", "the adoption of …").
NOMINAL_MODAL_REACH = 10
_NOUN_ENDINGS = ("tion", "tion of", "sion", "sion of", "ment", "ment of", "ance", "ence")


def _conditioned(sent: Sentence, hit: Hit) -> bool:
    """A condition anywhere in the cue's clause, before or after it ("… is possible only
    after …")."""
    c = sent.clause[hit.start] if hit.start < len(sent.clause) else -1
    clause = [w for w, k in zip(sent.words, sent.clause, strict=True) if k == c]
    return (
        _CONDITIONS is not None
        and might_match(_CONDITIONS, clause)
        and _CONDITIONS.search(" ".join(clause)) is not None
    )


def _prospect(sent: Sentence, hit: Hit) -> bool:
    """ "further reductions would depend on …", "a ceasefire may be considered",
    "reducciones adicionales", "room for further easing": the event as a prospect."""
    c = sent.clause[hit.start] if hit.start < len(sent.clause) else -1
    before = sent.clause_words(hit, 3)
    if any(w in PROSPECTIVE_BEFORE for w in before[-2:]):
        return True
    if before and (tuple(before[-2:]) in PURPOSE_BEFORE or (before[-1],) in PURPOSE_BEFORE):
        return True
    if _ROOM is not None and before and _ROOM.search(" ".join(before)):
        return True
    after: list[str] = []
    # an event noun's modal comes after its whole noun phrase ("completion of the fourth
    # review of the arrangement would make …")
    reach = NOMINAL_MODAL_REACH if hit.text.endswith(_NOUN_ENDINGS) else POST_MODAL_REACH
    for i in range(hit.end, min(hit.end + reach, len(sent.words))):
        if sent.clause[i] != c or sent.words[i] in RELATIVE_WORDS:
            break
        after.append(sent.words[i])
    if after and after[0] in PROSPECTIVE_AFTER:
        return True
    return (
        bool(after)
        and _POST_MODALS is not None
        and _POST_MODALS.search(" ".join(after)) is not None
    )


_CAUSAL = tuple(tuple(m.split()) for m in CAUSAL_MARKERS)
_CAUSAL_FIRST = frozenset(m[0] for m in _CAUSAL)


def _after_cause(words: list[str]) -> list[str]:
    """The words after the last causal preposition ("not adopted *owing to* the veto"):
    a negation or hedge before it belongs to another predicate than the cue after it."""
    for i in range(len(words) - 1, -1, -1):
        if words[i] in _CAUSAL_FIRST:
            for m in _CAUSAL:
                if tuple(words[i : i + len(m)]) == m:
                    rest = words[i + len(m) :]
                    if rest or m != ("due", "to"):
                        return rest  # "due to adopt": a plan, not a cause
    return words


#: How far after an event noun its predicate may be ("signing of the final agreement is
#: scheduled").
PLANNED_REACH = 7


def _planned_after(sent: Sentence, hit: Hit) -> bool:
    """A copula and a plan participle after the event noun, in its clause: "the signing
    of the agreement is scheduled for …", "la firma del acuerdo está prevista"."""
    c = sent.clause[hit.start] if hit.start < len(sent.clause) else -1
    end = min(len(sent.words), hit.end + PLANNED_REACH)
    for i in range(hit.end + 1, end):
        if sent.clause[i] != c:
            break
        w = sent.words[i]
        if w.startswith(_POSTPOSED_HEDGES) and sent.words[i - 1] in COPULAS:
            return True
    return False


def polarity(
    sent: Sentence, hit: Hit, *, future_ok: bool = False, estimate_context: bool = False
) -> str:
    """ "asserted", "negated", "denied" or "hedged" for a match in its sentence."""
    before_words = sent.words[: hit.start]
    if (
        _DENIAL is not None
        and before_words
        and might_match(_DENIAL, before_words)
        and _DENIAL.search(" ".join(before_words))
    ):
        return "denied"
    near = _after_cause(sent.clause_words(hit, NEGATION_REACH))
    if any(w in NEGATION_WORDS for w in near) or (
        _NEG_PHRASES is not None
        and near
        and might_match(_NEG_PHRASES, near)
        and _NEG_PHRASES.search(" ".join(near))
    ):
        return "negated"
    clause_all = _after_cause(sent.clause_words(hit, 60))
    if any(w in _CLAUSE_HEDGES for w in clause_all):
        return "hedged"
    if _CONDITIONS is not None and _conditioned(sent, hit):
        return "hedged"
    hedge_words = _after_cause(sent.clause_words(hit, HEDGE_REACH))
    hedge_text = " ".join(hedge_words)
    if hedge_text and _HEDGES is not None and might_match(_HEDGES, hedge_words):
        for m in _HEDGES.finditer(hedge_text):
            phrase = m.group()
            plain = _PLAIN_FUTURE is not None and _PLAIN_FUTURE.fullmatch(phrase)
            if plain and (future_ok or sent.has(_EFFECTIVE)):
                continue  # "will be decreased …, with effect from 11 June": decided
            if estimate_context and (
                phrase in {"expected to", "is expected", "are expected"}
                or (_ESTIMATE_HEDGES is not None and _ESTIMATE_HEDGES.search(hedge_text))
            ):
                continue
            return "hedged"
    after = sent.words[hit.end : hit.end + 3]
    if any(w.startswith(_POSTPOSED_HEDGES) for w in after):
        return "hedged"
    if _planned_after(sent, hit):
        return "hedged"
    if _prospect(sent, hit):
        return "hedged"
    if "draft" in after[:2] and not hit.text.startswith("adopt"):
        return "hedged"  # approving a draft is a step, not the decision
    return "asserted"


def estimate_context(*texts: str) -> bool:
    """Is this a statistics release's estimate ("flash estimate")?"""
    return any(
        _ESTIMATE is not None and _ESTIMATE.search(normalize(t))
        for t in texts
        if t and _ESTIMA.search(t)
    )


_ESTIMA = re.compile(r"(?i)estima|stima")


def deadline_passed(sent: Sentence) -> bool:
    return sent.has(_DEADLINE)


def decisive(sent: Sentence) -> bool:
    return sent.has(_DECISION)


def any_phrase(sent: Sentence, phrases: Iterable[str]) -> bool:
    return sent.has(compile_phrases(tuple(phrases)))
