"""The web UI through HTTP: sign-in, CSRF on every POST, escaping, safe links, downloads."""

from __future__ import annotations

import hashlib
import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from db.engine import session_scope
from db.models import Proposal
from review.api import create_app
from tests.review.conftest import Desk
from tests.review.factories import PASSWORD, add_finding, add_proposal, add_question
from tests.review.factories import settings as review_settings

XSS = "<img src=x onerror=alert(1)>"


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Sign in through the form; returns the page CSRF token."""
    form = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    r = client.post(
        "/login",
        data={"name": name, "password": password, "csrf_token": token, "next": "/queue"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = client.get("/queue").text
    match = re.search(r'name="csrf-token" content="([^"]*)"', page)
    return match.group(1) if match else ""


def _status(factory: sessionmaker[Session], pid: int) -> str:
    with session_scope(factory) as s:
        p = s.get(Proposal, pid)
        assert p is not None
        return p.status


def test_pages_need_a_session(desk: Desk) -> None:
    r = desk.client.get("/queue", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")


def _attempt(client: TestClient, name: str, password: str) -> str:
    form = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    r = client.post("/login", data={"name": name, "password": password, "csrf_token": token})
    return r.text


def test_wrong_password_shows_an_error_and_is_audited(desk: Desk) -> None:
    assert "wrong user name or password" in _attempt(desk.client, "alice", "nope-nope")
    assert desk.events(None)[-1].action == "auth.login_failed"


def test_repeated_wrong_passwords_are_rate_limited(desk: Desk) -> None:
    for _ in range(5):
        assert "wrong user name or password" in _attempt(desk.client, "bob", "guess-guess")
    assert "too many failed sign-ins" in _attempt(desk.client, "bob", PASSWORD)
    actions = [e.action for e in desk.events(None)]
    assert actions.count("auth.login_failed") == 5 and actions[-1] == "auth.login_throttled"


def test_the_login_form_needs_its_csrf_cookie(desk: Desk) -> None:
    r = desk.client.post("/login", data={"name": "bob", "password": PASSWORD, "csrf_token": "x"})
    assert "expired" in r.text and "auth.login" not in [e.action for e in desk.events(None)]


def test_approve_without_a_csrf_token_is_403_and_changes_nothing(desk: Desk) -> None:
    add_question(desk.factory)
    pid = add_proposal(desk.factory)
    sign_in(desk.client, "alice")
    r = desk.client.post(f"/proposals/{pid}/decide", data={"action": "approve"})
    assert r.status_code == 403 and "CSRF" in r.text
    assert _status(desk.factory, pid) == "pending"
    assert desk.events(None)[-1].action == "access.denied"


def test_cross_origin_post_is_refused_even_with_the_token(desk: Desk) -> None:
    add_question(desk.factory)
    pid = add_proposal(desk.factory)
    csrf = sign_in(desk.client, "alice")
    r = desk.client.post(
        f"/proposals/{pid}/decide",
        data={"action": "approve", "csrf_token": csrf},
        headers={"Origin": "https://evil.example"},
    )
    assert r.status_code == 403 and _status(desk.factory, pid) == "pending"


def test_approve_with_the_form_resolves_and_is_audited(desk: Desk) -> None:
    add_question(desk.factory)
    pid = add_proposal(desk.factory)
    csrf = sign_in(desk.client, "alice")
    r = desk.client.post(
        f"/proposals/{pid}/decide",
        data={
            "action": "approve",
            "note": "matches",
            "csrf_token": csrf,
            "expected_version": "1",
            "clarification_version": "0",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and "notice=approved" in r.headers["location"]
    assert _status(desk.factory, pid) == "approved"
    ev = next(e for e in desk.events() if e.action == "proposal.approved")
    assert ev.actor == "alice"
    timeline = desk.client.get("/questions/q-syria").text
    assert "proposal.approved" in timeline and "matches" in timeline


def test_a_viewer_sees_no_decision_form_and_cannot_post_one(desk: Desk) -> None:
    add_question(desk.factory)
    pid = add_proposal(desk.factory)
    csrf = sign_in(desk.client, "vera")
    page = desk.client.get(f"/proposals/{pid}").text
    assert "data-decide" not in page and "may read but not decide" in page
    r = desk.client.post(f"/proposals/{pid}/decide", data={"action": "approve", "csrf_token": csrf})
    assert r.status_code == 403 and _status(desk.factory, pid) == "pending"


def test_scraped_text_is_escaped_and_bad_links_are_not_links(desk: Desk) -> None:
    add_question(desk.factory)
    fid = add_finding(
        desk.factory,
        title=XSS,
        url="javascript:alert(1)",
        text=f"{XSS} They returned to Syria on Thursday.",
    )
    pid = add_proposal(desk.factory, finding_id=fid)
    sign_in(desk.client, "alice")
    r = desk.client.get(f"/proposals/{pid}")
    assert "&lt;img src=x onerror=alert(1)&gt;" in r.text and XSS not in r.text
    assert 'href="javascript:' not in r.text and "Source link unavailable" in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_source_links_are_http_with_rel_noopener(desk: Desk) -> None:
    add_question(desk.factory)
    pid = add_proposal(desk.factory)
    sign_in(desk.client, "alice")
    page = desk.client.get(f"/proposals/{pid}").text
    link = re.search(r'<a href="https://mofa.example/statement"[^>]*>', page)
    assert link and 'rel="noopener noreferrer nofollow"' in link.group(0)


def test_snapshot_is_a_download_never_inline(desk: Desk) -> None:
    body = b"<html><script>alert(1)</script>They returned to Syria on Thursday.</html>"
    sha = hashlib.sha256(body).hexdigest()
    root = desk.settings.snapshot_dir / sha[:2] / sha[2:4]
    root.mkdir(parents=True)
    (root / sha).write_bytes(body)
    add_question(desk.factory)
    fid = add_finding(desk.factory, snapshot=body)
    pid = add_proposal(desk.factory, finding_id=fid)
    sign_in(desk.client, "alice")
    assert f"/snapshots/{sha}" in desk.client.get(f"/proposals/{pid}").text
    r = desk.client.get(f"/snapshots/{sha}")
    assert r.status_code == 200 and r.content == body
    assert r.headers["content-disposition"].startswith("attachment")
    assert r.headers["content-type"].startswith("text/plain")
    assert "sandbox" in r.headers["content-security-policy"]
    assert desk.client.get("/snapshots/" + "0" * 64).status_code == 404


def test_blind_review_in_the_ui(desk: Desk) -> None:
    add_question(desk.factory)
    pid = add_proposal(desk.factory, confidence=0.5)
    csrf = sign_in(desk.client, "alice")
    desk.client.post(
        f"/proposals/{pid}/decide",
        data={"action": "approve", "note": "alice-secret-note", "csrf_token": csrf},
    )
    mine = desk.client.get(f"/proposals/{pid}").text
    assert "You recorded <strong>approve</strong>" in mine
    with TestClient(desk.client.app) as other:
        sign_in(other, "bob")
        page = other.get(f"/proposals/{pid}").text
        assert "1 review(s) already recorded and sealed" in page
        assert "alice-secret-note" not in page and "alice" not in page.split("<main")[1]
        assert "alice-secret-note" not in other.get("/users/alice").text
        assert "alice-secret-note" not in other.get("/questions/q-syria").text


def test_queue_counts_filters_and_bad_sort(desk: Desk) -> None:
    add_question(desk.factory)
    add_proposal(desk.factory)
    sign_in(desk.client, "vera")
    page = desk.client.get("/queue").text
    assert 'Pending <span class="count">1</span>' in page
    r = desk.client.get("/queue?sort=id;DROP TABLE")
    assert r.status_code == 422 and "unknown sort" in r.text


def test_admin_pages_are_admin_only(desk: Desk) -> None:
    sign_in(desk.client, "alice")
    assert desk.client.get("/admin/users").status_code == 403


def test_the_queue_pages_with_an_opaque_cursor(desk: Desk) -> None:
    add_question(desk.factory)
    first = add_proposal(desk.factory, confidence=0.95)
    second = add_proposal(desk.factory, outcome="Granted asylum in Iraq", confidence=0.85)
    app = create_app(desk.factory, review_settings(page_size=1, home=desk.settings.home))
    with TestClient(app) as client:
        sign_in(client, "vera")
        page = client.get("/queue").text
        assert f'href="/proposals/{first}"' in page and f'href="/proposals/{second}"' not in page
        nxt = re.search(r'rel="next" href="([^"]+)"', page)
        assert nxt is not None
        page2 = client.get(nxt.group(1).replace("&amp;", "&")).text
        assert f'href="/proposals/{second}"' in page2 and 'rel="next"' not in page2
