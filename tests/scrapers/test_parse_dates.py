"""dates: every date leaves as aware UTC, or None; never an invented "now"."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from scrapers.parse.dates import find_date_in_text, normalize_date_text, parse_date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2016-12-28T00:00:19.000+00:00", datetime(2016, 12, 28, 0, 0, 19, tzinfo=UTC)),
        ("2024-12-19T14:05:00+03:00", datetime(2024, 12, 19, 11, 5, tzinfo=UTC)),
        ("2024-12-19 14:05", datetime(2024, 12, 19, 14, 5, tzinfo=UTC)),
        ("Thu, 19 Dec 2024 10:00:00 +0300", datetime(2024, 12, 19, 7, 0, tzinfo=UTC)),
        ("Thu, 19 Dec 2024 10:00:00 GMT", datetime(2024, 12, 19, 10, 0, tzinfo=UTC)),
        ("19 December 2024", datetime(2024, 12, 19, tzinfo=UTC)),
        ("١٩ كانون الأول ٢٠٢٤", datetime(2024, 12, 19, tzinfo=UTC)),
        ("الخميس، ١٩ كانون الأول ٢٠٢٤م", datetime(2024, 12, 19, tzinfo=UTC)),
        ("19 ديسمبر 2024", datetime(2024, 12, 19, tzinfo=UTC)),
        ("3 آب 2023", datetime(2023, 8, 3, tzinfo=UTC)),
        ("12. Dezember 2019", datetime(2019, 12, 12, tzinfo=UTC)),
        ("Stand: 08.05.2019, 05:02 Uhr", datetime(2019, 5, 8, 5, 2, tzinfo=UTC)),
        ("1734602400", datetime(2024, 12, 19, 10, 0, tzinfo=UTC)),
    ],
)
def test_parse_date_forms(raw: str, expected: datetime) -> None:
    parsed = parse_date(raw)
    assert parsed == expected
    assert parsed is not None and parsed.tzinfo is UTC


@pytest.mark.parametrize(
    "raw", [None, "", "not a date", "2 hours ago", "yesterday", "2024", "December 2024", "x" * 500]
)
def test_no_date_is_none_never_now(raw: str | None) -> None:
    assert parse_date(raw) is None


def test_naive_dates_take_the_source_timezone() -> None:
    parsed = parse_date("2024-12-19 10:00", timezone="Asia/Baghdad")
    assert parsed == datetime(2024, 12, 19, 7, 0, tzinfo=UTC)
    assert parse_date("2024-12-19 10:00", timezone="No/Such_Zone") == datetime(
        2024, 12, 19, 10, 0, tzinfo=UTC
    )


def test_non_string_values() -> None:
    aware = datetime(2024, 12, 19, 10, 0, tzinfo=timezone(timedelta(hours=3)))
    assert parse_date(aware) == datetime(2024, 12, 19, 7, 0, tzinfo=UTC)
    assert parse_date(date(2024, 12, 19)) == datetime(2024, 12, 19, tzinfo=UTC)
    assert parse_date(time.gmtime(86400)) == datetime(1970, 1, 2, tzinfo=UTC)  # feedparser's form
    assert parse_date(datetime(1800, 1, 1)) is None  # a parse accident, not a publication date
    assert parse_date(1734602400) == datetime(2024, 12, 19, 10, 0, tzinfo=UTC)
    assert parse_date(True) is None


def test_language_hint_does_not_block_other_languages() -> None:
    assert parse_date("19 ديسمبر 2024", languages=("en",)) == datetime(2024, 12, 19, tzinfo=UTC)


def test_normalize_date_text() -> None:
    assert normalize_date_text("١٩ كانون الأول ٢٠٢٤م") == "19 ديسمبر 2024"
    assert normalize_date_text("Published: 19 December 2024") == "19 December 2024"


def test_find_date_in_running_text() -> None:
    text = "Vol. 85, No. 152\nThursday, August 6, 2020\nDEPARTMENT OF TRANSPORTATION"
    assert find_date_in_text(text) == datetime(2020, 8, 6, tzinfo=UTC)
    assert find_date_in_text("بغداد في ١٩ كانون الأول ٢٠٢٤ أعلنت") == datetime(
        2024, 12, 19, tzinfo=UTC
    )
    assert find_date_in_text("ambiguous 06/08/2020 only") is None
