"""Concurrent decisions on one proposal: exactly one wins, the rest get a clear conflict.

Runs on SQLite (writers queue behind BEGIN IMMEDIATE) and PostgreSQL (the version
column turns the loser's UPDATE into a stale-data conflict).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db import audit
from db.engine import session_scope
from db.models import Proposal, Resolution
from review import service
from review.errors import Conflict
from tests.review.factories import add_people, add_proposal, add_question, settings

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
