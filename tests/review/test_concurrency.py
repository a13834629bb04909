"""Concurrent decisions on one proposal: exactly one wins, the rest get a clear conflict.

Runs on SQLite (writers queue behind BEGIN IMMEDIATE) and PostgreSQL (the version
column turns the loser's UPDATE into a stale-data conflict).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db import audit
from db.engine import session_scope
from db.models import Proposal, Question, Resolution
from review import service
from review.errors import Conflict
from tests.review.conftest import Desk
from tests.review.factories import (
    OUTCOMES,
    add_finding,
    add_people,
    add_proposal,
    add_question,
    settings,
)
from tests.review.test_web import sign_in

REVIEWERS = [f"r{i}" for i in range(6)]


def _race(
    factory: sessionmaker[Session], fn: str, pid: int, version: int, *, deferred: bool = False
) -> list[str]:
    barrier = threading.Barrier(len(REVIEWERS))

    def attempt(name: str) -> str:
        barrier.wait()
        try:
            with session_scope(factory) as s:
                if deferred:  # as the web app's transactions do (review.api.AppContext.tx)
                    audit.defer_until_commit(s)
                getattr(service, fn)(
                    s, pid, actor=name, settings=settings(), expected_version=version
                )
            return "won"
        except Conflict as exc:
            return f"conflict: {exc.message}"

    with ThreadPoolExecutor(len(REVIEWERS)) as pool:
        return list(pool.map(attempt, REVIEWERS))


@pytest.mark.parametrize("deferred", [False, True], ids=["audit-at-once", "audit-at-commit"])
def test_parallel_approvals_one_wins(
    session_factory: sessionmaker[Session], deferred: bool
) -> None:
    add_people(session_factory, **dict.fromkeys(REVIEWERS, "reviewer"))
    add_question(session_factory)
    pid = add_proposal(session_factory, confidence=0.95)
    results = _race(session_factory, "approve", pid, version=1, deferred=deferred)
    assert results.count("won") == 1, results
    assert all(r.startswith("conflict: proposal") for r in results if r != "won")
    with session_scope(session_factory) as s:
        assert s.get(Proposal, pid).status == "approved"  # type: ignore[union-attr]
        assert s.scalar(select(func.count()).select_from(Resolution)) == 1
        actions = [e.action for e in audit.events_for(s, "q-syria")]
        assert actions.count("proposal.approved") == 1
        assert audit.verify(s).ok


def test_parallel_first_reviews_under_double_review(
    session_factory: sessionmaker[Session],
) -> None:
    add_people(session_factory, **dict.fromkeys(REVIEWERS, "reviewer"))
    add_question(session_factory)
    pid = add_proposal(session_factory, confidence=0.5)
    results = _race(session_factory, "approve", pid, version=1)
    assert results.count("won") == 1, results
    with session_scope(session_factory) as s:
        p = s.get(Proposal, pid)
        assert p is not None and p.status == "pending"  # one sealed vote, no more
        assert len(service.round_votes(s, p)) == 1


# --- rival proposals of one question ----------------------------------------------------------
#
# Two pending proposals of one question (different outcomes), decided at the same moment:
# approving one supersedes the other, so the two transactions touch the same rows (the
# question, both proposals). Whatever the interleaving, exactly one approval wins and the
# other decision gets a clear conflict naming the question; never a database error (a
# deadlock on PostgreSQL used to abort one of them: an unhandled 500). Each race is
# repeated on fresh questions, the threads released together by a barrier.

ROUNDS = 25
RIVALS = OUTCOMES[:2]


def _rival_questions(factory: sessionmaker[Session], rounds: int) -> list[tuple[str, int, int]]:
    fid = add_finding(factory)
    out = []
    for i in range(rounds):
        qid = add_question(factory, f"q-race-{i}")
        a, b = (add_proposal(factory, qid, outcome=o, finding_id=fid) for o in RIVALS)
        out.append((qid, a, b))
    return out


def _decide_together(
    factory: sessionmaker[Session],
    calls: list[tuple[str, str, int, dict[str, Any]]],
    *,
    deferred: bool = True,
) -> list[str]:
    """Run each (function, actor, proposal id, kwargs) in its own thread and transaction,
    released together; each result is "won", "conflict: <message>" or "error: <what>".
    ``deferred``: audit events appended at commit, as the web app's transactions do
    (else at once, as the CLI's)."""
    barrier = threading.Barrier(len(calls))

    def attempt(call: tuple[str, str, int, dict[str, Any]]) -> str:
        fn, actor, pid, kwargs = call
        barrier.wait()
        try:
            with session_scope(factory) as s:
                if deferred:
                    audit.defer_until_commit(s)
                getattr(service, fn)(s, pid, actor=actor, expected_version=1, **kwargs)
            return "won"
        except Conflict as exc:
            return f"conflict: {exc.message}"
        except Exception as exc:  # a deadlock, a stale-data error: what must not happen
            return f"error: {type(exc).__name__}: {str(exc)[:200]}"

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(attempt, calls))


