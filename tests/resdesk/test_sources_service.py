"""A question's words select its named sources at import; unmatched words are flagged."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session, sessionmaker

from db.engine import session_scope
from db.models import Question
from resdesk.importing import import_questions
from resdesk.question_formats import parse_question_text
from resdesk.sources_service import named_sources
from tests.dbfixtures import add_catalogue, add_seed


def test_seed_words_select_iraqi_government_and_international_organizations(
    session_factory: sessionmaker[Session],
) -> None:
    qid = add_seed(session_factory)
    with session_scope(session_factory) as s:
        names = {src.name for src in named_sources(s, qid)}
        q = s.get(Question, qid)
        assert q is not None and q.resolvable
    assert {
        "Iraqi Ministry of Foreign Affairs",
        "Iraqi Prime Minister's Media Office",
        "Iraqi News Agency",
    } <= names
    assert {"UNHCR", "IOM", "ICRC", "ReliefWeb", "UN News"} <= names
    assert not names & {"US State Department", "GOV.UK", "SANA", "European Commission"}


def test_unmatched_source_words_are_flagged_at_import(
    session_factory: sessionmaker[Session],
) -> None:
    add_catalogue(session_factory)
    obj = {
        "id": "kenya-rate",
        "title": "Will the Central Bank of Kenya cut rates by May 2026?",
        "outcomes": ["Yes", "No"],
        "resolution_source": "Official statements from the Central Bank of Kenya",
    }
    parsed = parse_question_text(json.dumps(obj), path="q.json", fmt="json")
    with session_scope(session_factory) as s:
        report = import_questions(s, parsed, actor="t", path="q.json")
    assert any("not resolvable from configured sources" in w for w in report.warnings)
    with session_scope(session_factory) as s:
        q = s.get(Question, "kenya-rate")
        assert q is not None and not q.resolvable
        assert named_sources(s, "kenya-rate") == []
