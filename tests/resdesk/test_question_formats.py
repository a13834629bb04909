"""The question importers' parsing: seed pages, JSON, JSON Lines, CSV (no database)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from resdesk.errors import InputError
from resdesk.question_formats import (
    deadline_from_title,
    derive_id,
    load_question_file,
    parse_question_text,
    parse_seed_page,
)

PROJECT = Path(__file__).resolve().parents[2]
SHARED_SEEDS = PROJECT.parent / "shared" / "seeds"
PACKAGED_SEEDS = PROJECT / "resdesk" / "data" / "seeds"

PAGE = """Will the two ministers sign the water agreement by March 31, 2026?
Yes • 60%
No • 40%
Statements from both foreign ministries
Ministers meet in Amman to discuss shared water resources
Jan 5, 2026, 09:15 AM
The foreign ministers of the two countries met on Monday.
They discussed a draft agreement.
View original story
Agreement signed • 50%
Talks collapse • 50%
Yes • 33%
No • 33%
Maybe • 34%
"""


def seed_paths() -> list[Path]:
    return sorted(PACKAGED_SEEDS.glob("*.txt"))


def test_packaged_seeds_are_the_users_pages() -> None:
    if not SHARED_SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the project")
    shared = {p.name: p.read_bytes() for p in SHARED_SEEDS.glob("*.txt")}
    packaged = {p.name: p.read_bytes() for p in seed_paths()}
    assert packaged == shared


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.name)
def test_seed_pages_parse_as_the_user_wrote_them(path: Path) -> None:
    [q] = load_question_file(path)
    assert len(q.outcomes) == 4
    assert all(o.probability == pytest.approx(0.25) for o in q.outcomes)
    assert q.closes_at == datetime(2025, 6, 30, 23, 59, 59, tzinfo=UTC)
    assert q.opens_at is not None and q.opens_at.date().isoformat() == "2024-12-07"
    assert q.story_headline and "Syrian Soldiers" in q.story_headline
    assert q.context.startswith(("On Saturday", "Approximately"))
    assert "View original story" not in q.context
    assert len(q.related) >= 10
    tidy = [b for b in q.related if sum(o.probability or 0 for o in b) == pytest.approx(1.0)]
    assert len(tidy) >= len(q.related) - 1
    untidy = len(q.related) - len(tidy)
    assert len([w for w in q.warnings if "related options" in w]) == untidy


def test_untidy_related_block_is_kept_with_a_warning() -> None:
    [q] = load_question_file(PACKAGED_SEEDS / "001_272842636ac1078d.txt")
    labels = [[o.label for o in b] for b in q.related]
    assert ["Family Reunification"] in labels
    assert ["No", "Yes"] in labels
    assert any("sum to 25%" in w for w in q.warnings)


def test_first_seed_fields() -> None:
    [q] = load_question_file(PACKAGED_SEEDS / "000_d642391453678eee.txt")
    assert q.title == "What will be the outcome for Syrian soldiers in Iraq by June 30, 2025?"
    assert [o.label for o in q.outcomes] == [
        "Returned to Syria",
        "Granted asylum in Iraq",
        "Transferred to a third country",
        "Other",
    ]
    assert q.resolution_source == "Reports from Iraqi government and international organizations"
    assert q.opens_at == datetime(2024, 12, 7, 14, 38, tzinfo=UTC)
    assert [o.label for o in q.related[0]] == [
        "Troops remain",
        "Troops increased",
        "Troops withdrawn",
        "Other outcome",
    ]
    assert next(o.label for o in q.related[-1]) == "Military intervention"


def test_related_blocks_split_on_sums() -> None:
    q = parse_seed_page(PAGE, path="p.txt")
    assert [[o.label for o in b] for b in q.related] == [
        ["Agreement signed", "Talks collapse"],
        ["Yes", "No", "Maybe"],
    ]
    assert q.closes_at == datetime(2026, 3, 31, 23, 59, 59, tzinfo=UTC)
    assert (
        q.context == "The foreign ministers of the two countries met on Monday.\n"
        "They discussed a draft agreement."
    )


def test_id_is_stable_and_readable() -> None:
    a = derive_id("Will X happen by June 2025?")
    assert a == derive_id("  will x   happen by June 2025?  ")
    assert a.startswith("will-x-happen-by-june-2025-")
    assert a != derive_id("Will Y happen by June 2025?")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Will X happen by June 30, 2025?", datetime(2025, 6, 30, 23, 59, 59, tzinfo=UTC)),
        ("Will X happen by 30 June 2025?", datetime(2025, 6, 30, 23, 59, 59, tzinfo=UTC)),
        ("Will X happen by June 2025?", datetime(2025, 6, 30, 23, 59, 59, tzinfo=UTC)),
        ("Will X happen by February 2024?", datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC)),
        ("Will X happen before July 1, 2025?", datetime(2025, 6, 30, 23, 59, 59, tzinfo=UTC)),
        ("Will X happen by the end of 2025?", datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC)),
        ("Who will win the election in 2026?", datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC)),
        ("Will X happen by 2025-09-15?", datetime(2025, 9, 15, 23, 59, 59, tzinfo=UTC)),
        ("Will the talks succeed?", None),
    ],
)
def test_deadline_from_title(title: str, expected: datetime | None) -> None:
    assert deadline_from_title(title) == expected


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("", None, "empty file"),
        ("Just some notes\nabout a meeting\nnothing else\nreally\n", 2, "not a question page"),
        ("Will X?\nYes • 50%\nNo •\nSource\n", 3, "outcome line without a percentage"),
        ("Will X?\nYes • 50%\nNo • 20%\nSource\n", 4, "sum to 70%"),
        (
            "Will X?\nYes • 50%\nNo • 50%\nSource\nHeadline\nyesterday-ish\nText\n",
            6,
            "cannot read the story's time stamp",
        ),
        (
            "Will X?\nYes • 50%\nNo • 50%\nSource\nHeadline\nDec 7, 2024, 02:38 PM\nText\n"
            "View original story\nA • 50%\nB\n",
            10,
            "unexpected line among related",
        ),
        ("Will X?\nYes • 50%\nyes • 50%\nSource\n", None, "duplicate outcome label"),
        (
            "Will X?\nYes • 100%\nSource\nHeadline\nDec 7, 2024, 02:38 PM\nText\n",
            None,
            "at least two outcomes",
        ),
    ],
)
def test_bad_pages_name_the_line(text: str, line: int | None, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        parse_question_text(text, path="bad.txt", fmt="page")
    assert fragment in str(info.value)
    assert info.value.path == "bad.txt"
    if line is not None:
        assert info.value.line == line
        assert f"bad.txt:{line}:" in str(info.value)


def test_json_object_list_and_defaults() -> None:
    text = (
        '[{"id": "q-1", "title": "Will A and B sign a deal by May 1, 2026?", '
        '"outcomes": ["Yes", "No"], "resolution_source": "Official statements", '
        '"opens_at": "2026-01-01", "closes_at": "2026-05-01"},'
        '{"title": "Which country will host the summit?", "outcomes": ['
        '{"label": "Egypt", "probability": 0.5, "cues": ["Cairo"]}, '
        '{"label": "Jordan", "probability": 50}]}]'
    )
    a, b = parse_question_text(text, path="q.json", fmt="json")
    assert a.id == "q-1"
    assert a.opens_at == datetime(2026, 1, 1, tzinfo=UTC)
    assert a.closes_at == datetime(2026, 5, 1, 23, 59, 59, tzinfo=UTC)
    assert b.id == derive_id(b.title)
    assert b.outcomes[0].cues == ("Cairo",)
    assert b.outcomes[1].probability == pytest.approx(0.5)
    assert b.closes_at is None and b.warnings


def test_jsonl_broken_line_is_named() -> None:
    text = '{"title": "Will A?", "outcomes": ["Yes", "No"]}\n\n{"title": "Will B?", "outc\n'
    with pytest.raises(InputError) as info:
        parse_question_text(text, path="q.jsonl", fmt="jsonl")
    assert info.value.line == 3 and "broken JSON line" in str(info.value)


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ('{"outcomes": ["Yes", "No"]}', "title"),
        ('{"title": "T", "outcomes": "Yes, No"}', "outcomes"),
        ('{"title": "T", "outcomes": ["Yes", "No"], "closes_at": "June 30"}', "closes_at"),
        (
            '{"title": "T", "outcomes": [{"label": "Yes", "probability": "high"}, "No"]}',
            "outcomes[0].probability",
        ),
        (
            '{"title": "T", "outcomes": ["Yes", "No"], "opens_at": "2025-02-01", '
            '"closes_at": "2025-01-01"}',
            "closes_at",
        ),
    ],
)
def test_json_field_errors_name_the_field(line: str, field: str) -> None:
    with pytest.raises(InputError) as info:
        parse_question_text(line + "\n", path="q.jsonl", fmt="jsonl")
    assert info.value.field == field
    assert info.value.line == 1


def test_csv_with_probabilities() -> None:
    text = (
        "id,title,outcomes,probabilities,resolution_source,closes_at\n"
        "c1,Will the bank cut rates by June 2026?,Yes|No,30|70,Central bank statements,\n"
    )
    [q] = parse_question_text(text, path="q.csv", fmt="csv")
    assert [o.probability for o in q.outcomes] == [pytest.approx(0.3), pytest.approx(0.7)]
    assert q.closes_at == datetime(2026, 6, 30, 23, 59, 59, tzinfo=UTC)


def test_csv_mismatched_probabilities() -> None:
    text = "title,outcomes,probabilities\nWill X?,Yes|No,50\n"
    with pytest.raises(InputError) as info:
        parse_question_text(text, path="q.csv", fmt="csv")
    assert info.value.line == 2 and info.value.field == "probabilities"


def test_unknown_extension(tmp_path: Path) -> None:
    p = tmp_path / "q.xlsx"
    p.write_bytes(b"PK\x03\x04")
    with pytest.raises(InputError, match="unknown file type"):
        load_question_file(p)
