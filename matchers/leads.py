"""Leads: for one open question, the findings that came closest to a proposal, and why
none of them became one.

The matcher proposes only when it is sure, so most questions whose evidence has arrived
stay open. A reviewer reads the leads (the finding, its best sentence verbatim with
offsets, and a one-line reason it was set aside) and can teach the matcher the missing
phrase (``resdesk outcomes cue``). Plain functions over plain data: the matcher's own
reading (``read_doc``, ``relevance``, ``read_evidence``, ``propose``) is reused, nothing
is scored anew.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from matchers.core import (
    FindingDoc,
    MatchSettings,
    Prepared,
    QuestionSpec,
    in_window,
    prepare,
    propose,
    read_doc,
)
from matchers.cues import Hit, Sentence, polarity
from matchers.evidence import DocView, Evidence, local_relevance, read_evidence, relevance
from matchers.index import SubjectIndex, doc_keys
from matchers.text import Span

#: Relevance below which a finding is not worth a reviewer's reading.
LEAD_FLOOR = 0.4

#: Reasons, most decisive first (``Lead.reason`` starts with one of these).
ALREADY_PROPOSED = "already proposed"
OUTSIDE_WINDOW = "outside the window"
NOT_NAMED = "not a named source"
NOT_RELEVANT = "not relevant enough"
CUE_READ_AS = "the cue read as"
CUE_SET_ASIDE = "a cue matched but was set aside"
NO_CUE = "no cue matched"
BELOW_THRESHOLD = "below the queueing threshold"
WOULD_PROPOSE = "would support a proposal"


@dataclass(frozen=True)
class Lead:
    finding_id: int
    url: str
    source: str
    title: str
    published_at: datetime | None
    relevance: float
    named_source: bool
    in_window: bool
    #: The best sentence, verbatim: ``finding.text[start:end] == quote``.
    quote: str
    start: int
    end: int
    #: Why no proposal came of it (one line).
    reason: str
    #: The outcome the sentence's cue speaks of, if any.
    outcome: str = ""


def leads(
    question: QuestionSpec,
    findings: Sequence[FindingDoc],
    limit: int = 5,
    *,
    settings: MatchSettings | None = None,
    floor: float = LEAD_FLOOR,
    proposed: Collection[int] = (),
    prepared: Prepared | None = None,
) -> list[Lead]:
    """The findings closest to settling ``question``, best first, at most ``limit``.

    Only findings with relevance at least ``floor``; in-window before outside, named
    sources before others, then by relevance and recency. ``proposed``: ids of findings
    already cited by a proposal for the question.
    """
    settings = settings or MatchSettings()
    p = prepared or prepare(question)
    found: list[Lead] = []
    for f in findings:
        if not f.text.strip():
            continue
        lead = _lead(p, f, settings, floor, proposed)
        if lead is not None:
            found.append(lead)
    found.sort(
        key=lambda ld: (
            not ld.in_window,
            not ld.named_source,
            -ld.relevance,
            -(ld.published_at.timestamp() if ld.published_at else 0.0),
            ld.finding_id,
        )
    )
    return found[: max(0, limit)]


def shortlist(
    p: Prepared, findings: Iterable[FindingDoc], settings: MatchSettings | None = None
) -> list[int]:
    """Ids of the findings retrieval would shortlist for the question (window aside: a
    finding outside it is still a lead, with that reason), or that come from a source
    the question names."""
    settings = settings or MatchSettings()
    docs = list(findings)
    index = SubjectIndex([p.keys])
    keysets = [doc_keys(f"{d.title}\n{d.text[:200_000]}\n{d.source}") for d in docs]
    credited: list[set[int]] = [set() for _ in docs]
    cands = index.candidates(keysets, settings.retrieval_min_share, None, credited)
    return [d.id for d, c in zip(docs, cands, strict=True) if c or p.authoritative(d.source)]


def _lead(
    p: Prepared,
    f: FindingDoc,
    settings: MatchSettings,
    floor: float,
    proposed: Collection[int],
) -> Lead | None:
    q = p.spec
    view = read_doc(f)
    auth = p.authoritative(f.source)
    # as ``match`` reads it: a named source speaks for its country and its own name
    rel = relevance(p.compiled, view)
    if auth and rel < settings.relevance_threshold:
        rel = max(rel, relevance(p.compiled, view, authoritative=True))
    if rel < floor:
        return None
    outside = in_window(f.published_at, q)
    items, blocked = read_evidence(p.compiled, view, authoritative=auth)
    support = [e for e in items if e.stance == "for" and e.strength >= settings.min_strength]
    span, outcome, cue_pol = _best_sentence(p, view, items)
    if f.id in proposed:
        reason = ALREADY_PROPOSED
    elif outside:
        reason = f"{OUTSIDE_WINDOW}: {outside.split(': ', 1)[-1]}"
    elif not auth:
        reason = f"{NOT_NAMED}: others only corroborate"
    elif rel < settings.relevance_threshold:
        reason = f"{NOT_RELEVANT}: {rel:.2f} < {settings.relevance_threshold:.2f}"
    elif support:
        draft = propose(p, [(e, auth, rel) for e in items], {f.id: f}, settings)
        conf = draft.confidence if draft else 0.0
        if conf < settings.queue_threshold:
            reason = f"{BELOW_THRESHOLD}: {conf:.2f} < {settings.queue_threshold:.2f}"
        else:
            reason = f"{WOULD_PROPOSE} ({conf:.2f}): not cited by one yet"
    elif blocked:
        reason = _blocked_reason(blocked[0], cue_pol)
    else:
        reason = NO_CUE
    return Lead(
        finding_id=f.id,
        url=f.url,
        source=f.source,
        title=f.title,
        published_at=f.published_at,
        relevance=rel,
        named_source=auth,
        in_window=outside is None,
        quote=span.text,
        start=span.start,
        end=span.end,
        reason=reason,
        outcome=outcome,
    )


def _blocked_reason(blocked: str, cue_pol: str) -> str:
    kind, _, what = blocked.partition(": ")
    if kind in {"negated", "denied", "hedged"}:
        if kind == "hedged" and cue_pol == "future":
            kind = "future"
        return f"{CUE_READ_AS} {kind} ({what})"
    return f"{CUE_SET_ASIDE}: {blocked}"


def _best_sentence(p: Prepared, view: DocView, items: Sequence[Evidence]) -> tuple[Span, str, str]:
    """The sentence to quote: the strongest support, else one where a cue matched but
    was not asserted, else the one carrying most of the subject. With the outcome it
    speaks of and, for a blocked cue, how it read ("negated", "hedged", "future" …)."""
    sents = view.sentences
    support = [e for e in items if e.stance == "for"]
    if support:
        best = max(support, key=lambda e: (e.strength, -e.span.start))
        return best.span, best.outcome, "asserted"
    q = p.compiled
    patterns = [(q.event_pattern, q.event_future_ok, "")]
    patterns += [(o.pattern, o.future_ok, o.label) for o in q.outcomes]
    best_cue: tuple[float, int] | None = None
    cue: tuple[Span, str, str] | None = None
    coverage: list[float] = []
    for i, (span, sent) in enumerate(sents):
        prev = sents[i - 1][1] if i > 0 else None
        local = local_relevance(q, view, sent, prev)
        coverage.append(local)
        for pattern, future_ok, label in patterns:
            for hit in sent.find(pattern):
                pol = polarity(sent, hit, future_ok=future_ok, estimate_context=view.estimate)
                if pol == "asserted":
                    continue
                if pol == "hedged" and _plain_future(sent, hit, view):
                    pol = "future"
                rank = (local, -i)
                if best_cue is None or rank > best_cue:
                    best_cue = (local, -i)
                    cue = (span, label or _yes_label(p), pol)
    if cue is not None:
        return cue
    if not sents:
        return Span(0, 0, ""), "", ""
    i = max(range(len(sents)), key=lambda k: (coverage[k], -k))
    return sents[i][0], "", ""


def _plain_future(sent: Sentence, hit: Hit, view: DocView) -> bool:
    """A hedge that is only a plain future ("will be released"): asserted once the
    future is accepted."""
    return polarity(sent, hit, future_ok=True, estimate_context=view.estimate) == "asserted"


def _yes_label(p: Prepared) -> str:
    return next((o.label for o in p.compiled.outcomes if o.role == "yes"), "")
