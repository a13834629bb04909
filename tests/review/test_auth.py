"""Signing in: sessions, CSRF tokens, and rate-limited, audited failures."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.orm import Session, sessionmaker

from db import audit
from db.engine import session_scope
from review import auth
from review.errors import TooManyRequests, Unauthorized
from tests.review.factories import PASSWORD, add_people, settings


@pytest.fixture
def people(session_factory: sessionmaker[Session]) -> None:
    add_people(session_factory, alice="reviewer", bob="reviewer")


def _login(
    factory: sessionmaker[Session], name: str, pw: str, client: str = "10.0.0.1"
) -> auth.SignIn:
    with session_scope(factory) as s:
        return auth.login(s, name, pw, client=client, settings=settings())


def test_login_opens_a_session_with_csrf(
    session_factory: sessionmaker[Session], people: None
) -> None:
    signed = _login(session_factory, "alice", PASSWORD)
    with session_scope(session_factory) as s:
        info = auth.session_for(s, signed.token)
        assert info is not None and info.principal.name == "alice"
        assert info.csrf_token == signed.csrf_token
        assert audit.events_for(s)[-1].action == "auth.login"
        auth.logout(s, signed.token)
    with session_scope(session_factory) as s:
        assert auth.session_for(s, signed.token) is None
        assert audit.events_for(s)[-1].action == "auth.logout"


def test_wrong_password_is_refused_and_recorded(
    session_factory: sessionmaker[Session], people: None
) -> None:
    with pytest.raises(Unauthorized):
        _login(session_factory, "alice", "wrong password")
    with session_scope(session_factory) as s:
        ev = audit.events_for(s)[-1]
        assert (ev.action, ev.subject_id) == ("auth.login_failed", "alice")
        assert json.loads(ev.payload)["client"] == "10.0.0.1"


def test_repeated_failures_are_throttled_per_user(
    session_factory: sessionmaker[Session], people: None
) -> None:
    for i in range(5):
        with pytest.raises(Unauthorized):
            _login(session_factory, "alice", "guess", client=f"10.0.0.{i}")
    with pytest.raises(TooManyRequests, match="for 'alice'"):
        _login(session_factory, "alice", PASSWORD, client="10.9.9.9")  # even the right one
    _login(session_factory, "bob", PASSWORD, client="10.0.0.1")  # others are unaffected
    with session_scope(session_factory) as s:
        actions = [e.action for e in audit.events_for(s)]
        assert actions.count("auth.login_failed") == 5
        assert "auth.login_throttled" in actions


def test_repeated_failures_are_throttled_per_client(
    session_factory: sessionmaker[Session], people: None
) -> None:
    cfg = settings(login_max_failures_per_client=3)
    for name in ("u1", "u2", "u3"):
        with pytest.raises(Unauthorized), session_scope(session_factory) as s:
            auth.login(s, name, "guess", client="6.6.6.6", settings=cfg)
    with pytest.raises(TooManyRequests, match="this address"), session_scope(session_factory) as s:
        auth.login(s, "bob", PASSWORD, client="6.6.6.6", settings=cfg)


def test_csrf_comparison() -> None:
    assert auth.csrf_ok("abc", "abc")
    assert not auth.csrf_ok("abc", "abd")
    assert not auth.csrf_ok("abc", None)
    assert not auth.csrf_ok(None, None)
