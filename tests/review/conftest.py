"""Review tests hash passwords with cheap argon2 parameters: the code path is the same,
the quarter second per hash is not needed to test it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from db import audit
from db.engine import session_scope
from db.models import AuditEvent
from review import users
from review.api import create_app
from review.settings import ReviewSettings
from tests.review.factories import add_people, settings


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(
        users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    yield


@dataclass
class Desk:
    """A review app on a test database, with people and their API tokens."""

    factory: sessionmaker[Session]
    client: TestClient
    tokens: dict[str, str]
    settings: ReviewSettings

    def auth(self, name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[name]}"}

    def events(self, question_id: str | None = "q-syria") -> list[AuditEvent]:
        with session_scope(self.factory) as s:
            return audit.events_for(s, question_id)


PEOPLE = {
    "alice": "reviewer",
    "bob": "reviewer",
    "vera": "viewer",
    "judy": "adjudicator",
    "kim": "adjudicator",
    "adam": "admin",
}


@pytest.fixture
def desk(session_factory: sessionmaker[Session], tmp_path: Path) -> Iterator[Desk]:
    add_people(session_factory, **PEOPLE)
    tokens = {}
    with session_scope(session_factory) as s:
        for name in PEOPLE:
            tokens[name] = users.create_token(s, name, actor="operator")
    cfg = settings(home=tmp_path / "home")
    with TestClient(create_app(session_factory, cfg), base_url="http://testserver") as client:
        yield Desk(session_factory, client, tokens, cfg)
