"""The resolution spec: what a question's resolution looks like in an official statement.

``compile_spec`` turns a question (title, outcomes, resolution source, window, context)
into a plain JSON-able dict, stored in ``Question.spec`` at import:

* ``subject`` — weighted terms (entities, places, numbers, content words) and the
  entities a finding must be about ("Syria", "Iraq", "Al-Qaim");
* ``event`` — for yes/no questions the event classes the title's verbs evoke (win →
  elected, declared the winner …), any count or threshold the title sets ("at least
  four times", "exceed 3.0%"), and whether the first occurrence counts;
* ``measure`` — for numeric questions, the figure asked for and its qualifiers;
* ``outcomes`` — for each option its role (yes / no / event / entity / band / other),
  event classes, cue phrases, entity aliases, band or amount, distinctive qualifiers;
* ``other`` — what "Other" means; ``notes`` — what could not be compiled and why.

``describe_spec`` renders it as lines for ``resdesk questions show``. Plain data in and
out; no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from matchers.entities import countries_in, country_of, is_capital, people
from matchers.lexicon import (
    ALL_WORDS,
    CLASS_BY_NAME,
    COMMON_SUBJECT_WORDS,
    EVENT_CLASSES,
    GENERIC_LABEL_WORDS,
    MEASURES,
    MEETING_NOUNS,
    MONTHS,
    NOUN_CLASSES,
    NOUN_TRIGGERS,
    NUMBER_WORDS,
    OTHER_LABELS,
    QUALIFIERS,
    QUESTION_WORDS,
    SOME_WORDS,
    THIRD_COUNTRY,
)
from matchers.numbers import parse_number
from matchers.text import STOPWORDS, fold, normalize, stem

SPEC_VERSION = 10
_YES = frozenset({"yes", "oui", "si", "sim"})
_NO = frozenset({"no", "non", "nao"})
_ORG_WORDS = frozenset(
    """party parti partido bloc block alliance coalition front movement congress union
    council list league assembly coalition""".split()
)
_CAP_RUN = re.compile(
    r"(?:[A-ZÀ-ÖØ-Þ][\w’'\-]*|[A-Z]{2,}(?:/[A-Z0-9]+)?)"
    r"(?:\s+(?:of|the|and|for|de|del|du|des|la|le|al)?\s*"
    r"(?:[A-ZÀ-ÖØ-Þ][\w’'\-]*|[A-Z]{2,}(?:/[A-Z0-9]+)?))*"
)
_PAREN_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9/&\-]{1,9})\)")
_NUM_RE = r"[-−]?\d[\d.,]*"
_BAND_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"^(?:between\s+)?({_NUM_RE})\s*%?\s*(?:to|and|-|–)\s*({_NUM_RE})"), "range"),
    (re.compile(rf"^(?:fewer than|less than|below|under|lower than)\s+({_NUM_RE})"), "lt"),
    (re.compile(rf"^(?:up to|at most|no more than)\s+({_NUM_RE})"), "le"),
    (
        re.compile(rf"^(?:more than|above|over|greater than|higher than|exceeds?)\s+({_NUM_RE})"),
        "gt",
    ),
    (re.compile(rf"^(?:at least)\s+({_NUM_RE})"), "ge"),
    (re.compile(rf"^({_NUM_RE})\s*%?\s*(?:or (?:more|above|higher|greater)|\+)"), "ge"),
    (re.compile(rf"^({_NUM_RE})\s*%?\s*(?:or (?:less|below|lower|fewer))"), "le"),
)
_THRESHOLD = re.compile(
    r"\b(exceed|exceeds|above|more than|over|greater than|higher than|at least|reach|reaches"
    r"|surpass|below|under|fewer than|less than|lower than)\s+(?:the\s+|a\s+|an\s+)?"
    rf"({_NUM_RE}|{'|'.join(k for k in NUMBER_WORDS)})\s*(%|percent|per cent|times|seats)?"
)
_TIMES = re.compile(
    rf"\b({_NUM_RE}|{'|'.join(k for k in NUMBER_WORDS)})"
    r"\s+(times|cuts|hikes|increases|reductions)\b"
)
_OPS = {
    "exceed": ">",
    "exceeds": ">",
    "above": ">",
    "more than": ">",
    "over": ">",
    "greater than": ">",
    "higher than": ">",
    "surpass": ">",
    "at least": ">=",
    "reach": ">=",
    "reaches": ">=",
    "below": "<",
    "under": "<",
    "fewer than": "<",
    "less than": "<",
    "lower than": "<",
}
_SUPERLATIVE = ("most votes", "most seats", "largest", "highest", "first place", "most")
_FIRST = ("first", "next")


# --- small helpers ------------------------------------------------------------------------


def _num(raw: str) -> float | None:
    raw = raw.strip()
    if raw in NUMBER_WORDS:
        return float(NUMBER_WORDS[raw])
    return parse_number(raw, "en")


def _unit_of(label: str) -> str:
    low = label.lower()
    if "%" in low or "percent" in low or "per cent" in low:
        return "%"
    if "bps" in low or "basis point" in low or re.search(r"\bbp\b", low):
        return "bp"
    return ""


def _decimals(raw: str) -> int:
    raw = raw.replace(",", "") if re.fullmatch(r"-?\d{1,3}(,\d{3})+", raw) else raw
    m = re.search(r"[.,](\d+)$", raw)
    return len(m.group(1)) if m else 0


_SCALED = re.compile(rf"({_NUM_RE})\s*(thousand|million|billion|bn)\b")
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "bn": 1e9}


def _unscale(text: str) -> str:
    """ "1 million or more" → "1000000 or more" (a count written with its scale word)."""

    def one(m: re.Match[str]) -> str:
        v = parse_number(m.group(1), "en")
        return m.group() if v is None else f"{v * _SCALE[m.group(2)]:.0f}"

    return _SCALED.sub(one, text)


_CURRENCY = re.compile(r"(?:\b(?:us|r|a|c|nz))?\$\s?|€\s?|£\s?|\b(?:usd|eur|gbp)\s")


def parse_band(label: str) -> dict[str, Any] | None:
    """ "30% to 45%" → {lo: 30, hi: 45, …}; None when the label is not only a number range."""
    # a currency before the amount ("US$5.0 billion", "€2 bn") is not part of the range
    text = _unscale(_CURRENCY.sub("", fold(label).replace("−", "-")).strip())
    rest = re.sub(_NUM_RE, " ", text)
    rest = re.sub(
        r"%|percent|per cent|bps|bp|basis points?|between|and|to|fewer|less|below|under|lower"
        r"|than|up|at|most|least|no|more|above|over|greater|higher|exceeds?|or|[-–+]",
        " ",
        rest,
    )
    if rest.strip():
        return None
    for pattern, kind in _BAND_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        raws = list(m.groups())
        values = [_num(r) for r in raws]
        if any(v is None for v in values):
            return None
        dec = max(_decimals(r) for r in raws)
        unit = _unit_of(label)
        v = [float(x) for x in values if x is not None]
        if kind == "range":
            return {
                "lo": v[0],
                "hi": v[1],
                "lo_incl": True,
                "hi_incl": True,
                "unit": unit,
                "decimals": dec,
            }
        if kind in {"lt", "le"}:
            return {
                "lo": None,
                "hi": v[0],
                "lo_incl": False,
                "hi_incl": kind == "le",
                "unit": unit,
                "decimals": dec,
            }
        return {
            "lo": v[0],
            "hi": None,
            "lo_incl": kind == "ge",
            "hi_incl": False,
            "unit": unit,
            "decimals": dec,
        }
    return None


def in_band(value: float, band: dict[str, Any]) -> bool:
    v = round(value, int(band.get("decimals", 1)))
    lo, hi = band.get("lo"), band.get("hi")
    if lo is not None and (v < lo or (v == lo and not band.get("lo_incl", True))):
        return False
    return not (hi is not None and (v > hi or (v == hi and not band.get("hi_incl", True))))


def compare(value: float, op: str, target: float) -> bool:
    return {
        ">": value > target,
        ">=": value >= target,
        "<": value < target,
        "<=": value <= target,
        "==": abs(value - target) < 1e-9,
    }[op]


def _amount(label: str) -> dict[str, Any] | None:
    """ "Cut by more than 100 bps" → {op: ">", value: 100, unit: "bp"}."""
    text = fold(label)
    m = re.search(
        rf"\bby\s+(more than|less than|at least|up to|over|under)?\s*({_NUM_RE})\s*"
        r"(bps|bp|basis points?|percentage points?|pp|%)?\s*(or (?:less|more|fewer))?",
        text,
    )
    if not m:
        return None
    value = _num(m.group(2))
    if value is None:
        return None
    unit = m.group(3) or ""
    if unit.startswith("percentage") or unit == "pp" or unit == "%":
        value, unit = value * 100, "bp"
    elif unit:
        unit = "bp"
    op = "=="
    pre, post = m.group(1) or "", m.group(4) or ""
    if pre in {"more than", "over"}:
        op = ">"
    elif pre in {"less than", "under"}:
        op = "<"
    elif pre == "at least" or post == "or more":
        op = ">="
    elif pre == "up to" or post in {"or less", "or fewer"}:
        op = "<="
    return {"op": op, "value": value, "unit": unit or "bp"}


def _stem_match(word: str, trigger: str) -> bool:
    if trigger.endswith("~"):
        return word.startswith(trigger[:-1])
    return word == trigger


_NOUN_SUFFIX = ("tion", "tions", "sion", "sions", "ment", "ments", "ance", "ence")
#: Words with a noun's ending that official titles use as verbs.
_VERBS_LIKE_NOUNS = frozenset({"sanction", "question", "mention", "position", "commission"})
#: Adjectives ("constitutional amendments", "federal") and -al nouns ("renewal") are not
#: the title's verb; these -al words can be.
_AL_VERBS = frozenset({"appeal", "repeal", "reveal", "conceal", "signal", "cancel"})


def _not_a_verb(w: str) -> bool:
    if w in NOUN_TRIGGERS or (w.endswith(_NOUN_SUFFIX) and w not in _VERBS_LIKE_NOUNS):
        return True
    return len(w) > 5 and w.endswith("al") and w not in _AL_VERBS


def main_classes(title: str) -> list[str]:
    """The classes of a yes/no title's main verb: the first trigger word that is an
    action, not a noun ("Will Greece *extend* its suspension of asylum …" → extend);
    noun classes only when the title has no verb ("go to a second round")."""
    text = _without_names(title)
    words = normalize(text).split()
    for w in words[1:]:
        if _not_a_verb(w):
            continue
        found = [c for c in classes_in(w) if c not in NOUN_CLASSES]
        if found:
            return found[:1]
    return [c for c in classes_in(text) if c not in {"host"}]


def verb_position(title: str) -> int | None:
    """Index (in normalised title words) of a yes/no title's main verb, if found."""
    words = normalize(_without_names(title)).split()
    full = normalize(title).split()
    for w in words[1:]:
        if _not_a_verb(w):
            continue
        if [c for c in classes_in(w) if c not in NOUN_CLASSES]:
            return full.index(w) if w in full else None
    return None


