"""Findings and open questions in, scored proposals with verbatim citations out.

Plain functions over plain data (no database, network or Prefect). For a batch of
findings and the open questions:

1. **Retrieval** (``matchers.index``): an inverted index over the questions' subject
   keys shortlists, for each finding, the questions it may be about; the rest are
   counted as "not relevant" without being scored pair by pair.
2. **Window.** A finding published outside ``[opens_at, closes_at]``, or with no
   date, never supports an outcome (a counted rejection says why).
3. **Relevance** (``matchers.evidence.relevance``): the weighted share of the
   question's subject (distinctive terms and named entities weigh more; fuzzy, so
   cognates and transliterations meet) — the finding must be about the subject, not
   merely the same country or topic.
4. **Evidence** (``matchers.evidence.read_evidence``): sentence by sentence, what
   supports or counts against each outcome, negation-, denial- and hedge-aware.
5. **Authority** (``matchers.sources.is_authoritative``): evidence from a source the
   question names settles; other sources only corroborate.
6. **Proposal**: one per question — the outcome with the strongest authoritative
   support; rival outcomes with authoritative support make it *conflicting* (both
   shown in the breakdown); a calibrated confidence below the queue threshold proposes
   nothing. The breakdown carries the parts of the score and an evidence matrix (for
   every outcome, the sentences for and against it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from matchers import calibration
from matchers.evidence import (
    CompiledQuestion,
    DocView,
    Evidence,
    compile_question,
    read_evidence,
    relevance,
    source_scope,
)
from matchers.index import ENTITY_PREFIX, QuestionKeys, SubjectIndex, key_of
from matchers.lexicon import COMMON_SUBJECT_WORDS
from matchers.sources import SourceNames, is_authoritative
from matchers.spec import compile_spec
from matchers.text import normalize

MATCHER = "spec-v2"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: Longest text read, in characters: a 5 MB page is cut here (and the cut is recorded).
MAX_TEXT = 200_000


@dataclass(frozen=True)
class OutcomeSpec:
    label: str
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionSpec:
    id: str
    title: str
    outcomes: tuple[OutcomeSpec, ...]
    resolution_source: str = ""
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    #: The configured sources the question's resolution-source words select.
    named_sources: tuple[SourceNames, ...] = ()
    context: str = ""
    #: The compiled resolution spec (``Question.spec``); compiled here when empty.
    spec: dict[str, Any] | None = None

    def resolution_spec(self) -> dict[str, Any]:
        if self.spec and self.spec.get("version") == _spec_version():
            return _with_cues(self.spec, self.outcomes)
        return compile_spec(
            title=self.title,
            outcomes=[(o.label, o.cues) for o in self.outcomes],
            resolution_source=self.resolution_source,
            opens_at=self.opens_at,
            closes_at=self.closes_at,
            context=self.context,
        )


def _spec_version() -> int:
    from matchers.spec import SPEC_VERSION

    return SPEC_VERSION


def _with_cues(spec: dict[str, Any], outcomes: Sequence[OutcomeSpec]) -> dict[str, Any]:
    """The stored spec with the outcomes' current cues (reviewers add cues later)."""
    cues = {o.label: list(o.cues) for o in outcomes}
    new = dict(spec)
    new["outcomes"] = [
        {**o, "cues": list(dict.fromkeys([*o.get("cues", []), *cues.get(o["label"], [])]))}
        for o in spec.get("outcomes", [])
    ]
    return new


@dataclass(frozen=True)
class FindingDoc:
    id: int
    url: str
    source: str
    text: str
    title: str = ""
    published_at: datetime | None = None
    snapshot_sha256: str | None = None


@dataclass(frozen=True)
class CitationDraft:
    finding_id: int
    quote: str
    start: int
    end: int
    score: float
    snapshot_sha256: str | None = None


