"""Shared fixtures. Prefect's environment is set here, before anything imports prefect.

Databases: every test that takes ``db_url`` runs twice, on SQLite (always) and on
PostgreSQL (``RESDESK_TEST_DATABASE_URL``, else 127.0.0.1:5432 user postgres database
test), each test in its own fresh schema, migrated with Alembic. When PostgreSQL is not
reachable those runs are skipped with the reason — unless ``RESDESK_REQUIRE_POSTGRES=1``
(set by ``.ci/run``), where they fail instead.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

_PREFECT_HOME = tempfile.mkdtemp(prefix="resdesk-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ.pop("PREFECT_API_URL", None)
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "120"
os.environ.setdefault("DO_NOT_TRACK", "1")
for _var in [
    v
    for v in os.environ
    if v.startswith("RESDESK_")
    and v != "RESDESK_TEST_DATABASE_URL"
    and v != "RESDESK_REQUIRE_POSTGRES"
]:
    os.environ.pop(_var)

import pytest  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from db.engine import create_db_engine, make_sessionmaker, migrate  # noqa: E402

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
SEEDS = SHARED / "seeds"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

_pg_status: dict[str, str | None] = {}


def pg_base_url() -> str:
    return os.environ.get("RESDESK_TEST_DATABASE_URL", PG_DEFAULT)


def pg_unavailable() -> str | None:
    """None when PostgreSQL answers, else why not (checked once per session)."""
    if "reason" not in _pg_status:
        try:
            eng = create_engine(pg_base_url(), connect_args={"connect_timeout": 3})
            with eng.connect() as conn:
                conn.execute(text("SELECT 1"))
            eng.dispose()
            _pg_status["reason"] = None
        except Exception as exc:  # any failure to connect means "not reachable"
            _pg_status["reason"] = f"PostgreSQL not reachable at {pg_base_url()}: {exc}"[:300]
    return _pg_status["reason"]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A freshly migrated database URL: a SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.db'}"
        migrate(create_db_engine(url))
        yield url
        return
    reason = pg_unavailable()
    if reason:
        if os.environ.get("RESDESK_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_base_url())
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    base = make_url(pg_base_url())
    url = base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )
    migrate(create_db_engine(url))
    try:
        yield url
    finally:
        from resdesk.runtime import engine_for

        engine_for.cache_clear()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def session_factory(db_url: str) -> sessionmaker[Session]:
    return make_sessionmaker(create_db_engine(db_url))


@pytest.fixture
def env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the settings (and so the CLI) at this test's database and home folder."""
    from resdesk.settings import get_settings

    monkeypatch.setenv("RESDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("RESDESK_DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield db_url
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One Prefect test harness (a temporary API server) for the whole session."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    with (
        prefect_test_harness(server_startup_timeout=120),
        temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}),
    ):
        yield


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the browser tests last.

    Playwright's sync API leaves its event loop registered in the main thread after it
    stops, so any ``asyncio.run`` after it fails ("Cannot run the event loop while
    another loop is running"); nothing runs after the browser tests this way.
    """
    browser = [i for i in items if "tests/browser/" in i.path.as_posix()]
    if browser:
        others = [i for i in items if "tests/browser/" not in i.path.as_posix()]
        items[:] = others + browser
