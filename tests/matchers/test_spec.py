"""The resolution spec compiled from a question: subject, event, outcomes, notes."""

from __future__ import annotations

from datetime import UTC, datetime

from matchers.spec import add_cue, compile_spec, describe_spec, in_band, parse_band

CLOSES = datetime(2025, 9, 30, 23, 59, 59, tzinfo=UTC)


def spec(title: str, *labels: str, **kw: object) -> dict:
    return compile_spec(
        title=title,
        outcomes=[(lab, ()) for lab in labels],
        closes_at=CLOSES,
        **kw,  # type: ignore[arg-type]
    )


def test_yes_no_event_names_its_verb_objects_and_subject() -> None:
    s = spec(
        "Will the UK government sanction Russian businessman Arkady Belov by March 31, 2026?",
        "Yes",
        "No",
    )
    assert s["kind"] == "yes_no"
    assert s["event"]["classes"] == ["impose"]
    assert "arkady belov" in s["event"]["objects"]
    labels = [e["label"] for e in s["subject"]["entities"]]
    assert "United Kingdom" in labels and "Russia" in labels
    assert [o["role"] for o in s["outcomes"]] == ["yes", "no"]


def test_the_main_verb_wins_over_nouns() -> None:
    greece = spec(
        "Will Greece extend its suspension of asylum applications beyond October 14, 2025?",
        "Yes",
        "No",
    )
    assert greece["event"]["classes"] == ["extend"]
    runoff = spec("Will Ecuador's 2025 presidential election go to a second round?", "Yes", "No")
    assert runoff["event"]["classes"] == ["second_round"]


def test_counts_and_thresholds_are_compiled() -> None:
    cuts = spec(
        "Will the Central Bank of Kenya lower the Central Bank Rate at least four times during "
        "2025?",
        "Yes",
        "No",
    )
    assert cuts["event"]["count"] == {"op": ">=", "value": 4.0}
    cpi = spec(
        "Will Canada's year-over-year CPI inflation for March 2025 exceed 3.0%?", "Yes", "No"
    )
    assert cpi["event"]["threshold"] == {"op": ">", "value": 3.0, "unit": "%"}
    assert cpi["measure"]["groups"] == ["inflation"] and cpi["measure"]["period"] == {"month": 3}


def test_choice_of_countries_people_and_bands() -> None:
    venue = spec(
        "Where will the next meeting of the foreign ministers of Armenia and Azerbaijan take "
        "place?",
        "Kazakhstan",
        "United Arab Emirates",
        "Other",
    )
    assert [o["role"] for o in venue["outcomes"]] == ["entity", "entity", "other"]
    assert venue["outcomes"][1]["entity"]["country"] == "United Arab Emirates"
    assert "country not listed" in venue["other"]
    people = spec(
        "Who will win the 2025 presidential election in Malawi?", "Lazarus Kaunda", "Other"
    )
    assert people["outcomes"][0]["entity"]["kind"] == "person"
    bands = spec(
        "What will the unemployment rate be?", "Below 31.0%", "31.0% to 32.4%", "34.0% or above"
    )
    assert bands["kind"] == "numeric"
    assert [o["band"]["unit"] for o in bands["outcomes"]] == ["%", "%", "%"]


def test_band_reading_rounds_to_the_labels_precision() -> None:
    band = parse_band("20% to 22.9%")
    assert band is not None and in_band(22.22, band) and not in_band(22.97, band)
    assert parse_band("Fewer than 500") == {
        "lo": None,
        "hi": 500.0,
        "lo_incl": False,
        "hi_incl": False,
        "unit": "",
        "decimals": 0,
    }
    assert parse_band("Returned to Syria") is None


def test_event_options_get_classes_places_amounts_and_qualifiers() -> None:
    s = spec(
        "What will be the outcome for Syrian soldiers in Iraq by June 30, 2025?",
        "Returned to Syria",
        "Granted asylum in Iraq",
        "Transferred to a third country",
        "Other",
    )
    back, asylum, third, other = s["outcomes"]
    assert "return" in back["classes"] and back["places"] == ["Syria"]
    assert "asylum" in asylum["classes"]
    assert third["third_country"] is True
    assert other["role"] == "other"
    rates = spec("What will the MPC decide?", "Cut by 25 bps", "Cut by more than 100 bps", "Hold")
    assert rates["outcomes"][0]["amount"] == {"op": "==", "value": 25.0, "unit": "bp"}
    assert rates["outcomes"][1]["amount"]["op"] == ">"


def test_notes_say_what_cannot_be_compiled() -> None:
    one = spec("Will it happen?", "Yes")
    assert any("fewer than two outcomes" in n for n in one["notes"])
    dupes = spec("Which?", "Alpha", "alpha", "Beta")
    assert any("duplicate outcome labels" in n for n in dupes["notes"])
    assert [o["label"] for o in dupes["outcomes"]] == ["Alpha", "Beta"]
    no_deadline = compile_spec(title="Will it happen?", outcomes=[("Yes", ()), ("No", ())])
    assert any("no deadline" in n for n in no_deadline["notes"])


def test_other_and_other_outcome_are_both_other_buckets() -> None:
    s = spec("What will happen to the tanker crew?", "Released", "Other", "Other outcome")
    assert [o["role"] for o in s["outcomes"]] == ["event", "other", "other"]


def test_cues_from_the_question_and_reviewers() -> None:
    s = compile_spec(
        title="What will happen to the detainees?",
        outcomes=[("Released", ["set at liberty"]), ("Other", ())],
        closes_at=CLOSES,
    )
    assert s["outcomes"][0]["cues"] == ["set at liberty"]
    s2 = add_cue(s, "Released", "walked out of prison")
    assert s2["outcomes"][0]["cues"] == ["set at liberty", "walked out of prison"]
    assert s["outcomes"][0]["cues"] == ["set at liberty"]  # a copy, not a mutation


def test_describe_spec_says_what_the_matcher_looks_for() -> None:
    lines = describe_spec(
        spec(
            "Will Kyrgyzstan and Tajikistan sign a treaty on their state border by March 31, 2025?",
            "Yes",
            "No",
        )
    )
    text = "\n".join(lines)
    assert lines[0].startswith("spec v") and "yes_no" in lines[0]
    assert "Kyrgyzstan" in text and "Tajikistan" in text
    assert "event: sign" in text and "signed" in text
    assert describe_spec({}) == ["spec: not compiled (re-import the question)"]
