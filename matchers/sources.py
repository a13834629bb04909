"""From a question's words to its sources: "Reports from Iraqi government and
international organizations" → the sources tagged "iraqi government" and
"international organizations".

Plain data in, plain data out. Each source offers several names (its name, publisher,
aliases, tags); a name selects the source when it appears in the question's words —
fuzzily, as a run of whole words of the same length (rapidfuzz ``ratio`` over
normalised word n-grams), so "organisations" matches "organizations" but "government"
alone does not select every government. Names of four letters or fewer (UN, IOM, EU)
must appear as an exact word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from matchers.text import normalize

SELECT_THRESHOLD = 88.0
_WORD_THRESHOLD = 75.0
_ACRONYM_MAX = 4
#: Names that mean "any official source". They select only when the words name no
#: particular publisher ("official statements from the Central Bank of Kenya" names one).
GENERIC_NAMES = frozenset(
    {"official statements", "official sources", "official announcements", "official reports"}
)
_GENERIC_WORDS = frozenset(
    """reports report statements statement official officials announcements announcement
    interviews interview press releases release sources source media news credible public
    publications data from by the of and or in on with according to""".split()
)


@dataclass(frozen=True)
class SourceNames:
    """A source as selection sees it: its name and every other way to call it."""

    name: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class SourceMatch:
    name: str
    score: float  # 0..100
    matched_on: str  # the source's name (or alias/tag) found in the text


def phrase_score(phrase: str, text_tokens: list[str]) -> float:
    """How well ``phrase`` (normalised) occurs as whole words in the tokenised text."""
    words = phrase.split()
    if not words or not text_tokens:
        return 0.0
    if len(phrase) <= _ACRONYM_MAX and len(words) == 1:
        return 100.0 if phrase in text_tokens else 0.0
    best = 0.0
    n = len(words)
    for i in range(len(text_tokens) - n + 1):
        gram = text_tokens[i : i + n]
        # word by word, so "UK government" never passes for "US government"
        if any(fuzz.ratio(w, g) < _WORD_THRESHOLD for w, g in zip(words, gram, strict=True)):
            continue
        best = max(best, fuzz.ratio(phrase, " ".join(gram)))
        if best == 100.0:
            break
    return best


def names_a_publisher(text: str) -> bool:
    """Does the text name someone in particular (a capitalised word past the first)?"""
    words = [w.strip(".,;:()\"'") for w in text.split()[1:]]
    return any(w[:1].isupper() and w.lower() not in _GENERIC_WORDS for w in words if w)


def select_sources(
    text: str, sources: Sequence[SourceNames], threshold: float = SELECT_THRESHOLD
) -> list[SourceMatch]:
    """The sources whose names appear in ``text``, best first."""
    tokens = normalize(text).split()
    generic_ok = not names_a_publisher(text)
    found: list[SourceMatch] = []
    for src in sources:
        best: SourceMatch | None = None
        for name in dict.fromkeys((src.name, *src.names)):
            phrase = normalize(name)
            if phrase in GENERIC_NAMES and not generic_ok:
                continue
            score = phrase_score(phrase, tokens)
            if score >= threshold and (best is None or score > best.score):
                best = SourceMatch(src.name, round(score, 1), name)
        if best is not None:
            found.append(best)
    found.sort(key=lambda m: (-m.score, m.name))
    return found


def is_authoritative(
    finding_source: str, resolution_source: str, named: Sequence[SourceNames]
) -> bool:
    """Is a finding's source one the question names?

    Either the finding's source is one of the sources selected for the question (by
    its name, or any alias appearing in the finding's source name), or the finding's
    source name itself appears in the question's resolution-source words (for
    findings imported from publishers that are not in the catalogue).
    """
    if not finding_source:
        return False
    own = normalize(finding_source)
    for src in named:
        if own == normalize(src.name):
            return True
    as_source = [SourceNames(finding_source, (finding_source,))]
    if resolution_source and select_sources(resolution_source, as_source):
        return True
    return any(select_sources(finding_source, [src]) for src in named)