def _check_question(s: Session, qid: str, a: int, b: int) -> list[str]:
    """Each proposal in a final state that matches the question's; returns the statuses."""
    statuses = [s.get(Proposal, pid).status for pid in (a, b)]  # type: ignore[union-attr]
    resolutions = s.scalar(
        select(func.count()).select_from(Resolution).where(Resolution.question_id == qid)
    )
    approved = statuses.count("approved")
    assert approved <= 1 and resolutions == approved, (qid, statuses, resolutions)
    if approved:
        other = statuses[1] if statuses[0] == "approved" else statuses[0]
        assert other in ("superseded", "rejected"), (qid, statuses)  # rejected just before
        assert s.get(Question, qid).status == "resolved"  # type: ignore[union-attr]
    return statuses


@pytest.mark.parametrize("deferred", [False, True], ids=["audit-at-once", "audit-at-commit"])
def test_rival_approvals_one_wins(session_factory: sessionmaker[Session], deferred: bool) -> None:
    _rival_approvals(session_factory, deferred=deferred)


def test_a_deadlock_is_still_a_conflict(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The safety net: without the question lock the rival approvals deadlock on
    PostgreSQL (that is how this was found); the aborted one is the same conflict."""
    if session_factory.kw["bind"].dialect.name == "sqlite":
        pytest.skip("SQLite: writers take turns (BEGIN IMMEDIATE), no deadlock")
    monkeypatch.setattr(service, "_lock_question", lambda session, proposal_id: None)
    _rival_approvals(session_factory, deferred=True)


def _rival_approvals(factory: sessionmaker[Session], *, deferred: bool) -> None:
    add_people(factory, alice="reviewer", bob="reviewer")
    races = _rival_questions(factory, ROUNDS)
    outcomes = []
    for qid, a, b in races:
        calls = [
            ("approve", "alice", a, {"settings": settings()}),
            ("approve", "bob", b, {"settings": settings()}),
        ]
        outcomes.append((qid, _decide_together(factory, calls, deferred=deferred)))
    errors = [(qid, r) for qid, rs in outcomes for r in rs if r.startswith("error")]
    assert not errors, f"{len(errors)} of {ROUNDS} races failed: {errors[:3]}"
    for qid, results in outcomes:
        assert sorted(r.split(":")[0] for r in results) == ["conflict", "won"], (qid, results)
        loser = next(r for r in results if r != "won")
        assert qid in loser, loser  # the conflict names the question
    with session_scope(factory) as s:
        for qid, a, b in races:
            assert _check_question(s, qid, a, b).count("approved") == 1
            actions = [e.action for e in audit.events_for(s, qid)]
            assert actions.count("proposal.approved") == 1, actions
            assert actions.count("question.resolved") == 1, actions
            assert actions.count("proposal.superseded") == 1, actions
        assert audit.verify(s).ok


@pytest.mark.parametrize("rival", ["reject", "amend"])
def test_approval_against_a_rival_reject_or_amend(
    session_factory: sessionmaker[Session], rival: str
) -> None:
    """One reviewer approves a proposal while another rejects or amends its rival: both
    may succeed one after the other (the rival is rejected, then the approval supersedes
    nothing more; or the approval supersedes the rival first, and the late decision on it
    is a conflict), but never a database error, and the question ends consistent."""
    add_people(session_factory, alice="reviewer", bob="reviewer")
    races = _rival_questions(session_factory, ROUNDS)
    extra: dict[str, Any] = {"settings": settings()}
    if rival == "amend":
        extra = {"outcome": OUTCOMES[2]}
    outcomes = []
    for qid, a, b in races:
        calls = [("approve", "alice", a, {"settings": settings()}), (rival, "bob", b, extra)]
        outcomes.append((qid, _decide_together(session_factory, calls)))
    errors = [(qid, r) for qid, rs in outcomes for r in rs if r.startswith("error")]
    assert not errors, f"{len(errors)} of {ROUNDS} races failed: {errors[:3]}"
    with session_scope(session_factory) as s:
        for (qid, a, b), (_, results) in zip(races, outcomes, strict=True):
            approve_result, rival_result = results
            statuses = _check_question(s, qid, a, b)
            if approve_result == "won":
                assert statuses[0] == "approved"
            else:
                assert qid in approve_result, approve_result
            if rival_result != "won":
                assert qid in rival_result, rival_result
                assert approve_result == "won", results
            pending = s.scalars(
                select(Proposal.id).where(Proposal.question_id == qid, Proposal.status == "pending")
            ).all()
            if statuses[0] == "approved":
                assert pending == [], (qid, results, pending)  # an amendment is superseded too
        assert audit.verify(s).ok


# --- the same through the doors ---------------------------------------------------------------


def test_rival_approvals_through_the_api_and_the_form(desk: Desk) -> None:
    """REST API and web form, in parallel on rival proposals: one 200 (or 303), one 409
    naming the question (problem+json from the API, the error page from the form)."""
    races = _rival_questions(desk.factory, 8)
    app = desk.client.app
    clients = {name: TestClient(app, base_url="http://testserver") for name in ("alice", "bob")}
    csrf = {name: sign_in(c, name) for name, c in clients.items()}

    def via_api(args: tuple[str, int]) -> tuple[int, str, str]:
        name, pid = args
        with TestClient(app) as c:
            r = c.post(
                f"/api/proposals/{pid}/approve",
                json={"expected_version": 1},
                headers=desk.auth(name),
            )
        return r.status_code, r.headers.get("content-type", ""), r.text

    def via_form(args: tuple[str, int]) -> tuple[int, str, str]:
        name, pid = args
        r = clients[name].post(
            f"/proposals/{pid}/decide",
            data={"action": "approve", "csrf_token": csrf[name], "expected_version": "1"},
            follow_redirects=False,
        )
        return r.status_code, r.headers.get("content-type", ""), r.text

    for i, (qid, a, b) in enumerate(races):
        door = via_api if i % 2 else via_form
        barrier = threading.Barrier(2)

        def go(args: tuple[str, int], door: Any = door, barrier: Any = barrier) -> Any:
            barrier.wait()
            return door(args)

        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(go, [("alice", a), ("bob", b)]))
        codes = sorted(code for code, _, _ in results)
        assert codes == ([200, 409] if door is via_api else [303, 409]), (qid, results)
        _, ctype, body = next(r for r in results if r[0] == 409)
        assert qid in body, body
        if door is via_api:
            assert ctype.startswith("application/problem+json")
    for c in clients.values():
        c.close()
    with session_scope(desk.factory) as s:
        for qid, a, b in races:
            assert _check_question(s, qid, a, b).count("approved") == 1
        assert audit.verify(s).ok
