"""A small in-process cache of rendered read pages, checked against a data version.

Every state change appends an audit event in its own transaction (``db.audit.record``,
which takes the audit head lock until commit), so ``max(audit_events.seq)`` only grows,
and it grows with every committed change, in commit order. The data version read at
the start of a request is that number, plus ``max(proposals.id)`` so that rows bulk-
loaded without an event (imports by COPY, test factories) still count as a change.
Both are index-only lookups of one row, in one round trip.

A cached body is served only while the version it was stored under is still the
current one, so a page is never stale past a committed change. The version is read
*before* the page's data (each statement of a READ COMMITTED transaction sees the
latest commits), so a stored body can be newer than its version, never older. Entries
also expire after ``max_age`` seconds, a bound on staleness for writers that bypass the
service layer altogether.

Bodies are stored with markers in place of the per-viewer parts (the CSRF token and
the user name), filled in per request; the role is part of the key. A page whose
content depends on who views it (blind review) is keyed by the viewer's name too.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import psycopg
from markupsafe import escape
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from db.models import AuditEvent, Proposal
from db.types import utcnow
from review import auth
from review.users import Principal, token_hash

_R = TypeVar("_R")

_MARK = secrets.token_hex(12)
#: What a cached page holds instead of the viewer's CSRF token and (escaped) name.
CSRF_MARK = f"csrf-{_MARK}"
NAME_MARK = f"name-{_MARK}"

Version = tuple[int, int]

_AUDIT_HEAD = select(func.coalesce(func.max(AuditEvent.seq), 0)).scalar_subquery()
_PROPOSAL_HEAD = select(func.coalesce(func.max(Proposal.id), 0)).scalar_subquery()
_VERSION = select(_AUDIT_HEAD, _PROPOSAL_HEAD)


def data_version(session: Session) -> Version:
    """(last audit event, last proposal id): changes with every committed change."""
    row = session.execute(_VERSION).one()
    return int(row[0]), int(row[1])


#: The live, unrevoked session of an enabled user behind a token hash, and the data
#: version: the conditions of :func:`review.auth.session_for`.
_SESSION_AND_VERSION = auth.live_session(
    *auth.SESSION_COLUMNS,
    _AUDIT_HEAD.label("audit_head"),
    _PROPOSAL_HEAD.label("proposal_head"),
)


def session_and_version(
    session: Session, token: str | None
) -> tuple[auth.SessionInfo | None, Version]:
    """:func:`review.auth.session_for` and :func:`data_version` in one round trip (the
    same conditions: live, unrevoked session of an enabled user). Without a live
    session the version is not read, and (0, 0) is returned with ``None``."""
    if not token:
        return None, (0, 0)
    row = session.execute(
        _SESSION_AND_VERSION, {"token_sha256": token_hash(token), "now": utcnow()}
    ).first()
    return _session_row(row)


def _session_row(row: Any) -> tuple[auth.SessionInfo | None, Version]:
    if row is None:
        return None, (0, 0)
    csrf, user_id, name, role, audit_head, proposal_head = row
    info = auth.SessionInfo(Principal(user_id, name, role), csrf)
    return info, (int(audit_head), int(proposal_head))


class AsyncLookup:
    """:func:`session_and_version` on the event loop, for serving cached pages without
    a worker thread or an ORM session: the same statement (compiled once), run over a
    few autocommit psycopg connections of this process (PostgreSQL only).

    Like the pages' read sessions, each lookup is its own statement in autocommit, so
    it sees every change committed before it started: the version is as fresh as the
    synchronous path's. ``None`` from :meth:`__call__` means "not available here" (not
    PostgreSQL, or the connection failed): the caller takes the synchronous path.
    """

    def __init__(self, engine: Engine, size: int = 4) -> None:
        self.enabled = engine.dialect.name == "postgresql"
        self.size = size
        self._dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._dialect = engine.dialect
        self._compiled: dict[int, tuple[tuple[Any, ...], list[tuple[str, dict[str, Any]]]]] = {}
        compiled = _SESSION_AND_VERSION.compile(dialect=engine.dialect)
        self._sql = str(compiled)
        self._params = compiled.construct_params({"token_sha256": "", "now": utcnow()})
        self._loop: asyncio.AbstractEventLoop | None = None
        self._idle: asyncio.Queue[psycopg.AsyncConnection[Any]] = asyncio.Queue()
        self._open = 0

    async def __call__(self, token: str | None) -> tuple[auth.SessionInfo | None, Version] | None:
        if not self.enabled:
            return None
        if not token:
            return None, (0, 0)
        params = {**self._params, "token_sha256": token_hash(token), "now": utcnow()}

        async def one(conn: psycopg.AsyncConnection[Any]) -> Any:
            cur = await conn.execute(self._sql, params)
            return await cur.fetchone()

        found, row = await self._on_connection(one)
        return _session_row(row) if found else None

    def compiled(self, statements: tuple[Any, ...]) -> list[tuple[str, dict[str, Any]]]:
        """``statements`` (a constant tuple) as SQL for this connection's driver, with
        their default parameters, compiled on first use, for :meth:`rows`."""
        done = self._compiled.get(id(statements))
        if done is None or done[0] is not statements:
            out = []
            for stmt in statements:
                c = stmt.compile(dialect=self._dialect)
                required = {b.key: None for b in c.binds.values() if b.required}
                out.append((str(c), c.construct_params(required)))
            done = self._compiled[id(statements)] = (statements, out)
        return done[1]

    async def rows(
        self, statements: Sequence[tuple[str, dict[str, Any]]], params: dict[str, Any]
    ) -> list[list[Any]] | None:
        """The raw rows of each statement (from :meth:`compiled`, with ``params`` put
        in), all sent in one round trip (a pipeline), each in its own autocommit
        snapshot, in order. ``None`` when this is not available (as :meth:`__call__`)."""
        if not self.enabled:
            return None

        async def pipelined(conn: psycopg.AsyncConnection[Any]) -> list[list[Any]]:
            async with conn.pipeline():
                cursors = [await conn.execute(sql, {**base, **params}) for sql, base in statements]
            return [await cur.fetchall() for cur in cursors]

        found, results = await self._on_connection(pipelined)
        return results if found else None

    async def _on_connection(
        self, work: Callable[[psycopg.AsyncConnection[Any]], Awaitable[_R]]
    ) -> tuple[bool, _R | None]:
        """``work`` on a pooled connection: (True, its result), or (False, None) when no
        connection could be had or the work failed (the connection is then closed). A
        cancelled request closes the connection too, and the cancellation goes on."""
        try:
            conn = await self._checkout()
        except Exception:
            return False, None
        try:
            result = await work(conn)
        except BaseException as error:
            self._open -= 1
            conn.pgconn.finish()  # closed at once, also when the request was cancelled
            if isinstance(error, Exception):
                return False, None
            raise
        self._idle.put_nowait(conn)
        return True, result

    async def _checkout(self) -> psycopg.AsyncConnection[Any]:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # connections belong to the loop that opened them
            self._loop, self._idle, self._open = loop, asyncio.Queue(), 0
        if self._idle.empty() and self._open < self.size:
            self._open += 1
            try:
                return await psycopg.AsyncConnection.connect(
                    self._dsn, autocommit=True, connect_timeout=5
                )
            except BaseException:
                self._open -= 1
                raise
        # all in use: wait a little for one, else the caller takes the synchronous path
        return await asyncio.wait_for(self._idle.get(), timeout=0.5)

    async def _discard(self, conn: psycopg.AsyncConnection[Any]) -> None:
        self._open -= 1
        with contextlib.suppress(Exception):
            await conn.close()

    async def close(self) -> None:
        """Close the idle connections (at shutdown)."""
        while not self._idle.empty():
            await self._discard(self._idle.get_nowait())


def personalise(body: str, csrf: str, name: str) -> str:
    """A cached body with the viewer's CSRF token and name put back."""
    return body.replace(CSRF_MARK, csrf).replace(NAME_MARK, str(escape(name)))


@dataclass(frozen=True)
class Entry:
    version: Version
    body: str | bytes
    expires: float


class PageCache:
    """Least recently used bodies by key, each valid for one data version."""

    def __init__(self, max_entries: int = 512, max_age: float = 10.0) -> None:
        self.max_entries = max_entries
        self.max_age = max_age
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self._version: Version = (0, 0)
        self._lock = threading.Lock()

    def get(self, key: Hashable, version: Version) -> str | bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry.version != version or entry.expires <= time.monotonic():
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry.body

    def put(
        self, key: Hashable, version: Version, body: str | bytes, max_age: float | None = None
    ) -> None:
        age = self.max_age if max_age is None else min(max_age, self.max_age)
        if age <= 0:
            return
        with self._lock:
            if version > self._version:  # everything stored before is dead: free it
                self._version = version
                self._entries.clear()
            elif version < self._version:
                return  # read before a change another request has already seen
            self._entries[key] = Entry(version, body, time.monotonic() + age)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