_AT_WORDS = frozenset({"the", "its", "their", "at"})


def object_entities(title: str, entities: list[dict[str, Any]]) -> list[str]:
    """Core entities named after the main verb: what the event is done to or where."""
    pos = verb_position(title)
    if pos is None:
        return []
    words = normalize(title).split()
    out: list[str] = []
    for e in entities:
        if not e.get("core"):
            continue
        if e["kind"] == "country":
            places = [p for p in countries_in(words, title) if p.country == e["label"]]
            if any(p.start > pos for p in places):
                out.append("@" + e["label"])
            continue
        label = normalize(e["label"]).split()
        idx = [i for i, w in enumerate(words) if w == label[0]]
        if idx and idx[0] > pos:
            end = idx[0] + len(label)
            if end < len(words) and words[end] in MEETING_NOUNS and words[idx[0] - 1] in _AT_WORDS:
                continue  # "at the MPC meeting": when, not what the event is done to
            out.append(e["label"])
    return out


def _without_names(title: str) -> str:
    """The title with its proper-noun runs of two or more words blanked out."""
    out = title
    for m in _CAP_RUN.finditer(title):
        if len(m.group().split()) >= 2 and m.start() > 0:
            out = out.replace(m.group(), " ")
    return out


@lru_cache(maxsize=1)
def _trigger_patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for ec in EVENT_CLASSES:
        alts = []
        for trig in ec.triggers:
            parts = trig.split()
            alts.append(
                r"\s+".join(
                    re.escape(p[:-1]) + r"\w*" if p.endswith("~") else re.escape(p) for p in parts
                )
            )
        out.append((ec.name, re.compile(r"(?<!\S)(?:" + "|".join(alts) + r")(?!\S)")))
    return out