@dataclass(frozen=True)
class ProposalDraft:
    question_id: str
    outcome: str
    confidence: float
    citations: tuple[CitationDraft, ...]
    breakdown: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rejection:
    """A (finding, question) pair considered and set aside, with the reason."""

    finding_id: int
    question_id: str
    reason: str


@dataclass(frozen=True)
class MatchSettings:
    relevance_threshold: float = 0.75
    support_threshold: float = 88.0  # kept for callers; cue matching is exact-on-stems
    queue_threshold: float = 0.55
    max_citations: int = 5
    #: Share of a question's subject keys a finding must carry to be scored at all.
    retrieval_min_share: float = 0.3
    #: Minimum strength of one piece of evidence to count.
    min_strength: float = 0.5


@dataclass
class MatchResult:
    proposals: list[ProposalDraft] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    #: Pairs never scored because retrieval did not shortlist them.
    not_candidates: int = 0
    #: Shortlisted pairs set aside because the finding is outside the question's window.
    window_rejections: int = 0
    #: Every candidate proposal, queued or not (for evaluation and calibration).
    considered: list[ProposalDraft] = field(default_factory=list)

    def rejection_counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for r in self.rejections:
            counts[r.reason.split(":")[0]] += 1
        if self.not_candidates:
            counts["not relevant"] += self.not_candidates
        if self.window_rejections:
            counts["outside window"] += self.window_rejections - 1
        return dict(counts)


def in_window(published_at: datetime | None, q: QuestionSpec) -> str | None:
    """None when the date is inside the question's window, else why not."""
    if published_at is None:
        return "no date: cannot place the finding in the question's window"
    if q.opens_at and published_at < q.opens_at:
        return "outside window: published before the question opened"
    if q.closes_at and published_at > q.closes_at:
        return "outside window: published after the question closed"
    return None


# --- preparing questions and findings ---------------------------------------------------


@dataclass
class Prepared:
    spec: QuestionSpec
    compiled: CompiledQuestion
    keys: QuestionKeys
    authority: dict[str, bool] = field(default_factory=dict)

    def authoritative(self, source: str) -> bool:
        hit = self.authority.get(source)
        if hit is None:
            hit = is_authoritative(source, self.spec.resolution_source, self.spec.named_sources)
            self.authority[source] = hit
        return hit


def prepare(q: QuestionSpec) -> Prepared:
    spec = q.resolution_spec()
    compiled = compile_question(q.id, spec, q.opens_at, q.closes_at)
    keys: dict[str, float] = {}
    for term, w in compiled.terms.items():
        k = term if term.startswith(ENTITY_PREFIX) else key_of(term)
        keys[k] = max(keys.get(k, 0.0), w)
    entity_keys = {ENTITY_PREFIX + c for c in compiled.countries}
    name_keys: set[str] = set()
    for c in compiled.countries:
        keys[ENTITY_PREFIX + c] = 3.0
    for name in compiled.names:
        for word in name:
            k = key_of(word)
            entity_keys.add(k)
            if word not in COMMON_SUBJECT_WORDS and len(word) > 2:
                name_keys.add(k)
            keys.setdefault(k, 3.0)
    if name_keys and len(compiled.subject_names) < len(compiled.names):
        # a body the resolution source names ("TurkStat") need not name itself in its own
        # releases ("Turkish Statistical Institute"): its country will do for retrieval
        name_keys |= {ENTITY_PREFIX + c for c in compiled.countries}
    # who the named source is (its country, its name and acronym) goes without saying in
    # its own releases: retrieval credits these keys once authority is confirmed
    credit = {ENTITY_PREFIX + c for c in compiled.source_countries}
    credit |= {key_of(t) for t in compiled.source_terms}
    credit |= {key_of(w) for n in compiled.names if n not in compiled.subject_names for w in n}
    return Prepared(
        q,
        compiled,
        QuestionKeys(
            keys, frozenset(entity_keys), frozenset(name_keys), frozenset(credit & set(keys))
        ),
    )


