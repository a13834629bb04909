"""Wiring shared by the CLI, the flows and the web app: settings → engine → sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from db.engine import create_db_engine, make_sessionmaker, migrate, session_scope
from matchers.core import MatchSettings
from resdesk.settings import Settings, get_settings


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    return create_db_engine(url)


def init_db(settings: Settings | None = None, *, sync_sources: bool = False) -> Engine:
    """Create or upgrade the schema (Alembic). Safe to repeat.

    The source catalogue (RESDESK_SOURCES, else the built-in one) is loaded into an
    empty database, or again when ``sync_sources`` (``resdesk init``, ``sources sync``).
    """
    from sqlalchemy import select

    from db.models import Source
    from resdesk.sources_service import sync_catalogue

    settings = settings or get_settings()
    engine = engine_for(settings.resolved_database_url)
    migrate(engine)
    with session_scope(make_sessionmaker(engine)) as session:
        if sync_sources or session.execute(select(Source.id).limit(1)).first() is None:
            sync_catalogue(session, settings, actor="system:init")
    return engine


def sessions(settings: Settings | None = None) -> sessionmaker[Session]:
    settings = settings or get_settings()
    return make_sessionmaker(engine_for(settings.resolved_database_url))


@contextmanager
def transaction(settings: Settings | None = None) -> Iterator[Session]:
    """One session, one transaction: commit on success, roll back on error."""
    with session_scope(sessions(settings)) as session:
        yield session


def match_settings(settings: Settings | None = None) -> MatchSettings:
    settings = settings or get_settings()
    return MatchSettings(
        relevance_threshold=settings.relevance_threshold,
        queue_threshold=settings.match_threshold,
    )
