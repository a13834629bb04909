"""English words for what a finding names in another language: Arabic institution names
("البنك المركزي السعودي" → Saudi Central Bank (SAMA)), non-cognate institution words
("conseil" → council, board) and German compound parts ("Erstanträge" → first,
application). Used so that relevance, retrieval and authority meet a question written in
English; the finding's own words (and citations) are never changed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from matchers.lexicon import ARABIC_INSTITUTIONS, GERMAN_PARTS, WORD_GLOSS
from matchers.text import normalize, stem

_ARABIC = re.compile(r"[\u0600-\u06ff]")


@lru_cache(maxsize=1)
def _tables() -> tuple[
    tuple[tuple[str, str], ...], dict[str, tuple[str, ...]], dict[tuple[str, ...], tuple[str, ...]]
]:
    names = tuple(
        sorted(
            ((normalize(k), v) for k, v in ARABIC_INSTITUTIONS.items()), key=lambda x: -len(x[0])
        )
    )
    words: dict[str, tuple[str, ...]] = {}
    phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
    for k, v in WORD_GLOSS.items():
        key = tuple(normalize(k).split())
        english = tuple(stem(w) for w in normalize(v).split())
        if len(key) == 1:
            words[key[0]] = english
        else:
            phrases[key] = english
    return names, words, phrases


def english_name(source: str) -> str | None:
    """The English name of an institution an Arabic source name is (or contains)."""
    if not source or not _ARABIC.search(source):
        return None
    norm = normalize(source)
    for ar, en in _tables()[0]:
        if ar in norm:
            return en
    return None


def gloss(words: list[str], lang: str, text: str = "") -> dict[str, set[str]]:
    """English stem → the finding's own words (stemmed) that stand for it."""
    names, table, phrases = _tables()
    out: dict[str, set[str]] = {}

    def add(english: tuple[str, ...] | list[str], own: list[str]) -> None:
        for e in english:
            out.setdefault(e, set()).update(stem(w) for w in own)

    uniq = set(words)
    for w in uniq:
        en = table.get(w)
        if en:
            add(en, [w])
    if phrases:
        firsts = {k[0] for k in phrases}
        for i, w in enumerate(words):
            if w in firsts:
                for k, en in phrases.items():
                    if tuple(words[i : i + len(k)]) == k:
                        add(en, list(k))
    if text and _ARABIC.search(text):
        joined = " ".join(words)
        for ar, name in names:
            if ar in joined:
                add(normalize(name).split(), ar.split())
    if lang == "de":
        for w in uniq:
            if len(w) < 5:
                continue
            for part, parts_en in GERMAN_PARTS.items():
                # a short part only at a compound's edge ("Erst|anträge", "Asyl|anträge")
                if part in w and (len(part) > 4 or w.startswith(part) or w.endswith(part)):
                    add(tuple(stem(x) for x in parts_en.split()), [w])
    return out
