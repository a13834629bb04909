"""Alembic migrations build the models' schema on SQLite and PostgreSQL, repeatably."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from db.engine import create_db_engine, current_revision, migrate
from db.models import Base


def test_migrations_match_the_models(db_url: str) -> None:
    engine = create_db_engine(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert current_revision(engine) == "0001"


def test_migrate_is_safe_to_repeat(db_url: str) -> None:
    engine = create_db_engine(db_url)
    migrate(engine)
    migrate(engine)
    tables = set(inspect(engine).get_table_names())
    assert {
        "questions",
        "outcomes",
        "findings",
        "proposals",
        "citations",
        "audit_events",
        "users",
        "disputes",
        "resolutions",
        "snapshots",
        "sources",
        "related_option_sets",
        "reviews",
        "api_tokens",
    } <= tables


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path: object) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path}/x.db")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
