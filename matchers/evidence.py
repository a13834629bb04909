"""Reading one finding against one question's spec: sentences for and against outcomes.

Plain functions over plain data. ``CompiledQuestion`` is a spec made ready to match
(patterns compiled, terms weighted); ``DocView`` is a finding read once (tokens,
countries, sentences); ``read_evidence`` returns :class:`Evidence` items — each one a
sentence (with offsets) that supports or counts against one outcome, and why.

How an outcome is supported depends on its role in the spec:

* ``event`` — a cue of its event classes (or its own / reviewers' cue phrases),
  asserted (not negated, denied or hedged) in a sentence about the subject; its place
  ("Returned to *Syria*"), amount ("by 50 bps"), quantifier ("*some* crew") and
  distinctive words must agree.
* ``entity`` — the question's event asserted with the option's name (aliases,
  capitals, demonyms) nearest to it; an unlisted country or person there is "Other".
  Superlative questions ("most votes") compare the figures a results sentence gives.
* ``band`` — the figure the question's measure names, read with its unit, skipping
  other measures, comparisons and changes ("down from 2.2%", "by 1.3 points").
* ``yes`` / ``no`` — the event asserted (and any count or threshold met) is Yes; No
  only from an explicit negative: the deadline passed without it, a decisive negative
  decision, a final figure on the wrong side of the threshold, or another candidate
  declared the winner.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from rapidfuzz import fuzz, process

from matchers.cues import (
    Hit,
    Sentence,
    compile_phrases,
    deadline_passed,
    decisive,
    estimate_context,
    polarity,
)
from matchers.entities import countries_in, people, person_names
from matchers.gloss import gloss
from matchers.lexicon import (
    ACTING_BODIES,
    ALL_WORDS,
    BY_WORDS,
    CHANGE_TO_WORDS,
    CLASS_BY_NAME,
    COMMON_SUBJECT_WORDS,
    COMPARISON_MARKERS,
    CONTENT_CLAUSE_OPENERS,
    COORDINATED_PREDICATE_STARTS,
    DESTINATION_PREPOSITIONS,
    ENDED_WORDS,
    FRAME_OPENERS,
    INSERTED_CLAUSE_STARTS,
    MEASURES,
    MEETING_NOUNS,
    MONTHS,
    NEGATION_WORDS,
    NOT_YET_WORDS,
    ORIGIN_PREPOSITIONS,
    OTHER_RATES,
    PARTIAL_COUNT_MARKERS,
    PEOPLE_GROUPS,
    PEOPLE_GROUPS_ALSO,
    PERIOD_QUALIFIERS,
    POLICY_RATE_WORDS,
    PREPOSITION_REACH,
    QUALIFIERS,
    REFUSAL_WORDS,
    SOME_WORDS,
    SUBNATIONAL_WORDS,
    WHOLE_YEAR_MARKERS,
)
from matchers.numbers import Figure, read_figures, words_of
from matchers.spec import compare, in_band
from matchers.text import (
    STOPWORDS,
    Span,
    cognate,
    guess_language,
    normalize,
    split_sentences,
    stem,
)

#: Minimum rapidfuzz ratio for a subject term to count as present (typos, cognates).
TERM_FUZZ = 85.0
#: Minimum weighted share of subject terms in a sentence (with the finding's title).
LOCAL_MIN = 0.2
#: Words between an event cue and the name it concerns.
NAME_REACH = 14
#: Words before a figure searched for a qualifier naming another measure ("core", "food").
QUALIFIER_REACH = 14
#: How far a name before an inserted clause ("X, having polled …, is declared elected") is
#: taken to be from its verb.
INSERTION_DISTANCE = 3
#: Words between a cue and a name in the same clause.
CLAUSE_NAME_REACH = 24
#: "Other" (an unlisted name) needs a sentence more clearly about the subject.
OTHER_LOCAL_MIN = 0.45
#: A state ("still detained") settles only this close to the deadline.
PERSISTENT_MARGIN = timedelta(days=2)


@dataclass(frozen=True)
class Evidence:
    """One sentence for or against one outcome."""

    outcome: str
    stance: str  # "for" / "against" / "blocked"
    finding_id: int
    span: Span
    strength: float  # 0..1
    kind: str  # event / entity / band / threshold / count / deadline / decision / results
    note: str = ""
    published_at: datetime | None = None


@dataclass
class CompiledOutcome:
    label: str
    role: str
    data: dict[str, Any]
    pattern: re.Pattern[str] | None
    future_ok: bool = False
    #: The label's distinctive words (stemmed), when it can be read by its words.
    label_words: tuple[str, ...] = ()


@dataclass
class CompiledQuestion:
    id: str
    spec: dict[str, Any]
    kind: str
    terms: dict[str, float]
    total: float
    countries: frozenset[str]
    names: list[list[str]]
    event_pattern: re.Pattern[str] | None
    event_future_ok: bool
    outcomes: list[CompiledOutcome]
    measure_pattern: re.Pattern[str] | None
    contrary_qualifiers: list[re.Pattern[str]]
    opens_at: datetime | None
    closes_at: datetime | None
    rival_patterns: dict[str, re.Pattern[str] | None] = field(default_factory=dict)
    #: Words of the question's own names (not plain subject words).
    name_words: frozenset[str] = frozenset()
    #: Countries the resolution source names: a named source speaks for them.
    source_countries: frozenset[str] = frozenset()
    #: Subject terms that are the named source's own identity (its name's words, its
    #: acronym): a release from that source need not repeat them.
    source_terms: frozenset[str] = frozenset()
    #: Words of the question's title (normalised), for the sub-national scope guard.
    title_words: frozenset[str] = frozenset()
    #: Core names that are the subject, not the body that speaks (the resolution source).
    subject_names: list[list[str]] = field(default_factory=list)
    #: The question's own measure qualifiers ("annual"), to read "32.9% on annual basis".
    own_qualifiers: list[re.Pattern[str]] = field(default_factory=list)
    #: Contrary qualifiers that name another index or part ("core", "producer"), not a period.
    contrary_kinds: list[re.Pattern[str]] = field(default_factory=list)
    #: Acting bodies the question names ("security council"): another one's act is not its.
    bodies: frozenset[str] = frozenset()
    #: People the question's title names ("issouf kabore").
    persons: tuple[str, ...] = ()
    #: Groups of people the question is about (``lexicon.PEOPLE_GROUPS``), from its terms.
    groups: frozenset[str] = frozenset()


def _pattern_for(classes: list[str], cues: list[str]) -> re.Pattern[str] | None:
    phrases: list[str] = []
    for c in classes:
        if c in CLASS_BY_NAME:
            phrases.extend(CLASS_BY_NAME[c].cues)
    phrases.extend(normalize(c) for c in cues if c.strip())
    return compile_phrases(tuple(dict.fromkeys(phrases)))


def compile_question(
    qid: str,
    spec: dict[str, Any],
    opens_at: datetime | None,
    closes_at: datetime | None,
) -> CompiledQuestion:
    subject = spec.get("subject", {})
    terms = {t["term"]: float(t["weight"]) for t in subject.get("terms", [])}
    countries = frozenset(
        e["label"] for e in subject.get("entities", []) if e["kind"] == "country" and e.get("core")
    )
    names = [
        [w for w in normalize(e["label"]).split() if w not in STOPWORDS]
        for e in subject.get("entities", [])
        if e["kind"] != "country" and e.get("core")
    ]
    event = spec.get("event", {})
    ev_classes = list(event.get("classes", []))
    outcomes: list[CompiledOutcome] = []
    for o in spec.get("outcomes", []):
        classes = list(o.get("classes", []))
        cues = list(o.get("cues", []))
        if o.get("role") == "event" and not classes:
            cues.append(o["label"])  # the question's own wording, when no class fits
        pat = _pattern_for(classes, cues)
        future_ok = any(CLASS_BY_NAME[c].future_ok for c in classes if c in CLASS_BY_NAME)
        outcomes.append(CompiledOutcome(o["label"], o.get("role", "event"), o, pat, future_ok))
    _label_cues(outcomes)
    yes_cues = [c for o in spec.get("outcomes", []) if o.get("role") == "yes" for c in o["cues"]]
    measure = spec.get("measure") or {}
    m_phrases = tuple(p for g in measure.get("groups", []) for p in MEASURES.get(g, ()))
    own_quals = set(measure.get("qualifiers", []))
    contrary = [
        p
        for name, phrases in QUALIFIERS.items()
        if name not in own_quals and name != "change"
        for p in [compile_phrases(phrases)]
        if p is not None
    ]
    contrary_kinds = [
        p
        for name, phrases in QUALIFIERS.items()
        if name not in own_quals and name != "change" and name not in PERIOD_QUALIFIERS
        for p in [compile_phrases(phrases)]
        if p is not None
    ]
    own = [
        p
        for name, phrases in QUALIFIERS.items()
        if name in own_quals
        for p in [compile_phrases(phrases)]
        if p is not None
    ]
    # names as words without stopwords ("national bank poland"), the source likewise
    res = " ".join(
        w for w in normalize(spec.get("resolution_source", "")).split() if w not in STOPWORDS
    )
    subject_names = [n for n in names if n and " ".join(n) not in res]
    src = spec.get("resolution_source", "")
    source_countries = (
        frozenset(p.country for p in countries_in(normalize(src).split(), src)) & countries
    )
    source_countries |= _possessed_source(spec.get("title", ""), res) & countries
    source_terms = frozenset(
        stem(w) for n in names if n not in subject_names for w in n if stem(w) in terms
    )
    named = " " + " ".join(" ".join(n) for n in names) + " "
    bodies = frozenset(b for b in ACTING_BODIES if f" {b} " in named)
    return CompiledQuestion(
        source_terms=source_terms,
        title_words=frozenset(normalize(spec.get("title", "")).split()),
        bodies=bodies,
        persons=tuple(subject.get("persons", [])),
        groups=groups_of(terms, also=True),
        name_words=frozenset(stem(w) for n in names for w in n),
        source_countries=source_countries,
        subject_names=subject_names,
        id=qid,
        spec=spec,
        kind=spec.get("kind", "choice"),
        terms=terms,
        total=sum(terms.values()) or 1.0,
        countries=countries,
        names=[n for n in names if n],
        event_pattern=_pattern_for(ev_classes, yes_cues),
        event_future_ok=any(CLASS_BY_NAME[c].future_ok for c in ev_classes if c in CLASS_BY_NAME),
        outcomes=outcomes,
        measure_pattern=compile_phrases(m_phrases) if m_phrases else None,
        contrary_qualifiers=contrary,
        own_qualifiers=own,
        contrary_kinds=contrary_kinds,
        opens_at=opens_at,
        closes_at=closes_at,
    )


def _label_cues(outcomes: list[CompiledOutcome]) -> None:
    """Each choice option's label as a cue of its distinctive words: what no other
    option's label also says ("Advisory" of "El Niño Advisory" beside "El Niño Watch"),
    stemmed, without stopwords; none for a label in the negative ("Not active")."""
    options = [o for o in outcomes if o.role in {"event", "entity"}]
    if len(options) < 2:
        return
    words = {
        o.label: [stem(w) for w in normalize(o.label).split() if w not in STOPWORDS]
        for o in options
    }
    shared = set.intersection(*(set(ws) for ws in words.values()))
    for o in options:
        if o.data.get("classes") or any(w in NEGATION_WORDS for w in normalize(o.label).split()):
            continue  # a lexicon class reads it (and may have set it aside), or "Not X"
        own = tuple(dict.fromkeys(w for w in words[o.label] if w not in shared))
        if own and not all(w.isdigit() for w in own):
            o.label_words = own


_POSSESSIVE = re.compile(r"([A-Z][\w.\- ]{1,40}?)['’]s\s+([\w.&-]+)")


def _possessed_source(title: str, res_words: str) -> frozenset[str]:
    """The country a title gives the named source ("What will Spain's INE report?" with
    "Instituto Nacional de Estadística (INE)" as the resolution source): its releases
    speak for that country though the resolution source names none."""
    found: set[str] = set()
    own = set(res_words.split())
    for m in _POSSESSIVE.finditer(title):
        head = normalize(m.group(2))
        if not head or head not in own:
            continue
        places = countries_in(normalize(m.group(1)).split(), m.group(1))
        if places:
            found.add(places[-1].country)
    return frozenset(found)


# --- a finding, read once -------------------------------------------------------------------


@dataclass
class DocView:
    id: int
    text: str
    title: str
    source: str
    published_at: datetime | None
    lang: str
    tokens: set[str]
    countries: set[str]
    title_tokens: set[str]
    title_countries: set[str]
    estimate: bool
    keys: set[str] = field(default_factory=set)
    term_matches: dict[str, frozenset[str]] = field(default_factory=dict)
    #: English stems for the finding's non-English institution words (``matchers.gloss``).
    glossed: dict[str, set[str]] = field(default_factory=dict)
    _cognates: dict[str, set[str]] | None = None

    @property
    def cognates(self) -> dict[str, set[str]]:
        """Long tokens by their cognate key (computed once)."""
        if self._cognates is None:
            index: dict[str, set[str]] = {}
            for t in self.tokens:
                if len(t) > COGNATE_PREFIX:
                    index.setdefault(cognate(t)[:COGNATE_PREFIX], set()).add(t)
            self._cognates = index
        return self._cognates

    _sentences: list[tuple[Span, Sentence]] | None = None
    _title_persons: list[str] | None = None

    @property
    def title_persons(self) -> list[str]:
        """People the finding's title names (computed once)."""
        if self._title_persons is None:
            self._title_persons = people(self.title)
        return self._title_persons

    @classmethod
    def read(
        cls, id: int, text: str, title: str, source: str, published_at: datetime | None
    ) -> DocView:
        from matchers.index import ENTITY_PREFIX, key_of

        whole = f"{title}\n{text}\n{source}"
        words = normalize(whole).split()
        tokens = {stem(w) for w in words if w not in STOPWORDS}
        countries = {p.country for p in countries_in(words, whole)}
        head = f"{title} {source}"
        head_words = normalize(head).split()
        lang = guess_language(text)
        glossed = gloss(words, lang, whole)
        head_stems = {stem(w) for w in head_words}
        return cls(
            id=id,
            text=text,
            title=title,
            source=source,
            published_at=published_at,
            lang=lang,
            tokens=tokens,
            countries=countries,
            glossed=glossed,
            # the English words of a title or source in another language ("Conseil")
            title_tokens=head_stems | {e for e, own in glossed.items() if own & head_stems},
            title_countries={p.country for p in countries_in(head_words, head)},
            estimate=estimate_context(title, text[:400]),
            keys={key_of(w) for w in words if w not in STOPWORDS}
            | {ENTITY_PREFIX + c for c in countries}
            | {key_of(e) for e in glossed},
        )

    @property
    def sentences(self) -> list[tuple[Span, Sentence]]:
        if self._sentences is None:
            self._sentences = [
                (s, Sentence.read(s.text)) for s in split_sentences(self.text, self.title)
            ]
        return self._sentences