def build_index(prepared: Sequence[Prepared]) -> SubjectIndex:
    """The retrieval index over usable prepared questions (windows included)."""
    usable = [p for p in prepared if _usable(p) is None]
    index = SubjectIndex([p.keys for p in usable])
    index.set_windows(
        [p.spec.opens_at.timestamp() if p.spec.opens_at else None for p in usable],
        [p.spec.closes_at.timestamp() if p.spec.closes_at else None for p in usable],
    )
    return index


def _usable(q: Prepared) -> str | None:
    """Why a question cannot be matched at all, or None."""
    outcomes = q.compiled.outcomes
    if len(outcomes) < 2:
        return "question has fewer than two distinct outcomes"
    return None


def read_doc(doc: FindingDoc) -> DocView:
    text = doc.text[:MAX_TEXT]
    return DocView.read(doc.id, text, doc.title, doc.source, doc.published_at)


# --- matching ------------------------------------------------------------------------------


def match(
    findings: list[FindingDoc],
    questions: list[QuestionSpec],
    settings: MatchSettings | None = None,
    *,
    prepared: list[Prepared] | None = None,
    index: SubjectIndex | None = None,
) -> MatchResult:
    """Match findings against questions; at most one proposal per question.

    ``prepared`` (from :func:`prepare`) and ``index`` (from :func:`build_index` over the
    same prepared list) let a caller matching many batches build them once.
    """
    settings = settings or MatchSettings()
    result = MatchResult()
    preps = prepared if prepared is not None else [prepare(q) for q in questions]
    usable = []
    for p in preps:
        why = _usable(p)
        if why:
            for doc in findings[:1]:
                result.rejections.append(Rejection(doc.id, p.spec.id, f"unusable: {why}"))
        else:
            usable.append(p)
    if not usable or not findings:
        return result
    if index is None or index.n != len(usable):
        index = build_index(usable)
    index.outside = 0
    docs = {d.id: d for d in findings}
    views: dict[int, DocView] = {}
    keysets: list[set[str]] = []
    for d in findings:
        if not d.text.strip():
            result.rejections.append(Rejection(d.id, "*", "empty text: nothing to read"))
            keysets.append(set())
            continue
        if len(d.text) > MAX_TEXT:
            result.rejections.append(
                Rejection(d.id, "*", f"long text: only the first {MAX_TEXT} characters read")
            )
        views[d.id] = read_doc(d)
        keysets.append(views[d.id].keys)
    undated = {d.id for d in findings if d.published_at is None}
    credited: list[set[int]] = [set() for _ in findings]
    candidates = index.candidates(
        keysets,
        settings.retrieval_min_share,
        [None if d.published_at is None else d.published_at.timestamp() for d in findings],
        credited,
    )
    if index.outside:
        result.rejections.append(
            Rejection(0, "*", f"outside window: {index.outside} shortlisted pair(s)")
        )
        result.window_rejections += index.outside
    evidence: dict[str, list[tuple[Evidence, bool, float]]] = defaultdict(list)
    for d, cands, by_credit in zip(findings, candidates, credited, strict=True):
        result.not_candidates += len(usable) - len(cands)
        view = views.get(d.id)
        if view is None:
            continue
        if d.id in undated:
            result.rejections.append(Rejection(d.id, "*", in_window(None, usable[0].spec) or ""))
            continue
        for qi, _share in cands:
            p = usable[qi]
            auth: bool | None = None
            credit = qi in by_credit
            if credit:
                # shortlisted only with the named source's identity credited
                auth = p.authoritative(d.source)
                if not auth:
                    result.not_candidates += 1
                    continue
            rel = relevance(p.compiled, view)
            if rel < settings.relevance_threshold and (
                p.compiled.source_countries - view.countries or p.compiled.source_terms
            ):
                # a named source speaks for its country and its own name unnamed: worth
                # asking only if so the finding would be relevant
                rel_named = relevance(p.compiled, view, authoritative=True)
                if rel_named >= settings.relevance_threshold:
                    if auth is None:
                        auth = p.authoritative(d.source)
                    if auth:
                        rel = rel_named
                        credit = True
            if rel < settings.relevance_threshold:
                result.rejections.append(Rejection(d.id, p.spec.id, f"not relevant: {rel:.2f}"))
                continue
            # relevant by the named source's identity (credited, or its own name in the
            # finding's source line) and not naming the question's country itself
            unnamed = bool(p.compiled.countries) and not p.compiled.countries & view.countries
            why = source_scope(p.compiled, view) if credit or unnamed else None
            if why:
                result.rejections.append(Rejection(d.id, p.spec.id, f"not relevant: {why}"))
                continue
            if auth is None:
                auth = p.authoritative(d.source)
            items, blocked = read_evidence(p.compiled, view, authoritative=auth)
            for reason in blocked:
                result.rejections.append(Rejection(d.id, p.spec.id, reason))
            if not any(e.stance == "for" for e in items):
                result.rejections.append(Rejection(d.id, p.spec.id, "no outcome supported"))
            for e in items:
                evidence[p.spec.id].append((e, auth, rel))
    by_id = {p.spec.id: p for p in usable}
    for qid, q_items in evidence.items():
        draft = propose(by_id[qid], q_items, docs, settings)
        if draft is None:
            continue
        result.considered.append(draft)
        first = draft.citations[0].finding_id if draft.citations else 0
        if draft.breakdown["authority"] == 0.0:
            result.rejections.append(
                Rejection(first, qid, "not from a named source: others only corroborate")
            )
            continue
        if draft.confidence < settings.queue_threshold:
            result.rejections.append(
                Rejection(first, qid, f"below threshold: {draft.confidence:.2f}")
            )
            continue
        result.proposals.append(draft)
    return result


