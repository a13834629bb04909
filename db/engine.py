"""Engines, sessions and migrations for SQLite (embedded default) and PostgreSQL.

SQLite runs in WAL mode with foreign keys on and a busy timeout; every transaction
starts with ``BEGIN IMMEDIATE`` so two writers queue instead of failing half-way with
"database is locked" when a read is upgraded to a write.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def create_db_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for ``url``; for SQLite, makes the file's folder and sets the pragmas."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, echo=echo)
    # A web worker runs up to ~20 requests at once. Overflow connections beyond the
    # pool's size are opened and closed per checkout (a backend start on the server
    # each time), so keep them all pooled: at most 20 per process (was 5 + 10 overflow);
    # a 21st request waits for one.
    engine = create_engine(url, echo=echo, future=True, pool_size=20, max_overflow=0)
    _ping_when_idle(engine)
    return engine


#: A pooled connection unused for longer than this is checked before it is handed out.
IDLE_PING_SECONDS = 10.0


def _ping_when_idle(engine: Engine) -> None:
    """Check a connection on checkout only when it sat idle in the pool for a while.

    ``pool_pre_ping`` costs a round trip on every checkout, i.e. on every request. A
    connection in steady use is proven alive by its last statement; one that sat idle
    (across a server restart, a network drop, an idle timeout) is pinged first and, if
    it is dead, replaced by a fresh one (the pool retries on ``DisconnectionError``). A
    connection that dies while in use raises once, and SQLAlchemy then invalidates the
    pool's older connections, as it does with ``pool_pre_ping``.
    """

    @event.listens_for(engine, "checkin")
    def _checkin(_dbapi_conn: Any, record: Any) -> None:
        record.info["resdesk.idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("resdesk.idle_since")
        if since is None or time.monotonic() - since < IDLE_PING_SECONDS:
            return  # new, or in steady use
        try:
            _ping(dbapi_conn)
        except Exception as error:
            raise exc.DisconnectionError(f"idle connection is gone: {error}") from error


def _ping(dbapi_conn: Any) -> None:
    cur = dbapi_conn.cursor()
    try:
        cur.execute("SELECT 1")
    finally:
        cur.close()
    if not getattr(dbapi_conn, "autocommit", True):
        dbapi_conn.rollback()  # end the ping's implicit transaction


def _sqlite_engine(url: str, *, echo: bool) -> Engine:
    parsed = make_url(url)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN; pysqlite's own handling defers it.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        url = engine.url.render_as_string(hide_password=False)
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # configparser escaping
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema to ``revision``. Safe to run again."""
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