#: Shared leading letters (after ``cognate``) for two long words to count as one.
COGNATE_PREFIX = 6


def _present(term: str, tokens: set[str], fuzzy: bool) -> bool:
    if term in tokens:
        return True
    if not fuzzy or len(term) < 5 or not tokens:
        return False
    if process.extractOne(term, tokens, scorer=fuzz.ratio, score_cutoff=TERM_FUZZ) is not None:
        return True
    if len(term) >= COGNATE_PREFIX + 1:
        key = cognate(term)[:COGNATE_PREFIX]
        return any(len(t) > COGNATE_PREFIX and cognate(t)[:COGNATE_PREFIX] == key for t in tokens)
    return False


def coverage(q: CompiledQuestion, tokens: set[str], countries: set[str], *, fuzzy: bool) -> float:
    """Weighted share of the question's subject found in ``tokens`` / ``countries``."""
    found = 0.0
    for term, w in q.terms.items():
        if term.startswith("@"):
            if term[1:] in countries:
                found += w
        elif _present(term, tokens, fuzzy):
            found += w
    share = found / q.total
    return share


def _matches(term: str, doc: DocView) -> frozenset[str]:
    """The finding's tokens that stand for ``term`` (exactly, fuzzily, as cognates);
    computed once per finding and term."""
    hit = doc.term_matches.get(term)
    if hit is None:
        toks = doc.tokens
        if term in toks:
            hit = frozenset({term})
        elif len(term) >= 5:
            found = {
                t
                for t, _, _ in process.extract(
                    term, toks, scorer=fuzz.ratio, score_cutoff=TERM_FUZZ, limit=None
                )
            }
            if len(term) > COGNATE_PREFIX:
                found |= doc.cognates.get(cognate(term)[:COGNATE_PREFIX], set())
            hit = frozenset(found)
        else:
            hit = frozenset()
        own = doc.glossed.get(term)
        if own:
            hit = hit | own  # "application" ← "erstantrage"; "bank" ← "البنك"
        doc.term_matches[term] = hit
    return hit


