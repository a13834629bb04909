"""Read publication dates, in any of the forms official sources use, as aware UTC datetimes.

A question closes at a UTC instant, so every date leaves here timezone-aware in UTC, or as
``None`` when the source gives none (never "now": an invented date could resolve a question).
Fast paths cover ISO 8601 and RFC 822; dateparser handles the rest, including non-English
dates. Arabic pages need help first: Eastern Arabic digits and the Levantine/Iraqi month
names ("كانون الأول") that dateparser's Arabic locale does not know.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dateparser

# A date and where it was found ("meta:article:published_time", "pdf:CreationDate"...).
Dated = tuple[datetime | None, str | None]

MIN_YEAR = 1900  # older "dates" are parse accidents (ids, counts), not publication dates
MAX_DATE_CHARS = 120  # a date is short; long strings are sentences, not dates

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Levantine/Iraqi month names → the Arabic Gregorian names dateparser knows. Longest first,
# so "كانون الأول" is replaced before a shorter name could match inside it.
_LEVANTINE_MONTHS: tuple[tuple[str, str], ...] = (
    ("كانون الثاني", "يناير"),
    ("تشرين الأول", "أكتوبر"),
    ("تشرين الاول", "أكتوبر"),
    ("تشرين الثاني", "نوفمبر"),
    ("كانون الأول", "ديسمبر"),
    ("كانون الاول", "ديسمبر"),
    ("شباط", "فبراير"),
    ("آذار", "مارس"),
    ("اذار", "مارس"),
    ("نيسان", "أبريل"),
    ("أيار", "مايو"),
    ("ايار", "مايو"),
    ("حزيران", "يونيو"),
    ("تموز", "يوليو"),
    ("آب", "أغسطس"),
    ("أيلول", "سبتمبر"),
    ("ايلول", "سبتمبر"),
)
_LEVANTINE_RE = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(ar) for ar, _ in _LEVANTINE_MONTHS) + r")(?!\w)"
)
_LEVANTINE_MAP = dict(_LEVANTINE_MONTHS)
_GREGORIAN_MARK = re.compile(r"(\d{4})\s*م(?!\w)")  # "2024م": the م marks the Gregorian year
# Labels that precede a date on a page ("Stand: 08.05.2019"); dateparser would choke on them.
_LABEL = re.compile(
    r"^\s*(?:stand|datum|date|dated|published|posted|updated|last updated|issued|"
    r"veröffentlicht|aktualisiert|publié le|mis à jour|تاريخ النشر|بتاريخ|نشر في)"
    r"(?:\s+(?:am|on|le))?\s*[:：]?\s*",
    re.IGNORECASE,
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|"
    r"يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر)"
)
_WRITTEN_DATE = re.compile(
    rf"\b(?:{_MONTH}\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\.?\s+{_MONTH}\.?,?\s+\d{{4}}|"
    r"\d{4}-\d{2}-\d{2})\b",
    re.IGNORECASE,
)
_DATEPARSER_SETTINGS: dict[str, Any] = {
    "RETURN_AS_TIMEZONE_AWARE": True,
    "PREFER_DAY_OF_MONTH": "first",
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],  # never "2 hours ago" → now
    "REQUIRE_PARTS": ["day", "month", "year"],  # "2024" alone is not a publication date
}


def parse_date(
    value: Any, *, languages: tuple[str, ...] | list[str] = (), timezone: str = "UTC"
) -> datetime | None:
    """Parse ``value`` (str, datetime, date, struct_time) into an aware UTC datetime.

    ``timezone`` is the zone assumed for dates without one (a ministry's local time);
    ``languages`` are hints for dateparser (ISO 639-1 codes).
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return _checked(_as_utc(value, timezone))
    if isinstance(value, date):
        return _checked(_as_utc(datetime(value.year, value.month, value.day), timezone))
    if isinstance(value, time.struct_time):
        return _checked(datetime(*value[:6], tzinfo=UTC))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_timestamp(float(value))
    return _parse_text(str(value).strip(), tuple(languages), timezone)


def find_date_in_text(
    text: str, *, languages: tuple[str, ...] | list[str] = (), timezone: str = "UTC"
) -> datetime | None:
    """The first unambiguous written date in running text ("August 6, 2020", "2020-08-06").

    Only forms with a month name or ISO order are tried: "06/08/2020" is a different day
    in Washington and in Baghdad.
    """
    for match in _WRITTEN_DATE.finditer(normalize_date_text(text)):
        parsed = parse_date(match.group(0), languages=languages, timezone=timezone)
        if parsed is not None:
            return parsed
    return None


def normalize_date_text(text: str) -> str:
    """Western digits, no leading label, and Gregorian names for Levantine months."""
    text = _LABEL.sub("", text.translate(_DIGITS).replace("،", ","), count=1)
    text = _LEVANTINE_RE.sub(lambda m: _LEVANTINE_MAP[m.group(1)], text)
    return _GREGORIAN_MARK.sub(r"\1", text)


def _parse_text(text: str, languages: tuple[str, ...], timezone: str) -> datetime | None:
    if not text or len(text) > MAX_DATE_CHARS:
        return None
    quick = _iso(text) or _rfc822(text)
    if quick is not None:
        return _checked(_as_utc(quick, timezone))
    text = normalize_date_text(text)
    if text.isdigit() and len(text) in (10, 13):
        return _from_timestamp(float(text) / (1000 if len(text) == 13 else 1))
    settings = {**_DATEPARSER_SETTINGS, "TIMEZONE": timezone, "TO_TIMEZONE": "UTC"}
    try:
        parsed = dateparser.parse(text, languages=list(languages) or None, settings=settings)
        if parsed is None and languages:
            parsed = dateparser.parse(text, settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None
    return _checked(_as_utc(parsed, timezone)) if parsed else None


def _iso(text: str) -> datetime | None:
    candidate = text.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", text) else text
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        return None


def _rfc822(text: str) -> datetime | None:
    if not re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d", text):
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _from_timestamp(seconds: float) -> datetime | None:
    try:
        return _checked(datetime.fromtimestamp(seconds, tz=UTC))
    except (OverflowError, OSError, ValueError):
        return None


def _as_utc(value: datetime, timezone: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=_zone(timezone))
    return value.astimezone(UTC)


def _zone(name: str) -> Any:
    if name.upper() in ("UTC", "Z", "GMT"):
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _checked(value: datetime | None) -> datetime | None:
    if value is None or value.year < MIN_YEAR:
        return None
    return value
