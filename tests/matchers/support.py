"""Builders shared by the matcher tests: a question, a finding, what ``match`` proposes,
and the polarity of an event class's first hit in a sentence."""

from __future__ import annotations

from datetime import UTC, datetime

from matchers.core import FindingDoc, OutcomeSpec, QuestionSpec, match
from matchers.cues import Sentence, class_pattern, polarity

OPENS = datetime(2025, 1, 1, tzinfo=UTC)
CLOSES = datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC)
WHEN = datetime(2025, 6, 10, 12, tzinfo=UTC)


def question(
    qid: str,
    title: str,
    *labels: str,
    source: str,
    opens: datetime = OPENS,
    closes: datetime = CLOSES,
) -> QuestionSpec:
    return QuestionSpec(
        id=qid,
        title=title,
        outcomes=tuple(OutcomeSpec(lab) for lab in labels),
        resolution_source=source,
        opens_at=opens,
        closes_at=closes,
    )


def doc(
    i: int, text: str, source: str, when: datetime | None = WHEN, title: str = ""
) -> FindingDoc:
    return FindingDoc(i, f"https://x.example/{i}", source, text, title=title, published_at=when)


def outcomes(findings: list[FindingDoc], q: QuestionSpec) -> list[str]:
    return [p.outcome for p in match(findings, [q]).proposals]


class OneStatement:
    """A window shared by one test file's questions, and one statement dated inside it:
    ``question(title, source, labels)`` and ``outcomes(text, q)`` (what is proposed)."""

    def __init__(self, opens: datetime, closes: datetime, when: datetime) -> None:
        self.opens, self.closes, self.when = opens, closes, when

    def question(
        self, title: str, source: str, labels: tuple[str, ...] = ("Yes", "No")
    ) -> QuestionSpec:
        return question("q", title, *labels, source=source, opens=self.opens, closes=self.closes)

    def outcomes(self, text: str, q: QuestionSpec, title: str = "", source: str = "") -> list[str]:
        return outcomes([doc(1, text, source or q.resolution_source, self.when, title)], q)


#: May–June 2026, a statement on 11 June (the session 3 generalisation tests)
MAY_JUNE_2026 = OneStatement(
    datetime(2026, 5, 1, tzinfo=UTC),
    datetime(2026, 6, 30, 23, 59, 59, tzinfo=UTC),
    datetime(2026, 6, 11, 12, tzinfo=UTC),
)


def pol(sentence: str, cue_class: str) -> str:
    sent = Sentence.read(sentence)
    pattern = class_pattern(cue_class)
    assert pattern is not None, f"no event class {cue_class!r}"
    [hit, *_] = sent.find(pattern)
    return polarity(sent, hit)