def classes_in(text: str) -> list[str]:
    """Event classes whose trigger words occur in ``text`` (a title or a label)."""
    norm = normalize(text)
    found = [name for name, pattern in _trigger_patterns() if pattern.search(norm)]
    if "complete_response" in found and "complete" in found:
        found.remove("complete")  # an FDA "complete response" is a refusal, not a completion
    return found


def _proper_runs(text: str) -> list[str]:
    """Runs of capitalised words in ``text`` that are not sentence openers or question words."""
    out: list[str] = []
    for m in _CAP_RUN.finditer(text):
        chunk: list[str] = []
        for w in [*normalize(m.group()).split(), ""]:
            if w and w not in QUESTION_WORDS and w not in _WEEKDAYS:
                chunk.append(w)
                continue
            while chunk and (chunk[0] in STOPWORDS or countries_in(chunk[:1])) and len(chunk) > 1:
                chunk.pop(0)  # "Iraq's Sinjar": the country is its own entity
            lead = countries_in(chunk[:3])
            if lead and lead[0].start == 0 and lead[0].end < len(chunk):
                del chunk[: lead[0].end]  # "Sri Lanka's Extended Fund Facility" likewise
            while chunk and chunk[0] in STOPWORDS:
                chunk.pop(0)
            while chunk and chunk[-1] in STOPWORDS:
                chunk.pop()
            if chunk:
                out.append(" ".join(chunk))
            chunk = []
    return out


_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def _term_weight(term: str, kind: str) -> float:
    if kind == "entity":
        return 3.0
    if kind == "number":
        return 2.0
    if term in COMMON_SUBJECT_WORDS:
        return 0.5
    return 1.0 + min(len(term), 10) / 10.0


# --- subject -------------------------------------------------------------------------------


