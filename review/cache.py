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

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

from markupsafe import escape
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import AuditEvent, Proposal, User, WebSession
from db.types import utcnow
from review import auth
from review.users import Principal, token_hash

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


def session_and_version(
    session: Session, token: str | None
) -> tuple[auth.SessionInfo | None, Version]:
    """:func:`review.auth.session_for` and :func:`data_version` in one round trip (the
    same conditions: live, unrevoked session of an enabled user). Without a live
    session the version is not read, and (0, 0) is returned with ``None``."""
    if not token:
        return None, (0, 0)
    row = session.execute(
        select(
            WebSession.csrf_token,
            User.id,
            User.name,
            User.role,
            _AUDIT_HEAD.label("audit_head"),
            _PROPOSAL_HEAD.label("proposal_head"),
        )
        .join(User, User.id == WebSession.user_id)
        .where(
            WebSession.token_sha256 == token_hash(token),
            WebSession.revoked_at.is_(None),
            WebSession.expires_at > utcnow(),
            User.disabled_at.is_(None),
        )
    ).first()
    if row is None:
        return None, (0, 0)
    info = auth.SessionInfo(Principal(row.id, row.name, row.role), row.csrf_token)
    return info, (int(row.audit_head), int(row.proposal_head))


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
