"""Signing in: passwords checked with a rate limit, server-side web sessions, CSRF tokens.

A browser holds a random session token in an HttpOnly cookie; the database keeps only
its sha256 (like API tokens), so a leaked table cannot be replayed and an admin can end
a session. Each session carries its own CSRF token, which every state-changing form or
script request must echo back.

Wrong passwords are counted per user name and per client address; past either limit
the attempt is refused without checking the password (429). Every failed and throttled
attempt lands in the audit trail, committed on its own so the refusal cannot roll it
back.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from db import audit
from db.models import LoginAttempt, User, WebSession
from db.types import UTCDateTime, utcnow
from review.errors import TooManyRequests, Unauthorized
from review.settings import ReviewSettings
from review.users import Principal, find_user, principal, token_hash, verify_password

MAX_CLIENT_CHARS = 100


@dataclass(frozen=True)
class SignIn:
    """A new web session: the cookie value and the CSRF token to embed in pages."""

    principal: Principal
    token: str
    csrf_token: str


@dataclass(frozen=True)
class SessionInfo:
    principal: Principal
    csrf_token: str


def _failures_since(
    session: Session, column: InstrumentedAttribute[str], value: str, window: timedelta
) -> int:
    since = utcnow() - window
    return int(
        session.scalar(
            select(func.count())
            .select_from(LoginAttempt)
            .where(
                column == value,
                LoginAttempt.at > since,
                LoginAttempt.succeeded.is_(False),
            )
        )
        or 0
    )


def _throttled(session: Session, name: str, client: str, settings: ReviewSettings) -> str | None:
    window = timedelta(seconds=settings.login_window_seconds)
    if _failures_since(session, LoginAttempt.user_name, name, window) >= (
        settings.login_max_failures_per_user
    ):
        return f"too many failed sign-ins for {name!r}; try again later"
    if _failures_since(session, LoginAttempt.client, client, window) >= (
        settings.login_max_failures_per_client
    ):
        return "too many failed sign-ins from this address; try again later"
    return None


def _refuse(session: Session, name: str, client: str, action: str, why: str) -> None:
    """Commit the record of a refused sign-in on its own (the caller raises next)."""
    session.rollback()
    if action == "auth.login_failed":
        session.add(LoginAttempt(user_name=name[:200], client=client, succeeded=False))
    audit.record(
        session,
        actor=name[:200] or "anonymous",
        action=action,
        subject_type="user",
        subject_id=name[:200],
        payload={"client": client, "reason": why},
    )
    session.commit()


def login(
    session: Session, name: str, password: str, *, client: str, settings: ReviewSettings
) -> SignIn:
    """Check a password and open a web session, or refuse (401, or 429 past the limits)."""
    client = (client or "unknown")[:MAX_CLIENT_CHARS]
    name = name.strip()
    throttled = _throttled(session, name, client, settings)
    if throttled:
        _refuse(session, name, client, "auth.login_throttled", throttled)
        raise TooManyRequests(throttled)
    user = find_user(session, name) if name else None
    if not verify_password(user, password) or user is None:
        _refuse(session, name, client, "auth.login_failed", "wrong user name or password")
        raise Unauthorized("wrong user name or password")
    session.add(LoginAttempt(user_name=name, client=client, succeeded=True))
    return _open_session(session, user, client, settings)


def _open_session(session: Session, user: User, client: str, settings: ReviewSettings) -> SignIn:
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    row = WebSession(
        token_sha256=token_hash(token),
        user_id=user.id,
        csrf_token=csrf,
        client=client,
        expires_at=utcnow() + timedelta(hours=settings.session_hours),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=user.name,
        action="auth.login",
        subject_type="user",
        subject_id=user.id,
        payload={"client": client, "session_id": row.id},
    )
    return SignIn(principal(user), token, csrf)


#: The columns of a live session (``session_for``; review.cache reads them with the data
#: version in the same statement).
SESSION_COLUMNS = (WebSession.csrf_token, User.id, User.name, User.role)


def live_session(*columns: Any) -> Select[Any]:
    """``columns`` of the live, unrevoked session of an enabled user behind the token hash
    bound as ``token_sha256`` at ``now``."""
    return (
        select(*columns)
        .join(User, User.id == WebSession.user_id)
        .where(
            WebSession.token_sha256 == bindparam("token_sha256"),
            WebSession.revoked_at.is_(None),
            WebSession.expires_at > bindparam("now", type_=UTCDateTime()),
            User.disabled_at.is_(None),
        )
    )


#: Built once: this runs on every page and every form post.
_SESSION = live_session(*SESSION_COLUMNS)


def session_for(session: Session, token: str | None) -> SessionInfo | None:
    """The signed-in user behind a session cookie, if it is live."""
    if not token:
        return None
    row = session.execute(  # plain columns, no ORM objects: this runs on every page
        _SESSION, {"token_sha256": token_hash(token), "now": utcnow()}
    ).first()
    if row is None:
        return None
    return SessionInfo(Principal(row.id, row.name, row.role), row.csrf_token)


def logout(session: Session, token: str | None) -> None:
    if not token:
        return
    ws = session.execute(
        select(WebSession).where(WebSession.token_sha256 == token_hash(token))
    ).scalar_one_or_none()
    if ws is None or ws.revoked_at is not None:
        return
    ws.revoked_at = utcnow()
    user = session.get(User, ws.user_id)
    audit.record(
        session,
        actor=user.name if user else "unknown",
        action="auth.logout",
        subject_type="user",
        subject_id=ws.user_id,
        payload={"session_id": ws.id},
    )


def csrf_ok(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison of the session's CSRF token with the one sent back."""
    return bool(expected and given) and hmac.compare_digest(str(expected), str(given))