def _subject(title: str, context: str, labels: Sequence[str]) -> dict[str, Any]:
    label_words = {stem(w) for lab in labels for w in normalize(lab).split()}
    words = normalize(title).split()
    terms: dict[str, dict[str, Any]] = {}
    entities: list[dict[str, Any]] = []
    seen_entities: set[str] = set()

    for place in countries_in(words, title):
        span = tuple(words[place.start : place.end])
        if is_capital(span):
            # a city named in the title is more specific than its country
            city = " ".join(span)
            if city not in seen_entities:
                seen_entities.add(city)
                entities.append({"label": city, "kind": "name", "core": True})
            continue
        if place.country in seen_entities:
            continue
        seen_entities.add(place.country)
        entities.append({"label": place.country, "kind": "country", "core": True})
    for run in _proper_runs(title):
        country = country_of(run)
        if country or run in seen_entities:
            continue
        run_words = run.split()
        if all(w in COMMON_SUBJECT_WORDS or w in STOPWORDS for w in run_words):
            continue
        if len(run_words) == 1 and countries_in(run_words):
            continue
        seen_entities.add(run)
        entities.append({"label": run, "kind": "name", "core": True})
    for acro in _PAREN_ACRONYM.findall(title):
        if acro.lower() not in seen_entities:
            seen_entities.add(acro.lower())
            entities.append({"label": acro, "kind": "acronym", "core": False})
    if context:
        ctx_words = normalize(context).split()
        for place in countries_in(ctx_words, context):
            if place.country not in seen_entities:
                seen_entities.add(place.country)
                entities.append({"label": place.country, "kind": "country", "core": False})
        for run in _proper_runs(context)[:12]:
            if country_of(run) or run in seen_entities or len(run) < 4:
                continue
            if all(w in COMMON_SUBJECT_WORDS or w in STOPWORDS for w in run.split()):
                continue
            seen_entities.add(run)
            entities.append({"label": run, "kind": "name", "core": False})

    country_idx = {
        i
        for p in countries_in(words, title)
        if not is_capital(tuple(words[p.start : p.end]))
        for i in range(p.start, p.end)
    }
    for e in entities:
        if e["kind"] == "country" and e["core"]:
            key = "@" + e["label"]
            terms[key] = {"term": key, "kind": "entity", "weight": 3.0}
    name_weight: dict[str, float] = {}
    for e in entities:
        if e["kind"] == "name" and e["core"]:
            ws = [w for w in normalize(e["label"]).split() if w not in STOPWORDS]
            for w in ws:
                name_weight[stem(w)] = max(name_weight.get(stem(w), 0.0), max(1.0, 3.0 / len(ws)))
    for i, w in enumerate(words):
        if i in country_idx:
            continue  # the country term covers it, in whatever language it is named
        if (
            w.isdigit()
            and int(w) <= 31
            and (
                (i > 0 and words[i - 1] in QUESTION_WORDS)
                or (i + 1 < len(words) and words[i + 1] in QUESTION_WORDS)
            )
        ):
            continue  # a day of a month: the window says it
        if w in STOPWORDS or w in QUESTION_WORDS or (len(w) < 3 and not w.isdigit()):
            continue
        if re.fullmatch(r"\d{4}", w) and 1900 <= int(w) <= 2100:
            continue  # a year: the window says it
        s = stem(w)
        if s in label_words and s not in name_weight:
            continue  # an option's word, not the subject's
        if s in name_weight:
            kind, weight = "entity", name_weight[s]
        elif w.isdigit():
            if len(w) == 1:
                continue  # "3.0%", "4 times": thresholds and counts, not the subject
            kind, weight = "number", _term_weight(s, "number")
        else:
            kind, weight = "word", _term_weight(s, "word")
        terms.setdefault(s, {"term": s, "kind": kind, "weight": weight})
    return {
        "terms": list(terms.values()),
        "entities": entities,
        # people the title names ("the appeal of Issouf Kaboré"): an event stated about
        # another person is not theirs
        "persons": people(title),
    }


# --- measure, thresholds, counts ----------------------------------------------------------


def _phrase_at(phrase: str) -> str:
    """A lexicon phrase as whole words ("vote" is not "voter"); "~" marks a prefix."""
    if phrase.endswith("~"):
        return r"(?<!\S)" + re.escape(phrase[:-1])
    return r"(?<!\S)" + re.escape(phrase) + r"(?!\S)"


def _measure(title: str) -> dict[str, Any] | None:
    norm = normalize(title)
    groups = [
        name
        for name, phrases in MEASURES.items()
        if any(re.search(_phrase_at(p), norm) for p in phrases)
    ]
    qualifiers = [
        name
        for name, phrases in QUALIFIERS.items()
        if any(re.search(r"(?<!\S)" + re.escape(p.rstrip("~")), norm) for p in phrases)
    ]
    if not groups:
        return None
    words = norm.split()
    out: dict[str, Any] = {"groups": groups, "qualifiers": qualifiers, "period": period_of(words)}
    years = [w for w in words if re.fullmatch(r"(?:19|20)\d\d", w)]
    if years:
        out["year"] = int(years[0])
    # a named index ("FAO *Food* Price Index"): its modifier tells it from its sub-indices
    for i in range(1, len(words) - 1):
        if words[i + 1] == "index" and words[i] in {"price", "prices"} and i > 0:
            mod = words[i - 1]
            if mod not in STOPWORDS and not mod.isdigit():
                out["index_name"] = [mod, words[i], words[i + 1]]
            break
    # the short names of the measure as the title writes them ("IPCA", not "IPCA-15")
    out["title"] = norm
    return out


