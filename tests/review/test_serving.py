"""Serving details the review app's speed depends on: pooled PostgreSQL connections are
checked only after sitting idle (and a dead one is replaced), and kept-alive HTTP
connections are closed after a number of responses so clients spread over workers."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

import db.engine
from db.engine import create_db_engine
from review.api import create_app
from tests.review.factories import settings


def test_an_idle_connection_that_died_is_replaced_on_checkout(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite has no server to lose the connection")
    engine = create_db_engine(db_url)
    with engine.connect() as conn:
        first = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    admin = create_engine(db_url)
    with admin.begin() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    admin.dispose()
    time.sleep(0.2)
    monkeypatch.setattr(db.engine, "IDLE_PING_SECONDS", 0.0)  # it has been idle long enough
    with engine.connect() as conn:
        second = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    assert second != first
    engine.dispose()


def test_only_a_connection_that_sat_idle_is_pinged(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("the ping is PostgreSQL's")
    pings: list[object] = []
    real_ping = db.engine._ping
    monkeypatch.setattr(db.engine, "_ping", lambda conn: pings.append(conn) or real_ping(conn))
    engine = create_db_engine(db_url)

    def pid() -> int:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())

    monkeypatch.setattr(db.engine, "IDLE_PING_SECONDS", 3600.0)
    first = pid()
    assert [pid() for _ in range(3)] == [first] * 3 and pings == []  # in steady use
    monkeypatch.setattr(db.engine, "IDLE_PING_SECONDS", 0.0)
    assert pid() == first and len(pings) == 1  # idle long enough: checked, still alive
    engine.dispose()


def test_a_kept_alive_connection_is_closed_after_its_quota(
    session_factory: sessionmaker[Session],
) -> None:
    app = create_app(session_factory, settings(keepalive_max_requests=3))
    with TestClient(app) as client:  # every request comes from the same client address
        closes = [client.get("/healthz").headers.get("connection") for _ in range(7)]
    assert closes == [None, None, "close", None, None, "close", None]


def test_the_quota_can_be_switched_off(session_factory: sessionmaker[Session]) -> None:
    app = create_app(session_factory, settings(keepalive_max_requests=0))
    with TestClient(app) as client:
        assert all("connection" not in client.get("/healthz").headers for _ in range(5))
