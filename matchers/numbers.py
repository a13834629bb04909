"""Numbers as official statements write them: "31,9%", "1.206 personas", "575 222 voix",
"seventy-two hours", "the fourth reduction", "225 نقطة أساس", "yüzde 42,5".

``read_figures`` turns a sentence into figures with their unit and the words around
them; the separators are read by the language of the text (a comma is decimal in
French, Spanish, Portuguese, Italian, Romanian and Turkish; a dot followed by three
digits is a thousands separator there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from matchers.lexicon import NUMBER_WORDS, ORDINAL_WORDS
from matchers.text import fold

_DECIMAL_COMMA = frozenset({"fr", "es", "pt", "it", "ro", "tr", "de"})
_NUM = re.compile(
    r"(?<![\w.,])[-−]?\d{1,3}(?:(?:[.,]|[ \u00a0\u202f])\d{3})+(?:[.,]\d+)?(?![\d])"
    r"|(?<![\w.,])[-−]?\d+(?:[.,]\d+)?(?![\d])"
)
_TOKEN = re.compile(r"%|[^\W_]+", re.UNICODE)
_PERCENT = (
    "percent",
    "per cent",
    "por ciento",
    "pour cent",
    "pourcent",
    "per cento",
    "por cento",
    "la suta",
    "بالمايه",
    "في المايه",
    "pct",
)
_BP = (
    "basis point",
    "bps",
    "bp",
    "points de base",
    "puntos basicos",
    "pontos base",
    "punti base",
    "نقطه اساس",
    "baz puan",
)
_PP = (
    "percentage point",
    "puntos porcentuales",
    "points de pourcentage",
    "pontos percentuais",
    "punti percentuali",
)
_MULTIPLIERS = {
    "thousand": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "millones": 1e6,
    "milhoes": 1e6,
    "milioni": 1e6,
    "billion": 1e9,
    "billions": 1e9,
}


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str  # "%", "bp", "pp" or "" (a count or a level)
    #: Index of the figure among the sentence's words (for distances).
    index: int
    before: tuple[str, ...]  # up to 6 folded words before, nearest last
    after: tuple[str, ...]  # up to 6 folded words after
    is_year: bool = False
    is_ordinal: bool = False


def parse_number(raw: str, lang: str) -> float | None:
    """One written number → float, reading separators by language."""
    s = raw.replace("−", "-").replace("\u00a0", " ").replace("\u202f", " ")
    neg = s.startswith("-")
    s = s.lstrip("-")
    if " " in s:
        s = s.replace(" ", "")
    if "," in s and "." in s:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        s = s.replace("." if dec == "," else ",", "").replace(dec, ".")
    elif "," in s:
        head, _, tail = s.rpartition(",")
        if lang in _DECIMAL_COMMA or len(tail) != 3 or (s.count(",") == 1 and len(head) > 3):
            s = s.replace(",", ".") if s.count(",") == 1 else s.replace(",", "")
        else:
            s = s.replace(",", "")
    elif "." in s:
        head, _, tail = s.rpartition(".")
        if s.count(".") > 1 or (lang in _DECIMAL_COMMA and len(tail) == 3 and lang != "fr"):
            s = s.replace(".", "")
    try:
        value = float(s)
    except ValueError:
        return None
    return -value if neg else value


def _unit(after: str, before: str) -> str:
    if after.startswith("%") or before.endswith("%") or before.endswith("yuzde"):
        return "%"
    if any(after.startswith(p) for p in _PP):
        return "pp"
    if any(after.startswith(p) for p in _BP):
        return "bp"
    if any(after.startswith(p) for p in _PERCENT):
        return "%"
    return ""


def _word_numbers(words: list[str]) -> list[tuple[int, int, float, bool]]:
    """(index, end, value, is_ordinal) for runs of number words ("seventy two", "fourth");
    ``end`` is the index after the run, where its unit is ("sixty three per cent")."""
    out: list[tuple[int, int, float, bool]] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w in ORDINAL_WORDS:
            out.append((i, i + 1, float(ORDINAL_WORDS[w]), True))
            i += 1
            continue
        if w not in NUMBER_WORDS or w in {"hundred", "thousand", "million", "billion"}:
            i += 1
            continue
        total, current, j = 0.0, 0.0, i
        while j < len(words) and (words[j] in NUMBER_WORDS or (words[j] == "and" and j > i)):
            v = NUMBER_WORDS.get(words[j])
            if v is None:
                j += 1
                continue
            if v == 100:
                current = max(current, 1) * 100
            elif v >= 1000:
                total += max(current, 1) * v
                current = 0
            else:
                current += v
            j += 1
        out.append((i, j, total + current, False))
        i = j
    return out


def read_figures(sentence: str, lang: str) -> list[Figure]:
    """Every number in a sentence with its unit and neighbouring words."""
    text = fold(sentence)
    pieces: list[tuple[str, str]] = []  # (kind, text)
    pos = 0
    for m in _NUM.finditer(text):
        for w in _TOKEN.findall(text[pos : m.start()]):
            pieces.append(("w", w))
        pieces.append(("n", m.group()))
        pos = m.end()
    for w in _TOKEN.findall(text[pos:]):
        pieces.append(("w", w))
    words = [p[1] for p in pieces]
    figures: list[Figure] = []
    for i, (kind, raw) in enumerate(pieces):
        if kind != "n":
            continue
        value = parse_number(raw, lang)
        if value is None:
            continue
        after = " ".join(words[i + 1 : i + 5])
        before = " ".join(words[max(0, i - 3) : i])
        mult = _MULTIPLIERS.get(words[i + 1]) if i + 1 < len(words) else None
        unit = _unit(after, before)
        if mult and not unit:
            value *= mult
        ordinal = after.startswith(("st ", "nd ", "rd ", "th ")) or after in {
            "st",
            "nd",
            "rd",
            "th",
        }
        is_year = not unit and raw.isdigit() and len(raw) == 4 and 1900 <= value <= 2100
        figures.append(
            Figure(
                value,
                unit,
                i,
                tuple(words[max(0, i - 6) : i]),
                tuple(words[i + 1 : i + 7]),
                is_year=is_year,
                is_ordinal=ordinal,
            )
        )
    for i, end, value, is_ordinal in _word_numbers(words):
        after = " ".join(words[end : end + 4])
        figures.append(
            Figure(
                value,
                _unit(after, ""),
                i,
                tuple(words[max(0, i - 6) : i]),
                tuple(words[end : end + 6]),
                is_ordinal=is_ordinal,
            )
        )
    figures.sort(key=lambda f: f.index)
    return figures


def words_of(sentence: str) -> list[str]:
    """The folded words of a sentence in the same numbering ``Figure.index`` uses."""
    text = fold(sentence)
    out: list[str] = []
    pos = 0
    for m in _NUM.finditer(text):
        out.extend(_TOKEN.findall(text[pos : m.start()]))
        out.append(m.group())
        pos = m.end()
    out.extend(_TOKEN.findall(text[pos:]))
    return out
