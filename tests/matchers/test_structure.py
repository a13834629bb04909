"""Session 3, structural recall: where a sentence puts the question's object relative to
the cue (a framing phrase before it, a content clause after it, a list announced by a
colon). New sentences, none from the evaluation sets."""

from __future__ import annotations

from datetime import UTC, datetime

from matchers.cues import Sentence, class_pattern
from matchers.evidence import _framing

from .support import doc, outcomes, question

SC = "UN Security Council"
OPENS = datetime(2025, 3, 1, tzinfo=UTC)
CLOSES = datetime(2025, 9, 30, 23, 59, 59, tzinfo=UTC)


def _adopt_hit(sentence: str) -> tuple[Sentence, object]:
    sent = Sentence.read(sentence)
    pattern = class_pattern("adopt")
    assert pattern is not None
    return sent, sent.find(pattern)[0]


def _pos(sent: Sentence, word: str) -> int:
    return sent.words.index(word)


def test_a_framing_phrase_says_what_the_main_clause_is_about() -> None:
    sent, hit = _adopt_hit(
        "Under the agenda item on nuclear safety in Ukraine, the Board adopted the resolution "
        "by a vote of 21 in favour and 3 against."
    )
    assert _framing(sent, hit, _pos(sent, "ukraine"))  # type: ignore[arg-type]
    sent, hit = _adopt_hit(
        "Considering the report on Moldova, the Assembly adopted the text without a vote."
    )
    assert _framing(sent, hit, _pos(sent, "moldova"))  # type: ignore[arg-type]
    # an opening clause with its own subject is not a frame
    sent, hit = _adopt_hit(
        "The delegate of Ukraine spoke first, the Board adopted the resolution afterwards."
    )
    assert not _framing(sent, hit, _pos(sent, "ukraine"))  # type: ignore[arg-type]


def test_a_content_clause_after_the_act_carries_its_object() -> None:
    sent, hit = _adopt_hit(
        "The Council adopted resolution 2911 (2025), by which it called on all parties to lift "
        "the blockade of Kadugli."
    )
    assert _framing(sent, hit, _pos(sent, "kadugli"))  # type: ignore[arg-type]
    # a clause that merely follows ("and later discussed X") is not the act's content
    sent, hit = _adopt_hit(
        "The Council adopted resolution 2911 (2025), and it later discussed the blockade of "
        "Kadugli."
    )
    assert not _framing(sent, hit, _pos(sent, "kadugli"))  # type: ignore[arg-type]


def test_adopting_a_resolution_whose_content_names_the_place() -> None:
    q = question(
        "q-kadugli",
        "Will the UN Security Council adopt a resolution on the situation in Kadugli, Sudan, "
        "between March 1 and September 30, 2025?",
        "Yes",
        "No",
        source=SC,
        opens=OPENS,
        closes=CLOSES,
    )
    text = (
        "The Security Council today unanimously adopted resolution 2911 (2025), by which it "
        "demanded that the armed groups end the siege of Kadugli and allow humanitarian access."
    )
    assert outcomes([doc(1, text, SC, title="Security Council meeting coverage")], q) == ["Yes"]
    other = (
        "The Security Council today unanimously adopted resolution 2912 (2025), by which it "
        "extended the mandate of the panel of experts on Libya."
    )
    assert outcomes([doc(2, other, SC, title="Security Council meeting coverage")], q) == []


def test_an_object_listed_after_a_colon() -> None:
    src = "Office of Financial Sanctions Implementation"
    q = question(
        "q-list",
        "Will the UK remove Belarus's State Security Committee from its sanctions list by "
        "30 September 2025?",
        "Yes",
        "No",
        source=src,
        opens=OPENS,
        closes=CLOSES,
    )
    head = (
        "Following a review, the entries below have been removed from the Consolidated List "
        "and are no longer subject to an asset freeze:\n"
    )
    listed = head + "1. State Security Committee of the Republic of Belarus (KGB). Group ID: 1234."
    assert outcomes([doc(1, listed, src, title="Financial Sanctions Notice: Belarus")], q) == [
        "Yes"
    ]
    another = head + "1. Belaruskali OAO. Group ID: 5678."
    assert outcomes([doc(2, another, src, title="Financial Sanctions Notice: Belarus")], q) == []