def relevance(q: CompiledQuestion, doc: DocView, *, authoritative: bool = False) -> float:
    """How much the finding is about the question's subject (0..1).

    The weighted share of subject terms (fuzzy), with the question's named entities
    required: a finding naming none of them is about something else, however many
    words it shares; one naming fewer than half of them counts half.
    """
    # a source the question names speaks for its own country without naming it
    countries = doc.countries | (set(q.source_countries) if authoritative else set())
    # ... and its own name and acronym
    own = q.source_terms if authoritative else frozenset()
    found = 0.0
    for term, w in q.terms.items():
        if term.startswith("@"):
            found += w if term[1:] in countries else 0.0
        elif term in own or _matches(term, doc):
            found += w
    share = found / q.total
    wanted = len(q.countries) + len(q.names)
    if wanted:
        have = sum(1 for c in q.countries if c in countries)
        have += sum(
            1
            for n in q.names
            if (authoritative and n not in q.subject_names)
            or sum(bool(_matches(stem(w), doc)) for w in n) >= max(1, (len(n) + 1) // 2)
        )
        if have == 0:
            return round(share * 0.3, 3)
        if have * 2 < wanted:
            share *= 0.6
    # a score on the same footing as the setting (0.75 by default): coverage of
    # about half the weighted subject is "about it"
    return round(min(1.0, share**0.5 * 1.05), 3)


def source_scope(q: CompiledQuestion, doc: DocView) -> str | None:
    """Why a finding relevant only by its named source's identity is not about the
    question's own scope, or None.

    A national body also publishes on its provinces, regions and local elections, and on
    other measures: such a release must carry the question's measure, and a title about
    a sub-national unit ("… by province", "Municipal run-off elections") answers only a
    question that names that unit itself.
    """
    title = normalize(doc.title).split()
    for i, w in enumerate(title):
        scope = SUBNATIONAL_WORDS.get(w)
        if scope is None:
            continue
        followed = i + 1 < len(title) and title[i + 1] in scope
        if scope and not followed and not (i > 0 and title[i - 1] in BY_WORDS):
            continue  # "state" alone is not a state's scope ("State Secretariat")
        if w not in q.title_words and stem(w) not in {stem(t) for t in q.title_words}:
            return f"a release about a sub-national unit ({w})"
    if q.measure_pattern is not None:
        heads = [normalize(doc.title), *(s.norm for _, s in doc.sentences)]
        if not any(q.measure_pattern.search(h) for h in heads):
            return "the named source's release does not state the question's measure"
    return None


def local_relevance(
    q: CompiledQuestion, doc: DocView, sent: Sentence, prev: Sentence | None
) -> float:
    """Subject coverage of a sentence with the one before it and the finding's title."""
    toks = sent.stems | doc.title_tokens
    countries = set(sent.countries) | doc.title_countries
    if prev is not None:
        toks = toks | prev.stems
        countries |= prev.countries
    found = 0.0
    for term, w in q.terms.items():
        if term.startswith("@"):
            found += w if term[1:] in countries else 0.0
        elif term in toks or not _matches(term, doc).isdisjoint(toks):
            found += w
    return found / q.total


# --- helpers on a sentence -----------------------------------------------------------------


def _countries_at(sent: Sentence) -> list[tuple[int, str]]:
    return [(p.start, p.country) for p in countries_in(sent.words, sent.text)]


def _name_positions(sent: Sentence, aliases: list[str]) -> list[int]:
    """Word indices where any alias (a multi-word name) occurs, fuzzily per word."""
    return _positions_in(sent.words, sent.text, aliases)


def _fold_words(text: str) -> list[str]:
    """``words_of`` (figures kept whole), each normalised: the numbering figures use."""
    return [normalize(w) or w for w in words_of(text)]


def _positions_in(words: list[str], text: str, aliases: list[str]) -> list[int]:
    out: list[int] = []
    for alias in aliases:
        aw = [w for w in normalize(alias).split() if w not in STOPWORDS]
        if not aw:
            continue
        if len(aw) == 1 and len(aw[0]) <= 4:
            # an acronym: exact, and as written in capitals
            if re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", text):
                out.extend(i for i, w in enumerate(words) if w == aw[0])
            continue
        first, last = aw[0], aw[-1]
        for i, w in enumerate(words):
            if fuzz.ratio(w, first) < 85:
                continue
            if len(aw) == 1:
                out.append(i)
                continue
            window = words[i + 1 : i + len(aw) + 2]
            if any(fuzz.ratio(x, last) >= 85 for x in window):
                inner = [x for x in aw[1:-1]]
                if all(any(fuzz.ratio(x, y) >= 80 for y in window) for x in inner):
                    out.append(i)
    return out


def _qualifier_share(words: list[str], quals: list[str]) -> float:
    if not quals:
        return 1.0
    stems = [stem(w) for w in words]
    hit = 0
    for q in quals:
        if any(s.startswith(q[: max(4, len(q) - 3)]) or fuzz.ratio(s, q) >= 85 for s in stems):
            hit += 1
    return hit / len(quals)


_SOME = compile_phrases(SOME_WORDS)
_ALL = compile_phrases(ALL_WORDS)
_OF_THE = re.compile(r"(\S+) of the (\S+)")
_OTHER_RATES = compile_phrases(OTHER_RATES)
_COMPARISON = compile_phrases(COMPARISON_MARKERS)


def _quantifier(sent: Sentence, figures: list[Figure]) -> str | None:
    """ "some" when the sentence says part of a group, "all" when the whole."""
    for m in _OF_THE.finditer(sent.norm):
        a, b = _as_number(m.group(1)), _as_number(m.group(2))
        if a is not None and b is not None and 0 < a < b:
            return "some"
        if a is not None and b is not None and a == b:
            return "all"
    if sent.has(_SOME) or "remaining" in sent.words or "rest" in sent.words:
        return "some"
    if sent.has(_ALL):
        return "all"
    return None


def _as_number(word: str) -> float | None:
    from matchers.lexicon import NUMBER_WORDS

    if word.isdigit():
        return float(word)
    return float(NUMBER_WORDS[word]) if word in NUMBER_WORDS else None


def _amount_ok(o: dict[str, Any], sent: Sentence, lang: str) -> bool | None:
    """Does the sentence's move ("by 50 basis points") satisfy the label's amount?"""
    amount = o.get("amount")
    if not amount:
        return True
    moves = [
        f.value * (100 if f.unit in {"pp", "%"} else 1)
        for f in read_figures(sent.text, lang)
        if f.unit in {"bp", "pp"} or (f.unit == "%" and "by" in f.before[-2:])
    ]
    if not moves:
        return None
    return compare(moves[0], amount["op"], float(amount["value"]))


#: Words of a move's amount ("by 25 basis points", "en 25 puntos base", "de 50 pb").
_AMOUNT_WORDS = frozenset(
    "by en de em of basis base points point puntos pontos punti bp bps pb pbs".split()
)


def _measure_clause(q: CompiledQuestion, sent: Sentence, hit: Hit) -> bool:
    """For rate decisions: is the rate the cue acts on the question's (not another)?

    The question's rate must be named in the cue's own clause, just after the cue
    ("keep the policy rate constant") or before it ("the policy rate was kept"), with
    no other rate ("the overnight lending rate") in between.
    """
    measure = q.spec.get("measure") or {}
    if "rate" not in measure.get("groups", []) or q.measure_pattern is None:
        return True
    if q.measure_pattern.search(" ".join(sent.words[hit.start : hit.end])):
        return True  # "оставить основную ставку без изменений": the rate inside the cue
    c = sent.clause[hit.start] if hit.start < len(sent.clause) else -1
    # eight words of the clause after the cue, not counting the move's amount ("disminuir
    # en 25 puntos base el objetivo para la tasa de interés")
    after_idx: list[int] = []
    counted = 0
    for i in range(hit.end, min(hit.end + 16, len(sent.words))):
        if counted >= 8 or sent.clause[i] != c:
            break
        after_idx.append(i)
        w = sent.words[i]
        if not (w.isdigit() or w in _AMOUNT_WORDS):
            counted += 1
    after = " ".join(sent.words[i] for i in after_idx)
    before = " ".join(sent.clause_words(hit, 6))
    m = q.measure_pattern.search(after)
    if m is not None:
        other = _OTHER_RATES.search(after[: m.start()]) if _OTHER_RATES is not None else None
        return other is None
    return q.measure_pattern.search(before) is not None


# --- evidence -------------------------------------------------------------------------------


def read_evidence(
    q: CompiledQuestion, doc: DocView, *, authoritative: bool = False
) -> tuple[list[Evidence], list[str]]:
    """Evidence items of one finding for one question, and reasons for blocked cues.

    ``authoritative``: the finding comes from a source the question names, so its
    country goes without saying (a statistics office rarely names its own country).
    """
    out: list[Evidence] = []
    blocked: list[str] = []
    clarity: list[tuple[int, int]] = []
    sents = doc.sentences
    for i, (span, sent) in enumerate(sents):
        prev = sents[i - 1][1] if i > 0 else None
        nxt = sents[i + 1][1] if i + 1 < len(sents) else None
        local = local_relevance(q, doc, sent, prev)
        if local < LOCAL_MIN:
            continue
        ctx = _Ctx(q, doc, span, sent, nxt, local, out, blocked, prev, authoritative, clarity)
        if q.kind == "yes_no":
            _yes_no(ctx)
        elif not _core_present(ctx):
            continue
        elif q.kind == "numeric":
            _bands(ctx)
        else:
            _choice(ctx)
    if len(clarity) > 1:
        out = _arbitrate(out, clarity, blocked)
    return out, blocked


def _arbitrate(
    out: list[Evidence], clarity: list[tuple[int, int]], blocked: list[str]
) -> list[Evidence]:
    """One release, several figures for the measure in different bands: keep those most
    clearly the asked one (its period qualifier, its full index name, its year, its counted
    noun); when those still disagree, none (a missed question is cheaper than a wrong one)."""
    bands = {out[i].outcome for i, _ in clarity}
    if len(bands) < 2:
        return out
    top = max(c for _, c in clarity)
    keep = {i for i, c in clarity if c == top}
    kept = {out[i].outcome for i in keep}
    if len(kept) > 1:
        keep = set()
        notes = "; ".join(sorted({out[i].note for i, c in clarity if c == top}))
        blocked.append(f"figures of one release disagree: {notes}")
    drop = {i for i, _ in clarity} - keep
    return [e for k, e in enumerate(out) if k not in drop]


@dataclass
class _Ctx:
    q: CompiledQuestion
    doc: DocView
    span: Span
    sent: Sentence
    nxt: Sentence | None
    local: float
    out: list[Evidence]
    blocked: list[str]
    prev: Sentence | None = None
    authoritative: bool = False
    #: (index in ``out``, how clearly the figure is the asked one) for band evidence
    clarity: list[tuple[int, int]] = field(default_factory=list)

    def add(self, outcome: str, stance: str, strength: float, kind: str, note: str = "") -> None:
        self.out.append(
            Evidence(
                outcome,
                stance,
                self.doc.id,
                self.span,
                round(max(0.0, min(1.0, strength)), 3),
                kind,
                note,
                self.doc.published_at,
            )
        )


def _pol(ctx: _Ctx, hit: Hit, future_ok: bool) -> str:
    return polarity(ctx.sent, hit, future_ok=future_ok, estimate_context=ctx.doc.estimate)


def _near_deadline(ctx: _Ctx) -> bool:
    closes = ctx.q.closes_at
    when = ctx.doc.published_at
    return bool(closes and when and when >= closes - PERSISTENT_MARGIN)


def _yes_no(ctx: _Ctx) -> None:
    q, sent = ctx.q, ctx.sent
    yes = next((o.label for o in q.outcomes if o.role == "yes"), "Yes")
    no = next((o.label for o in q.outcomes if o.role == "no"), "No")
    event = q.spec.get("event", {})
    threshold = event.get("threshold")
    if threshold and q.measure_pattern is not None:
        _threshold_evidence(ctx, yes, no, threshold)
    hits = sent.find(q.event_pattern)
    if event.get("ended_state"):
        _ended_state(ctx, hits, yes, no)
        return
    start = len(ctx.out)
    for hit in hits:
        pol = _pol(ctx, hit, q.event_future_ok)
        if pol == "asserted":
            if threshold and q.measure_pattern is not None:
                continue  # the figure decides, not the verb
            count = event.get("count")
            if count:
                n = _ordinal_near(sent, hit, ctx.doc.lang)
                if n is None:
                    ctx.add(yes, "for", 0.3 * ctx.local, "count", "one occurrence")
                    continue
                if not compare(n, count["op"], float(count["value"])):
                    ctx.add(yes, "blocked", 0.3, "count", f"occurrence {n:g} of {count['value']:g}")
                    continue
                ctx.add(yes, "for", 0.95, "count", f"occurrence {n:g}")
                continue
            if "win" in event.get("classes", []) and q.names:
                # who won decides; the election must be the question's kind of election
                if not _winner_is_subject(ctx, hit):
                    if _other_winner(ctx, hit) and _office_named(ctx):
                        ctx.add(no, "for", 0.85, "winner", "another candidate declared the winner")
                    continue
            elif not _objects_ok(ctx, hit, strict=_nominal(hit)) or not _aspect_ok(ctx, hit):
                ctx.blocked.append("not about the question's object: " + hit.text)
                continue
            elif not _party_named(ctx):
                ctx.blocked.append("not about the question's named party: " + hit.text)
                continue
            elif not _pair_ok(ctx):
                ctx.blocked.append("another pair of countries: " + hit.text)
                continue
            elif _other_body(q, sent, hit):
                ctx.blocked.append("another body's act: " + hit.text)
                continue
            elif not _own_country_ok(ctx, hit):
                ctx.blocked.append("another country's event: " + hit.text)
                continue
            elif _other_person(ctx, hit):
                ctx.blocked.append("another person's case: " + hit.text)
                continue
            elif _other_group(ctx, hit):
                ctx.blocked.append("another group of people: " + hit.text)
                continue
            elif not _ordinal_ok(ctx):
                ctx.blocked.append("another numbered occurrence: " + hit.text)
                continue
            ctx.add(yes, "for", 0.55 + 0.45 * min(1.0, ctx.local * 1.5), "event", hit.text)
        elif pol in {"negated", "denied"}:
            vote = (
                pol == "negated"
                and bool(event.get("one_vote"))
                and _vote_result(sent, hit)
                and _objects_ok(ctx, hit)
                and _party_named(ctx)
            )
            if pol == "negated" and (deadline_passed(sent) or decisive(sent) or vote):
                kind = "deadline" if deadline_passed(sent) else "decision"
                ctx.add(no, "for", 0.9, kind, hit.text)
            else:
                ctx.add(yes, "against", 0.5, "event", f"{pol}: {hit.text}")
                ctx.blocked.append(f"{pol}: {yes}")
        elif pol == "hedged" and _refused(ctx, hit):
            ctx.add(no, "for", 0.85, "decision", "refused: " + hit.text)
        else:
            ctx.add(yes, "blocked", 0.0, "event", f"{pol}: {hit.text}")
            ctx.blocked.append(f"{pol}: {yes}")
    meeting = event.get("one_meeting")
    said_yes = any(e.outcome == yes and e.stance == "for" for e in ctx.out[start:])
    if meeting is not None and not said_yes:
        _held_at_meeting(ctx, no, meeting)
    if event.get("veto_no") and not said_yes:
        _vetoed(ctx, no)
        _rejected_by_vote(ctx, no)


#: Words before a state's name that make it its end ("declared the end of the emergency").
_END_BEFORE = frozenset({"end", "ending", "ended", "terminated", "terminating", "lifted", "fin"})
#: Words right after it ("the emergency is over", "… has ended").
_END_AFTER = frozenset({"over", "ended", "terminated", "lifted", "termine", "terminada"})
#: "no longer" / "ceased to" right before it.
_NO_LONGER = frozenset({"longer", "ceased", "ceases"})


def _ended_state(ctx: _Ctx, hits: list[Hit], yes: str, no: str) -> None:
    """ "Will WHO declare that X no longer constitutes a PHEIC?": its end declared ("no
    longer constitutes", "declared the end of the emergency") is "Yes"; the state said to
    continue ("remains a PHEIC", "continues to constitute") is "No" only at the deadline,
    and before it only evidence against "Yes" (it may still end)."""
    sent = ctx.sent
    for hit in hits:
        pol = _pol(ctx, hit, ctx.q.event_future_ok)
        before = sent.clause_words(hit, 3)
        after = sent.words[hit.end : hit.end + 3]
        if not _objects_ok(ctx, hit):
            continue
        if pol == "negated" and _NO_LONGER & set(before):
            rest = sent.words[: hit.start - len(before)]
            if NEGATION_WORDS & set(rest):
                ctx.blocked.append("the end itself negated: " + hit.text)
                continue
            ctx.add(yes, "for", 0.55 + 0.45 * min(1.0, ctx.local * 1.5), "event", hit.text)
        elif pol == "asserted" and (_END_BEFORE & set(before) or _END_AFTER & set(after)):
            ctx.add(
                yes, "for", 0.55 + 0.45 * min(1.0, ctx.local * 1.5), "event", "ended: " + hit.text
            )
        elif pol == "asserted":
            if _near_deadline(ctx):
                ctx.add(no, "for", 0.85, "state", "continues at the deadline: " + hit.text)
            else:
                ctx.add(yes, "against", 0.5, "state", "continues: " + hit.text)
                ctx.blocked.append(f"the state continues before the deadline: {hit.text}")
        else:
            ctx.add(yes, "blocked", 0.0, "event", f"{pol}: {hit.text}")
            ctx.blocked.append(f"{pol}: {yes}")


#: A rejection is a vote's result when the sentence gives the vote ("by 57.6% of voters",
#: "by 54 votes to 40"), not a government's recommendation ("the Council rejects it").
_VOTE_WORDS = frozenset({"votes", "voters", "voix", "votos", "votantes", "electeurs", "stimmen"})


def _rejected_by_vote(ctx: _Ctx, no: str) -> None:
    """ "Will voters approve the initiative …" / "Will the Assembly adopt the bill …": the
    one text asked about rejected by the vote ("was rejected by 57.6% of voters") is "No",
    with the question's object and named party, in a sentence clearly about the subject."""
    reject = _REJECTED
    sent = ctx.sent
    if reject is None or ctx.local < OTHER_LOCAL_MIN or not sent.has(reject):
        return
    if not (_VOTE_WORDS & set(sent.words) or "%" in sent.text):
        return
    for hit in sent.find(reject):
        if _pol(ctx, hit, False) != "asserted" or _nominal(hit):
            continue
        if _objects_ok(ctx, hit) and _party_named(ctx) and not _other_body(ctx.q, sent, hit):
            ctx.add(no, "for", 0.85, "decision", "rejected by the vote: " + hit.text)
            return


#: Words between a refusal and the refused act ("declined *the proposal to* extend").
REFUSAL_REACH = 5


def _refused(ctx: _Ctx, hit: Hit) -> bool:
    """ "the Cabinet declined the proposal to extend the validity of the cards": the act
    as a proposal (a hedge) refused by the deciding body is a decision against it, with the
    question's object and named party. Not when the refusal itself is negated or hedged."""
    sent = ctx.sent
    c = sent.clause[hit.start] if hit.start < len(sent.clause) else -1
    lo = max(0, hit.start - REFUSAL_REACH)
    at = [i for i in range(lo, hit.start) if sent.words[i] in REFUSAL_WORDS and sent.clause[i] == c]
    if not at:
        return False
    before = sent.words[max(0, at[0] - 3) : at[0]]
    if NEGATION_WORDS & set(before) or _MODAL_BEFORE & set(before):
        return False
    return _objects_ok(ctx, hit) and _party_named(ctx) and not _other_body(ctx.q, sent, hit)


_MODAL_BEFORE = frozenset({"may", "might", "could", "would", "should", "will", "expected"})


def _ordinal_ok(ctx: _Ctx) -> bool:
    """ "complete the *third* review": a sentence about the *fifth* review (the same noun
    with another ordinal) is about another occurrence."""
    want = ctx.q.spec.get("event", {}).get("ordinal")
    if not want:
        return True
    from matchers.lexicon import ORDINAL_WORDS

    words = ctx.sent.words
    noun = want["noun"]
    for i in range(len(words) - 1):
        if stem(words[i + 1]) != noun:
            continue
        m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", words[i])
        n = int(m.group(1)) if m else ORDINAL_WORDS.get(words[i])
        if n and n != want["n"]:
            return False
    return True


def _vetoed(ctx: _Ctx, no: str) -> None:
    """ "Will the Council adopt …" / "Will the President sign the bill …": the text asked
    about vetoed ("vetoed the draft", "owing to the negative vote of a permanent member")
    failed, so "No" — with the question's object and named party, as for its adoption.
    (The vetoing country is naturally another country: no own-country test.)"""
    veto = _class_pattern("veto")
    sent = ctx.sent
    if veto is None or not sent.has(veto):
        return
    for hit in sent.find(veto):
        if _pol(ctx, hit, False) != "asserted" or _nominal(hit):
            continue
        if _objects_ok(ctx, hit) and _party_named(ctx):
            ctx.add(no, "for", 0.9, "decision", "vetoed: " + hit.text)
            return


_RATE_WORDS = compile_phrases(POLICY_RATE_WORDS)


def _vote_result(sent: Sentence, hit: Hit) -> bool:
    """ "the motion was not adopted", "la motion de censure n'est pas adoptée": a negated
    adoption is a vote's result (the vote took place and failed), so as decisive as
    "rejected" — unless its clause says "not yet" / "still"."""
    adopt = _class_pattern("adopt")
    if adopt is None or not adopt.search(hit.text) or _nominal(hit):
        return False
    c = sent.clause[hit.start] if hit.start < len(sent.clause) else -1
    return not any(
        w in NOT_YET_WORDS for w, k in zip(sent.words, sent.clause, strict=True) if k == c
    )


def _held_at_meeting(ctx: _Ctx, no: str, meeting: dict[str, int]) -> None:
    """ "Will X cut/raise … at its December meeting?": a rate held unchanged at that one
    meeting is the decision asked about, so "No" ("decided to maintain the target range
    for the federal funds rate", "maintenir inchangé le taux directeur"). Only in the month
    the title names (or the first week after it), and only with a rate in the clause."""
    when = ctx.doc.published_at
    month = meeting.get("month")
    if month and when is not None:
        after = when - timedelta(days=7)
        if month not in (when.month, after.month):
            return
    hold = _class_pattern("hold")
    if hold is None or _RATE_WORDS is None:
        return
    sent = ctx.sent
    for hit in sent.find(hold):
        nxt = sent.words[hit.end : hit.end + 3]
        if any(w in MEETING_NOUNS for w in nxt):
            continue  # "held its meeting", not a rate held
        if _pol(ctx, hit, False) != "asserted":
            continue
        c = sent.clause[hit.start] if hit.start < len(sent.clause) else -1
        clause = " ".join(w for w, k in zip(sent.words, sent.clause, strict=True) if k == c)
        if not _RATE_WORDS.search(clause):
            continue
        ctx.add(no, "for", 0.9, "decision", "held at the meeting asked about: " + hit.text)
        return


def _aspect_ok(ctx: _Ctx, hit: Hit) -> bool:
    """ "Will the repatriation … begin": an aspect verb (begin, start, launch) counts only
    with the event it is about in its clause ("the first repatriation flight departed")."""
    classes = ctx.q.spec.get("event", {}).get("classes", [])
    if "begin" not in classes:
        return True
    nouns = [c for c in ctx.q.spec.get("event", {}).get("title_classes", []) if c != "begin"]
    if not nouns:
        return True
    c = ctx.sent.clause[hit.start] if hit.start < len(ctx.sent.clause) else -1
    clause = " ".join(w for w, k in zip(ctx.sent.words, ctx.sent.clause, strict=True) if k == c)
    return any(p is not None and p.search(clause) for p in (_class_pattern(n) for n in nouns))


def _class_pattern(name: str) -> re.Pattern[str] | None:
    from matchers.cues import class_pattern

    return class_pattern(name)


def _core_present(ctx: _Ctx) -> bool:
    """The question's named subject is in this sentence, the one before or the title:
    one of its core names (other than the resolution source itself, and by one of its
    distinctive words or its initials: "MPC") and one of its core countries."""
    q = ctx.q
    words = list(ctx.sent.words) + (ctx.prev.words if ctx.prev is not None else [])
    toks = {stem(w) for w in words} | ctx.doc.title_tokens
    if any(len(n) == 1 and len(n[0]) <= 5 for n in q.subject_names):
        title_words = normalize(ctx.doc.title).split()
        for seq in (words, title_words):
            for n in range(2, 6):
                toks.update("".join(w[0] for w in seq[i : i + n]) for i in range(len(seq) - n + 1))
    if q.subject_names and not _names_in(q, ctx, toks):
        return False
    if q.countries:
        here = set(ctx.sent.countries) | ctx.doc.title_countries
        if ctx.prev is not None:
            here |= ctx.prev.countries
        if here & q.countries:
            return True
        # a named source need not name its own country, but a sentence about another
        # country is about that one
        return ctx.authoritative and not here
    return True


def _names_in(q: CompiledQuestion, ctx: _Ctx, toks: set[str]) -> bool:
    """One of the subject's names by a distinctive word ("Arakan", not "Army")."""
    for name in q.subject_names:
        distinct = (
            [w for w in name if w not in COMMON_SUBJECT_WORDS and len(w) >= 5]
            or [w for w in name if w not in COMMON_SUBJECT_WORDS and len(w) >= 3]
            or [max(name, key=len)]
        )
        if any(
            w in toks or stem(w) in toks or not _matches(stem(w), ctx.doc).isdisjoint(toks)
            for w in distinct
        ):
            return True
    return False


def _party_named(ctx: _Ctx) -> bool:
    """A yes/no event with a named counterpart ("a ceasefire with the Arakan Army") must
    name it in the sentence, the one before or the title: a ceasefire with another group
    in the same country is another event."""
    q = ctx.q
    if not q.subject_names:
        return True
    words = list(ctx.sent.words) + (ctx.prev.words if ctx.prev is not None else [])
    if ctx.nxt is not None and _announces_list(ctx.sent):
        words += ctx.nxt.words  # a list the sentence announces ("removed from the list:")
    toks = {stem(w) for w in words} | ctx.doc.title_tokens
    return _names_in(q, ctx, toks)


def _pair_ok(ctx: _Ctx) -> bool:
    """A yes/no event between named countries ("Will A and B sign …") is not stated by a
    sentence naming only one of them with a third country ("A and C signed …")."""
    q = ctx.q
    if len(q.countries) < 2:
        return True
    here = set(ctx.sent.countries)
    ours = here & q.countries
    return not (ours and ours != q.countries and here - q.countries)


def _own_country_ok(ctx: _Ctx, hit: Hit) -> bool:
    """A yes/no event of one named country ("approve an arrangement for Malawi") is not
    stated by a sentence whose event belongs to another country ("approved an
    arrangement … for Mozambique"): another country in the cue's clause, and none of the
    question's countries anywhere in the sentence. (The one-country form of
    :func:`_pair_ok`.)"""
    q = ctx.q
    if len(q.countries) != 1:
        return True
    found = _countries_at(ctx.sent)
    if any(c in q.countries for _, c in found):
        return True
    return not any(_same_clause(ctx.sent, hit, p) for p, _ in found)


_NOMINAL = (
    "tion",
    "tions",
    "sion",
    "sions",
    "ment",
    "ments",
    "ity",
    "ities",
    "ors",
    "ers",
    "ance",
    "ence",
)


def _nominal(hit: Hit) -> bool:
    """A cue that is a noun ("prequalification", "inspectors") names the event without
    saying it happened: it needs the question's object in its own clause."""
    return any(w.endswith(_NOMINAL) for w in hit.text.split())


def _objects_ok(ctx: _Ctx, hit: Hit, *, strict: bool = False) -> bool:
    """The event must concern what the question names after its verb ("sanction *Arkady
    Belov*", "strikes against *Houthi* targets"): in the cue's clause when the sentence
    names it, else in the sentence before or the finding's title."""
    objects = ctx.q.spec.get("event", {}).get("objects") or []
    if not objects:
        return True
    sent = ctx.sent
    names = [o for o in objects if not o.startswith("@")]
    if names:
        objects = names  # a named target is what the question is about, not its country
        if len(names) > 1 and not _object_named(ctx, names[0]):
            # "remove Caspian Meridian Shipping LLC from the SDN List": the list named
            # with another company ("CASPIAN STAR TRADING FZE") is not the event
            return False
    countries = _countries_at(sent)
    in_sentence: list[int] = []
    for o in objects:
        if o.startswith("@"):
            in_sentence += [p for p, c in countries if c == o[1:]]
        else:
            in_sentence += _name_positions(sent, _with_initials(o))
    if in_sentence:
        return any(_same_clause(sent, hit, p) or _framing(sent, hit, p) for p in in_sentence)
    if _listed_after(ctx, objects):
        return True
    if ctx.doc.glossed and any(_glossed_in(ctx, o) for o in objects if not o.startswith("@")):
        return True  # named in another language ("لجنة السياسة النقدية")
    if strict:
        return False
    context = " ".join([ctx.doc.title, ctx.prev.text if ctx.prev is not None else ""])
    words = normalize(context).split()
    ctx_countries = {p.country for p in countries_in(words, context)}
    ctx_sent = Sentence.read(context)
    for o in objects:
        if o.startswith("@") and o[1:] in ctx_countries:
            return True
        if not o.startswith("@") and _name_positions(ctx_sent, _with_initials(o)):
            return True
    return False


def _framing(sent: Sentence, hit: Hit, pos: int) -> bool:
    """The object named where the cue's clause is framed: in the sentence's opening
    phrase before it ("Under the item on X, the Board adopted …") or in the clause right
    after it that gives the act's content ("adopted resolution N, by which it demanded …
    X")."""
    if pos >= len(sent.clause) or hit.start >= len(sent.clause):
        return False
    c, cp = sent.clause[hit.start], sent.clause[pos]
    if cp == 0 and c == 1:
        first = sent.words[0]
        return first in FRAME_OPENERS or (first.endswith("ing") and len(first) > 5)
    if cp == c + 1 and pos > hit.start:
        start = sent.clause.index(cp)
        if pos - start > CLAUSE_NAME_REACH:
            return False
        words = tuple(sent.words[start : start + 3])
        return any(words[: len(o)] == o for o in CONTENT_CLAUSE_OPENERS)
    return False


#: A sentence ending in a colon, perhaps with the first item's number or bullet after it.
_LIST_AHEAD = re.compile(r":\s*(?:\(?[0-9a-z]{1,3}[.)]|[-•*])?\s*$", re.IGNORECASE)


def _announces_list(sent: Sentence) -> bool:
    return bool(_LIST_AHEAD.search(sent.text))


def _listed_after(ctx: _Ctx, objects: list[str]) -> bool:
    """ "The entries below have been removed from the list:" — a cue's sentence that
    ends in a colon announces a list: the object may be its first item."""
    if ctx.nxt is None or not _announces_list(ctx.sent):
        return False
    nxt = ctx.nxt
    for o in objects:
        if o.startswith("@"):
            continue
        if _name_positions(nxt, _with_initials(o)):
            return True
    return False


def _with_initials(name: str) -> list[str]:
    """A name of three or more words and its initials ("Monetary Policy Rate", "MPR"):
    releases name the object once in full and then by its initials."""
    words = [w for w in normalize(name).split() if w not in STOPWORDS]
    if len(words) < 3 or len(words) > 4:
        return [name]
    return [name, "".join(w[0] for w in words).upper()]


def _object_named(ctx: _Ctx, name: str) -> bool:
    """A named object is in the sentence, the one before or the finding's title."""
    names = _with_initials(name)
    if _name_positions(ctx.sent, names):
        return True
    context = " ".join([ctx.doc.title, ctx.prev.text if ctx.prev is not None else ""])
    return bool(_name_positions(Sentence.read(context), names)) or (
        bool(ctx.doc.glossed) and _glossed_in(ctx, name)
    )


def _glossed_in(ctx: _Ctx, name: str) -> bool:
    """Every content word of ``name`` is in the sentence through its English gloss."""
    words = [stem(w) for w in normalize(name).split() if w not in STOPWORDS]
    stems = ctx.sent.stems
    return bool(words) and all(
        w in stems or not ctx.doc.glossed.get(w, set()).isdisjoint(stems) for w in words
    )


def _office_named(ctx: _Ctx) -> bool:
    """The sentence (with the finding's title) names the question's election or office
    ("presidential"), not only an election: half of the subject's plain words by weight."""
    q = ctx.q
    words = {t: w for t, w in q.terms.items() if not t.startswith("@") and t not in q.name_words}
    if not words:
        return True
    toks = ctx.sent.stems | ctx.doc.title_tokens
    found = sum(w for t, w in words.items() if _present(t, set(toks), True))
    return found >= 0.5 * sum(words.values())


def _winner_is_subject(ctx: _Ctx, hit: Hit) -> bool:
    names = ctx.q.names
    if not names:
        return True
    positions = _name_positions(ctx.sent, [" ".join(n) for n in names])
    return any(abs(p - hit.start) <= NAME_REACH for p in positions)


def _other_winner(ctx: _Ctx, hit: Hit) -> bool:
    people = person_names(ctx.sent.text)
    subject_names = {" ".join(n) for n in ctx.q.names}
    for _, name in people:
        nn = normalize(name)
        if any(fuzz.token_set_ratio(nn, s) >= 85 for s in subject_names):
            continue
        return True
    return False


def _ordinal_near(sent: Sentence, hit: Hit, lang: str) -> float | None:
    words = sent.words
    window = words[max(0, hit.start - 4) : hit.end + 4]
    from matchers.lexicon import ORDINAL_WORDS

    for w in window:
        if w in ORDINAL_WORDS:
            return float(ORDINAL_WORDS[w])
        m = re.fullmatch(r"(\d+)(st|nd|rd|th)", w)
        if m:
            return float(m.group(1))
    return None


def _other_period(q: CompiledQuestion, sent: Sentence) -> bool:
    """Does the sentence name months/quarters, none of them the question's period?"""
    from matchers.spec import period_of

    measure = q.spec.get("measure") or {}
    want = measure.get("period")
    words = sent.words
    if not want:
        # a year's figure ("GDP growth for 2025"): a quarter's is another period, unless
        # the sentence says it is the whole year's too
        if not measure.get("year") or not _STAT_GROUPS & set(measure.get("groups", [])):
            return False
        p = period_of(words)
        return bool(p and "quarter" in p) and not sent.has(_WHOLE_YEAR)
    named: list[dict[str, int]] = []
    for i in range(len(words)):
        p = period_of(words[i : i + 3])
        if p and (p.get("month") is None or (i + 1 < len(words) and words[i] != "may")):
            named.append(p)
    if not named:
        return False
    return want not in named


_STAT_GROUPS = frozenset({"gdp", "unemployment", "inflation"})
_ADOPTED = _class_pattern("adopt")
_REJECTED = _class_pattern("reject")
#: Leaving office ("resigned", "il est mis fin aux fonctions de …"): a personal event, so
#: another person's is not the question's (the other-person test, as for judicial cues).
_OFFICE_END = _class_pattern("resign")
_WHOLE_YEAR = compile_phrases(WHOLE_YEAR_MARKERS)
#: Words after a number that make "CPI 12" a period ("CPI 12-month"), not another index.
_PERIOD_NOUNS = frozenset({"month", "months", "meses", "mois", "mes", "monate", "monat"})


def _other_index(q: CompiledQuestion, sent: Sentence) -> bool:
    """Is the sentence's index another one than the question's: a sub-index ("the FAO
    *Sugar* Price Index" for the Food Price Index), or the question's index with a suffix
    its title lacks ("IPCA-15" for the IPCA)?"""
    measure = q.spec.get("measure") or {}
    name = measure.get("index_name")
    words = sent.words
    if name and "index" in words and " ".join(name) not in sent.norm:
        for i in range(1, len(words) - 1):
            if words[i + 1] == "index" and words[i] in {"price", "prices"}:
                mod = words[i - 1]
                if mod not in STOPWORDS and mod != name[0]:
                    return True
    if q.measure_pattern is None:
        return False
    title = " " + measure.get("title", "") + " "
    bare = False
    variant = False
    for m in q.measure_pattern.finditer(sent.norm):
        rest = sent.norm[m.end() :].split()[:2]
        if (
            rest
            and rest[0].isdigit()
            and len(rest[0]) <= 2
            and (len(rest) < 2 or rest[1] not in _PERIOD_NOUNS)
            and f" {m.group()} {rest[0]} " not in title
        ):
            variant = True
        else:
            bare = True
    return variant and not bare


def _measure_here(ctx: _Ctx) -> bool:
    """The sentence names the question's measure, or carries it on from the sentence
    before with the question's own period qualifier ("IPCA rose 0.29% in January. Over
    12 months it was 4.43%")."""
    q, sent = ctx.q, ctx.sent
    if q.measure_pattern is None or sent.has(q.measure_pattern):
        return True
    return (
        bool(q.own_qualifiers)
        and ctx.prev is not None
        and _TWELVE.search(sent.norm) is not None
        and ctx.prev.has(q.measure_pattern)
        and any(p.search(sent.norm) for p in q.own_qualifiers)
    )


#: An explicit 12-month period ("acumulado em 12 meses", "over twelve months"): only this
#: carries the measure of the sentence before ("annual" alone may be a component's).
_TWELVE = re.compile(r"\b(?:12|twelve|doce|douze|doze|zwolf)\b")


def _figure_clarity(ctx: _Ctx, f: Figure, words: list[str]) -> int:
    """How clearly a figure is the asked one, to choose among a release's figures."""
    q, sent = ctx.q, ctx.sent
    measure = q.spec.get("measure") or {}
    score = 0
    if q.own_qualifiers:
        around = normalize(" ".join(words[max(0, f.index - QUALIFIER_REACH) : f.index + 4]))
        if any(p.search(around) for p in q.own_qualifiers):
            score += 2
    name = measure.get("index_name")
    if name and " ".join(name) in sent.norm:
        score += 1
    near = [w for w in f.before[-3:] if not w[:1].isdigit()]
    if any(stem(w) in q.terms for w in near) or (
        q.measure_pattern is not None and q.measure_pattern.search(" ".join(near))
    ):
        score += 1  # right after the measure's name ("the BI-Rate at 4.75%")
    year = measure.get("year")
    if year:
        years = {w for w in sent.words if len(w) == 4 and w.isdigit() and w[:2] in {"19", "20"}}
        if years and str(year) not in years:
            score -= 1
    if not f.unit:
        # a count: the noun counted right after it ("1,946,318 refugees"), or a total
        # ("Total del mes: 1.387", "a total of 4,431,511")
        nxt = [w for w in f.after[:2] if w not in _MULTIPLIER_WORDS]
        if nxt and stem(nxt[0]) in q.terms:
            score += 1
        if _TOTAL_WORDS & set(f.before[-4:]):
            score += 1
        origins = (q.spec.get("scope") or {}).get("origins")
        if origins and _origin_of(words, f) & set(origins):
            score += 2  # "returning from X": the count from X, not the total over origins
    return score


#: Words that make a count the total ("total", "overall", "en tout", "au total").
_TOTAL_WORDS = frozenset({"total", "overall", "totale", "gesamt", "insgesamt"})
#: Words before "total" that make the figure after it a part of it ("of the total, 288").
_PART_OF = frozenset({"of", "del", "du", "do", "da", "dont", "des", "dos", "among"})


_MULTIPLIER_WORDS = frozenset({"million", "millions", "thousand", "billion", "mil", "millones"})


def _from_value(figs: list[Figure], k: int, words: list[str]) -> bool:
    """Is figure ``k`` the earlier value of a change or the start of a range ("from 13.3%
    to 12.8%", "passé de 13,3% à 12,8%", "passou de 4,12% para 4,10%")?"""
    if k + 1 >= len(figs) or figs[k + 1].unit != figs[k].unit:
        return False
    between = [w for w in words[figs[k].index + 1 : figs[k + 1].index] if w not in _UNIT_WORDS]
    return len(between) == 1 and between[0] in CHANGE_TO_WORDS


_UNIT_WORDS = frozenset({"%", "percent", "per", "cent", "pour", "por", "ciento", "points", "pts"})


def _hedged_figure(before: list[str], estimate: bool) -> bool:
    from matchers.cues import _ESTIMATE_HEDGES, _HEDGES

    tail = before[-14:]
    # "31 May 2026", "May 2026": the month, not the modal
    tail = [
        "month"
        if w == "may"
        and ((k + 1 < len(tail) and tail[k + 1][:1].isdigit()) or (k and tail[k - 1].isdigit()))
        else w
        for k, w in enumerate(tail)
    ]
    text = normalize(" ".join(tail))
    if not text or _HEDGES is None:
        return False
    for m in _HEDGES.finditer(text):
        if estimate and (m.group().startswith("expect") or m.group() in {"is expected"}):
            continue
        if estimate and _ESTIMATE_HEDGES is not None and _ESTIMATE_HEDGES.search(text):
            continue
        return True
    return False


#: "more than 1.2 million", "just over 63 per cent": the figure is a bound, not the value.
_LOWER_BOUND = re.compile(
    r"\b(?:more than|over|above|in excess of|upwards of|plus de|mas de|mais de|oltre)$"
)
_UPPER_BOUND = re.compile(r"\b(?:less than|fewer than|under|below|moins de|menos de)$")
#: How far above / below a bound the value is read to lie ("more than 1.2 million").
BOUND_MARGIN = 0.02
#: Words after a figure searched for the qualifier it carries ("32.9% on annual basis").
POSTPOSED_REACH = 4


def _bound_of(before: tuple[str, ...]) -> str:
    text = normalize(" ".join(before[-4:]))
    if _LOWER_BOUND.search(text):
        return ">"
    if _UPPER_BOUND.search(text):
        return "<"
    return ""


def _bound_values(f: Figure, bound: str) -> tuple[float, float]:
    """The value and the value a little beyond the bound: both must agree."""
    if bound == ">":
        return f.value, f.value * (1 + BOUND_MARGIN)
    if bound == "<":
        return f.value, f.value * (1 - BOUND_MARGIN)
    return f.value, f.value


def _figures(ctx: _Ctx, unit: str) -> list[tuple[Figure, str, str]]:
    """Figures of the measure the question names, in the order the sentence gives them,
    each with its bound ("" / ">" for "more than …" / "<" for "less than …")."""
    q, sent = ctx.q, ctx.sent
    if not _measure_here(ctx):
        return []
    if _other_period(q, sent) or _other_index(q, sent):
        return []
    words = words_of(sent.text)
    figs = read_figures(sent.text, ctx.doc.lang)
    shorter = _other_span(q, sent)
    origins = set((q.spec.get("scope") or {}).get("origins") or ())
    balance = "trade" in (q.spec.get("measure") or {}).get("groups", ())
    out: list[tuple[Figure, str, str]] = []
    for k, f in enumerate(figs):
        window_start = max(0, f.index - QUALIFIER_REACH)
        if f.is_year or f.is_ordinal or f.is_date:
            continue
        if unit == "%" and f.unit != "%":
            continue
        if unit == "" and f.unit:
            continue
        if f.unit in {"pp", "bp"}:
            continue
        if _from_value(figs, k, words):
            continue
        if f.unit == "" and _breakdown(q, sent, f):
            continue
        if balance and not _after_measure(q, f):
            continue  # "exports of US$ 31.9 bn …, with a surplus of US$ 8.4 bn"
        if f.unit == "" and origins and not _origin_of(words, f) <= origins:
            continue  # "39,120 returned from Y" when the question counts those from X
        if f.unit == "" and shorter is not None and shorter.search(_around(words, f.index)):
            continue  # a week's, a day's or a running total, not the period asked
        before = " ".join(f.before)
        bound = _bound_of(f.before)
        if not bound and _COMPARISON is not None and _COMPARISON.search(normalize(before[-40:])):
            to = r"\bto\s*$" if ctx.doc.lang == "en" else r"\bto\s*$|\ba\s*$"
            if not re.search(to, before):
                continue
        # a qualifier right after the figure is its own ("2.55% on monthly basis")
        nxt = figs[k + 1].index if k + 1 < len(figs) else len(words)
        after = normalize(" ".join(words[f.index + 1 : min(nxt, f.index + 1 + POSTPOSED_REACH)]))
        if after and any(p.search(after) for p in q.contrary_qualifiers):
            continue
        own_after = bool(after) and any(p.search(after) for p in q.own_qualifiers)
        around = normalize(" ".join(words[window_start : f.index + 4]))
        for p in q.own_qualifiers:  # "acumulado em 12 meses" is 12-month, not year-to-date
            around = p.sub(" ", around)
        contrary = q.contrary_kinds if own_after else q.contrary_qualifiers
        if any(p.search(around) for p in contrary):
            break  # the sentence's figure is another measure: so are the ones after it
        if _hedged_figure(words[: f.index], ctx.doc.estimate):
            continue
        out.append((f, " ".join(words[max(0, f.index - 3) : f.index + 2]), bound))
    return out


#: A count over a week or a day, or a peak ("in the week of 7 to 13 June", "daily arrivals
#: peaked at"): not a month's, a quarter's or a year's total.
_SHORT_SPAN = re.compile(
    r"\b(?:(?:in|during|for|over) the (?:past |last )?week|week of|weekly|this week|last week"
    r"|(?<!average )daily|on a single day|peak\w*|semana\w*|semaine\w*|hebdomadaire"
    r"|woche\w*|wochentlich|taglich)\b"
)
#: A running total ("cumulatively since 1 January", "year to date", "en lo que va del año"):
#: not one month's count.
_RUNNING = re.compile(
    r"\b(?:cumulative\w*|year to date|so far this year|to date|since the (?:start|beginning)"
    r"|since (?:\d{1,2} )?january|acumulad\w*|en lo que va del?|depuis (?:le debut|janvier)"
    r"|desde (?:el )?(?:inicio|comienzo|\d{1,2} de enero|enero)|cumul\w*|seit jahresbeginn"
    r"|desde (?:o )?inicio|no acumulado)\b"
)
#: Words around a count searched for its span (before it, after it).
SPAN_BEFORE, SPAN_AFTER = 10, 4


def _other_span(q: CompiledQuestion, sent: Sentence) -> re.Pattern[str] | None:
    """The pattern for counts over another span than the question's, if the sentence may
    have one (cheap test on the whole sentence first)."""
    scope = q.spec.get("scope") or {}
    if scope.get("short_or_running", True) or q.kind != "numeric":
        return None
    pats = [_SHORT_SPAN] + ([_RUNNING] if scope.get("month") else [])
    hit = [p for p in pats if p.search(sent.norm)]
    if not hit:
        return None
    return hit[0] if len(hit) == 1 else _SHORT_OR_RUNNING


_SHORT_OR_RUNNING = re.compile(f"(?:{_SHORT_SPAN.pattern})|(?:{_RUNNING.pattern})")


def _around(words: list[str], i: int) -> str:
    return normalize(" ".join(words[max(0, i - SPAN_BEFORE) : i + SPAN_AFTER]))


def _after_measure(q: CompiledQuestion, f: Figure) -> bool:
    """The measure's name just before the figure ("superávit de US$ 8,37 bilhões")."""
    near = normalize(" ".join(f.before[-4:]))
    return q.measure_pattern is not None and q.measure_pattern.search(near) is not None


def _origin_of(words: list[str], f: Figure) -> set[str]:
    """The countries a count comes from, as written right after it ("87,915 returned from
    the Islamic Republic of Iran", "43,567 from Pakistan")."""
    after = [normalize(w) for w in words[f.index + 1 : f.index + 4]]
    for k, w in enumerate(after):
        if w in ORIGIN_PREPOSITIONS:
            rest = [normalize(x) for x in words[f.index + 2 + k : f.index + 8 + k]]
            first = countries_in(rest, " ".join(rest))[:1]
            return {c.country for c in first if c.start <= 3}
    return set()


def _breakdown(q: CompiledQuestion, sent: Sentence, f: Figure) -> bool:
    """A count broken down by origin ("987,412 from South Sudan") when the question's
    count is not that origin's."""
    before = f.before[-3:]
    if "total" in before:
        # "Del total, 288 eran menores": a part of the total just given
        k = len(before) - 1 - before[::-1].index("total")
        prior = before[k - 1 : k] + before[k - 2 : k - 1]
        if _PART_OF & set(prior):
            return True
    if before:
        # a table row "Venezuela 612 | Colombia 203": the figure after a country name
        named = {c.country for c in countries_in(list(before[-2:]), " ".join(before[-2:]))}
        if named and not named & q.countries and "|" in sent.text:
            return True
    after = f.after[:4]
    if not after or after[0] not in ORIGIN_PREPOSITIONS:
        return False
    named = {c.country for c in countries_in(list(after[1:]), " ".join(after[1:]))}
    return bool(named) and not named & q.countries


def _threshold_evidence(ctx: _Ctx, yes: str, no: str, t: dict[str, Any]) -> None:
    if not _final_figure(ctx):
        return
    groups = (ctx.q.spec.get("measure") or {}).get("groups", [])
    by_entity = bool(ctx.q.names) and bool({"seats", "votes"} & set(groups))
    figures = _entity_figures(ctx) if by_entity else _figures(ctx, t.get("unit", ""))
    if not figures:
        return
    f, where, bound = figures[0]
    ok = {compare(v, t["op"], float(t["value"])) for v in _bound_values(f, bound)}
    if len(ok) != 1:
        return  # a bound on the wrong side of the threshold says nothing
    yes_no = yes if ok.pop() else no
    ctx.add(yes_no, "for", 0.9, "threshold", f"figure {bound}{f.value:g}{f.unit} ({where})")


_FORECAST = re.compile(r"\b(forecast|projected|projection|expects?|could|may|might|target)\b")


def _final_figure(ctx: _Ctx) -> bool:
    """Statements of figures are hedged differently: a forecast is not the figure."""
    if not ctx.sent.words:
        return False
    return not _FORECAST.search(ctx.sent.norm) or ctx.doc.estimate


def _entity_figures(ctx: _Ctx) -> list[tuple[Figure, str, str]]:
    """The first figure right after the subject's name ("the MPP obtained 61")."""
    sent = ctx.sent
    words = words_of(sent.text)
    positions = _positions_in(_fold_words(sent.text), sent.text, [" ".join(n) for n in ctx.q.names])
    if not positions:
        return []
    figures = read_figures(sent.text, ctx.doc.lang)
    out: list[tuple[Figure, str, str]] = []
    for start in positions:
        for f in figures:
            if f.index > start and f.index - start <= 8 and not (f.is_year or f.is_date):
                out.append((f, " ".join(words[start : f.index + 1]), _bound_of(f.before)))
                break
    return out


def _bands(ctx: _Ctx) -> None:
    bands = [o for o in ctx.q.outcomes if o.role == "band"]
    if not bands:
        return
    unit = bands[0].data["band"].get("unit", "")
    if ctx.q.measure_pattern is None and ctx.local < 0.35:
        return
    figures = _figures(ctx, unit)
    if not figures:
        return
    f, where, bound = figures[0]
    # bands written to different precision ("30% to 32.9%", "33% or higher"): read the
    # figure at the finest one first, so 32.87 is not rounded up to the coarser band's 33
    # (nor 14.9 to 15, out of "Below 15%")
    fine = max(int(o.data["band"].get("decimals", 1)) for o in bands)
    matching = [
        o
        for o in bands
        if all(in_band(v, {**o.data["band"], "decimals": fine}) for v in _bound_values(f, bound))
    ]
    if len(matching) != 1:
        matching = [
            o for o in bands if all(in_band(v, o.data["band"]) for v in _bound_values(f, bound))
        ]
    if len(matching) != 1:
        ctx.blocked.append(f"figure {f.value:g} fits {len(matching)} bands")
        return
    strength = 0.6 + 0.4 * min(1.0, ctx.local * 1.6)
    note = f"figure {bound}{f.value:g}{f.unit} ({where})"
    ctx.clarity.append((len(ctx.out), _figure_clarity(ctx, f, words_of(ctx.sent.text))))
    ctx.add(matching[0].label, "for", strength, "band", note)


def _choice(ctx: _Ctx) -> None:
    q = ctx.q
    entities = [o for o in q.outcomes if o.role == "entity"]
    events = [o for o in q.outcomes if o.role == "event"]
    before = len(ctx.out)
    if entities:
        _entity_options(ctx, entities)
    if events:
        _event_options(ctx, events)
    if any(o.role == "band" for o in q.outcomes) and "votes" in (q.spec.get("measure") or {}).get(
        "groups", []
    ):
        _vote_count_options(ctx)
    if ctx.authoritative and not any(e.stance == "for" for e in ctx.out[before:]):
        # a named option (a candidate, a party, a country) is read by the question's
        # event ("won", "elected") near its name, never by its name alone; a state or a
        # status ("Partially reopened", "El Niño Advisory") may be read by its words
        _label_options(
            ctx,
            [
                o
                for o in q.outcomes
                if o.label_words and (o.role == "event" or q.event_pattern is None)
            ],
        )


#: Strength of an option read by its label's words alone (at most, with full local
#: coverage): below any lexicon cue's, so the reviewer sees the weaker kind of evidence.
LABEL_STRENGTH = (0.5, 0.2)
#: Rapidfuzz ratio for a label word of five letters or more to count as present.
LABEL_FUZZ = 88.0


def _label_word_at(word: str, sent: Sentence) -> list[int]:
    """Positions of a label word in the sentence: its stem, a near spelling, a cognate."""
    out = []
    for i, w in enumerate(sent.words):
        t = stem(w)
        if t == word or (
            len(word) >= 5
            and len(t) >= 5
            and (
                fuzz.ratio(word, t) >= LABEL_FUZZ
                or (
                    len(word) > COGNATE_PREFIX
                    and cognate(word)[:COGNATE_PREFIX] == cognate(t)[:COGNATE_PREFIX]
                )
            )
        ):
            out.append(i)
    return out


def _label_options(ctx: _Ctx, options: list[CompiledOutcome]) -> None:
    """An option whose label's distinctive words all stand together in an asserted
    sentence of a named source about the subject ("ENSO Alert System Status: El Niño
    Advisory"), when no lexicon class read the sentence. Not when the words are negated,
    hedged or said to have ended ("the Watch is discontinued"), nor when another option's
    label matches as well (ambiguous)."""
    if len(options) < 2 and not any(o.role == "other" for o in ctx.q.outcomes):
        return
    sent = ctx.sent
    found: list[tuple[int, CompiledOutcome, Hit]] = []
    for o in options:
        spots = [_label_word_at(w, sent) for w in o.label_words]
        if not all(spots):
            continue
        # the tightest group of the label's words
        lo, hi = min(
            (
                (min(near), max(near))
                for a in min(spots, key=len)
                for near in [[min(ps, key=lambda p: abs(p - a)) for ps in spots]]
            ),
            key=lambda t: t[1] - t[0],
        )
        if hi - lo > 2 * len(o.label_words) + 2:
            continue  # scattered words are not the label
        found.append((len(o.label_words), o, Hit(lo, hi + 1, " ".join(sent.words[lo : hi + 1]))))
    if not found:
        return
    found.sort(key=lambda t: -t[0])
    if len(found) > 1 and found[1][0] == found[0][0]:
        ctx.blocked.append("ambiguous labels: " + " / ".join(sorted(t[1].label for t in found)))
        return
    _, o, hit = found[0]
    if any(
        w.startswith(ENDED_WORDS)
        and sent.clause[i] == sent.clause[hit.start]
        and not hit.start <= i < hit.end
        for i, w in enumerate(sent.words)
    ):
        ctx.blocked.append(f"ended: {o.label}")
        return
    pol = _pol(ctx, hit, False)
    if pol == "asserted" and NEGATION_WORDS & set(sent.words[: hit.end]):
        # weaker evidence, read more strictly: a negation anywhere before the label's
        # words ("are not such as to require … to indicate provisional measures")
        pol = "negated"
    if pol != "asserted":
        ctx.blocked.append(f"{pol}: {o.label}")
        return
    base, span = LABEL_STRENGTH
    ctx.add(o.label, "for", base + span * min(1.0, ctx.local * 1.5), "label", hit.text)


#: Words after a count that make it the votes in favour ("11 in favour", "13 votes to 2",
#: "par 11 voix pour", "con 9 votos a favor").
_IN_FAVOUR = (
    ("in", "favour"),
    ("in", "favor"),
    ("votes", "in"),
    ("votes", "to"),
    ("votes", "for"),
    ("voix", "pour"),
    ("votos", "a"),
    ("votos", "favor"),
    ("votos", "en"),
    ("a", "favor"),
    ("members", "in"),
)
_LABEL_INTS = re.compile(r"\d+")
_FAVOUR_WORDS = frozenset({"favour", "favor", "pour", "votes", "voix", "votos"})


def _vote_count_options(ctx: _Ctx) -> None:
    """ "How many members will vote in favour": a vote line's count in favour ("adopted …
    by a vote of 11 in favour to none against") against options that are counts ("12 or
    fewer", "13 or 14", "15 (unanimous)")."""
    sent = ctx.sent
    if not _FAVOUR_WORDS & set(sent.words):
        return
    counts = [
        f
        for f in read_figures(sent.text, ctx.doc.lang)
        if not f.unit and not (f.is_year or f.is_date or f.is_ordinal) and f.after[:2] in _IN_FAVOUR
    ]
    if not counts:
        return
    if not any(_pol(ctx, h, False) == "asserted" for h in sent.find(_ADOPTED)):
        return
    n = counts[0].value
    fits: list[str] = []
    for o in ctx.q.outcomes:
        band = o.data.get("band")
        if band is not None:
            if in_band(n, band):
                fits.append(o.label)
        elif o.role == "event" and n in {float(x) for x in _LABEL_INTS.findall(o.label)}:
            fits.append(o.label)
    if len(fits) != 1:
        ctx.blocked.append(f"{n:g} in favour fits {len(fits)} options")
        return
    ctx.add(fits[0], "for", 0.6 + 0.4 * min(1.0, ctx.local * 1.6), "count", f"{n:g} in favour")


def _entity_options(ctx: _Ctx, options: list[CompiledOutcome]) -> None:
    q, sent = ctx.q, ctx.sent
    event = q.spec.get("event", {})
    if event.get("superlative") and _results_table(ctx, options):
        return
    hits = [h for h in sent.find(q.event_pattern) if _pol(ctx, h, q.event_future_ok) == "asserted"]
    if not hits:
        for h in sent.find(q.event_pattern):
            ctx.blocked.append(f"{_pol(ctx, h, q.event_future_ok)}: event")
        return
    kinds = {o.data["entity"]["kind"] for o in options}
    places = _countries_at(sent) if "country" in kinds else []
    best: tuple[int, CompiledOutcome | None, str] | None = None
    for hit in hits:
        for o in options:
            ent = o.data["entity"]
            if ent["kind"] == "country":
                pos = [i for i, c in places if c == ent.get("country")]
            else:
                pos = _name_positions(sent, list(ent["aliases"]))
            for p in pos:
                d = abs(p - hit.start)
                if d > NAME_REACH and sent.clause[p] != sent.clause[hit.start]:
                    d = INSERTION_DISTANCE  # the verb's subject across an inserted clause
                if _same_clause(sent, hit, p) and (best is None or d < best[0]):
                    best = (d, o, o.label)
        if "country" in kinds:
            listed = {o.data["entity"].get("country") for o in options}
            for p, c in places:
                if c in listed or c in q.countries:
                    continue
                d = abs(p - hit.start)
                if _same_clause(sent, hit, p) and (best is None or d < best[0]):
                    best = (d, None, c)
        if "person" in kinds and not any(
            _name_positions(sent, list(o.data["entity"]["aliases"])) for o in options
        ):
            for _, name in person_names(sent.text):
                if best is None:
                    best = (NAME_REACH, None, name)
    if best is None:
        return
    d, option, name = best
    strength = 0.65 + 0.35 * (1 - d / (NAME_REACH + 1)) * min(1.0, ctx.local * 1.5 + 0.3)
    if option is not None:
        ctx.add(option.label, "for", strength, "entity", name)
        return
    other = next((o for o in q.outcomes if o.role == "other"), None)
    if other is not None and ctx.local >= OTHER_LOCAL_MIN:
        ctx.add(other.label, "for", strength * 0.95, "other", f"Other: {name}")


def _same_clause(sent: Sentence, hit: Hit, pos: int) -> bool:
    """Is the name at ``pos`` in the cue's clause (or opening the next one: "Kalamata,
    Greece"), and near enough?"""
    if pos >= len(sent.clause) or hit.start >= len(sent.clause):
        return False
    c = sent.clause[hit.start]
    if sent.clause[pos] == c:
        return abs(pos - hit.start) <= CLAUSE_NAME_REACH
    if abs(pos - hit.start) > NAME_REACH:
        return pos < hit.start and _across_insertion(sent, hit, pos)
    if sent.clause[pos] == c + 1 and pos > hit.start:
        first = sent.clause.index(c + 1)
        return pos - first <= 1
    return _across_insertion(sent, hit, pos)


_APPOSITION_OF = frozenset({"of", "du", "de", "del", "do", "da"})


def _across_insertion(sent: Sentence, hit: Hit, pos: int) -> bool:
    """The subject before an inserted clause, the verb after it: "M. X, ayant obtenu
    54,31 % des suffrages, est proclamé élu" — the name ends its clause, every clause in
    between is inserted (starts "having", "who", "ayant", "qui" …) and the cue's clause
    starts with its verb (no subject of its own)."""
    c, cn = sent.clause[hit.start], sent.clause[pos]
    if cn >= c - 1 or hit.start - pos > CLAUSE_NAME_REACH * 2:
        return False
    starts = {k: sent.clause.index(k) for k in range(cn, c + 1)}
    if hit.start - starts[c] > 2:
        return False
    if starts[cn + 1] - pos > 3:
        # the name and its party: "Fatima X *of the* Unity Party, having …"
        tail = sent.words[pos + 1 : min(pos + 5, starts[cn + 1])]
        if not _APPOSITION_OF & set(tail) or starts[cn + 1] - pos > 10:
            return False
    return all(sent.words[starts[k]] in INSERTED_CLAUSE_STARTS for k in range(cn + 1, c))


_PARTIAL_COUNT = compile_phrases(PARTIAL_COUNT_MARKERS)
#: ... unless the count is complete ("after processing 100% of protocols").
_COMPLETE_COUNT = re.compile(
    r"\b100 (?:percent |per cent |pour cent |por ciento |por cento )?(?:of |de |des |dos |das )"
    r"|\ball (?:the )?(?:polling|precincts|protocols|ballot|votes)"
)


def _results_table(ctx: _Ctx, options: list[CompiledOutcome]) -> bool:
    """ "A obtained 50.2%, B 24.2%, C 8.0%": the option with the largest figure."""
    sent = ctx.sent
    figures = read_figures(sent.text, ctx.doc.lang)
    words = _fold_words(sent.text)
    values: list[tuple[float, CompiledOutcome]] = []
    for o in options:
        pos = _positions_in(words, sent.text, list(o.data["entity"]["aliases"]))
        if not pos:
            continue
        start = pos[0]
        f = next(
            (f for f in figures if 0 < f.index - start <= 9 and not (f.is_year or f.is_date)),
            None,
        )
        if f is not None:
            values.append((f.value, o))
    if len(values) < 2:
        return False
    title = normalize(ctx.doc.title)
    if (
        ctx.sent.has(_PARTIAL_COUNT)
        or (_PARTIAL_COUNT is not None and _PARTIAL_COUNT.search(title))
    ) and not (_COMPLETE_COUNT.search(ctx.sent.norm) or _COMPLETE_COUNT.search(title)):
        ctx.blocked.append("a count still under way")
        return True
    measure = ctx.q.spec.get("measure") or {}
    if "seats" in measure.get("groups", ()) and all(
        f.unit == "%" for f in figures if not (f.is_year or f.is_date)
    ):
        # shares of the vote do not allocate seats
        ctx.blocked.append("vote shares for a seats question")
        return True
    values.sort(key=lambda v: -v[0])
    top, second = values[0], values[1]
    if top[0] > second[0]:
        ctx.add(top[1].label, "for", 0.85, "results", f"largest figure {top[0]:g}")
    return True


def _event_options(ctx: _Ctx, options: list[CompiledOutcome]) -> None:
    sent, doc = ctx.sent, ctx.doc
    nxt_words = ctx.nxt.words if ctx.nxt is not None else []
    scored: list[tuple[float, float, CompiledOutcome, str]] = []
    for o in options:
        hits = sent.find(o.pattern)
        if not hits:
            continue
        data = o.data
        for hit in hits:
            pol = _pol(ctx, hit, o.future_ok)
            if data.get("negated"):
                if pol == "negated" and (deadline_passed(sent) or decisive(sent)):
                    scored.append((0.85, 1.0, o, hit.text))
                continue
            if pol != "asserted":
                ctx.add(
                    o.label,
                    "against" if pol in {"negated", "denied"} else "blocked",
                    0.5,
                    "event",
                    f"{pol}: {hit.text}",
                )
                ctx.blocked.append(f"{pol}: {o.label}")
                continue
            if data.get("persistent") and not _near_deadline(ctx):
                ctx.blocked.append(f"before the deadline: {o.label}")
                continue
            if not _measure_clause(ctx.q, sent, hit):
                continue
            if _other_person(ctx, hit):
                ctx.blocked.append(f"another person's case: {o.label}")
                continue
            if _other_group(ctx, hit):
                ctx.blocked.append(f"another group of people: {o.label}")
                continue
            if _other_body(ctx.q, sent, hit):
                ctx.blocked.append(f"another body's act: {o.label}")
                continue
            if not _args_ok(ctx, data, hit):
                continue
            amount = _amount_ok(data, sent, doc.lang)
            if amount is False or (amount is None and data.get("amount")):
                continue
            window = sent.words[: _predicate_end(sent, hit)] + nxt_words
            quals = _qualifier_share(window, list(data.get("qualifiers", [])))
            absent = data.get("absent") or []
            if absent and _qualifier_share(window, absent) >= 0.5:
                continue
            strength = 0.55 + 0.45 * min(1.0, ctx.local * 1.5)
            scored.append((strength, quals, o, hit.text))
            break
    if not scored:
        return
    if len({s[2].label for s in scored}) > 1:
        scored = _by_duration(ctx, scored)
    best_q = max(s[1] for s in scored)
    top = [s for s in scored if s[1] == best_q]
    labels = {s[2].label for s in top}
    if len(labels) > 1:
        ctx.blocked.append("ambiguous: " + " / ".join(sorted(labels)))
        return
    strength, quals, o, text = max(top, key=lambda s: s[0])
    if o.data.get("qualifiers") and quals == 0 and len(scored) > 1:
        return
    ctx.add(o.label, "for", strength * (0.7 + 0.3 * quals), "event", text)


_BODIES = tuple(tuple(b.split()) for b in ACTING_BODIES)

_NUM_WORDS = {"one": 1, "two": 2, "three": 3, "six": 6, "nine": 9, "twelve": 12, "eighteen": 18}
_NUM_WORDS |= {"un": 1, "une": 1, "um": 1, "uno": 1, "seis": 6, "six": 6, "douze": 12, "doce": 12}
_NUM_WORDS |= {"doze": 12, "trois": 3, "tres": 3}
_SPAN = r"(\d{1,2}|" + "|".join(_NUM_WORDS) + r")"
_YEAR_WORDS = r"(?:years?|ano|anos|an|ans|annee|anos|ano)"
_MONTH_WORDS = r"(?:months?|mois|meses)"
#: A stated extension period: "for a further 12 months", "for another year", "pour une durée
#: de six mois", "por un año más", "por mais doze meses".
_FOR_PERIOD = re.compile(
    r"\b(?:for|pour|por|par)(?: (?:a|an|another|one|a further|an additional|a period of|une|une"
    r" duree de|une nouvelle periode de|un|mais|otro|outro|un periodo de))*"
    rf"(?: {_SPAN})? ({_YEAR_WORDS}|{_MONTH_WORDS})\b"
)
#: "until 15 October 2027", "jusqu au 15 octobre 2027", "hasta el 15 de octubre de 2027".
_UNTIL_DATE = re.compile(
    r"\b(?:until|till|through|jusqu au|jusqu a|hasta el|ate|ate ao|bis zum|fino al)"
    r" (\d{1,2})(?: de)? ([a-z]+)(?: de)? (\d{4})\b"
)
_LABEL_SPAN = re.compile(rf"\b{_SPAN} ({_YEAR_WORDS}|{_MONTH_WORDS})\b")


def _months_of(n: str, unit: str) -> int | None:
    k = int(n) if n.isdigit() else _NUM_WORDS.get(n, 1 if not n else 0)
    if not k:
        return None
    return k * 12 if re.fullmatch(_YEAR_WORDS, unit) else k


def _label_months(label: str) -> tuple[str, int] | None:
    """ "Extended for 12 months" → ("=", 12); "for a shorter period" → ("<", 0)."""
    norm = normalize(label)
    m = _LABEL_SPAN.search(norm)
    if m:
        k = _months_of(m.group(1), m.group(2))
        return ("=", k) if k else None
    if re.search(r"\b(?:shorter|less than a year|fewer months)\b", norm):
        return ("<", 0)
    if re.search(r"\b(?:longer|more than a year)\b", norm):
        return (">", 0)
    return None


def _stated_months(ctx: _Ctx) -> int | None:
    """How long an extension runs, as the sentence states it: a period ("for a further
    year") or an end date counted from the measure's expiry (or the statement's date)."""
    norm = ctx.sent.norm
    m = _FOR_PERIOD.search(norm)
    if m:
        return _months_of(m.group(1) or "", m.group(2))
    u = _UNTIL_DATE.search(norm)
    if u is None or u.group(2) not in MONTHS:
        return None
    end = (int(u.group(3)), MONTHS[u.group(2)])
    ref = (ctx.q.spec.get("scope") or {}).get("expires")
    when = ctx.doc.published_at
    if ref:
        start = (ref[0], ref[1])
    elif when is not None:
        start = (when.year, when.month)
    else:
        return None
    months = (end[0] - start[0]) * 12 + end[1] - start[1]
    return months if months > 0 else None


def _by_duration(
    ctx: _Ctx, scored: list[tuple[float, float, CompiledOutcome, str]]
) -> list[tuple[float, float, CompiledOutcome, str]]:
    """Options told apart by how long an extension runs ("Extended for 12 months" /
    "Extended for a shorter period"): keep those the stated period fits."""
    spans = {s[2].label: _label_months(s[2].label) for s in scored}
    if sum(v is not None for v in spans.values()) < 2:
        return scored
    stated = _stated_months(ctx)
    if stated is None:
        return scored
    ref = max((v[1] for v in spans.values() if v is not None and v[0] == "="), default=0)
    keep = []
    for s in scored:
        span = spans[s[2].label]
        if span is None:
            continue
        op, k = span
        if (
            (op == "=" and abs(stated - k) <= 0)
            or (op == "<" and ref and stated < ref)
            or (op == ">" and ref and stated > ref)
        ):
            keep.append((s[0], max(s[1], 1.0), s[2], s[3]))
    return keep or scored


#: Court decisions concern one defendant: another person's judgment is not the question's.
_JUDICIAL = compile_phrases(
    tuple(c for name in ("uphold", "quash", "sentence", "trial") for c in CLASS_BY_NAME[name].cues)
) or re.compile(r"(?!)")


def _same_person(name: str, persons: tuple[str, ...]) -> bool:
    return any(fuzz.token_set_ratio(name, p) >= 85 for p in persons)


def _other_person(ctx: _Ctx, hit: Hit) -> bool:
    """The event is another person's: the question names a person ("the appeal of X"),
    and the finding's title names only other people ("… in the criminal appeal of Y"), or
    the cue's own clause names only other people ("allowed the appeal of Y")."""
    persons = ctx.q.persons
    if not persons or not (
        _JUDICIAL.search(hit.text) or (_OFFICE_END is not None and _OFFICE_END.search(hit.text))
    ):
        return False
    titled = ctx.doc.title_persons
    if titled and not any(_same_person(n, persons) for n in titled):
        return True
    sent = ctx.sent
    c = sent.clause[hit.start] if hit.start < len(sent.clause) else -1
    here: list[str] = []
    for offset, name in person_names(sent.text):
        pos = len(normalize(sent.text[:offset]).split())
        if pos < len(sent.clause) and sent.clause[pos] == c and people(name):
            here.append(normalize(name))
    return bool(here) and not any(_same_person(n, persons) for n in here)


_GROUP_OF = {noun: group for group, nouns in PEOPLE_GROUPS.items() for noun in nouns}
_GROUP_ALSO = {noun: group for group, nouns in PEOPLE_GROUPS_ALSO.items() for noun in nouns}
#: How far after the cue its object may name a group ("handed over 120 Syrian families").
GROUP_OBJECT_REACH = 4


def groups_of(words: Iterable[str], *, also: bool = False) -> frozenset[str]:
    """The groups of people ``words`` name (``lexicon.PEOPLE_GROUPS``; with ``also``, the
    weaker nouns of ``PEOPLE_GROUPS_ALSO`` too)."""
    out = set()
    for w in words:
        s = stem(w)
        g = _GROUP_OF.get(s) or (_GROUP_ALSO.get(s) if also else None)
        if g is not None:
            out.add(g)
    return frozenset(out)


def _other_group(ctx: _Ctx, hit: Hit) -> bool:
    """The event is another group's: the question is about a group of people ("Syrian
    soldiers"), and the cue's own clause names another group as the one that moves or is
    acted on — before the cue, or as its object just after it ("Syrian families returned
    to Syria", "handed over 120 Syrian families") — and not the question's group. A
    clause naming no group ("they were handed over") still counts: it may refer back."""
    asked = ctx.q.groups
    if not asked:
        return False
    sent = ctx.sent
    words = sent.words
    c = sent.clause[hit.start] if hit.start < len(sent.clause) else -1
    near = [
        words[i]
        for i in range(min(len(words), hit.end + GROUP_OBJECT_REACH))
        if (i < hit.start or i >= hit.end) and i < len(sent.clause) and sent.clause[i] == c
    ]
    named = groups_of(near)
    return bool(named) and not (groups_of(near, also=True) & asked)


def _other_body(q: CompiledQuestion, sent: Sentence, hit: Hit) -> bool:
    """The cue's acting body is another one than the question's: the last acting body
    named before the cue in its sentence ("The General Assembly today adopted …" for a
    Security Council question)."""
    if not q.bodies:
        return False
    last: str | None = None
    words = sent.words
    for i in range(hit.start):
        for b in _BODIES:
            if words[i] == b[0] and tuple(words[i : i + len(b)]) == b:
                last = " ".join(b)
    return last is not None and last not in q.bodies


_COORDINATED = tuple(tuple(p.split()) for p in COORDINATED_PREDICATE_STARTS)


def _predicate_end(sent: Sentence, hit: Hit) -> int:
    """Where the cue's predicate ends: the first later clause that coordinates a new
    predicate ("…, and to commence a withdrawal within one year"). An outcome's qualifier
    ("one year") after it qualifies that predicate, not the cue."""
    c = sent.clause[hit.start] if hit.start < len(sent.clause) else -1
    for i in range(hit.end, len(sent.words)):
        if sent.clause[i] == c or sent.clause[i] == sent.clause[i - 1]:
            continue
        if any(tuple(sent.words[i : i + len(p)]) == p for p in _COORDINATED):
            return i
    return len(sent.words)


def _args_ok(ctx: _Ctx, data: dict[str, Any], hit: Hit) -> bool:
    """The label's place / third country / quantifier agree with the sentence."""
    sent = ctx.sent
    places = data.get("places") or []
    if places or data.get("third_country"):
        found = _countries_at(sent)
        near = [c for p, c in found if abs(p - hit.start) <= NAME_REACH]
        if places:
            starts = {p for p, _ in found}
            near = [
                c
                for p, c in found
                if abs(p - hit.start) <= NAME_REACH and not _origin(sent.words, p, hit, starts)
            ]
        if places and not any(c in near for c in places):
            return False
        if data.get("third_country"):
            others = [c for c in near if c not in ctx.q.countries]
            if not others:
                return False
    quant = data.get("quantifier")
    if quant:
        said = _quantifier(sent, read_figures(sent.text, ctx.doc.lang))
        if said is None or said != quant:
            return False
    return True


def _origin(words: list[str], pos: int, hit: Hit, countries: set[int]) -> bool:
    """The country at ``pos`` is where a movement starts or takes place, not where it goes:
    the nearest preposition before it (back to the cue or another country) is "from"
    (or its equivalent), not "to"/"into" ("returned to Iraq *from* Al-Hol camp in north-east
    Syria" is no return to Syria)."""
    stop = hit.end if hit.start < pos else 0
    for i in range(pos - 1, max(stop, pos - PREPOSITION_REACH) - 1, -1):
        w = words[i]
        if w in DESTINATION_PREPOSITIONS:
            return False
        if w in ORIGIN_PREPOSITIONS:
            return True
        if i in countries:
            return False
    return False
