"""The review commands of ``resdesk``: the same service functions as the API and the UI."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from db import audit
from db.engine import create_db_engine, make_sessionmaker, session_scope
from resdesk.cli import app
from review import users
from tests.review.factories import add_proposal, add_question

runner = CliRunner()


def rd(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def _factory(env: str) -> sessionmaker[Session]:
    return make_sessionmaker(create_db_engine(env))


def test_users_add_with_password_from_stdin(env: str) -> None:
    code, out, _ = rd(
        "users",
        "add",
        "alice",
        "--role",
        "reviewer",
        "--password-stdin",
        stdin="a long enough secret\n",
    )
    assert code == 0 and "alice added as reviewer" in out
    with session_scope(_factory(env)) as s:
        alice = users.get_user(s, "alice")
        assert users.verify_password(alice, "a long enough secret")
        assert audit.events_for(s)[-1].action == "user.added"
    code, _, err = rd(
        "users", "add", "bob", "--role", "reviewer", "--password-stdin", stdin="short\n"
    )
    assert code == 2 and "8 to 1024" in err


def test_revoke_token_by_id_and_all(env: str) -> None:
    rd("users", "add", "alice", "--role", "reviewer")
    token = rd("users", "token", "alice")[1].strip()
    rd("users", "token", "alice")
    listed = json.loads(rd("users", "tokens", "alice", "--json")[1])
    code, out, _ = rd("users", "revoke-token", "alice", "--id", str(listed[0]["id"]))
    assert code == 0 and "revoked 1" in out
    with session_scope(_factory(env)) as s:
        assert users.user_for_token(s, token) is None
        assert audit.events_for(s)[-1].action == "token.revoked"
    assert "revoked 1" in rd("users", "revoke-token", "alice", "--all")[1]
    assert rd("users", "revoke-token", "alice")[0] == 2  # neither --id nor --all


def test_role_change_and_acting_as_a_non_admin_is_refused(env: str) -> None:
    rd("users", "add", "adam", "--role", "admin")
    rd("users", "add", "alice", "--role", "reviewer")
    code, _, err = rd("users", "role", "adam", "viewer", "--as", "alice")
    assert code == 2 and "may not change roles" in err
    assert rd("users", "role", "alice", "adjudicator", "--as", "adam")[0] == 0
    listed = {u["name"]: u["role"] for u in json.loads(rd("users", "list", "--json")[1])}
    assert listed == {"adam": "admin", "alice": "adjudicator"}


def test_export_clarify_and_dispute_commands(env: str) -> None:
    factory = _factory(env)
    for name, role in [
        ("adam", "admin"),
        ("alice", "reviewer"),
        ("judy", "adjudicator"),
        ("kim", "adjudicator"),
    ]:
        rd("users", "add", name, "--role", role)
    add_question(factory)
    pid = add_proposal(factory)
    code, out, _ = rd(
        "questions",
        "clarify",
        "q-syria",
        "--as",
        "adam",
        "--text",
        "Returned means crossed the border.",
        "--json",
    )
    assert code == 0 and json.loads(out)["version"] == 1
    assert rd("queue", "approve", str(pid), "--as", "alice")[0] == 0
    assert rd("dispute", "q-syria", "--as", "alice", "--reason", "new UN report")[0] == 0
    did = json.loads(rd("disputes", "list", "--json")[1])[0]["id"]
    assert rd("disputes", "assign", str(did), "--to", "judy", "--as", "adam")[0] == 0
    code, out, _ = rd(
        "disputes",
        "decide",
        str(did),
        "--as",
        "judy",
        "--decision",
        "upheld",
        "--reason",
        "the ministry statement stands",
    )
    assert code == 0 and "sealed" in out
    code, out, _ = rd(
        "disputes", "decide", str(did), "--as", "kim", "--decision", "upheld", "--reason", "agree"
    )
    assert code == 0 and "decided: upheld" in out
    data = json.loads(rd("questions", "export", "q-syria", "--format", "json")[1])
    assert data["disputes"][0]["status"] == "upheld"
    assert data["clarifications"][0]["text"] == "Returned means crossed the border."
    assert data["proposals"][0]["decisions"][0]["clarification_version"] == 1
    code, html, _ = rd("questions", "export", "q-syria", "--format", "html")
    assert code == 0 and html.startswith("<!doctype html>") and "<script" not in html
    assert rd("questions", "export", "q-syria", "--format", "pdf")[0] == 2
    assert rd("questions", "export", "nope")[0] == 2


def test_a_rival_of_an_approved_proposal_is_a_conflict_naming_the_question(env: str) -> None:
    """The CLI's door: its transaction calls the same service (see test_concurrency's
    rival races with the audit appended at once, as here): a clear exit 2."""
    rd("users", "add", "alice", "--role", "reviewer")
    rd("users", "add", "bob", "--role", "reviewer")
    factory = _factory(env)
    add_question(factory)
    a = add_proposal(factory)
    b = add_proposal(factory, outcome="Granted asylum in Iraq")
    code, out, _ = rd("queue", "approve", str(a), "--as", "alice")
    assert code == 0 and "approved" in out
    code, _, err = rd("queue", "approve", str(b), "--as", "bob")
    assert code == 2 and f"proposal {b} is already superseded" in err and "q-syria" in err
    with session_scope(factory) as s:
        assert audit.verify(s).ok