_ENDED_STATE = re.compile(r"\b(?:no longer|cease[sd]? to|ceases? being|stops? being)\b")

#: Title words that ask for a week's, a day's or a running total itself.
_SHORT_OR_RUNNING = re.compile(
    r"\b(?:week|weekly|daily|day|per day|cumulative\w*|since|to date|so far|year to date)\b"
)


#: The date a measure lapses ("before it expires on 15 October 2026") as [year, month, day].
_DATE_AFTER_EXPIRY = re.compile(
    r"\b(?:expires?|expiry|expiring|lapses?|runs out|due to expire)(?: on)?"
    r" (\d{1,2}) ([a-z]+) (\d{4})"
)


def _scope(title: str) -> dict[str, Any]:
    """What a count's figure covers: the countries it comes *from* ("returning from X"),
    whether the title names one month, and whether it asks for a week's, a day's or a
    running total itself (then those figures are not another period)."""
    from matchers.lexicon import ORIGIN_PREPOSITIONS

    words = normalize(title).split()
    origins: list[str] = []
    for place in countries_in(words, title):
        before = words[max(0, place.start - 3) : place.start]
        if any(w in ORIGIN_PREPOSITIONS for w in before):
            origins.append(place.country)
    period = period_of(words)
    expires = _DATE_AFTER_EXPIRY.search(" ".join(words))
    return {
        "expires": [int(expires.group(3)), MONTHS[expires.group(2)], int(expires.group(1))]
        if expires and expires.group(2) in MONTHS
        else None,
        "origins": sorted(set(origins)),
        "month": bool(period and "month" in period),
        "short_or_running": bool(_SHORT_OR_RUNNING.search(" ".join(words))),
    }


def period_of(words: list[str]) -> dict[str, int] | None:
    """The month or quarter a title names ("for March 2025", "third quarter of 2025")."""
    from matchers.lexicon import MONTHS, QUARTER_WORDS

    for i, w in enumerate(words):
        m = re.fullmatch(r"q([1-4])", w)
        if m:
            return {"quarter": int(m.group(1))}
        if w in {"quarter", "trimestre", "trimestrul"}:
            prev = words[i - 1] if i > 0 else ""
            nxt = words[i + 1] if i + 1 < len(words) else ""
            q = QUARTER_WORDS.get(prev) or (int(nxt) if nxt.isdigit() and len(nxt) == 1 else None)
            if q:
                return {"quarter": q}
    for i, w in enumerate(words):
        if (w in MONTHS and len(w) > 3 and w != "may") or (
            w == "may" and i + 1 < len(words) and (words[i + 1].isdigit())
        ):
            return {"month": MONTHS[w]}
    return None


_AT_MEETING = re.compile(
    r"\bat (?:its|the|their|this|that)\b(?:\s+\S+){0,8}?\s+"
    r"(?:meeting|decision|statement|session|sitting|announcement)s?\b"
)
_OPEN_PERIOD = re.compile(
    r"\b(?:before|between|during|until|through|throughout|at least|times|again|any)\b"
    r"|\bby (?:the )?(?:end|mid|[a-z]+ \d{1,2}\b|[a-z]+ \d{4}"
    r"|\d{1,2} (?!basis|bps?\b|percent|per |points?\b)[a-z]+)"
)


def one_meeting(norm_title: str) -> dict[str, int] | None:
    """ "… cut rates *at its December 2025 meeting*": the question is about one named
    decision (so a hold at it is "No"), not about any change by a date. The month the
    title names, when it names one ({} when it names none); None for an open period."""
    if not _AT_MEETING.search(norm_title) or _OPEN_PERIOD.search(norm_title):
        return None
    period = period_of(norm_title.split()) or {}
    return {"month": period["month"]} if "month" in period else {}


def _ordinal_noun(words: list[str]) -> dict[str, Any] | None:
    """ "complete the *third review*", "the *second tranche*": the numbered occurrence the
    title asks about (second or later; "first" is read by ``event.first``)."""
    from matchers.lexicon import ORDINAL_WORDS

    for i, w in enumerate(words[:-1]):
        m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", w)
        n = int(m.group(1)) if m else ORDINAL_WORDS.get(w)
        nxt = words[i + 1]
        if n and n >= 2 and nxt not in STOPWORDS and not nxt.isdigit() and len(nxt) > 3:
            return {"n": n, "noun": stem(nxt)}
    return None


#: A threshold written after its value ("a rate of 5.5% or higher", "40,000 or more").
_THRESHOLD_AFTER = re.compile(
    rf"\b({_NUM_RE})\s*(%|percent|per cent)?\s+or\s+"
    r"(higher|more|above|greater|over|lower|less|below|fewer|under)\b"
)


