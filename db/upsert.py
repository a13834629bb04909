"""INSERT … ON CONFLICT DO NOTHING for SQLite and PostgreSQL alike.

Idempotence is guarded by the database's unique keys, not by a check in Python that a
concurrent writer could slip between.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_ignore(
    session: Session, table: Table, values: dict[str, Any], conflict_on: list[str]
) -> Any | None:
    """Insert one row; return its primary key, or None when a unique key already holds it."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        pg_stmt = postgresql.insert(table).values(**values)
        stmt: Any = pg_stmt.on_conflict_do_nothing(index_elements=conflict_on)
    elif dialect == "sqlite":
        lite_stmt = sqlite.insert(table).values(**values)
        stmt = lite_stmt.on_conflict_do_nothing(index_elements=conflict_on)
    else:  # pragma: no cover - only the two supported backends
        raise NotImplementedError(f"unsupported database dialect {dialect!r}")
    pk = next(iter(table.primary_key.columns))
    return session.execute(stmt.returning(pk)).scalar_one_or_none()
