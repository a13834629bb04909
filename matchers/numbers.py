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

from matchers.lexicon import MONTHS, NUMBER_WORDS, ORDINAL_WORDS
from matchers.text import fold

_DECIMAL_COMMA = frozenset({"fr", "es", "pt", "it", "ro", "tr", "de", "ru"})
_NUM = re.compile(
    r"(?<![\w.,])[-−]?\d{1,3}(?:(?:[.,]|[ \u00a0\u202f])\d{3})+(?:[.,]\d+)?(?![\d])"
    r"|(?<![\w.,])[-−]?\d+(?:[.,]\d+)?(?![\d])"
)
_TOKEN = re.compile(r"%|[^\W_]+", re.UNICODE)
#: A date written in digits ("06/03/2026", "2026-03-06", "6.3.2026"): none of its parts
#: is a figure.
_DIGIT_DATE = re.compile(r"(?<![\d.,])\d{1,4}([/.\-])\d{1,2}\1\d{2,4}(?![\d])")
#: Words before a number that make it a reference, not a figure ("page 1 of 14").
_REFERENCE_WORDS = frozenset({"page", "pages", "p", "pp", "pagina", "pag", "seite", "no"})
#: Words between a day and its month ("31 de marzo", "1er mars").
_DAY_LINKS = frozenset({"de", "of", "er", "st", "nd", "rd", "th"})
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
    "процент",
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
    "bn": 1e9,
    "bilhoes": 1e9,
    "bilhao": 1e9,
    "milliard": 1e9,
    "milliards": 1e9,
    "miliardi": 1e9,
    "miliardo": 1e9,
    "milliarden": 1e9,
    "milliarde": 1e9,
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
    #: A part of a date ("06/03/2026", "1–31 March", "as of 31 March") or a page number.
    is_date: bool = False


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
    dates = [(m.start(), m.end()) for m in _DIGIT_DATE.finditer(text)]
    in_date: set[int] = set()
    pos = 0
    for m in _NUM.finditer(text):
        for w in _TOKEN.findall(text[pos : m.start()]):
            pieces.append(("w", w))
        if any(a <= m.start() < b for a, b in dates):
            in_date.add(len(pieces))
        if text[max(0, m.start() - 3) : m.start()].rstrip().endswith(("±", "+/-", "+-")):
            pos = m.end()  # a margin ("2.5 ± 1%"), not a value
            pieces.append(("w", "plusminus"))
            continue
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
        is_date = i in in_date or (not unit and _day_or_page(words, i, raw))
        figures.append(
            Figure(
                value,
                unit,
                i,
                tuple(words[max(0, i - 6) : i]),
                tuple(words[i + 1 : i + 7]),
                is_year=is_year,
                is_ordinal=ordinal,
                is_date=is_date,
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


def _day_or_page(words: list[str], i: int, raw: str) -> bool:
    """Is the number at ``i`` a day of a month ("31 March", "March 31", "1–31 March",
    "31 de marzo") or a page number ("page 1 of 14")?"""
    prev = words[i - 1] if i > 0 else ""
    if prev in _REFERENCE_WORDS:
        return True
    if not (raw.isdigit() and len(raw) <= 2 and 1 <= int(raw) <= 31):
        return False
    nxt = words[i + 1 : i + 5]
    if nxt and nxt[0] in _DAY_LINKS:
        nxt = nxt[1:]
    if _month_at(nxt, 0):
        return True
    # "1–31 March": a day range
    if len(nxt) >= 2 and nxt[0].isdigit() and len(nxt[0]) <= 2 and _month_at(nxt, 1):
        return True
    return prev in MONTHS and len(prev) > 3 and prev != "may"


def _month_at(words: list[str], j: int) -> bool:
    """A month name at ``j`` ("may" only before a year: "31 May 2026")."""
    if j >= len(words) or words[j] not in MONTHS or len(words[j]) < 3:
        return False
    if words[j] != "may":
        return True
    return j + 1 < len(words) and len(words[j + 1]) == 4 and words[j + 1].isdigit()


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
