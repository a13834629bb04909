"""Candidate retrieval and who speaks for a question's named sources."""

from __future__ import annotations

from datetime import UTC, datetime

from matchers.core import OutcomeSpec, QuestionSpec, build_index, prepare
from matchers.index import doc_keys
from matchers.sources import is_authoritative, speaks_for

OPENS = datetime(2025, 1, 1, tzinfo=UTC)
CLOSES = datetime(2025, 6, 30, tzinfo=UTC)


def q(i: int, title: str) -> QuestionSpec:
    return QuestionSpec(
        id=f"q{i}",
        title=title,
        outcomes=(OutcomeSpec("Yes"), OutcomeSpec("No")),
        opens_at=OPENS,
        closes_at=CLOSES,
    )


QUESTIONS = [
    q(0, "Will Kyrgyzstan and Tajikistan sign a treaty on their state border?"),
    q(1, "Will the Central Bank of Kenya lower the Central Bank Rate four times in 2025?"),
    q(2, "Will WHO prequalify the M-Shield malaria vaccine by June 2025?"),
    q(3, "Will Greece extend its suspension of asylum applications?"),
]


def test_retrieval_shortlists_the_question_a_finding_is_about() -> None:
    index = build_index([prepare(x) for x in QUESTIONS])
    texts = [
        "Today in Bishkek the Presidents of Kyrgyzstan and Tajikistan signed the border treaty.",
        "La Banque centrale du Kenya a abaissé le taux directeur (Central Bank Rate).",
        "The ministry set the wheat purchase price for the season.",
    ]
    when = datetime(2025, 3, 1, tzinfo=UTC).timestamp()
    cands = index.candidates([doc_keys(t) for t in texts], 0.3, [when] * 3)
    assert [c for c, _ in cands[0]] == [0]
    assert [c for c, _ in cands[1]] == [1]
    assert cands[2] == []


def test_retrieval_leaves_out_findings_outside_the_window() -> None:
    index = build_index([prepare(x) for x in QUESTIONS])
    late = datetime(2025, 9, 1, tzinfo=UTC).timestamp()
    text = "The Presidents of Kyrgyzstan and Tajikistan signed the border treaty."
    assert index.candidates([doc_keys(text)], 0.3, [late]) == [[]]
    assert index.outside == 1


def test_a_state_body_of_a_named_government_speaks_for_it() -> None:
    res = "Reports from Iraqi government and international organizations"
    assert speaks_for("Iraqi Joint Operations Command", res)
    assert speaks_for("وزارة الداخلية العراقية", res)  # the Iraqi interior ministry, in Arabic
    assert speaks_for("International Organization for Migration (IOM)", res)
    assert not speaks_for("Syrian Ministry of Defence", res)
    assert not speaks_for("Daily Gazette", res)


def test_a_named_body_by_acronym_or_its_words_in_another_language() -> None:
    igad = "Official statements from the Government of South Sudan or IGAD"
    assert speaks_for("Intergovernmental Authority on Development (IGAD)", igad)
    assert speaks_for(
        "Ministry of Foreign Affairs and International Cooperation, South Sudan", igad
    )
    assert speaks_for("Statistique Canada", "Official releases from Statistics Canada")
    assert speaks_for(
        "WHO Regional Office for Africa", "Statements from the World Health Organization"
    )


def test_the_same_kind_of_body_elsewhere_does_not() -> None:
    assert not speaks_for(
        "Central Bank of Jordan", "Official statements from the Central Bank of Egypt"
    )
    assert not speaks_for(
        "SADC Electoral Observation Mission", "Announcement by the Malawi Electoral Commission"
    )
    assert not speaks_for(
        "Medicines and Healthcare products Regulatory Agency (UK)",
        "Official statements from the European Medicines Agency (EMA)",
    )
    assert not is_authoritative("", "Official statements from the Bank of Ghana", ())
