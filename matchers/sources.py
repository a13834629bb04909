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

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from matchers.lexicon import (
    INTERNATIONAL_ORG_WORDS,
    INTERNATIONAL_ORGANISATIONS,
    NAME_ALIASES,
    STATE_BODY_WORDS,
)
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
    publications data from by the of and or in on with according to communiques communique
    including official results figures its their""".split()
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
    """Cached front of :func:`_is_authoritative` (sources repeat across findings)."""
    return _is_authoritative(finding_source, resolution_source, tuple(named))


@lru_cache(maxsize=100_000)
def _is_authoritative(
    finding_source: str, resolution_source: str, named: tuple[SourceNames, ...]
) -> bool:
    """Is a finding's source one the question names?

    Either the finding's source is one of the sources selected for the question (by
    its name, or any alias appearing in the finding's source name), or the finding's
    source name itself appears in the question's resolution-source words (for
    findings imported from publishers that are not in the catalogue).
    """
    if not finding_source:
        return False
    from matchers.gloss import english_name

    english = english_name(finding_source)
    if english is not None and _is_authoritative(english, resolution_source, named):
        return True  # "البنك المركزي السعودي" is the Saudi Central Bank (SAMA)
    own = normalize(finding_source)
    for src in named:
        if own == normalize(src.name):
            return True
    as_source = [SourceNames(finding_source, (finding_source,))]
    if resolution_source and select_sources(resolution_source, as_source):
        return True
    if any(select_sources(finding_source, [src]) for src in named):
        return True
    return speaks_for(finding_source, resolution_source)


# --- authority of a finding's source against the question's words -------------------------

_LEAD = re.compile(
    r"^(?:official\s+)?(?:statements?|reports?|announcements?|results|releases|statistics|"
    r"communiqu[eé]s?|data|publications|figures)\s+(?:from|by|of)\s+",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:,|;|\bor\b|\band\b|\bincluding\b|\(|\))\s*", re.IGNORECASE)
_AUTH_WORD = 75.0
_AUTH_WORD_STRICT = 88.0
_AUTH_COVER = 0.75
_AUTH_COVER_SHARED = 0.6
_GOV_WORDS = frozenset(
    """government governments authorities mediators mediator state states transitional
    federal national interim caretaker hellenic royal islamic republic""".split()
)


def _acronyms(text: str) -> set[str]:
    """Upper-case acronyms as written ("IGAD", "OFAC") or as the initials of a name of
    three or more capitalised words ("World Health Organization" → "WHO")."""
    found = {a for a in re.findall(r"\b[A-Z][A-Z0-9&]{1,9}\b", text) if len(a) >= 2}
    for run in re.findall(r"(?:[A-Z][a-z]+\s+){2,5}[A-Z][a-z]+", text):
        words = run.split()
        if len(words) >= 3:
            found.add("".join(w[0] for w in words))
    return found


@lru_cache(maxsize=50_000)
def _countries(text: str) -> frozenset[str]:
    from matchers.entities import countries_in

    return frozenset(p.country for p in countries_in(normalize(text).split(), text))


def _expand(words: list[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        out.extend(NAME_ALIASES.get(w, (w,))[0].split() if w in NAME_ALIASES else [w])
    return out


def _content(text: str, drop: set[str]) -> list[str]:
    from matchers.entities import countries_in

    words = _expand(normalize(text).split())
    covered = {i for p in countries_in(words) for i in range(p.start, p.end)}
    return [
        w
        for i, w in enumerate(words)
        if w not in _GENERIC_WORDS and w not in drop and len(w) > 1 and i not in covered
    ]


def authority_phrases(resolution_source: str) -> list[str]:
    """The bodies a resolution-source line names, one phrase each."""
    text = _LEAD.sub("", resolution_source.strip())
    text = re.sub(r"^(?:the\s+)", "", text, flags=re.IGNORECASE)
    return [p.strip() for p in _SPLIT.split(text) if p and p.strip()]


def _is_state_body(words: list[str]) -> bool:
    return any(w in STATE_BODY_WORDS for w in words) or any(
        w.startswith(("minist", "presiden", "govern", "gouvern", "gobiern")) for w in words
    )


def _similar(a: str, b: str, cutoff: float, cognates: bool) -> bool:
    if fuzz.ratio(a, b) >= cutoff:
        return True
    # cognates across languages: ministry/ministero, interior/interno, statistics/statistique
    return cognates and min(len(a), len(b)) >= 6 and a[:5] == b[:5]


def _covers(
    phrase_words: list[str], source_words: list[str], cutoff: float, cognates: bool
) -> float:
    if not phrase_words:
        return 0.0
    hit = sum(
        1 for w in phrase_words if any(_similar(w, s, cutoff, cognates) for s in source_words)
    )
    return hit / len(phrase_words)


@lru_cache(maxsize=100_000)
def speaks_for(finding_source: str, resolution_source: str) -> bool:
    """Does a source's own name show it is one the resolution-source words name?

    Three ways, all general: an acronym both give ("IGAD"); a body the words name whose
    distinctive words the source's name carries ("Central Electoral Commission of the
    Republic of Moldova" for "the Central Electoral Commission of Moldova"), with no
    other country in it; or a state body (ministry, presidency, command, directorate …)
    of a country whose government the words name ("Iraqi Joint Operations Command" for
    "Iraqi government"), in any language the gazetteer knows. "International
    organizations" admits UN agencies and other intergovernmental bodies.
    """
    if not finding_source or not resolution_source:
        return False
    src_countries = _countries(finding_source)
    res_countries = _countries(resolution_source)
    src_words = _expand(normalize(finding_source).split())
    src_acr = _acronyms(finding_source)
    res_acr = _acronyms(resolution_source)
    if src_acr & res_acr - {"UN", "US", "UK", "EU"}:
        return True
    if src_countries and res_countries and not src_countries & res_countries:
        return False
    low_res = normalize(resolution_source)
    if any(w in low_res for w in INTERNATIONAL_ORG_WORDS):
        src_norm = " ".join(src_words)
        if any(
            re.search(rf"(?<!\S){re.escape(o)}(?!\S)", src_norm)
            for o in INTERNATIONAL_ORGANISATIONS
        ) or any(a.lower() in INTERNATIONAL_ORGANISATIONS for a in src_acr):
            return True
    country_words = {w for c in res_countries | src_countries for w in normalize(c).split()}
    for phrase in authority_phrases(resolution_source):
        p_countries = _countries(phrase)
        words = _content(phrase, country_words)
        if (p_countries and not words) or _is_government_phrase(phrase):
            # "Iraqi government", "governments of Kyrgyzstan", "Qatar" (as mediator)
            wanted = p_countries or res_countries
            if wanted & src_countries and _is_state_body(src_words):
                return True
            continue
        if not words:
            continue
        if p_countries and src_countries and not p_countries & src_countries:
            continue
        shared = bool((p_countries or res_countries) & src_countries)
        cutoff = _AUTH_WORD if shared else _AUTH_WORD_STRICT
        own = _content(finding_source, country_words)
        cover = _covers(words, own, cutoff, shared)
        # one generic word ("bank") is not the body of a country the source's name
        # does not show ("Bank of Japan" is not every bank)
        if cover >= (_AUTH_COVER_SHARED if shared else _AUTH_COVER) and (
            len(words) > 1 or shared or (words[0] in src_words and not p_countries)
        ):
            return True
        # the body a named committee belongs to, of the same country ("Central Bank of
        # Egypt" for "Central Bank of Egypt Monetary Policy Committee press releases")
        bare = _content(re.sub(r"\([^)]*\)", " ", finding_source), country_words)
        if shared and len(bare) >= 2 and _covers(bare, words, _AUTH_WORD_STRICT, False) == 1.0:
            return True
    return False


def _is_government_phrase(phrase: str) -> bool:
    """ "Iraqi government", "the governments of X", "Spanish authorities", "the mediators"."""
    words = _content(phrase, set())
    return bool(words) and all(w in _GOV_WORDS for w in words)
