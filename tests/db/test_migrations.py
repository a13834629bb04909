"""Alembic migrations build the models' schema on SQLite and PostgreSQL, repeatably."""

from __future__ import annotations

import json

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from db.engine import alembic_config, create_db_engine, current_revision, migrate
from db.models import Base


def test_migrations_match_the_models(db_url: str) -> None:
    engine = create_db_engine(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert current_revision(engine) == head


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


def test_upgrading_keeps_existing_rows(tmp_path: object) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path}/old.db")
    migrate(engine, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO questions (id, title, resolution_source, context, status, "
                "content_sha256, matched_through, created_at, updated_at, version) VALUES "
                "('q1', 'Will X?', 'Ministry', '', 'open', 'abc', 0, '2025-01-01 00:00:00', "
                "'2025-01-01 00:00:00', 1)"
            )
        )
    migrate(engine)
    with engine.connect() as conn:
        row = conn.execute(text("SELECT id, title, spec, resolvable FROM questions")).one()
    assert (row.id, row.title, row.resolvable) == ("q1", "Will X?", 1)
    assert row.spec in ("{}", {})


def test_reviewer_cues_move_to_their_own_column_and_back(db_url: str) -> None:
    """0004 reads who added which cue from the audit trail; downgrading merges them back."""
    from alembic import command
    from sqlalchemy.orm import sessionmaker

    from db.engine import session_scope
    from db.models import Outcome
    from matchers.store import add_cue
    from tests.dbfixtures import add_seed

    engine = create_db_engine(db_url)
    factory = sessionmaker(engine, expire_on_commit=False)
    qid = add_seed(factory)
    with session_scope(factory) as s:
        add_cue(s, qid, "Returned to Syria", "escorted home", actor="reviewer1")
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
    select_cues = text("SELECT cues FROM outcomes WHERE label = 'Returned to Syria'")
    with engine.connect() as conn:
        old = conn.execute(select_cues).scalar_one()
    assert "escorted home" in (old if isinstance(old, list) else json.loads(old))
    migrate(engine)
    with session_scope(factory) as s:
        [o] = [o for o in s.query(Outcome).all() if o.label == "Returned to Syria"]
        assert o.reviewer_cues == ["escorted home"]
        assert "escorted home" not in o.cues
