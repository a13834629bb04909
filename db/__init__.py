"""Storage: typed SQLAlchemy 2 models, engine and sessions, migrations, the audit log.

Imports nothing else of the project's.
"""

from db.engine import create_db_engine, make_sessionmaker, migrate, session_scope
from db.models import Base

__all__ = ["Base", "create_db_engine", "make_sessionmaker", "migrate", "session_scope"]