def _threshold(title: str) -> dict[str, Any] | None:
    text = fold(title)
    m = _THRESHOLD.search(text)
    if not m:
        after = _THRESHOLD_AFTER.search(text)
        if after is None:
            return None
        value = _num(after.group(1))
        if value is None:
            return None
        up = after.group(3) in {"higher", "more", "above", "greater", "over"}
        unit = "%" if after.group(2) else ""
        return {"op": ">=" if up else "<=", "value": value, "unit": unit}
    value = _num(m.group(2))
    if value is None:
        return None
    unit = m.group(3) or ""
    if unit in {"percent", "per cent"}:
        unit = "%"
    if unit == "times":
        return None
    if not unit and "%" in text[m.end() : m.end() + 2]:
        unit = "%"
    return {"op": _OPS[m.group(1)], "value": value, "unit": "%" if unit == "%" else ""}


def _count(title: str) -> dict[str, Any] | None:
    text = fold(title)
    m = _TIMES.search(text)
    if not m:
        return None
    value = _num(m.group(1))
    if value is None:
        return None
    before = text[max(0, m.start() - 20) : m.start()]
    op = "==" if "exactly" in before else ">="
    return {"op": op, "value": value}


# --- outcomes ------------------------------------------------------------------------------


def _entity_kind(label: str) -> tuple[str, str | None]:
    """("country", name) / ("org", None) / ("person", None) / ("", None)."""
    bare = re.sub(r"\s*\([^)]*\)", "", label).strip()
    country = country_of(bare)
    if country:
        return "country", country
    words = normalize(bare).split()
    if not words:
        return "", None
    caps = [w for w in bare.split() if w[:1].isupper()]
    if any(w in _ORG_WORDS for w in words) and len(caps) >= 1:
        return "org", None
    if 2 <= len(words) <= 5 and len(caps) >= 2 and not classes_in(bare):
        return "person", None
    return "", None


def _distinctive(labels: Sequence[str], subject_words: set[str]) -> list[list[str]]:
    """For each label, its words that no other label has (minus the subject's)."""
    stems = [{stem(w) for w in normalize(lab).split() if w not in STOPWORDS} for lab in labels]
    out: list[list[str]] = []
    for i, own in enumerate(stems):
        others = (
            set().union(*(s for j, s in enumerate(stems) if j != i)) if len(stems) > 1 else set()
        )
        out.append(sorted(w for w in own - others - subject_words if len(w) > 2))
    return out


