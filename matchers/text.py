"""Text normalisation and sentence splitting, explicit because rapidfuzz does none.

``normalize`` folds case, Unicode forms, punctuation, Arabic letter variants and
diacritics; sentence spans keep character offsets into the original text so that a
quote is always ``text[start:end]``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

# Arabic: drop harakat/tatweel, unify alef/yeh/teh marbuta variants.
_ARABIC_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")
_APOSTROPHES = re.compile(r"['’`ʼʻ]")
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
#: Romance elision (l'Union, d'une, n'ont, dell'Interno): the article is a word of its own.
_ELISION = re.compile(r"\b([ldnsjcmt]|qu|dell|nell|all|dall|sull|un)['’](?=\w)", re.IGNORECASE)

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
    "M.",
    "Mme.",
    "Sr.",
    "Sra.",
    "Prof.",
    "Amb.",
    "Hon.",
    "Sen.",
    "Gov.",
    "Pres.",
    "H.E.",
    "S.E.",
    "a.m.",
    "p.m.",
)
_ABBREVIATION_RE = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(re.escape(a) for a in sorted(_ABBREVIATIONS, key=len, reverse=True))
    + r")"
)
# A sentence ends at . ! ? ؟ or the Arabic full stop, followed by space and a capital,
# a digit, a quote or a non-Latin letter; also at blank lines.
_SENTENCE_END = re.compile(
    r"(?<=[.!?؟۔])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9\u0600-\u06ff])"
    r"|\n\s*\n|\n(?=\s*[-•*]\s)"
)


_ASCII_PUNCT = re.compile(r"[^a-z0-9_\s]")


def normalize(text: str) -> str:
    """Case-, accent- and punctuation-folded text with single spaces."""
    if text.isascii():
        # the common case, without Unicode tables (same result as the general path)
        if "'" in text or "`" in text:
            text = _POSSESSIVE.sub("", text)
            text = _ELISION.sub(r"\1 ", text)
            text = _APOSTROPHES.sub("", text)
        return " ".join(_ASCII_PUNCT.sub(" ", text.lower()).split())
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_FOLD)
    text = _POSSESSIVE.sub("", text)
    text = _ELISION.sub(r"\1 ", text)
    text = _APOSTROPHES.sub("", text)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = _PUNCT.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Case-, accent- and Arabic-folded text that keeps digits, punctuation and offsets
    of words apart (used for reading numbers: "31,9%", "1.206", "575 222")."""
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_FOLD)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_LANG_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to in that is was were has have with for on by said".split()),
    "fr": frozenset("le la les des du de et est une pour dans sur par au aux qui a ete".split()),
    "es": frozenset("el la los las del de y en que por con para una se al fue".split()),
    "pt": frozenset("o os as da do das dos e em que por com para uma se foi ao".split()),
    "it": frozenset("il lo gli della del di e che per con una sono alla nel".split()),
    "ro": frozenset("si in la cu pe din care este au fost a al ale pentru".split()),
    "tr": frozenset("ve bir bu ile icin olarak da de olan".split()),
    "de": frozenset(
        "der die das und ist nicht mit von den dem des im zu auf fur wurde hat sich".split()
    ),
    "ru": frozenset("и в на не что по с о от для из за к до как это года был была было".split()),
}


_ARABIC_CHARS = re.compile(r"[\u0600-\u06ff]")
_CJK_CHARS = re.compile(r"[\u3040-\u9fff]")


def guess_language(text: str) -> str:
    """A two-letter guess from function words and scripts ("und" for unknown)."""
    if not text:
        return "und"
    sample = text[:1200]
    if not sample.isascii():
        arabic = len(_ARABIC_CHARS.findall(sample))
        cjk = len(_CJK_CHARS.findall(sample))
        letters = sum(1 for ch in sample if ch.isalpha()) or 1
        if arabic / letters > 0.3:
            return "ar"
        if cjk / letters > 0.3:
            return "ja"
    counts = Counter(normalize(text[:1200]).split())
    best, score = "und", 0
    for lang, vocab in _LANG_WORDS.items():
        n = sum(counts[w] for w in vocab if w in counts)
        if n > score:
            best, score = lang, n
    return best


