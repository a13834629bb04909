"""Importing questions and findings into the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db.engine import session_scope
from db.models import AuditEvent, Finding, Outcome, Question, RelatedOptionSet
from resdesk.errors import InputError
from resdesk.importing import import_findings, import_questions, parse_findings_jsonl
from resdesk.question_formats import load_question_file, parse_question_text

PROJECT = Path(__file__).resolve().parents[2]
SEEDS = sorted((PROJECT / "resdesk" / "data" / "seeds").glob("*.txt"))


def _import(factory: sessionmaker[Session], path: Path) -> None:
    parsed = load_question_file(path)
    with session_scope(factory) as s:
        import_questions(s, parsed, actor="tester", path=str(path))


def _count(factory: sessionmaker[Session], model: type) -> int:
    with session_scope(factory) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_seeds_import_once(session_factory: sessionmaker[Session]) -> None:
    for p in SEEDS:
        _import(session_factory, p)
    with session_scope(session_factory) as s:
        qs = list(s.execute(select(Question)).scalars())
        assert len(qs) == 2
        for q in qs:
            assert [o.probability for o in q.outcomes] == [0.25] * 4
            assert (
                q.closes_at is not None and q.closes_at.isoformat() == "2025-06-30T23:59:59+00:00"
            )
            assert q.resolution_source.startswith("Reports from")
            assert len(q.related_option_sets) >= 11
    events = _count(session_factory, AuditEvent)
    assert events == 2
    for p in SEEDS:  # importing again changes nothing: no rows, no events
        _import(session_factory, p)
    assert _count(session_factory, Question) == 2
    assert _count(session_factory, Outcome) == 8
    assert _count(session_factory, AuditEvent) == events


def test_reimport_updates_in_place(session_factory: sessionmaker[Session]) -> None:
    base = {"id": "q1", "title": "Will A sign by May 1, 2026?", "outcomes": ["Yes", "No"]}
    with session_scope(session_factory) as s:
        import_questions(
            s,
            parse_question_text(json.dumps(base), path="a.json", fmt="json"),
            actor="t",
            path="a.json",
        )
    changed = {**base, "outcomes": ["Yes", "No", "Postponed"], "context": "new context"}
    with session_scope(session_factory) as s:
        rep = import_questions(
            s,
            parse_question_text(json.dumps(changed), path="a.json", fmt="json"),
            actor="t",
            path="a.json",
        )
        assert rep.updated == ["q1"]
    with session_scope(session_factory) as s:
        q = s.get(Question, "q1")
        assert q is not None
        assert [o.label for o in q.outcomes] == ["Yes", "No", "Postponed"]
        assert q.context == "new context"
        actions = [
            e.action for e in s.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars()
        ]
        assert actions == ["question.imported", "question.updated"]
    assert _count(session_factory, Question) == 1


def test_a_bad_file_imports_nothing_and_keeps_what_was_stored(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    _import(session_factory, SEEDS[0])
    bad = tmp_path / "mixed.jsonl"
    bad.write_text(
        json.dumps({"id": "new-1", "title": "Will X by 2026?", "outcomes": ["Yes", "No"]})
        + "\n{broken\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        _import(session_factory, bad)
    assert info.value.line == 2
    with session_scope(session_factory) as s:
        assert s.get(Question, "new-1") is None
        assert s.scalar(select(func.count()).select_from(Question)) == 1
        assert s.scalar(select(func.count()).select_from(RelatedOptionSet)) == 11


def test_findings_import_dedups_on_content(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    doc = {
        "url": "https://gov.example/a",
        "source": "Ministry",
        "published_at": "2024-12-19T10:00:00Z",
        "title": "T",
        "text": "The soldiers returned to Syria.",
    }
    path = tmp_path / "f.jsonl"
    path.write_text(
        json.dumps(doc) + "\n" + json.dumps({**doc, "url": "https://gov.example/b"}) + "\n",
        encoding="utf-8",
    )
    drafts = parse_findings_jsonl(path)
    with session_scope(session_factory) as s:
        rep = import_findings(s, drafts, actor="t", path=str(path))
    assert len(rep.stored) == 1 and rep.duplicates == 1
    with session_scope(session_factory) as s:
        f = s.execute(select(Finding)).scalar_one()
        assert f.published_at is not None and f.published_at.isoformat().startswith("2024-12-19")
        assert len(f.text_sha256) == 64


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ('{"source": "M", "text": "x"}', "url"),
        ('{"url": "ftp://x", "source": "M", "text": "x"}', "url"),
        ('{"url": "https://x", "text": "x"}', "source"),
        ('{"url": "https://x", "source": "M", "text": ""}', "text"),
        (
            '{"url": "https://x", "source": "M", "text": "x", "published_at": "last week"}',
            "published_at",
        ),
    ],
)
def test_bad_finding_lines_name_line_and_field(tmp_path: Path, line: str, field: str) -> None:
    path = tmp_path / "f.jsonl"
    path.write_text(
        '{"url": "https://ok", "source": "M", "text": "fine"}\n' + line + "\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        parse_findings_jsonl(path)
    assert info.value.line == 2 and info.value.field == field