def _outcome(
    label: str,
    cues: Sequence[str],
    *,
    kind: str,
    distinctive: list[str],
    subject_countries: set[str],
    shared: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    norm = normalize(label)
    out: dict[str, Any] = {"label": label, "cues": [c for c in cues if c.strip()]}
    if norm in OTHER_LABELS or norm.startswith("other "):
        out["role"] = "other"
        return out
    if kind == "yes_no":
        out["role"] = "yes" if norm in _YES else "no" if norm in _NO else "event"
        if out["role"] != "event":
            return out
    band = parse_band(label)
    if band is not None:
        out["role"] = "band"
        out["band"] = band
        return out
    ekind, country = _entity_kind(label)
    unhyphenated = " ".join(w for w in label.split() if "-" not in w.strip("-"))
    classes = [c for c in classes_in(unhyphenated) if c not in {"host"} and c not in shared]
    words = norm.split()
    # a label that opens with an action ("Designated to the SDN List", "Removed from …")
    # is an event done to the subject, not a name, even with capitals and an org word
    verb_first = bool(words) and bool(
        [c for c in classes_in(words[0]) if c not in NOUN_CLASSES and c in classes]
    )
    if ekind and (not classes or ekind == "org") and not verb_first:
        out["role"] = "entity"
        bare = re.sub(r"\s*\([^)]*\)", "", label).strip()
        aliases = [bare]
        aliases += _PAREN_ACRONYM.findall(label)
        out["entity"] = {"kind": ekind, "country": country, "aliases": aliases}
        return out
    out["role"] = "event"
    negative = bool(words) and words[0] in {"no", "not", "without"}
    # "Emergency Committee not convened": a negation right before an action word negates
    # that action, and the label is about that action only (not "emergency")
    for i, w in enumerate(words[1:-1], start=1):
        if w in {"not", "never"}:
            own = [c for c in classes_in(words[i + 1]) if c in classes]
            if own:
                negative, classes = True, own
                break
    out["classes"] = classes
    out["negated"] = negative
    out["persistent"] = any(CLASS_BY_NAME[c].persistent for c in classes)
    places: list[str] = []
    for p in countries_in(words, label):
        places.append(p.country)
    out["places"] = places
    out["third_country"] = any(t in norm for t in THIRD_COUNTRY)
    amount = _amount(label)
    if amount:
        out["amount"] = amount
    if any(re.search(rf"(?<!\S){w}(?!\S)", norm) for w in SOME_WORDS):
        out["quantifier"] = "some"
    elif any(re.search(rf"(?<!\S){w}(?!\S)", norm) for w in ALL_WORDS):
        out["quantifier"] = "all"
    without = re.search(r"\bwithout\s+(?:an?\s+|the\s+)?(.+)$", norm)
    if without:
        out["absent"] = [w for w in without.group(1).split() if w not in STOPWORDS][:3]
    place_words = {w for c in places for w in normalize(c).split()}
    trigger_words = {
        w for c in classes for t in CLASS_BY_NAME[c].triggers for w in t.rstrip("~").split()
    }
    quals = [
        w
        for w in distinctive
        if w not in place_words
        and not any(w.startswith(t) for t in trigger_words)
        and w not in {"no", "not", "without", "some", "all", "by", "bps", "bp", "third", "country"}
        and w not in GENERIC_LABEL_WORDS
        and not re.fullmatch(r"[\d.,]+", w)
        and w not in (out.get("absent") or [])
    ]
    out["qualifiers"] = quals
    return out


# --- the spec ------------------------------------------------------------------------------


def compile_spec(
    *,
    title: str,
    outcomes: Sequence[tuple[str, Sequence[str]]],
    resolution_source: str = "",
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    context: str = "",
) -> dict[str, Any]:
    """The resolution spec of one question (see the module docstring)."""
    notes: list[str] = []
    all_norm = [normalize(label) for label, _ in outcomes]
    dupes = sorted({lab for lab in all_norm if all_norm.count(lab) > 1})
    if dupes:
        notes.append(f"duplicate outcome labels {dupes}: only the first of each is matched")
    firsts: dict[str, tuple[str, Sequence[str]]] = {}
    for (label, cues), key in zip(outcomes, all_norm, strict=True):
        firsts.setdefault(key, (label, cues))
    outcomes = list(firsts.values())
    labels = [label for label, _ in outcomes]
    norm_labels = [normalize(lab) for lab in labels]
    if len(labels) < 2:
        notes.append("fewer than two outcomes: nothing can be told apart, nothing is proposed")
    yes_no = len(labels) == 2 and set(norm_labels) <= (_YES | _NO) and len(set(norm_labels)) == 2
    kind = "yes_no" if yes_no else "choice"
    bands = [parse_band(lab) for lab in labels]
    if not yes_no and sum(b is not None for b in bands) >= max(2, len(labels) - 1):
        kind = "numeric"
    subject = _subject(title, context, [] if yes_no else labels)
    # the event's own verb is matched as the event, not as the subject
    verb_words = {
        t["term"]
        for t in subject["terms"]
        if t["kind"] == "word"
        and any(c not in NOUN_CLASSES for c in classes_in(t["term"]))
        and not t["term"].endswith(_NOUN_SUFFIX)
    }
    subject["terms"] = [t for t in subject["terms"] if t["term"] not in verb_words]
    subject_countries = {e["label"] for e in subject["entities"] if e["kind"] == "country"}
    subject_words = {t["term"] for t in subject["terms"]}
    distinct = _distinctive(labels, subject_words)
    event_labels = [
        " ".join(w for w in lab.split() if "-" not in w.strip("-"))
        for lab in labels
        if parse_band(lab) is None and normalize(lab) not in OTHER_LABELS | _YES | _NO
    ]
    label_classes = [set(classes_in(lab)) - {"host"} for lab in event_labels]
    # a class several options share tells them apart only where it is all they have
    shared = (
        frozenset(
            c
            for c in set().union(*label_classes)
            if sum(c in lc for lc in label_classes) >= 2
            and all(len(lc) > 1 for lc in label_classes if c in lc)
        )
        if label_classes
        else frozenset()
    )
    compiled: list[dict[str, Any]] = []
    seen: set[str] = set()
    for (label, cues), dist in zip(outcomes, distinct, strict=True):
        key = normalize(label)
        if key in seen:
            continue
        seen.add(key)
        compiled.append(
            _outcome(
                label,
                cues,
                kind=kind,
                distinctive=dist,
                subject_countries=subject_countries,
                shared=shared,
            )
        )
    norm_title = normalize(title)
    classes = main_classes(title) if kind == "yes_no" else classes_in(_without_names(title))
    event: dict[str, Any] = {
        "classes": classes,
        "first": any(re.search(rf"(?<!\S){w}(?!\S)", norm_title) for w in _FIRST),
        "superlative": any(re.search(rf"(?<!\S){w}(?!\S)", norm_title) for w in _SUPERLATIVE),
    }
    if kind == "yes_no":
        meeting = one_meeting(norm_title) if {"cut", "raise"} & set(classes) else None
        if meeting is not None:
            event["one_meeting"] = meeting
        if "adopt" in classes and not _OPEN_PERIOD.search(norm_title):
            # "Will the Assembly adopt a motion of censure in December 2025?": one vote,
            # so its failure ("the motion was not adopted") answers "No"; "between 1
            # November and 31 December" stays open after one failed draft.
            event["one_vote"] = True
        if {"adopt", "approve", "sign"} & set(classes) and not _OPEN_PERIOD.search(norm_title):
            # "Will the Council adopt …", "Will the President sign the bill …": a veto of
            # the one text asked about is its failure ("No")
            event["veto_no"] = True
        if _ENDED_STATE.search(norm_title):
            # "Will WHO declare that X no longer constitutes a PHEIC?": the state's end is
            # "Yes"; the state said to continue at the deadline ("remains a PHEIC") is "No"
            event["ended_state"] = True
        ordinal = _ordinal_noun(norm_title.split())
        if ordinal:
            event["ordinal"] = ordinal
        event["objects"] = object_entities(title, subject["entities"])
        event["title_classes"] = [c for c in classes_in(_without_names(title)) if c != "host"]
    count = _count(title)
    if count:
        event["count"] = count
    threshold = None if count else _threshold(title)
    if threshold:
        event["threshold"] = threshold
    measure = _measure(title)
    scope = _scope(title)
    entity_kinds = {o.get("entity", {}).get("kind") for o in compiled if o.get("role") == "entity"}
    other = ""
    if any(o["role"] == "other" for o in compiled):
        if "country" in entity_kinds:
            other = "a country not listed, named as where/who the event took place"
        elif "person" in entity_kinds:
            other = "a person not listed, declared the winner / appointed"
        else:
            other = "an outcome outside the listed ones, stated explicitly (noted, never a default)"
    return {
        "version": SPEC_VERSION,
        "kind": kind,
        "title": title,
        "subject": subject,
        "window": {
            "opens_at": opens_at.isoformat() if opens_at else None,
            "closes_at": closes_at.isoformat() if closes_at else None,
        },
        "event": event,
        "measure": measure,
        "scope": scope,
        "outcomes": compiled,
        "other": other,
        "resolution_source": resolution_source,
        "notes": notes
        + (
            [] if closes_at else ["no deadline: nothing can settle 'No' or a state at the deadline"]
        ),
    }


def add_cue(spec: dict[str, Any], label: str, phrase: str) -> dict[str, Any]:
    """A copy of ``spec`` with one more cue phrase for ``label`` (reviewers' cues)."""
    new = {**spec, "outcomes": [dict(o) for o in spec.get("outcomes", [])]}
    for o in new["outcomes"]:
        if o["label"] == label and phrase not in o.get("cues", []):
            o["cues"] = [*o.get("cues", []), phrase]
    return new


def _fmt_terms(terms: Iterable[dict[str, Any]]) -> str:
    ordered = sorted(terms, key=lambda t: -float(t["weight"]))
    return ", ".join(f"{t['term']}×{t['weight']:.1f}" for t in ordered[:14])


def describe_spec(spec: dict[str, Any]) -> list[str]:
    """What the matcher will look for, as lines for ``resdesk questions show``."""
    if not spec:
        return ["spec: not compiled (re-import the question)"]
    lines = [f"spec v{spec.get('version')}: {spec.get('kind')} question"]
    subject = spec.get("subject", {})
    ents = subject.get("entities", [])
    if ents:
        core = [e["label"] for e in ents if e.get("core")]
        extra = [e["label"] for e in ents if not e.get("core")]
        lines.append(
            f"  about: {', '.join(core) or '-'}" + (f" (also {', '.join(extra)})" if extra else "")
        )
    lines.append(f"  subject terms: {_fmt_terms(subject.get('terms', []))}")
    event = spec.get("event", {})
    if event.get("classes"):
        lines.append(f"  event: {', '.join(event['classes'])}")
        for c in event["classes"]:
            cues = CLASS_BY_NAME[c].cues
            lines.append(f"    {c} ← {', '.join(cues[:8])}{' …' if len(cues) > 8 else ''}")
    if event.get("count"):
        lines.append(f"  counts: {event['count']['op']} {event['count']['value']:g} occurrences")
    if event.get("threshold"):
        t = event["threshold"]
        lines.append(f"  threshold: figure {t['op']} {t['value']:g}{t['unit']}")
    if event.get("first"):
        lines.append("  the first occurrence in the window counts")
    if spec.get("measure"):
        m = spec["measure"]
        lines.append(
            f"  measure: {', '.join(m['groups'])}"
            + (f" ({', '.join(m['qualifiers'])})" if m.get("qualifiers") else "")
        )
    scope = spec.get("scope") or {}
    if scope.get("origins"):
        lines.append(f"  counted from: {', '.join(scope['origins'])}")
    w = spec.get("window", {})
    lines.append(f"  window: {w.get('opens_at') or '-'} → {w.get('closes_at') or '-'}")
    for o in spec.get("outcomes", []):
        bits = [o.get("role", "?")]
        if o.get("classes"):
            bits.append("classes " + "/".join(o["classes"]))
        if o.get("entity"):
            bits.append(f"{o['entity']['kind']} " + " | ".join(o["entity"]["aliases"]))
        if o.get("band"):
            b = o["band"]
            bits.append(f"band [{b['lo']}, {b['hi']}]{b['unit']}")
        if o.get("amount"):
            a = o["amount"]
            bits.append(f"amount {a['op']} {a['value']:g}{a['unit']}")
        if o.get("qualifiers"):
            bits.append("needs " + ", ".join(o["qualifiers"]))
        if o.get("cues"):
            bits.append("cues: " + "; ".join(o["cues"]))
        lines.append(f"  • {o['label']}: {', '.join(bits)}")
    if spec.get("other"):
        lines.append(f"  Other means: {spec['other']}")
    for n in spec.get("notes", []):
        lines.append(f"  note: {n}")
    return lines