_COGNATE_RULES = (
    (re.compile(r"cci(?=[aeiou])"), "cti"),
    (re.compile(r"(?<=[aeiou])ci(?=[aeou])"), "ti"),
    (re.compile(r"(?<=[aeiou])cao$"), "tion"),
    (re.compile(r"zione$"), "tion"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"th"), "t"),
    (re.compile(r"y"), "i"),
    (re.compile(r"k"), "c"),
)


@lru_cache(maxsize=200_000)
def cognate(token: str) -> str:
    """A spelling key under which Romance and English cognates meet: elección, élection
    and election → "election"; inflación → "inflation"; participação → "participation"."""
    for pattern, repl in _COGNATE_RULES:
        token = pattern.sub(repl, token)
    return token


@lru_cache(maxsize=200_000)
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


def split_sentences(text: str, title: str = "") -> list[Span]:
    """Sentences with their offsets, stripped of surrounding whitespace.

    With the document's ``title``: a first line that is the headline (extracted article
    text often starts with it, then a single line break) is a sentence of its own, so a
    quote from the first paragraph does not begin with the headline. Other single line
    breaks do not end a sentence: PDF text breaks lines mid-sentence.
    """
    protected = _ABBREVIATION_RE.sub(lambda m: m.group().replace(".", "\x00"), text)
    spans: list[Span] = []
    pos = _headline_end(text, title) if title else 0
    if pos:
        _add_span(text, 0, pos, spans)
    cuts = [(m.start(), m.end()) for m in _SENTENCE_END.finditer(protected, pos)]
    if "\n" in text:
        cuts = sorted(cuts + _layout_cuts(text, pos))
    for a, b in cuts:
        if a < pos:
            continue
        _add_span(text, pos, a, spans)
        pos = max(pos, b)
    _add_span(text, pos, len(text), spans)
    return spans


#: Page markers in extracted PDF text: "Page 2 of 5", "Página 3 de 4", "- 4 -", "2/5".
_PAGE_MARK = re.compile(
    r"(?i)(?:^|[\s|–-])(?:(?:page|pagina|página|seite|pag\.|p\.)\s*\d+"
    r"(?:\s*(?:of|sur|de|von|di|/)\s*\d+)?|[-–]\s*\d+\s*[-–]|\d+\s*/\s*\d+)\s*$"
)
_LINE = re.compile(r"[^\n]+")


def _capitals(line: str) -> bool:
    return sum(ch.isupper() for ch in line) >= 3 and not any(ch.islower() for ch in line)


def _layout_cuts(text: str, pos: int) -> list[tuple[int, int]]:
    """Sentence boundaries from page layout. Page furniture — a page marker ("Page 2 of
    5", "CONSUMER PRICES – Page 1 of 4"), a running header or heading in capitals ("IOM
    IRAQ | … | SITREP 5", "HANDOVER AND RETURN") — is skipped: it is no sentence. A line of
    "|"-separated cells (a table row) is a sentence of its own. Ordinary hard-wrapped lines
    (a sentence broken mid-way) are left alone."""
    out: list[tuple[int, int]] = []
    for m in _LINE.finditer(text, pos):
        line = m.group().strip()
        if not line or line[-1] in ".!?;,":
            continue
        mark = _PAGE_MARK.search(line)
        rest = line[: mark.start()].strip(" |–-") if mark else line
        if not rest or (" | " not in rest and _capitals(rest)):
            out.append((m.start(), m.end()))
        elif " | " in rest:
            out += [(m.start(), m.start()), (m.end(), m.end())]
    return out


_FIRST_LINE = re.compile(r"\s*([^\n]+?)[ \t]*\n")


def _headline_end(text: str, title: str) -> int:
    """Where the text's first line ends, when that line is the title; else 0."""
    m = _FIRST_LINE.match(text)
    if m is None or m.group(1).rstrip()[-1:] in ".!?;:,":
        return 0
    line, head = normalize(m.group(1)), normalize(title)
    if not line or len(line.split()) < 3:
        return 0
    # the headline itself, or the title with the site's name after it ("… | Ministry")
    if line == head or head.startswith(line + " "):
        return m.end()
    return 0


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