# --- from evidence to one proposal ----------------------------------------------------------


def _matrix_item(e: Evidence) -> dict[str, Any]:
    return {
        "finding_id": e.finding_id,
        "quote": e.span.text,
        "start": e.span.start,
        "end": e.span.end,
        "strength": e.strength,
        "kind": e.kind,
        "note": e.note,
    }


def evidence_matrix(
    labels: Sequence[str], items: Sequence[tuple[Evidence, bool, float]], cap: int = 5
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """For every outcome, the sentences for and against it (and those set aside)."""
    matrix: dict[str, dict[str, list[dict[str, Any]]]] = {
        label: {"for": [], "against": [], "not_yet": []} for label in labels
    }
    seen: set[tuple[str, str, int, int]] = set()
    for e, auth, _ in sorted(items, key=lambda t: (-t[0].strength, t[0].finding_id)):
        slot = {"for": "for", "against": "against"}.get(e.stance, "not_yet")
        key = (e.outcome, slot, e.finding_id, e.span.start)
        if e.outcome not in matrix or key in seen:
            continue
        seen.add(key)
        bucket = matrix[e.outcome][slot]
        if len(bucket) < cap:
            bucket.append({**_matrix_item(e), "named_source": auth})
    return matrix


def propose(
    p: Prepared,
    items: Sequence[tuple[Evidence, bool, float]],
    docs: dict[int, FindingDoc],
    settings: MatchSettings,
) -> ProposalDraft | None:
    q = p.compiled
    supports = [
        (e, auth, rel)
        for e, auth, rel in items
        if e.stance == "for" and e.strength >= settings.min_strength
    ]
    if not supports:
        return None
    by_outcome: dict[str, list[tuple[Evidence, bool, float]]] = defaultdict(list)
    for t in supports:
        by_outcome[t[0].outcome].append(t)
    first_only = bool(q.spec.get("event", {}).get("first")) and q.kind == "choice"

    def score(label: str) -> tuple[float, float, int, datetime]:
        ev = by_outcome[label]
        auth = [t for t in ev if t[1]]
        best = max((t[0].strength for t in auth), default=0.0)
        latest = max((t[0].published_at for t in auth if t[0].published_at), default=_EPOCH)
        return (1.0 if auth else 0.0, round(best, 2), len({t[0].finding_id for t in auth}), latest)

    ranked = sorted(by_outcome, key=score, reverse=True)
    if first_only:
        dated = [
            (min(t[0].published_at for t in by_outcome[lab] if t[1] and t[0].published_at), lab)
            for lab in ranked
            if any(t[1] and t[0].published_at for t in by_outcome[lab])
        ]
        if dated:
            ranked = [min(dated)[1]] + [lab for lab in ranked if lab != min(dated)[1]]
    label = ranked[0]
    best = by_outcome[label]
    auth_best = [t for t in best if t[1]]
    rivals = [lab for lab in ranked[1:] if any(t[1] for t in by_outcome[lab]) and not first_only]
    rival_strength = max(
        (t[0].strength for lab in rivals for t in by_outcome[lab] if t[1]), default=0.0
    )
    against = [e for e, auth, _ in items if e.outcome == label and e.stance == "against" and auth]
    support = max((t[0].strength for t in auth_best), default=0.0)
    n_auth = len({t[0].finding_id for t in auth_best})
    n_corr = len({t[0].finding_id for t in best if not t[1]})
    rel = max(t[2] for t in best)
    authority = 1.0 if auth_best else 0.0
    agreement = min(n_auth, 3) / 3.0
    corroboration = min(n_corr, 2) / 2.0
    conflict = rival_strength
    against_share = min(len(against), 3) / 3.0
    raw = calibration.raw_score(
        support=support,
        relevance=rel,
        authority=authority,
        agreement=agreement,
        corroboration=corroboration,
        conflict=conflict,
        against=against_share,
    )
    confidence = calibration.calibrate(raw) if authority else 0.0
    ordered = sorted(
        best,
        key=lambda t: (
            -int(t[1]),
            -round(t[0].strength, 2),
            t[0].published_at or _EPOCH,  # the first announcement before reports of it
            t[0].finding_id,
            t[0].span.start,
        ),
    )
    # one sentence per finding first (more sources, not more of one), then the rest
    firsts: list[tuple[Evidence, bool, float]] = []
    rest: list[tuple[Evidence, bool, float]] = []
    cited: set[int] = set()
    for t in ordered:
        (rest if t[0].finding_id in cited else firsts).append(t)
        cited.add(t[0].finding_id)
    citations: list[CitationDraft] = []
    seen: set[tuple[int, int]] = set()
    for e, _auth, _ in firsts + rest:
        key = (e.finding_id, e.span.start)
        if key in seen:
            continue
        seen.add(key)
        doc = docs.get(e.finding_id)
        citations.append(
            CitationDraft(
                e.finding_id,
                e.span.text,
                e.span.start,
                e.span.end,
                e.strength,
                doc.snapshot_sha256 if doc else None,
            )
        )
        if len(citations) >= settings.max_citations:
            break
    notes = sorted({t[0].note for t in best if t[0].kind == "other" and t[0].note})
    labels = [o.label for o in q.outcomes]
    breakdown: dict[str, Any] = {
        "matcher": MATCHER,
        "question_kind": q.kind,
        "support": round(support, 3),
        "relevance": round(rel, 3),
        "authority": authority,
        "agreement": round(agreement, 3),
        "corroboration": round(corroboration, 3),
        "penalties": {"conflict": round(conflict, 3), "against": round(against_share, 3)},
        "raw_score": raw,
        "calibration": calibration.VERSION,
        "findings": n_auth + n_corr,
        "named_source_findings": n_auth,
        "conflicting": bool(rivals),
        "conflicting_outcomes": rivals,
        "evidence_kinds": sorted({t[0].kind for t in best}),
        "evidence": evidence_matrix(labels, items),
    }
    if notes:
        breakdown["other_note"] = "; ".join(notes)
    return ProposalDraft(q.id, label, confidence, tuple(citations), breakdown)


def normalise_label(label: str) -> str:
    return normalize(label)
