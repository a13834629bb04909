"""Question files in, plain ``QuestionIn`` records out. No database here.

Formats (chosen by extension, ``.txt`` by content):

* the seed page (``.txt``), exactly as the user's examples in ``shared/seeds``::

      <title>
      <outcome> • <NN>%          (two or more lines)
      <resolution source>
      <story headline>           (optional from here on)
      <story time stamp>         e.g. "Dec 7, 2024, 02:38 PM" (UTC assumed)
      <story text…>
      View original story
      <related question option lines "Label • NN%", blocks of about 100%>

* JSON (one object or a list), JSON Lines (one object a line), CSV — the Question
  object of INTERFACES.md. In CSV, ``outcomes`` holds labels separated by ``|`` and an
  optional ``probabilities`` column the matching numbers (0–1 or percentages).

Every problem raises :class:`~resdesk.errors.InputError` naming file, line and field.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from dateutil import parser as dateutil_parser

from resdesk.errors import InputError

#: Bullets accepted between an outcome label and its percentage.
_OUTCOME_LINE = re.compile(r"^(?P<label>.+?)\s*[•·●]\s*(?P<pct>[<>]?\s*\d+(?:[.,]\d+)?)\s*%\s*$")
_BULLET = re.compile(r"[•·●]")
_VIEW_ORIGINAL = re.compile(r"^view (the )?original story\.?$", re.IGNORECASE)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# "by June 30, 2025", "before July 1 2025", "by 30 June 2025", "by June 2025",
# "by the end of 2025", "by end of June 2025", "in 2025".
_DEADLINE = re.compile(
    r"\b(?P<prep>by|before|until|through|in)\s+(?:the\s+)?(?P<end>end\s+of\s+)?"
    r"(?P<when>(?:(?:" + _MONTHS + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})"
    r"|(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:" + _MONTHS + r")\.?,?\s+\d{4})"
    r"|(?:(?:" + _MONTHS + r")\.?,?\s+\d{4})"
    r"|(?:\d{4}-\d{2}-\d{2})"
    r"|(?:\d{4}))\b",
    re.IGNORECASE,
)
#: Tolerance on probabilities summing to 100%: rounding each of n options may drift.
_SUM_TOLERANCE_MIN = 2.0


@dataclass(frozen=True)
class OutcomeIn:
    label: str
    probability: float | None = None  # 0..1
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionIn:
    title: str
    outcomes: tuple[OutcomeIn, ...]
    resolution_source: str = ""
    id: str = ""
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    context: str = ""
    story_headline: str | None = None
    story_published_at: datetime | None = None
    related: tuple[tuple[OutcomeIn, ...], ...] = ()
    origin: str = ""  # "path:line" it came from
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def content_sha256(self) -> str:
        """Hash of everything imported, so an identical re-import changes nothing."""
        body = {
            "title": self.title,
            "outcomes": [[o.label, o.probability, list(o.cues)] for o in self.outcomes],
            "resolution_source": self.resolution_source,
            "opens_at": self.opens_at.isoformat() if self.opens_at else None,
            "closes_at": self.closes_at.isoformat() if self.closes_at else None,
            "context": self.context,
            "story_headline": self.story_headline,
            "story_published_at": (
                self.story_published_at.isoformat() if self.story_published_at else None
            ),
            "related": [[[o.label, o.probability] for o in block] for block in self.related],
        }
        raw = json.dumps(body, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


# --- ids and dates ----------------------------------------------------------------------


def slugify(text: str, max_words: int = 10) -> str:
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", norm.lower())
    return "-".join(words[:max_words]) or "question"


def derive_id(title: str) -> str:
    """A stable id from the title: a readable slug plus a short hash of the whole title."""
    canon = " ".join(unicodedata.normalize("NFKC", title).casefold().split())
    digest = hashlib.sha256(canon.encode("utf-8")).hexdigest()[:8]
    return f"{slugify(title)}-{digest}"


def _end_of_day(day: datetime) -> datetime:
    return datetime.combine(day.date(), time(23, 59, 59), tzinfo=UTC)


def deadline_from_title(title: str) -> datetime | None:
    """ "… by June 30, 2025?" → 2025-06-30T23:59:59Z; "before July 1, 2025" → June 30.

    A month alone means its last day, a year alone its last day. None when the title
    names no deadline.
    """
    # the last date phrase in a title is the deadline ("…in 2024 by March 2025")
    matches = list(_DEADLINE.finditer(title))
    if not matches:
        return None
    match = matches[-1]
    when = match.group("when")
    prep = match.group("prep").lower()
    has_day = bool(re.search(r"\d{1,2}(?:st|nd|rd|th)?\D+\d{4}|\d{4}-\d{2}-\d{2}", when))
    if re.fullmatch(r"\d{4}", when):
        day = datetime(int(when), 12, 31, tzinfo=UTC)
    else:
        try:
            parsed = dateutil_parser.parse(when, default=datetime(2000, 1, 1))
        except (ValueError, OverflowError):
            return None
        if has_day:
            day = parsed.replace(tzinfo=UTC)
        else:  # a month: its last day
            first_next = (parsed.replace(day=28) + timedelta(days=4)).replace(day=1)
            day = (first_next - timedelta(days=1)).replace(tzinfo=UTC)
    if prep == "before" and has_day:
        day = day - timedelta(days=1)
    return _end_of_day(day)


def parse_when(
    value: Any, *, end_of_day: bool, path: str, line: int | None, name: str
) -> datetime | None:
    """ISO 8601 → aware UTC. A bare date is the end (closes_at) or start (opens_at) of day."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise InputError(
            f"expected an ISO 8601 date, got {value!r}", path=path, line=line, field=name
        )
    raw = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            day = datetime.fromisoformat(raw)
            if end_of_day:
                return _end_of_day(day)
            return day.replace(tzinfo=UTC)
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(
            f"cannot read date {raw!r} (use ISO 8601, e.g. 2025-06-30T23:59:59Z)",
            path=path,
            line=line,
            field=name,
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _parse_stamp(raw: str) -> datetime | None:
    """The seed story's time stamp, "Dec 7, 2024, 02:38 PM"; UTC is assumed."""
    for fmt in ("%b %d, %Y, %I:%M %p", "%B %d, %Y, %I:%M %p", "%b %d, %Y", "%B %d, %Y"):
        try:
            return datetime.strptime(raw.strip(), fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


# --- the seed page ------------------------------------------------------------------------


def _percent(raw: str) -> float:
    raw = raw.replace(" ", "").replace(",", ".")
    if raw.startswith("<"):
        return float(raw[1:]) / 2
    if raw.startswith(">"):
        return (float(raw[1:]) + 100.0) / 2
    return float(raw)


def _sum_ok(percents: list[float]) -> bool:
    tolerance = max(_SUM_TOLERANCE_MIN, len(percents) / 2)
    return abs(sum(percents) - 100.0) <= tolerance


def _outcome_line(line: str, *, path: str, lineno: int) -> OutcomeIn | None:
    """An ``Label • NN%`` line; None for a line with no bullet; error for a broken one."""
    m = _OUTCOME_LINE.match(line)
    if m:
        pct = _percent(m.group("pct"))
        if pct > 100:
            raise InputError(f"percentage {pct:g}% is over 100", path=path, line=lineno)
        return OutcomeIn(m.group("label").strip(), round(pct / 100.0, 6))
    if _BULLET.search(line):
        raise InputError(
            f"outcome line without a percentage: {line!r} (expected 'Label • 25%')",
            path=path,
            line=lineno,
        )
    return None


def parse_seed_page(text: str, *, path: str = "<input>") -> QuestionIn:
    """Parse one question page in the seed format (see the module docstring)."""
    lines = [(i + 1, ln.strip()) for i, ln in enumerate(text.splitlines())]
    lines = [(n, ln) for n, ln in lines if ln]
    if not lines:
        raise InputError("empty file: not a question page", path=path)
    title_no, title = lines[0]
    if _BULLET.search(title) or len(lines) < 4:
        raise InputError(
            "not a question page: expected a title, outcome lines 'Label • NN%' and a "
            "resolution source",
            path=path,
            line=title_no,
        )
    idx = 1
    outcomes: list[OutcomeIn] = []
    while idx < len(lines):
        n, ln = lines[idx]
        out = _outcome_line(ln, path=path, lineno=n)
        if out is None:
            break
        outcomes.append(out)
        idx += 1
    if not outcomes:
        n, ln = lines[1]
        raise InputError(
            f"not a question page: line 2 should be an outcome like 'Label • 25%', got {ln!r}",
            path=path,
            line=n,
        )
    percents = [(o.probability or 0.0) * 100 for o in outcomes]
    if not _sum_ok(percents):
        raise InputError(
            f"outcome probabilities sum to {sum(percents):g}%, expected about 100% "
            f"(is an outcome line missing its '• NN%'?)",
            path=path,
            line=lines[idx][0] if idx < len(lines) else lines[-1][0],
        )
    if idx >= len(lines):
        raise InputError(
            "missing the resolution source line after the outcomes", path=path, line=lines[-1][0]
        )
    source = lines[idx][1]
    idx += 1
    story_headline, story_at, context, idx = _parse_story(lines, idx, path=path)
    related, warnings = _parse_related(lines[idx:], path=path)
    closes_at = deadline_from_title(title)
    if closes_at is None:
        warnings.append("no deadline found in the title: the question has no closes_at")
    return QuestionIn(
        id=derive_id(title),
        title=title,
        outcomes=tuple(outcomes),
        resolution_source=source,
        opens_at=story_at,
        closes_at=closes_at,
        context=context,
        story_headline=story_headline,
        story_published_at=story_at,
        related=related,
        origin=f"{path}:{title_no}",
        warnings=tuple(warnings),
    )


def _parse_story(
    lines: list[tuple[int, str]], idx: int, *, path: str
) -> tuple[str | None, datetime | None, str, int]:
    """Headline, time stamp and text up to 'View original story' (all optional)."""
    if idx >= len(lines) or _OUTCOME_LINE.match(lines[idx][1]):
        return None, None, "", idx
    headline = lines[idx][1]
    idx += 1
    if idx >= len(lines):
        raise InputError("story headline without its time stamp", path=path, line=lines[-1][0])
    stamp_no, stamp = lines[idx]
    story_at = _parse_stamp(stamp)
    if story_at is None:
        raise InputError(
            f"cannot read the story's time stamp {stamp!r} (expected e.g. 'Dec 7, 2024, 02:38 PM')",
            path=path,
            line=stamp_no,
        )
    idx += 1
    body: list[str] = []
    while idx < len(lines):
        _n, ln = lines[idx]
        idx += 1
        if _VIEW_ORIGINAL.match(ln):
            break
        if _OUTCOME_LINE.match(ln):
            idx -= 1
            break
        body.append(ln)
    return headline, story_at, "\n".join(body), idx


def _parse_related(
    lines: list[tuple[int, str]], *, path: str
) -> tuple[tuple[tuple[OutcomeIn, ...], ...], list[str]]:
    """Split the trailing option lines into one block per related question.

    The page does not mark where one related question's options end. A block closes
    when the next option would take it past about 100%. Real pages are not always
    tidy (a block may show fewer options than sum to 100%): such a block is kept as it
    is, with a warning, because related options inform and never decide anything.
    """
    options: list[tuple[int, OutcomeIn]] = []
    for n, ln in lines:
        out = _outcome_line(ln, path=path, lineno=n)
        if out is None:
            raise InputError(
                f"unexpected line among related questions' options: {ln!r}", path=path, line=n
            )
        options.append((n, out))
    cuts = _segment([o.probability or 0.0 for _, o in options])
    blocks: list[tuple[OutcomeIn, ...]] = []
    warnings: list[str] = []
    for a, b in cuts:
        block = tuple(o for _, o in options[a:b])
        percents = [(o.probability or 0) * 100 for o in block]
        if not _sum_ok(percents):
            warnings.append(
                f"{path}:{options[a][0]}: related options from this line sum to "
                f"{sum(percents):g}%, not about 100%; kept as one block"
            )
        blocks.append(block)
    return tuple(blocks), warnings


def _segment(probs: list[float]) -> list[tuple[int, int]]:
    """Cut a run of option probabilities into blocks, fewest untidy blocks first.

    Dynamic programming over cut points. A block summing to about 100% costs nothing;
    one short of 100% (options missing from the page) costs 1; one over 100% costs 2,
    since no question's options add up to more than everything. Between equally untidy
    cuts, the one reading tidy blocks from the top wins (untidy blocks as late as can be).
    """
    n = len(probs)
    best: list[tuple[int, int, int, float] | None] = [None] * (n + 1)
    back = [0] * (n + 1)
    best[0] = (0, 0, 0, 0.0)
    for end in range(1, n + 1):
        for start in range(end):
            prev = best[start]
            if prev is None:
                continue
            percents = [p * 100 for p in probs[start:end]]
            total = sum(percents)
            cost = 0 if _sum_ok(percents) else 1 if total < 100 else 2
            cand = (
                prev[0] + cost,
                prev[1] - (start if cost else 0),
                prev[2] + 1,
                prev[3] + abs(total - 100),
            )
            if best[end] is None or cand < best[end]:  # type: ignore[operator]
                best[end] = cand
                back[end] = start
    cuts: list[tuple[int, int]] = []
    end = n
    while end > 0:
        cuts.append((back[end], end))
        end = back[end]
    return cuts[::-1]


# --- JSON, JSON Lines, CSV ------------------------------------------------------------------


def _outcome_from_json(value: Any, *, path: str, line: int | None, pos: int) -> OutcomeIn:
    name = f"outcomes[{pos}]"
    if isinstance(value, str):
        if not value.strip():
            raise InputError("empty outcome label", path=path, line=line, field=name)
        return OutcomeIn(value.strip())
    if not isinstance(value, dict):
        raise InputError(
            "an outcome is a label or an object with 'label'", path=path, line=line, field=name
        )
    label = value.get("label")
    if not isinstance(label, str) or not label.strip():
        raise InputError("missing 'label'", path=path, line=line, field=name)
    prob = value.get("probability")
    if prob is not None:
        if isinstance(prob, bool) or not isinstance(prob, int | float):
            raise InputError(
                "'probability' must be a number", path=path, line=line, field=f"{name}.probability"
            )
        prob = float(prob)
        if prob > 1.0:
            prob = prob / 100.0  # "25" means 25%
        if not 0.0 <= prob <= 1.0:
            raise InputError(
                "'probability' must be between 0 and 1",
                path=path,
                line=line,
                field=f"{name}.probability",
            )
    cues = value.get("cues", [])
    if not isinstance(cues, list) or not all(isinstance(c, str) for c in cues):
        raise InputError(
            "'cues' must be a list of phrases", path=path, line=line, field=f"{name}.cues"
        )
    return OutcomeIn(label.strip(), prob, tuple(c.strip() for c in cues if c.strip()))


def question_from_mapping(obj: Any, *, path: str, line: int | None) -> QuestionIn:
    """A Question object (INTERFACES.md) → QuestionIn, every field checked."""
    if not isinstance(obj, dict):
        raise InputError("expected a JSON object for a question", path=path, line=line)
    title = obj.get("title")
    if not isinstance(title, str) or not title.strip():
        raise InputError("missing or empty", path=path, line=line, field="title")
    raw_outcomes = obj.get("outcomes")
    if not isinstance(raw_outcomes, list):
        raise InputError("must be a list of outcomes", path=path, line=line, field="outcomes")
    outcomes = tuple(
        _outcome_from_json(v, path=path, line=line, pos=i) for i, v in enumerate(raw_outcomes)
    )
    for key in ("resolution_source", "context", "id"):
        if obj.get(key) is not None and not isinstance(obj.get(key), str):
            raise InputError("must be a string", path=path, line=line, field=key)
    qid = (obj.get("id") or "").strip() or derive_id(title)
    if len(qid) > 200 or any(ord(ch) < 32 for ch in qid):
        raise InputError(
            "must be at most 200 printable characters", path=path, line=line, field="id"
        )
    opens_at = parse_when(
        obj.get("opens_at"), end_of_day=False, path=path, line=line, name="opens_at"
    )
    closes_at = parse_when(
        obj.get("closes_at"), end_of_day=True, path=path, line=line, name="closes_at"
    )
    warnings: list[str] = []
    if closes_at is None:
        closes_at = deadline_from_title(title)
        if closes_at is None:
            warnings.append("no closes_at and no deadline in the title")
    return QuestionIn(
        id=qid,
        title=title.strip(),
        outcomes=outcomes,
        resolution_source=(obj.get("resolution_source") or "").strip(),
        opens_at=opens_at,
        closes_at=closes_at,
        context=(obj.get("context") or "").strip(),
        origin=f"{path}:{line}" if line else path,
        warnings=tuple(warnings),
    )


def validate(q: QuestionIn, *, path: str, line: int | None) -> QuestionIn:
    """Rules every format shares."""
    if len(q.outcomes) < 2:
        raise InputError(
            "a question needs at least two outcomes", path=path, line=line, field="outcomes"
        )
    seen: dict[str, str] = {}
    for o in q.outcomes:
        key = " ".join(o.label.casefold().split())
        if key in seen:
            raise InputError(
                f"duplicate outcome label {o.label!r}", path=path, line=line, field="outcomes"
            )
        seen[key] = o.label
    probs = [o.probability for o in q.outcomes]
    if all(p is not None for p in probs):
        percents = [float(p) * 100 for p in probs if p is not None]
        if not _sum_ok(percents):
            raise InputError(
                f"outcome probabilities sum to {sum(percents):g}%, expected about 100%",
                path=path,
                line=line,
                field="outcomes",
            )
    if q.opens_at and q.closes_at and q.closes_at <= q.opens_at:
        raise InputError("closes_at is not after opens_at", path=path, line=line, field="closes_at")
    return q


def _json_records(text: str, *, path: str) -> list[tuple[Any, int | None]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"broken JSON: {exc.msg}", path=path, line=exc.lineno) from None
    if isinstance(data, list):
        return [(item, None) for item in data]
    return [(data, None)]


def _jsonl_records(text: str, *, path: str) -> list[tuple[Any, int | None]]:
    records: list[tuple[Any, int | None]] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            records.append((json.loads(raw), n))
        except json.JSONDecodeError as exc:
            raise InputError(f"broken JSON line: {exc.msg}", path=path, line=n) from None
    return records


def _csv_records(text: str, *, path: str) -> list[tuple[Any, int | None]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "title" not in reader.fieldnames:
        raise InputError(
            "CSV needs a header row with at least 'title' and 'outcomes'", path=path, line=1
        )
    records: list[tuple[Any, int | None]] = []
    for row in reader:
        n = reader.line_num
        labels = [s.strip() for s in (row.get("outcomes") or "").split("|") if s.strip()]
        probs_raw = [s.strip() for s in (row.get("probabilities") or "").split("|") if s.strip()]
        if probs_raw and len(probs_raw) != len(labels):
            raise InputError(
                f"{len(probs_raw)} probabilities for {len(labels)} outcomes",
                path=path,
                line=n,
                field="probabilities",
            )
        outcomes: list[Any] = []
        for i, label in enumerate(labels):
            if probs_raw:
                try:
                    p = float(probs_raw[i].rstrip("%"))
                except ValueError:
                    raise InputError(
                        f"not a number: {probs_raw[i]!r}", path=path, line=n, field="probabilities"
                    ) from None
                outcomes.append({"label": label, "probability": p / 100 if p > 1 else p})
            else:
                outcomes.append(label)
        obj = {k: (v or None) for k, v in row.items() if k not in ("outcomes", "probabilities")}
        obj["outcomes"] = outcomes
        records.append((obj, n))
    return records


def sniff_format(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json":
        return "json"
    if suffix == ".csv":
        return "csv"
    if suffix in (".txt", ".md", ""):
        return "page"
    raise InputError(
        f"unknown file type {suffix!r}: use .txt (question page), .json, .jsonl or .csv",
        path=str(path),
    )


def parse_question_text(text: str, *, path: str, fmt: str) -> list[QuestionIn]:
    """Parse one file's text in ``fmt``; all-or-nothing: any error raises."""
    if fmt == "page":
        q = parse_seed_page(text, path=path)
        return [validate(q, path=path, line=None)]
    loaders = {"json": _json_records, "jsonl": _jsonl_records, "csv": _csv_records}
    questions: list[QuestionIn] = []
    ids: dict[str, int | None] = {}
    for obj, line in loaders[fmt](text, path=path):
        q = validate(question_from_mapping(obj, path=path, line=line), path=path, line=line)
        if q.id in ids:
            raise InputError(
                f"question id {q.id!r} appears twice in this file", path=path, line=line, field="id"
            )
        ids[q.id] = line
        questions.append(q)
    if not questions:
        raise InputError("no questions in this file", path=path)
    return questions


def load_question_file(path: Path) -> list[QuestionIn]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", path=str(path)) from None
    return parse_question_text(text, path=str(path), fmt=sniff_format(path, text))


def iter_outcome_labels(q: QuestionIn) -> Iterable[str]:
    return (o.label for o in q.outcomes)
