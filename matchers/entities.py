"""Names of countries (with capitals, demonyms, translations) and of people.

``countries_in`` finds countries in normalised words by their longest name ("Guinea-
Bissau" is not "Guinea", "South Sudan" is not "Sudan"); short upper-case forms ("US",
"UAE", "DRC") count only when written in capitals, so the pronoun "us" is no country.
``person_names`` finds runs of capitalised words that look like a person's name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matchers.lexicon import HONORIFICS, INSTITUTION_WORDS, NOT_NAME_WORDS
from matchers.text import normalize

_DATA = Path(__file__).with_name("data") / "gazetteer.json"
_MAX_WORDS = 5
#: Capitals that are also common words or names of other things: not used alone.
_AMBIGUOUS = frozenset(
    {
        "victoria",
        "kingston",
        "georgetown",
        "male",
        "praia",
        "lome",
        "nassau",
        "hamilton",
        "washington",
        "london",
        "sucre",
    }
)


_AR_PREFIX = ("وال", "بال", "لل", "ال")
_AR_SUFFIX = ("يين", "يون", "يه", "ي")


def arabic_key(word: str) -> str:
    """An Arabic word without article and nisba ending: العراقية → عراق."""
    if not word or not ("\u0600" <= word[0] <= "\u06ff"):
        return word
    for p in _AR_PREFIX:
        if word.startswith(p) and len(word) - len(p) >= 3:
            word = word[len(p) :]
            break
    for suf in _AR_SUFFIX:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            word = word[: -len(suf)]
            break
    return word


@dataclass(frozen=True)
class Gazetteer:
    capitals: frozenset[tuple[str, ...]]
    by_alias: dict[tuple[str, ...], str]
    acronyms: dict[str, str]
    names: dict[str, tuple[str, ...]]  # country → its normalised aliases
    #: first word of an alias → the longest alias starting with it (in words)
    first_words: dict[str, int]
    acronym_re: re.Pattern[str] | None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    by_alias: dict[tuple[str, ...], str] = {}
    acronyms: dict[str, str] = {}
    names: dict[str, list[str]] = {}
    capitals: set[tuple[str, ...]] = set()
    for entry in data:
        country = entry["name"]
        capital = entry.get("capital") or ""
        demonym = entry.get("demonym") or ""
        capital = capital if isinstance(capital, str) else ""
        demonym = demonym if isinstance(demonym, str) else ""
        forms = [*(n for n in entry["names"] if isinstance(n, str)), capital, demonym]
        if capital:
            capitals.add(tuple(normalize(capital).split()))
        if demonym:
            forms.append(demonym + "s")
        for form in forms:
            if not form:
                continue
            bare = form.replace(".", "")
            if bare.isupper() and len(bare) <= 4:
                acronyms[bare] = country
                continue
            key = tuple(normalize(form).split())
            if not key or len(key) > _MAX_WORDS or key == ("georgia", "state"):
                continue
            if len(key) == 1 and key[0] in _AMBIGUOUS:
                continue
            by_alias.setdefault(key, country)
            if len(key) == 1 and arabic_key(key[0]) != key[0]:
                by_alias.setdefault((arabic_key(key[0]),), country)
            names.setdefault(country, []).append(" ".join(key))
    first_words: dict[str, int] = {}
    for key in by_alias:
        first_words[key[0]] = max(first_words.get(key[0], 0), len(key))
    acronym_re = (
        re.compile(
            "|".join(
                r"(?<![\w.])" + r"\.?".join(a) + r"\.?(?!\w)"
                for a in sorted(acronyms, key=len, reverse=True)
            )
        )
        if acronyms
        else None
    )
    return Gazetteer(
        frozenset(capitals),
        by_alias,
        acronyms,
        {k: tuple(dict.fromkeys(v)) for k, v in names.items()},
        first_words,
        acronym_re,
    )


def is_capital(words: tuple[str, ...]) -> bool:
    """Is this (normalised) name a capital city rather than the country itself?"""
    return words in gazetteer().capitals


@dataclass(frozen=True)
class Place:
    start: int
    end: int
    country: str


def countries_in(words: list[str], original: str = "") -> list[Place]:
    """Countries named in normalised ``words`` (longest names first, no overlaps)."""
    g = gazetteer()
    found: list[Place] = []
    first = g.first_words
    by_alias = g.by_alias
    i, n_words = 0, len(words)
    while i < n_words:
        w = words[i]
        longest = first.get(w, 0)
        if not longest:
            if "\u0600" <= w[:1] <= "\u06ff":
                country = by_alias.get((arabic_key(w),))
                if country is not None:
                    found.append(Place(i, i + 1, country))
            i += 1
            continue
        hit = None
        for n in range(min(longest, n_words - i), 0, -1):
            country = by_alias.get(tuple(words[i : i + n]))
            if country is not None:
                hit = Place(i, i + n, country)
                break
        if hit is not None:
            found.append(hit)
            i = hit.end
        else:
            i += 1
    if original and g.acronym_re is not None and _HAS_CAPS.search(original):
        for m in g.acronym_re.finditer(original):
            acro = m.group().replace(".", "")
            country = g.acronyms.get(acro)
            if country is None:
                continue
            idx = next((k for k, w in enumerate(words) if w == acro.lower()), -1)
            if idx >= 0 and not any(p.start <= idx < p.end for p in found):
                found.append(Place(idx, idx + 1, country))
    found.sort(key=lambda p: p.start)
    return found


_HAS_CAPS = re.compile(r"[A-Z]\.?[A-Z]")


def country_of(text: str) -> str | None:
    """The country a short name stands for ("Georgia", "Tbilisi", "Emirati"), if any."""
    words = normalize(text).split()
    g = gazetteer()
    country = g.by_alias.get(tuple(words))
    if country:
        return country
    bare = text.replace(".", "").strip()
    return g.acronyms.get(bare)


def aliases_of(country: str) -> tuple[str, ...]:
    return gazetteer().names.get(country, (normalize(country),))


_CAP_WORD = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’\-]*", re.UNICODE)
_CONNECTORS = frozenset(
    {
        "de",
        "da",
        "do",
        "dos",
        "das",
        "del",
        "van",
        "von",
        "bin",
        "ben",
        "al",
        "el",
        "la",
        "le",
        "di",
        "du",
        "ould",
        "ibn",
        "abu",
    }
)


def person_names(text: str) -> list[tuple[int, str]]:
    """(char offset, name) of runs of two to five capitalised words that may be a person.

    Honorifics ("M.", "Dr.", "Mme") are skipped; runs made of institution words
    ("Constitutional Court", "Republic") and country names are not names.
    """
    tokens = list(re.finditer(r"[\w'’\-.]+", text))
    out: list[tuple[int, str]] = []
    run: list[re.Match[str]] = []

    def flush() -> None:
        while run and normalize(run[-1].group()) in _CONNECTORS:
            run.pop()
        words = [normalize(m.group().rstrip(".")) for m in run]
        if 2 <= len(run) <= 5 and not any(w in NOT_NAME_WORDS for w in words if w):
            name = text[run[0].start() : run[-1].end()].rstrip(".")
            if country_of(name) is None and not any(country_of(m.group()) for m in run):
                out.append((run[0].start(), name))
        run.clear()

    for m in tokens:
        word = m.group()
        low = normalize(word.rstrip("."))
        if low in HONORIFICS and word[:1].isupper():
            flush()
            continue
        if _CAP_WORD.fullmatch(word.rstrip(".,")) and low not in NOT_NAME_WORDS:
            run.append(m)
            if word.endswith((".", ",")) and not (len(word) <= 3):
                flush()
        elif run and low in _CONNECTORS:
            run.append(m)
        else:
            flush()
    flush()
    return out


def people(text: str) -> list[str]:
    """Normalised :func:`person_names` that are not institutions ("Central Bank")."""
    out: list[str] = []
    for _, name in person_names(text):
        raw = [w for w in re.split(r"[\s\-]+", name) if w]
        words = normalize(name).split()
        if (
            words
            and words[0] not in _NOT_FIRST
            and not any(w in INSTITUTION_WORDS for w in words)
            and not any(len(w) > 1 and w.isupper() for w in raw)  # acronyms: "EMA CHMP"
        ):
            out.append(" ".join(words))
    return out


_NOT_FIRST = frozenset("will would what which who how when where whether is are does did".split())
