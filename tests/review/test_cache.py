"""The page cache (review.cache): a cached page is never stale past a committed change,
and never shows one viewer's token, name or sealed vote to another."""

from __future__ import annotations

import asyncio
import re
import time
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.engine import session_scope
from db.models import User, WebSession
from db.types import utcnow
from review import auth
from review.api import create_app
from review.cache import PageCache, data_version, personalise, session_and_version
from review.users import token_hash
from tests.review.conftest import Desk
from tests.review.factories import (
    OUTCOMES,
    PASSWORD,
    add_people,
    add_proposal,
    add_question,
    settings,
)
from tests.review.test_web import sign_in


def _csrf(page: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]*)"', page)
    assert match is not None
    return match.group(1)


def test_a_decision_shows_on_the_next_get_of_a_cached_page(desk: Desk) -> None:
    add_question(desk.factory)
    pid = add_proposal(desk.factory)
    other = add_proposal(desk.factory, outcome=OUTCOMES[1])
    csrf = sign_in(desk.client, "alice")
    desk.client.get(f"/proposals/{pid}")
    r = desk.client.get(f"/proposals/{pid}")
    assert r.headers["x-cache"] == "hit" and "data-decide" in r.text
    queue = desk.client.get("/queue")
    assert queue.headers["x-cache"] == "hit"  # sign_in already rendered it
    assert 'Pending <span class="count">2</span>' in queue.text

    r = desk.client.post(
        f"/proposals/{pid}/decide",
        data={"action": "approve", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert r.status_code == 303

    page = desk.client.get(f"/proposals/{pid}")
    assert page.headers["x-cache"] == "miss"
    assert "This proposal is <strong>approved</strong>" in page.text
    assert "data-decide" not in page.text
    sibling = desk.client.get(f"/proposals/{other}").text
    assert "This proposal is <strong>superseded</strong>" in sibling
    queue = desk.client.get("/queue")
    assert queue.headers["x-cache"] == "miss"
    assert 'Pending <span class="count">0</span>' in queue.text
    assert 'Approved <span class="count">1</span>' in queue.text
    assert f'href="/proposals/{pid}"' not in queue.text


def test_a_change_in_another_app_process_shows_too(desk: Desk) -> None:
    """Each worker has its own cache; the data version is read from the database."""
    add_question(desk.factory)
    pid = add_proposal(desk.factory)
    sign_in(desk.client, "alice")
    desk.client.get(f"/proposals/{pid}")
    assert desk.client.get(f"/proposals/{pid}").headers["x-cache"] == "hit"
    with TestClient(create_app(desk.factory, desk.settings)) as worker2:  # its own cache
        r = worker2.post(
            f"/api/proposals/{pid}/reject", json={"note": "no"}, headers=desk.auth("bob")
        )
        assert r.status_code == 200
    page = desk.client.get(f"/proposals/{pid}").text
    assert "This proposal is <strong>rejected</strong>" in page


def test_rows_written_without_an_audit_event_still_show(desk: Desk) -> None:
    add_question(desk.factory)
    first = add_proposal(desk.factory)
    sign_in(desk.client, "vera")
    assert desk.client.get("/queue").headers["x-cache"] == "hit"
    second = add_proposal(desk.factory, outcome=OUTCOMES[1])  # a bulk load: no event
    page = desk.client.get("/queue").text
    assert f'href="/proposals/{first}"' in page and f'href="/proposals/{second}"' in page


def test_a_cached_page_carries_each_viewers_own_token_and_name(desk: Desk) -> None:
    add_question(desk.factory)
    pid = add_proposal(desk.factory)
    sign_in(desk.client, "alice")
    with TestClient(desk.client.app) as other:
        sign_in(other, "bob")  # a sign-in is audited: a change, like any other
        alice = desk.client.get(f"/proposals/{pid}")
        bob = other.get(f"/proposals/{pid}")
    assert bob.headers["x-cache"] == "hit"  # same role, same data: alice's render
    assert _csrf(alice.text) != _csrf(bob.text)
    assert _csrf(bob.text) in bob.text.split('name="csrf_token" value="')[2]
    assert '<span class="who-name">bob</span>' in bob.text and "alice" not in bob.text
    assert '<span class="who-name">alice</span>' in alice.text and "bob" not in alice.text


def test_roles_are_cached_apart(desk: Desk) -> None:
    add_question(desk.factory)
    pid = add_proposal(desk.factory)
    sign_in(desk.client, "alice")
    assert "data-decide" in desk.client.get(f"/proposals/{pid}").text
    with TestClient(desk.client.app) as other:
        sign_in(other, "vera")
        page = other.get(f"/proposals/{pid}").text
    assert "data-decide" not in page and "may read but not decide" in page


def test_a_sealed_vote_is_never_served_to_another_reviewer(desk: Desk) -> None:
    add_question(desk.factory)
    pid = add_proposal(desk.factory, confidence=0.5)  # double review
    csrf = sign_in(desk.client, "alice")
    with TestClient(desk.client.app) as other:
        sign_in(other, "bob")
        assert "You are the first reviewer" in other.get(f"/proposals/{pid}").text
        desk.client.post(
            f"/proposals/{pid}/decide",
            data={"action": "approve", "note": "alice-secret-note", "csrf_token": csrf},
        )
        mine = desk.client.get(f"/proposals/{pid}").text
        assert "You recorded <strong>approve</strong>" in mine
        for _ in range(2):  # rendered, then from the cache
            page = other.get(f"/proposals/{pid}").text
            assert "1 review(s) already recorded and sealed" in page
            assert "You recorded" not in page and "alice-secret-note" not in page
        assert "You recorded <strong>approve</strong>" in desk.client.get(f"/proposals/{pid}").text


def test_the_cache_keeps_one_version_and_expires() -> None:
    cache = PageCache(max_entries=2, max_age=60)
    cache.put("a", (1, 1), "A")
    assert cache.get("a", (1, 1)) == "A" and cache.get("a", (2, 1)) is None
    cache.put("b", (2, 1), "B")  # a newer version frees the older entries
    assert cache.get("a", (1, 1)) is None
    cache.put("a", (1, 1), "old")  # read before a change already seen: not stored
    assert cache.get("a", (1, 1)) is None
    cache.put("c", (2, 1), "C")
    cache.put("d", (2, 1), "D")  # least recently used goes
    assert cache.get("b", (2, 1)) is None and cache.get("d", (2, 1)) == "D"
    cache.put("e", (2, 1), "E", max_age=0.01)
    time.sleep(0.02)
    assert cache.get("e", (2, 1)) is None
    cache.put("f", (2, 1), "F", max_age=0)
    assert cache.get("f", (2, 1)) is None


@pytest.mark.parametrize("name", ["alice", "<b>o'neil&co</b>"])
def test_personalise_escapes_the_name(name: str) -> None:
    from review.cache import CSRF_MARK, NAME_MARK

    body = f'<meta content="{CSRF_MARK}"><span>{NAME_MARK}</span>'
    out = personalise(body, "tok", name)
    assert CSRF_MARK not in out and NAME_MARK not in out and 'content="tok"' in out
    assert "<b>" not in out.split("<span>")[1]


def test_session_and_version_agrees_with_session_for(
    session_factory: sessionmaker[Session],
) -> None:
    """The page's one-round-trip sign-in check refuses what auth.session_for refuses."""
    add_people(session_factory, alice="reviewer", bob="reviewer", carl="reviewer")
    tokens = {}
    for name in ("alice", "bob", "carl"):
        with session_scope(session_factory) as s:
            signed = auth.login(s, name, PASSWORD, client="10.0.0.1", settings=settings())
            tokens[name] = signed.token
    with session_scope(session_factory) as s:
        auth.logout(s, tokens["bob"])  # revoked
        ws = s.execute(
            select(WebSession).where(WebSession.token_sha256 == token_hash(tokens["carl"]))
        ).scalar_one()
        ws.expires_at = utcnow() - timedelta(seconds=1)  # expired
    with session_scope(session_factory) as s:
        for token in (*tokens.values(), "", None, "forged"):
            info, version = session_and_version(s, token)
            assert info == auth.session_for(s, token)
            assert version == (data_version(s) if info else (0, 0))
        assert info is None
        info, _ = session_and_version(s, tokens["alice"])
        assert info is not None and info.principal.name == "alice"
        user = s.execute(select(User).where(User.name == "alice")).scalar_one()
        user.disabled_at = utcnow()  # a disabled user's session ends
        s.flush()
        assert session_and_version(s, tokens["alice"])[0] is None
        assert auth.session_for(s, tokens["alice"]) is None


def test_the_api_read_endpoints_are_cached_and_never_stale(desk: Desk) -> None:
    add_question(desk.factory)
    pid = add_proposal(desk.factory)
    other = add_proposal(desk.factory, outcome=OUTCOMES[1])
    for _ in range(2):
        one = desk.client.get(f"/api/proposals/{pid}", headers=desk.auth("vera"))
        page = desk.client.get("/api/proposals?status=pending", headers=desk.auth("vera"))
    assert one.headers["x-cache"] == "hit" and page.headers["x-cache"] == "hit"
    assert one.json()["status"] == "pending" and one.json()["reviews_needed"] == 1
    assert sorted(p["id"] for p in page.json()["items"]) == [pid, other]
    assert page.headers["content-type"] == "application/json"

    r = desk.client.post(f"/api/proposals/{pid}/approve", json={}, headers=desk.auth("alice"))
    assert r.status_code == 200 and r.json()["status"] == "approved"

    one = desk.client.get(f"/api/proposals/{pid}", headers=desk.auth("vera"))
    assert one.headers["x-cache"] == "miss" and one.json()["status"] == "approved"
    page = desk.client.get("/api/proposals?status=pending", headers=desk.auth("vera")).json()
    assert page["items"] == [] and page["next"] is None
    assert desk.client.get("/api/proposals/999999", headers=desk.auth("vera")).status_code == 404
    bad = desk.client.get("/api/proposals?sort=nope", headers=desk.auth("vera"))
    assert bad.status_code == 422


def test_a_dispute_doubles_the_reviews_a_page_reports(desk: Desk) -> None:
    """The page looks up the questions' dispute history in one query, not per item."""
    add_question(desk.factory)
    add_question(desk.factory, "q-other")
    pid = add_proposal(desk.factory)
    add_proposal(desk.factory, "q-other")
    r = desk.client.post(f"/api/proposals/{pid}/approve", json={}, headers=desk.auth("alice"))
    assert r.status_code == 200
    r = desk.client.post(
        "/api/questions/q-syria/disputes", json={"reason": "wrong"}, headers=desk.auth("bob")
    )
    assert r.status_code == 201, r.text
    again = add_proposal(desk.factory, outcome=OUTCOMES[2])
    items = desk.client.get("/api/proposals?status=pending", headers=desk.auth("vera")).json()
    needed = {p["question_id"]: p["reviews_needed"] for p in items["items"]}
    assert needed == {"q-syria": 2, "q-other": 1}
    one = desk.client.get(f"/api/proposals/{again}", headers=desk.auth("vera")).json()
    assert one["reviews_needed"] == 2


def _postgresql_only(desk: Desk) -> None:
    with session_scope(desk.factory) as s:
        if s.get_bind().dialect.name != "postgresql":
            pytest.skip("the event-loop lookup is PostgreSQL's; SQLite pages take the thread")


def test_a_hit_is_served_from_the_event_loop(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    _postgresql_only(desk)
    from review import web

    add_question(desk.factory)
    pid = add_proposal(desk.factory)
    sign_in(desk.client, "alice")
    assert desk.client.get(f"/proposals/{pid}").headers["x-cache"] == "miss"

    def no_thread(*_args: object) -> None:
        raise AssertionError("a hit must not be rendered in a worker thread")

    monkeypatch.setattr(web, "render_proposal", no_thread)
    monkeypatch.setattr(web, "render_queue", no_thread)
    r = desk.client.get(f"/proposals/{pid}")
    assert r.headers["x-cache"] == "hit" and "data-decide" in r.text
    assert desk.client.get("/queue").headers["x-cache"] == "hit"


def test_pages_are_served_when_the_event_loop_lookup_fails(desk: Desk) -> None:
    _postgresql_only(desk)
    from review.api import AppContext

    add_question(desk.factory)
    pid = add_proposal(desk.factory)
    sign_in(desk.client, "alice")
    context: AppContext = desk.client.app.state.ctx  # type: ignore[attr-defined]
    lookup = context.lookup
    assert lookup is not None
    lookup._dsn = "postgresql://nobody@127.0.0.1:1/none"  # cannot connect
    lookup._idle = asyncio.Queue()
    lookup._open = 0
    first = desk.client.get(f"/proposals/{pid}")
    again = desk.client.get(f"/proposals/{pid}")  # from the cache, checked in the thread
    assert first.status_code == again.status_code == 200
    assert again.headers["x-cache"] == "hit" and "data-decide" in again.text
    # a signed-out browser still goes to the login page
    desk.client.cookies.clear()
    r = desk.client.get("/queue", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_a_miss_is_made_on_the_event_loop_as_the_thread_makes_it(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL a proposal page the cache misses is loaded in one round trip on
    the event loop's connections and rendered there; it is the page the worker thread
    renders, for every state the page shows (sealed vote, amended, decided, missing)."""
    _postgresql_only(desk)
    from review import web
    from review.api import AppContext

    add_question(desk.factory)
    pid = add_proposal(desk.factory, confidence=0.5)  # double review: a sealed vote
    rival = add_proposal(desk.factory, outcome=OUTCOMES[1])
    csrf = sign_in(desk.client, "bob")
    r = desk.client.post(
        f"/proposals/{pid}/decide",
        data={"action": "approve", "note": "<b>first</b>", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert r.status_code == 303
    sign_in(desk.client, "alice")
    context: AppContext = desk.client.app.state.ctx  # type: ignore[attr-defined]
    thread_render = web.render_proposal

    def pages() -> list[tuple[int, str]]:
        context.pages.clear()
        return [
            (r.status_code, r.text)
            for r in (desk.client.get(f"/proposals/{i}") for i in (pid, rival, 999_999))
        ]

    def no_thread(*_args: object) -> None:
        raise AssertionError("a miss on PostgreSQL is made on the event loop")

    monkeypatch.setattr(web, "render_proposal", no_thread)
    on_loop = pages()
    monkeypatch.setattr(web, "render_proposal", thread_render)
    monkeypatch.setattr(web, "proposal_on_loop", _not_here)
    assert pages() == on_loop
    assert [status for status, _ in on_loop] == [200, 200, 404]
    assert "sealed" in on_loop[0][1] and "&lt;b&gt;first" not in on_loop[0][1]  # blind


async def _not_here(*_args: object) -> None:
    return None
