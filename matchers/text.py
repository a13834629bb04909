"""Text normalisation and sentence splitting, explicit because rapidfuzz does none.

``normalize`` folds case, Unicode forms, punctuation, Arabic letter variants and
diacritics; sentence spans keep character offsets into the original text so that a
quote is always ``text[start:end]``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Arabic: drop harakat/tatweel, unify alef/yeh/teh marbuta variants.
_ARABIC_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")
_APOSTROPHES = re.compile(r"['’`ʼʻ]")

STOPWORDS = frozenset(
    """
    a an the and or of to in on at by for from with without into onto over under about
    as is are was were be been being has have had do does did will would shall should
    can could may might must this that these those it its their there here which who
    whom whose what when where why how than then so such not no nor any all some each
    other another more most very also just only own same both few many much per via upon
    after before until while during between against through within among his her he she
    they them we our you your i me my us mr ms
    """.split()
)

_ABBREVIATIONS = (
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "St.",
    "No.",
    "U.S.",
    "U.N.",
    "U.K.",
    "E.U.",
    "Gen.",
    "Lt.",
    "Col.",
    "Maj.",
    "Capt.",
    "Sgt.",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Jun.",
    "Jul.",
    "Aug.",
    "Sep.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
    "Inc.",
    "e.g.",
    "i.e.",
    "vs.",
    "approx.",
)
# A sentence ends at . ! ? ؟ or the Arabic full stop, followed by space and a capital,
# a digit, a quote or a non-Latin letter; also at blank lines.
_SENTENCE_END = re.compile(
    r"(?<=[.!?؟۔])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9\u0600-\u06ff])"
    r"|\n\s*\n|\n(?=\s*[-•*]\s)"
)


def normalize(text: str) -> str:
    """Case-, accent- and punctuation-folded text with single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_FOLD)
    text = _APOSTROPHES.sub("", text)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = _PUNCT.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def stem(token: str) -> str:
    """A deliberately light English stemmer: plural and possessive endings only.

    "soldiers" → "soldier", "authorities" → "authority"; names stay intact. Heavier
    stemming merges words officials keep apart ("returned"/"return" is fine,
    "organization"/"organ" is not).
    """
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    """Normalised, stemmed content words (stopwords removed)."""
    return [stem(t) for t in normalize(text).split() if t not in STOPWORDS]


@dataclass(frozen=True)
class Span:
    """A slice of the original text: ``source[start:end] == text``."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Span]:
    """Sentences with their offsets, stripped of surrounding whitespace."""
    protected = text
    for abbr in _ABBREVIATIONS:
        protected = protected.replace(abbr, abbr.replace(".", "\x00"))
    spans: list[Span] = []
    pos = 0
    for m in _SENTENCE_END.finditer(protected):
        _add_span(text, pos, m.start(), spans)
        pos = m.end()
    _add_span(text, pos, len(text), spans)
    return spans


_LEADING_BULLET = re.compile(r"^\s*(?:[-–•*▪●]\s+)?")


def _add_span(text: str, start: int, end: int, out: list[Span]) -> None:
    chunk = text[start:end]
    stripped = _LEADING_BULLET.sub("", chunk).strip()
    if not stripped:
        return
    lead = len(chunk) - len(_LEADING_BULLET.sub("", chunk, count=1))
    lead += len(chunk[lead:]) - len(chunk[lead:].lstrip())
    s = start + lead
    e = s + len(stripped)
    out.append(Span(s, e, text[s:e]))
