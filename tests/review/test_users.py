"""Users, roles, passwords and tokens: who may change them, and the events they leave."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.orm import Session, sessionmaker

from db import audit
from db.engine import session_scope
from db.models import AuditEvent, User
from review import users
from review.errors import Forbidden, InvalidInput
from tests.review.factories import PASSWORD, add_people


def _last(s: Session) -> AuditEvent:
    return audit.events_for(s)[-1]


@pytest.fixture
def people(session_factory: sessionmaker[Session]) -> None:
    add_people(session_factory, adam="admin", alice="reviewer")


def test_password_is_stored_hashed_and_verifies(
    session_factory: sessionmaker[Session], people: None
) -> None:
    with session_scope(session_factory) as s:
        alice = users.get_user(s, "alice")
        assert alice.password_hash and PASSWORD not in alice.password_hash
        assert alice.password_hash.startswith("$argon2")
        assert users.verify_password(alice, PASSWORD)
        assert not users.verify_password(alice, PASSWORD + "x")
        assert not users.verify_password(None, PASSWORD)


def test_name_with_control_characters_is_refused(
    session_factory: sessionmaker[Session], people: None
) -> None:
    with (
        pytest.raises(InvalidInput, match="invalid user name") as err,
        session_scope(session_factory) as s,
    ):
        users.add_user(s, "eve\x1b[31m", "viewer", actor="adam")
    assert "\x1b" not in err.value.message and "x1b[31m" in err.value.message  # shown escaped
    with session_scope(session_factory) as s:
        assert users.find_user(s, "eve\x1b[31m") is None


def test_role_change_is_admin_only_and_audited(
    session_factory: sessionmaker[Session], people: None
) -> None:
    with pytest.raises(Forbidden, match="change roles"), session_scope(session_factory) as s:
        users.change_role(s, "alice", "admin", actor="alice")
    with session_scope(session_factory) as s:
        assert _last(s).action == "access.denied"
        users.change_role(s, "alice", "adjudicator", actor="adam")
    with session_scope(session_factory) as s:
        assert users.get_user(s, "alice").role == "adjudicator"
        ev = _last(s)
        assert (ev.action, ev.actor) == ("user.role_changed", "adam")
        assert json.loads(ev.payload) == {"name": "alice", "from": "reviewer", "to": "adjudicator"}


def test_token_revoke_stops_it_and_is_audited(
    session_factory: sessionmaker[Session], people: None
) -> None:
    with session_scope(session_factory) as s:
        token = users.create_token(s, "alice", actor="alice")
    with session_scope(session_factory) as s:
        u = users.user_for_token(s, token)
        assert u is not None and u.name == "alice"
        (row,) = users.list_tokens(s, "alice")
        users.revoke_token(s, row.id, actor="alice")
    with session_scope(session_factory) as s:
        assert users.user_for_token(s, token) is None
        ev = _last(s)
        assert (ev.action, json.loads(ev.payload)["token_id"]) == ("token.revoked", row.id)


def test_a_reviewer_cannot_revoke_someone_elses_token(
    session_factory: sessionmaker[Session], people: None
) -> None:
    with session_scope(session_factory) as s:
        users.create_token(s, "adam", actor="adam")
        (row,) = users.list_tokens(s, "adam")
    with pytest.raises(Forbidden), session_scope(session_factory) as s:
        users.revoke_token(s, row.id, actor="alice")
    with session_scope(session_factory) as s:
        assert users.list_tokens(s, "adam")[0].revoked_at is None


def test_disabling_a_user_revokes_tokens(
    session_factory: sessionmaker[Session], people: None
) -> None:
    with session_scope(session_factory) as s:
        token = users.create_token(s, "alice", actor="adam")
    with session_scope(session_factory) as s:
        users.disable_user(s, "alice", actor="adam")
    with session_scope(session_factory) as s:
        assert users.user_for_token(s, token) is None
        alice = s.query(User).filter_by(name="alice").one()
        assert alice.disabled_at is not None and _last(s).action == "user.disabled"


def test_weak_password_is_refused(session_factory: sessionmaker[Session], people: None) -> None:
    with pytest.raises(InvalidInput, match="8 to 1024"), session_scope(session_factory) as s:
        users.set_password(s, "alice", "short", actor="alice")
