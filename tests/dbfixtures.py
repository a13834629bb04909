"""Row factories shared by database tests: a seed question, findings, users, a proposal."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.engine import session_scope
from db.models import Proposal
from matchers.store import run_matching
from resdesk.importing import import_findings, import_questions
from resdesk.question_formats import load_question_file
from resdesk.settings import Settings
from resdesk.sources_service import sync_catalogue
from review.users import add_user
from scrapers.store import FindingDraft

PROJECT = Path(__file__).resolve().parents[1]
SEED_1 = PROJECT / "resdesk" / "data" / "seeds" / "000_d642391453678eee.txt"
HANDOVER = (
    "The Iraqi authorities handed over the Syrian soldiers to the Syrian authorities at "
    "the Al-Qaim crossing, and they returned to Syria on Thursday."
)


def seed_question_id() -> str:
    return load_question_file(SEED_1)[0].id


def add_catalogue(factory: sessionmaker[Session]) -> None:
    """The built-in source catalogue, as ``resdesk init`` loads it."""
    with session_scope(factory) as s:
        sync_catalogue(s, Settings(), actor="tester")


def add_seed(factory: sessionmaker[Session]) -> str:
    add_catalogue(factory)
    parsed = load_question_file(SEED_1)
    with session_scope(factory) as s:
        import_questions(s, parsed, actor="tester", path=SEED_1.name)
    return parsed[0].id


def add_findings(
    factory: sessionmaker[Session],
    *texts: str,
    when: datetime = datetime(2024, 12, 19, 10, tzinfo=UTC),
    source: str = "Iraqi Ministry of Foreign Affairs",
) -> list[int]:
    drafts = [
        FindingDraft(
            url=f"https://mofa.example/{i}",
            source=source,
            text=t,
            title=f"Statement {i}",
            published_at=when,
        )
        for i, t in enumerate(texts)
    ]
    with session_scope(factory) as s:
        return import_findings(s, drafts, actor="tester", path="test").stored


def add_users(factory: sessionmaker[Session], **roles: str) -> None:
    with session_scope(factory) as s:
        for name, role in roles.items():
            add_user(s, name, role, actor="admin")


def pending_proposal(factory: sessionmaker[Session]) -> int:
    """The seed question, the handover statement, matching: one pending proposal's id."""
    add_seed(factory)
    add_findings(factory, HANDOVER)
    with session_scope(factory) as s:
        run_matching(s)
    with session_scope(factory) as s:
        return s.execute(select(Proposal.id)).scalar_one()
