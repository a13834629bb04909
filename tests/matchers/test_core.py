"""The first matcher over plain data: no database, no network, no Prefect."""

from __future__ import annotations

from datetime import UTC, datetime

from matchers.core import FindingDoc, MatchSettings, OutcomeSpec, QuestionSpec, match
from matchers.sources import SourceNames
from matchers.text import normalize, split_sentences

Q = QuestionSpec(
    id="syrian-soldiers",
    title="What will be the outcome for Syrian soldiers in Iraq by June 30, 2025?",
    outcomes=tuple(
        OutcomeSpec(label)
        for label in (
            "Returned to Syria",
            "Granted asylum in Iraq",
            "Transferred to a third country",
            "Other",
        )
    ),
    resolution_source="Reports from Iraqi government and international organizations",
    opens_at=datetime(2024, 12, 7, 14, 38, tzinfo=UTC),
    closes_at=datetime(2025, 6, 30, 23, 59, 59, tzinfo=UTC),
    named_sources=(
        SourceNames(
            "Iraqi Ministry of Foreign Affairs", ("Iraqi Foreign Ministry", "iraqi government")
        ),
        SourceNames("UNHCR", ("UN Refugee Agency", "international organizations")),
    ),
)
IN_WINDOW = datetime(2024, 12, 19, 10, tzinfo=UTC)
HANDOVER = (
    "The Iraqi authorities handed over the Syrian soldiers to the Syrian authorities at "
    "the Al-Qaim crossing, and the soldiers returned to Syria on Thursday."
)


def doc(
    text: str,
    *,
    id: int = 1,
    source: str = "Iraqi Ministry of Foreign Affairs",
    when: datetime | None = IN_WINDOW,
) -> FindingDoc:
    return FindingDoc(
        id=id, url=f"https://mofa.example/{id}", source=source, text=text, published_at=when
    )


def test_handover_statement_yields_one_cited_proposal() -> None:
    text = "Baghdad, 19 December. " + HANDOVER + " The ministry thanked its partners."
    result = match([doc(text)], [Q])
    [p] = result.proposals
    assert p.outcome == "Returned to Syria"
    [c] = p.citations
    assert c.quote == HANDOVER
    assert text[c.start : c.end] == c.quote
    assert 0.55 <= p.confidence <= 1.0
    assert p.breakdown["authority"] == 1.0


def test_unrelated_finding_yields_nothing() -> None:
    result = match(
        [
            doc(
                "The Ministry of Agriculture set the wheat purchase price for the new "
                "season and thanked farmers."
            )
        ],
        [Q],
    )
    assert result.proposals == []
    assert [r.reason.split(":")[0] for r in result.rejections] == ["not relevant"]


def test_same_event_in_another_country_is_not_about_the_question() -> None:
    result = match(
        [
            doc(
                "Jordan said a number of Syrian soldiers who approached its border were "
                "returned to Syria.",
                source="Jordanian Armed Forces",
            )
        ],
        [Q],
    )
    assert result.proposals == []


def test_denial_and_hedge_do_not_support() -> None:
    denial = doc(
        "The ministry denied reports that the Syrian soldiers in Iraq had been granted "
        "asylum in Iraq.",
        id=1,
    )
    hedge = doc(
        "Officials said the Syrian soldiers in Iraq may be returned to Syria next month.", id=2
    )
    plan = doc("Iraq plans to have the Syrian soldiers transferred to a third country.", id=3)
    result = match([denial, hedge, plan], [Q])
    assert result.proposals == []
    reasons = sorted(r.reason for r in result.rejections)
    assert "denied: Granted asylum in Iraq" in reasons
    assert "hedged: Returned to Syria" in reasons
    assert "hedged: Transferred to a third country" in reasons


def test_outside_the_window_or_undated_never_supports() -> None:
    late = doc(HANDOVER, id=1, when=datetime(2025, 7, 2, tzinfo=UTC))
    early = doc(HANDOVER, id=2, when=datetime(2024, 12, 1, tzinfo=UTC))
    undated = doc(HANDOVER, id=3, when=None)
    result = match([late, early, undated], [Q])
    assert result.proposals == []
    assert {r.reason.split(":")[0] for r in result.rejections} == {"outside window", "no date"}


