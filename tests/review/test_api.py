"""The REST API: the same service rules through HTTP, problem+json errors, the contract
of INTERFACES.md (Proposal JSON, pagination, 401/403/409)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient
from sqlalchemy import inspect, select

from db.engine import session_scope
from db.models import Proposal, Question
from tests.review.conftest import Desk
from tests.review.factories import add_finding, add_proposal, add_question

PROBLEM = "application/problem+json"


def _problem(r: object, status: int) -> dict[str, object]:
    assert r.status_code == status, r.text  # type: ignore[attr-defined]
    assert r.headers["content-type"].startswith(PROBLEM)  # type: ignore[attr-defined]
    body = r.json()  # type: ignore[attr-defined]
    assert {"type", "title", "status", "detail"} <= set(body) and body["status"] == status
    return body  # type: ignore[no-any-return]


def _three(desk: Desk) -> list[int]:
    add_question(desk.factory)
    add_question(desk.factory, "q-other", title="Will the border reopen?", outcomes=("Yes", "No"))
    other = add_finding(
        desk.factory,
        text="The border reopened on Monday, officials said.",
        source="UNHCR Iraq",
        url="https://unhcr.example/a",
    )
    return [
        add_proposal(desk.factory, confidence=0.95),
        add_proposal(desk.factory, outcome="Granted asylum in Iraq", confidence=0.85),
        add_proposal(
            desk.factory,
            "q-other",
            outcome="Yes",
            confidence=0.9,
            finding_id=other,
            quote="The border reopened on Monday, officials said.",
        ),
    ]


def test_proposal_json_as_interfaces_says(desk: Desk) -> None:
    pid = _three(desk)[0]
    r = desk.client.get(f"/api/proposals/{pid}", headers=desk.auth("vera"))
    assert r.status_code == 200
    p = r.json()
    assert {"id", "question_id", "outcome", "confidence", "status", "citations"} <= set(p)
    (c,) = p["citations"]
    assert {"url", "source", "published_at", "quote", "snapshot_sha256"} <= set(c)
    assert c["quote"] == "They returned to Syria on Thursday."


def test_list_filters_sorts_and_pages(desk: Desk) -> None:
    ids = _three(desk)
    h = desk.auth("vera")
    first = desk.client.get("/api/proposals?status=pending&sort=-confidence&limit=2", headers=h)
    body = first.json()
    assert [p["id"] for p in body["items"]] == [ids[0], ids[2]] and body["next"]
    rest = desk.client.get(
        "/api/proposals",
        params={"status": "pending", "sort": "-confidence", "limit": 2, "cursor": body["next"]},
        headers=h,
    ).json()
    assert [p["id"] for p in rest["items"]] == [ids[1]] and rest["next"] is None
    by_source = desk.client.get("/api/proposals?source=UNHCR%20Iraq", headers=h).json()
    assert [p["id"] for p in by_source["items"]] == [ids[2]]
    by_q = desk.client.get("/api/proposals?question_id=q-other", headers=h).json()
    assert [p["id"] for p in by_q["items"]] == [ids[2]]
    low = desk.client.get("/api/proposals?max_confidence=0.86", headers=h).json()
    assert [p["id"] for p in low["items"]] == [ids[1]]


def test_a_cursor_from_another_sort_or_forged_is_refused(desk: Desk) -> None:
    _three(desk)
    h = desk.auth("vera")
    nxt = desk.client.get("/api/proposals?limit=1&sort=id", headers=h).json()["next"]
    body = _problem(
        desk.client.get(f"/api/proposals?limit=1&sort=-id&cursor={nxt}", headers=h), 422
    )
    assert "cursor" in str(body["detail"])
    _problem(desk.client.get("/api/proposals?cursor=%27%3B--", headers=h), 422)


def test_approve_changes_state_and_is_audited_oldest_first(desk: Desk) -> None:
    pid = _three(desk)[0]
    r = desk.client.post(
        f"/api/proposals/{pid}/approve",
        json={"note": "ministry statement"},
        headers=desk.auth("alice"),
    )
    assert r.status_code == 200 and r.json()["status"] == "approved"
    with session_scope(desk.factory) as s:
        assert s.get(Question, "q-syria").status == "resolved"  # type: ignore[union-attr]
    events = desk.client.get("/api/questions/q-syria/audit", headers=desk.auth("vera")).json()
    assert [e["seq"] for e in events] == sorted(e["seq"] for e in events)
    approved = next(e for e in events if e["action"] == "proposal.approved")
    assert approved["actor"] == "alice" and approved["payload"]["note"] == "ministry statement"
    assert events[-1]["action"] in ("question.resolved", "proposal.superseded")


def test_approving_an_already_decided_proposal_is_409(desk: Desk) -> None:
    pid = _three(desk)[0]
    desk.client.post(f"/api/proposals/{pid}/reject", json={}, headers=desk.auth("alice"))
    body = _problem(
        desk.client.post(f"/api/proposals/{pid}/approve", json={}, headers=desk.auth("bob")), 409
    )
    assert "already rejected" in str(body["detail"])


def test_without_a_token_401_and_with_a_bad_one_401(desk: Desk) -> None:
    r = desk.client.get("/api/proposals")
    _problem(r, 401)
    assert r.headers["www-authenticate"] == "Bearer"
    _problem(desk.client.get("/api/proposals", headers={"Authorization": "Bearer rd_nope"}), 401)


def test_a_viewer_cannot_approve_403_recorded(desk: Desk) -> None:
    pid = _three(desk)[0]
    body = _problem(
        desk.client.post(f"/api/proposals/{pid}/approve", json={}, headers=desk.auth("vera")), 403
    )
    assert "viewer" in str(body["detail"])
    with session_scope(desk.factory) as s:
        assert s.get(Proposal, pid).status == "pending"  # type: ignore[union-attr]
    assert desk.events()[-1].action == "access.denied"


def test_a_reviewers_token_on_an_admin_endpoint_is_403(desk: Desk) -> None:
    r = desk.client.post(
        "/api/users", json={"name": "mallory", "role": "admin"}, headers=desk.auth("alice")
    )
    _problem(r, 403)
    _problem(desk.client.get("/api/users", headers=desk.auth("alice")), 403)
    ev = desk.events(None)[-1]
    assert (ev.action, ev.actor) == ("access.denied", "alice")
    users = desk.client.get("/api/users", headers=desk.auth("adam")).json()
    assert "mallory" not in {u["name"] for u in users}


def test_unknown_proposal_is_404(desk: Desk) -> None:
    body = _problem(desk.client.get("/api/proposals/424242", headers=desk.auth("vera")), 404)
    assert "424242" in str(body["detail"])
    _problem(
        desk.client.post("/api/proposals/424242/approve", json={}, headers=desk.auth("alice")), 404
    )


def test_sort_injection_is_refused_and_harmless(desk: Desk) -> None:
    _three(desk)
    r = desk.client.get(
        "/api/proposals", params={"sort": "id;DROP TABLE proposals"}, headers=desk.auth("vera")
    )
    assert "sort" in str(_problem(r, 422)["detail"])
    with session_scope(desk.factory) as s:
        assert "proposals" in inspect(s.get_bind()).get_table_names()
        assert len(s.execute(select(Proposal.id)).all()) == 3


def test_amend_to_an_outcome_the_question_lacks_is_422(desk: Desk) -> None:
    pid = _three(desk)[0]
    r = desk.client.post(
        f"/api/proposals/{pid}/amend",
        json={"outcome": "Joined the moon"},
        headers=desk.auth("alice"),
    )
    body = _problem(r, 422)
    assert body["field"] == "outcome" and "no outcome 'Joined the moon'" in str(body["detail"])


def test_amend_via_api_returns_the_new_proposal(desk: Desk) -> None:
    pid = _three(desk)[0]
    r = desk.client.post(
        f"/api/proposals/{pid}/amend",
        json={"outcome": "Transferred to a third country", "note": "see p.2"},
        headers=desk.auth("alice"),
    )
    assert r.status_code == 200
    new = r.json()
    assert new["outcome"] == "Transferred to a third country" and new["amended_by"] == "alice"
    assert desk.events()[-1].action == "proposal.amended"


def test_a_dispute_on_an_open_question_is_409(desk: Desk) -> None:
    _three(desk)
    body = _problem(
        desk.client.post(
            "/api/questions/q-syria/disputes",
            json={"reason": "too early"},
            headers=desk.auth("alice"),
        ),
        409,
    )
    assert "is proposed" in str(body["detail"])


def test_a_10_mb_note_is_413_and_stores_nothing(desk: Desk) -> None:
    pid = _three(desk)[0]
    before = len(desk.events(None))
    note = "x" * (10 * 1024 * 1024)
    r = desk.client.post(
        f"/api/proposals/{pid}/approve", json={"note": note}, headers=desk.auth("alice")
    )
    _problem(r, 413)
    with session_scope(desk.factory) as s:
        assert s.get(Proposal, pid).status == "pending"  # type: ignore[union-attr]
    assert len(desk.events(None)) == before


def test_a_note_over_the_field_limit_is_422(desk: Desk) -> None:
    pid = _three(desk)[0]
    r = desk.client.post(
        f"/api/proposals/{pid}/approve", json={"note": "y" * 10_001}, headers=desk.auth("alice")
    )
    _problem(r, 422)


def test_a_user_name_with_control_characters_is_422(desk: Desk) -> None:
    r = desk.client.post(
        "/api/users",
        json={"name": "eve\u0007\u001b[2J", "role": "viewer"},
        headers=desk.auth("adam"),
    )
    body = _problem(r, 422)
    assert body["field"] == "name" and "\u001b" not in str(body["detail"])


def test_blind_second_review_through_the_api(desk: Desk) -> None:
    add_question(desk.factory)
    pid = add_proposal(desk.factory, confidence=0.5)
    r = desk.client.post(
        f"/api/proposals/{pid}/approve",
        json={"note": "alice thinks yes"},
        headers=desk.auth("alice"),
    )
    assert r.json()["status"] == "pending" and r.json()["reviews_recorded"] == 1
    assert desk.client.get(f"/api/proposals/{pid}/reviews", headers=desk.auth("bob")).json() == []
    audit_text = json.dumps(
        desk.client.get("/api/questions/q-syria/audit", headers=desk.auth("bob")).json()
    )
    assert "alice thinks yes" not in audit_text
    desk.client.post(f"/api/proposals/{pid}/approve", json={}, headers=desk.auth("bob"))
    seen = desk.client.get(f"/api/proposals/{pid}/reviews", headers=desk.auth("bob")).json()
    assert [(v["reviewer"], v["action"]) for v in seen] == [
        ("alice", "approve"),
        ("bob", "approve"),
    ]


def test_parallel_http_approvals_one_wins(desk: Desk) -> None:
    pid = _three(desk)[0]
    app = desk.client.app

    def attempt(name: str) -> int:
        with TestClient(app) as c:
            return c.post(
                f"/api/proposals/{pid}/approve",
                json={"expected_version": 1},
                headers=desk.auth(name),
            ).status_code

    with ThreadPoolExecutor(4) as pool:
        codes = list(pool.map(attempt, ["alice", "bob", "judy", "kim"]))
    assert sorted(codes) == [200, 409, 409, 409]
    assert [e.action for e in desk.events()].count("proposal.approved") == 1


def test_dispute_lifecycle_through_the_api(desk: Desk) -> None:
    pid = _three(desk)[0]
    desk.client.post(f"/api/proposals/{pid}/approve", json={}, headers=desk.auth("alice"))
    d = desk.client.post(
        "/api/questions/q-syria/disputes",
        json={"reason": "UN report differs", "evidence_url": "https://un.example"},
        headers=desk.auth("bob"),
    )
    assert d.status_code == 201
    did = d.json()["id"]
    r = desk.client.post(
        f"/api/disputes/{did}/assign", json={"adjudicator": "judy"}, headers=desk.auth("adam")
    )
    assert r.json()["assigned_to"] == "judy"
    for who in ("judy", "kim"):
        r = desk.client.post(
            f"/api/disputes/{did}/decide",
            json={
                "decision": "overturned",
                "outcome": "Granted asylum in Iraq",
                "reason": f"{who}: the UN report is later",
            },
            headers=desk.auth(who),
        )
        assert r.status_code == 200
    assert (
        r.json()["status"] == "overturned" and r.json()["new_outcome"] == "Granted asylum in Iraq"
    )
    q = desk.client.get("/api/questions/q-syria", headers=desk.auth("vera")).json()
    assert [x["superseded_at"] is None for x in q["resolutions"]] == [False, True]
    assert desk.events()[-1].action == "dispute.decided"


def test_clarifications_through_the_api(desk: Desk) -> None:
    _three(desk)
    _problem(
        desk.client.post(
            "/api/questions/q-syria/clarifications",
            json={"text": "mine"},
            headers=desk.auth("alice"),
        ),
        403,
    )
    r = desk.client.post(
        "/api/questions/q-syria/clarifications",
        json={"text": "A handover counts as returned."},
        headers=desk.auth("adam"),
    )
    assert r.status_code == 201 and r.json()["version"] == 1
    q = desk.client.get("/api/questions/q-syria", headers=desk.auth("vera")).json()
    assert q["clarification_version"] == 1
    assert desk.events()[-1].action == "clarification.posted"


def test_revoked_token_stops_working(desk: Desk) -> None:
    tokens = desk.client.get("/api/users/alice/tokens", headers=desk.auth("alice")).json()
    r = desk.client.delete(f"/api/tokens/{tokens[0]['id']}", headers=desk.auth("alice"))
    assert r.status_code == 200 and r.json()["revoked_at"]
    _problem(desk.client.get("/api/me", headers=desk.auth("alice")), 401)
    assert desk.events(None)[-1].action == "token.revoked"


def test_export_json_and_self_contained_html(desk: Desk) -> None:
    pid = _three(desk)[0]
    desk.client.post(
        f"/api/proposals/{pid}/approve", json={"note": "ok"}, headers=desk.auth("alice")
    )
    data = desk.client.get(
        "/api/questions/q-syria/export?format=json", headers=desk.auth("vera")
    ).json()
    assert data["question"]["id"] == "q-syria" and data["audit_chain"]["ok"]
    decision = data["proposals"][0]["decisions"][0]
    assert (decision["reviewer"], decision["action"], decision["note"]) == (
        "alice",
        "approve",
        "ok",
    )
    assert data["proposals"][0]["citations"][0]["quote"] == "They returned to Syria on Thursday."
    r = desk.client.get("/api/questions/q-syria/export?format=html", headers=desk.auth("vera"))
    assert r.headers["content-disposition"].startswith("attachment")
    html = r.text
    assert "<style>" in html and "<script" not in html and "<link" not in html
    assert "They returned to Syria on Thursday." in html and "src=" not in html
    _problem(
        desk.client.get("/api/questions/q-syria/export?format=pdf", headers=desk.auth("vera")), 422
    )


def test_security_headers_on_api_and_pages(desk: Desk) -> None:
    r = desk.client.get("/api/me", headers=desk.auth("vera"))
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["referrer-policy"] == "same-origin"
