"""Cue phrases and their polarity in a sentence: asserted, negated, denied, hedged."""

from __future__ import annotations

from matchers.cues import Sentence, class_pattern, estimate_context, polarity
from matchers.lexicon import CLASS_BY_NAME


def read(text: str, cls: str) -> list[tuple[str, str]]:
    s = Sentence.read(text)
    future_ok = CLASS_BY_NAME[cls].future_ok
    return [(h.text, polarity(s, h, future_ok=future_ok)) for h in s.find(class_pattern(cls))]


def test_paraphrases_in_several_languages() -> None:
    assert read("were handed over to the Syrian side at the crossing", "return")[:1] == [
        ("handed over to", "asserted")
    ]
    assert read("ont retrouvé la liberté", "release")[0][1] == "asserted"
    assert read("decidió mantener la tasa de política monetaria", "hold")[0][1] == "asserted"
    assert read("affixed their signatures to the Agreement", "sign")[0][1] == "asserted"


def test_negation_denial_and_hedges() -> None:
    assert read("The soldiers were not returned to Syria.", "return")[0][1] == "negated"
    assert (
        read("The ministry denied reports that they had been granted asylum.", "asylum")[0][1]
        == "denied"
    )
    assert read("Officials said they may be returned to Syria.", "return")[0][1] == "hedged"
    assert read("Iraq plans to have them transferred to Jordan.", "transfer")[0][1] == "hedged"
    assert (
        read(
            "to advise on whether the outbreak of the disease in the region constitutes a PHEIC",
            "determine",
        )[0][1]
        == "hedged"
    )
    assert (
        read("has noted media reports that the Council has lifted the suspension", "lift")[0][1]
        == "hedged"
    )


def test_negation_stays_in_its_clause() -> None:
    hits = read(
        "The vessel did not proceed to the assigned port and instead landed the migrants.",
        "disembark",
    )
    assert hits == [("landed", "asserted")]


def test_a_refusal_cue_is_not_negated_by_its_own_not() -> None:
    assert read("The Authority formally decided not to grant permission.", "reject") == [
        ("decided not to grant", "asserted")
    ]


def test_announced_runoffs_and_flash_estimates() -> None:
    assert read("se realizará una segunda vuelta electoral", "second_round")[0][1] == "asserted"
    s = Sentence.read("Euro area annual inflation is expected to be 1.9% in May.")
    assert estimate_context("Flash estimate - May 2025")
    assert not estimate_context("Monthly bulletin")
    assert s.words[:3] == ["euro", "area", "annual"]