def test_other_is_never_a_default() -> None:
    result = match(
        [
            doc(
                "The fate of the Syrian soldiers in Iraq remains other than expected; "
                "other arrangements exist."
            )
        ],
        [Q],
    )
    assert all(p.outcome != "Other" for p in result.proposals)


def test_corroboration_adds_citations_to_one_proposal() -> None:
    a = doc(HANDOVER, id=1)
    b = doc(
        "UNHCR confirmed that the Syrian soldiers who had sheltered in Iraq returned to Syria.",
        id=2,
        source="UNHCR",
    )
    [p] = match([a, b], [Q]).proposals
    assert {c.finding_id for c in p.citations} == {1, 2}
    assert p.breakdown["findings"] == 2


def test_below_queue_threshold_proposes_nothing() -> None:
    [queued] = match([doc(HANDOVER)], [Q], MatchSettings(queue_threshold=0.0)).proposals
    # a threshold just above this proposal's confidence, whatever the calibration is
    above = queued.confidence + 0.001
    result = match([doc(HANDOVER)], [Q], MatchSettings(queue_threshold=above))
    assert result.proposals == []
    assert any(r.reason.startswith("below threshold") for r in result.rejections)


def test_cues_extend_an_outcome() -> None:
    q = QuestionSpec(
        id="q",
        title="What will happen to the Syrian soldiers in Iraq by June 2025?",
        outcomes=(OutcomeSpec("Returned to Syria", ("repatriated",)), OutcomeSpec("Other")),
        opens_at=Q.opens_at,
        closes_at=Q.closes_at,
        named_sources=Q.named_sources,
    )
    [p] = match([doc("All the Syrian soldiers in Iraq were repatriated on Sunday.")], [q]).proposals
    assert p.outcome == "Returned to Syria"


def test_sentence_offsets_are_exact() -> None:
    text = "  First one. Second, with U.N. staff!\n\nThird — ends here?  "
    spans = split_sentences(text)
    assert [s.text for s in spans] == [
        "First one.",
        "Second, with U.N. staff!",
        "Third — ends here?",
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_a_headline_line_is_its_own_sentence_but_a_wrapped_line_is_not() -> None:
    headline = "Iraq hands over Syrian personnel at the Al-Qaim crossing"
    text = (
        f"{headline}\nThe Ministry announces that the personnel were handed over\n"
        "to the Syrian authorities today.\nUNHCR was present."
    )
    spans = split_sentences(text, f"{headline} | Ministry of Foreign Affairs")
    assert [s.text for s in spans] == [
        headline,
        "The Ministry announces that the personnel were handed over\n"
        "to the Syrian authorities today.",
        "UNHCR was present.",
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)
    # a first line that is not the title, or that ends a sentence, is read as before
    assert split_sentences(text, "Another headline entirely")[0].text.startswith(headline + "\n")
    assert len(split_sentences("Short title\nbody goes on here.", "Short title")) == 1


def test_normalize_folds_case_accents_punctuation_and_arabic() -> None:
    assert normalize("Al-Qa'im  CAFÉ!") == "al qaim cafe"
    assert normalize("القائمُ") == normalize("القائم")
    assert normalize("أحمد") == normalize("احمد")


def test_a_source_the_question_does_not_name_never_settles_alone() -> None:
    other = doc(HANDOVER, id=1, source="Daily Gazette")
    result = match([other], [Q])
    assert result.proposals == []
    assert any(r.reason.startswith("not from a named source") for r in result.rejections)
    named = doc(
        "UNHCR confirmed that the Syrian soldiers in Iraq returned to Syria.",
        id=2,
        source="UNHCR Iraq",
    )
    [p] = match([other, named], [Q]).proposals
    assert {c.finding_id for c in p.citations} == {1, 2}  # the other source corroborates
