"""Bad input is handled with a reason recorded: no crash, nothing stored lost."""

from __future__ import annotations

from datetime import UTC, datetime

from matchers.core import FindingDoc, MatchSettings, OutcomeSpec, QuestionSpec, match

WHEN = datetime(2025, 3, 1, tzinfo=UTC)
SOURCE = "Press Service of the President of the Kyrgyz Republic"
SIGNED = "The Presidents of Kyrgyzstan and Tajikistan signed the Treaty on the State Border."


def q(*labels: str, closes: datetime | None = datetime(2025, 6, 30, tzinfo=UTC)) -> QuestionSpec:
    return QuestionSpec(
        id="kg",
        title="Will Kyrgyzstan and Tajikistan sign a treaty on their state border?",
        outcomes=tuple(OutcomeSpec(label) for label in labels),
        resolution_source="Official statements from the governments of Kyrgyzstan or Tajikistan",
        opens_at=datetime(2025, 1, 1, tzinfo=UTC),
        closes_at=closes,
    )


def f(text: str, when: datetime | None = WHEN, i: int = 1) -> FindingDoc:
    return FindingDoc(i, f"https://x.example/{i}", SOURCE, text, published_at=when)


def reasons(result: object) -> list[str]:
    return [r.reason for r in result.rejections]  # type: ignore[attr-defined]


def test_empty_text() -> None:
    res = match([f("")], [q("Yes", "No")])
    assert res.proposals == [] and any(r.startswith("empty text") for r in reasons(res))


def test_five_megabytes_of_text_is_read_in_part_and_still_matched() -> None:
    big = SIGNED + " " + ("The ministry thanked its partners. " * 150_000)
    assert len(big) > 5_000_000
    res = match([f(big)], [q("Yes", "No")])
    assert any(r.startswith("long text") for r in reasons(res))
    [p] = res.proposals
    assert p.outcome == "Yes" and big[p.citations[0].start : p.citations[0].end] == SIGNED


def test_a_script_the_normaliser_does_not_know() -> None:
    amharic = "የኪርጊስታን እና የታጂኪስታን ፕሬዚዳንቶች ስምምነት ተፈራርመዋል።"
    thai = "ประธานาธิบดีคีร์กีซสถานและทาจิกิสถานลงนามสนธิสัญญา"
    res = match([f(amharic, i=1), f(thai, i=2)], [q("Yes", "No")])
    assert res.proposals == []  # nothing understood, nothing proposed, no crash


def test_a_question_with_one_outcome_or_duplicate_labels() -> None:
    one = match([f(SIGNED)], [q("Yes")])
    assert one.proposals == [] and any("fewer than two" in r for r in reasons(one))
    dup = match([f(SIGNED)], [q("Yes", "Yes", "No")])
    assert [p.outcome for p in dup.proposals] == ["Yes"]


def test_other_and_other_outcome_are_never_defaults() -> None:
    res = match([f(SIGNED)], [q("Signed", "Other", "Other outcome")])
    assert all(p.outcome not in {"Other", "Other outcome"} for p in res.proposals)


def test_a_finding_with_no_date() -> None:
    res = match([f(SIGNED, when=None)], [q("Yes", "No")])
    assert res.proposals == [] and any(r.startswith("no date") for r in reasons(res))


def test_a_question_without_a_deadline_still_matches_events() -> None:
    res = match([f(SIGNED)], [q("Yes", "No", closes=None)], MatchSettings())
    [p] = res.proposals
    assert p.outcome == "Yes"
