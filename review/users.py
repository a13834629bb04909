"""Users, roles, passwords and API tokens.

Passwords are hashed with argon2; API tokens are stored as their sha256 only, so a token
is shown once. Role checks go through :func:`authorize`, which writes every refusal to
the audit trail (in its own committed transaction: the refused action itself leaves
nothing behind, but the attempt does).

An actor that is not a registered user is the operator at the console (the CLI run
with database access, or a fixture); the REST API and web UI only ever act as a
signed-in registered user, so they cannot take that path.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from db import audit
from db.models import ROLES, ApiToken, User, WebSession
from db.types import utcnow
from review.errors import Forbidden, InvalidInput, NotFound

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")
#: Roles allowed to decide proposals.
REVIEW_ROLES = ("reviewer", "adjudicator", "admin")
#: Roles allowed to settle disputes.
ADJUDICATOR_ROLES = ("adjudicator", "admin")
#: Roles allowed to manage users, sources and clarifications.
ADMIN_ROLES = ("admin",)
#: Any registered role (disputing inside the challenge window, reading).
ANY_ROLE = ROLES
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
#: last_used_at is refreshed at most this often, so reads do not write on every request.
TOKEN_TOUCH_EVERY = timedelta(minutes=1)

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not-a-real-password")


@dataclass(frozen=True)
class Principal:
    """Who a request acts as: a registered, enabled user."""

    id: int
    name: str
    role: str


def check_name(name: str) -> str:
    if not _NAME.match(name):
        shown = name.encode("unicode_escape").decode("ascii")[:60]
        raise InvalidInput(
            f"invalid user name {shown!r}: use 1-100 letters, digits, '.', '_', '@' or '-'",
            field="name",
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"unknown role {role!r}: one of {', '.join(ROLES)}", field="role")
    return role


def check_password(password: str) -> str:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InvalidInput(
            f"a password needs {MIN_PASSWORD} to {MAX_PASSWORD} characters", field="password"
        )
    if any(ord(ch) < 32 for ch in password):
        raise InvalidInput("password contains control characters", field="password")
    return password


_USER_BY_NAME = select(User).where(User.name == bindparam("name"))


def find_user(session: Session, name: str) -> User | None:
    return session.execute(_USER_BY_NAME, {"name": name}).scalar_one_or_none()


def get_user(session: Session, name: str) -> User:
    user = find_user(session, name)
    if user is None or user.disabled_at is not None:
        raise NotFound(
            f"unknown user {name!r} (add one with: resdesk users add {name} --role reviewer)",
            field="user",
        )
    return user


def principal(user: User) -> Principal:
    return Principal(user.id, user.name, user.role)


def require_role(user: User, roles: tuple[str, ...], doing: str) -> None:
    """Raise :class:`Forbidden` unless ``user`` has one of ``roles`` (no audit record)."""
    if user.role not in roles:
        raise Forbidden(f"user {user.name!r} has role {user.role!r}, which may not {doing}")


def deny(
    session: Session,
    actor: str,
    message: str,
    *,
    doing: str,
    subject_type: str = "user",
    subject_id: str | int = "",
    question_id: str | None = None,
) -> Forbidden:
    """Record a refused attempt durably, then hand back the error to raise.

    The caller's transaction is rolled back first (nothing of the refused action may
    land) and the ``access.denied`` event is committed on its own, because the caller
    will roll back again when the error propagates.
    """
    session.rollback()
    audit.record(
        session,
        actor=actor,
        action="access.denied",
        subject_type=subject_type,
        subject_id=subject_id or actor,
        question_id=question_id,
        payload={"doing": doing, "reason": message},
    )
    session.commit()
    return Forbidden(message)


def authorize(
    session: Session,
    actor: str,
    roles: tuple[str, ...],
    doing: str,
    *,
    subject_type: str = "user",
    subject_id: str | int = "",
    question_id: str | None = None,
) -> User:
    """The acting user, if their role allows ``doing``; else a recorded refusal."""
    user = get_user(session, actor)
    permit(
        session,
        user,
        roles,
        doing,
        subject_type=subject_type,
        subject_id=subject_id,
        question_id=question_id,
    )
    return user


def permit(
    session: Session,
    user: User | Principal,
    roles: tuple[str, ...],
    doing: str,
    *,
    subject_type: str = "user",
    subject_id: str | int = "",
    question_id: str | None = None,
) -> None:
    """Refuse (and record) unless ``user``'s role allows ``doing``."""
    if user.role not in roles:
        raise deny(
            session,
            user.name,
            f"user {user.name!r} has role {user.role!r}, which may not {doing}",
            doing=doing,
            subject_type=subject_type,
            subject_id=subject_id,
            question_id=question_id,
        )


def authorize_admin(session: Session, actor: str, doing: str) -> None:
    """Admins may manage users; so may the console operator (an actor who is no user)."""
    if find_user(session, actor) is None:
        return
    authorize(session, actor, ADMIN_ROLES, doing)


def add_user(
    session: Session, name: str, role: str, *, actor: str, password: str | None = None
) -> User:
    check_name(name)
    check_role(role)
    if password is not None:
        check_password(password)
    authorize_admin(session, actor, "add users")
    if find_user(session, name) is not None:
        raise InvalidInput(f"user {name!r} already exists", field="name")
    user = User(name=name, role=role, password_hash=_hasher.hash(password) if password else None)
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="user.added",
        subject_type="user",
        subject_id=user.id,
        payload={"name": name, "role": role, "password_set": password is not None},
    )
    return user


def set_password(session: Session, name: str, password: str, *, actor: str) -> User:
    """A user may change their own password; an admin (or the operator) anyone's."""
    check_password(password)
    if actor != name:
        authorize_admin(session, actor, "set other users' passwords")
    user = get_user(session, name)
    user.password_hash = _hasher.hash(password)
    _end_sessions(session, user.id)
    audit.record(
        session,
        actor=actor,
        action="user.password_set",
        subject_type="user",
        subject_id=user.id,
        payload={"name": name},
    )
    return user


def change_role(session: Session, name: str, role: str, *, actor: str) -> User:
    check_role(role)
    authorize_admin(session, actor, "change roles")
    user = get_user(session, name)
    if user.name == actor and role != "admin":
        raise InvalidInput("an admin cannot remove their own admin role", field="role")
    before = user.role
    user.role = role
    audit.record(
        session,
        actor=actor,
        action="user.role_changed",
        subject_type="user",
        subject_id=user.id,
        payload={"name": name, "from": before, "to": role},
    )
    return user


def disable_user(session: Session, name: str, *, actor: str) -> User:
    """Disable a user: their tokens and sign-ins stop working; their history stays."""
    authorize_admin(session, actor, "disable users")
    user = get_user(session, name)
    if user.name == actor:
        raise InvalidInput("you cannot disable yourself", field="name")
    now = utcnow()
    user.disabled_at = now
    session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    _end_sessions(session, user.id)
    audit.record(
        session,
        actor=actor,
        action="user.disabled",
        subject_type="user",
        subject_id=user.id,
        payload={"name": name},
    )
    return user


def _end_sessions(session: Session, user_id: int) -> None:
    session.execute(
        update(WebSession)
        .where(WebSession.user_id == user_id, WebSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def list_users(session: Session, *, actor: str | None = None) -> list[User]:
    """All users; with an ``actor``, only for admins (or the operator)."""
    if actor is not None:
        authorize_admin(session, actor, "list users")
    return list(session.execute(select(User).order_by(User.name)).scalars())


def user_dict(u: User) -> dict[str, Any]:
    return {
        "name": u.name,
        "role": u.role,
        "has_password": u.password_hash is not None,
        "created_at": u.created_at.isoformat(),
        "disabled": u.disabled_at is not None,
    }


# --- passwords ----------------------------------------------------------------------------


def verify_password(user: User | None, password: str) -> bool:
    """Check a password in constant-ish time, even for an unknown user or no password."""
    stored = user.password_hash if user is not None and user.disabled_at is None else None
    try:
        return _hasher.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


# --- API tokens ---------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# kept for callers of the earlier name
_token_hash = token_hash


def create_token(session: Session, name: str, *, actor: str) -> str:
    """A new API token for ``name``; only its hash is stored, so this is the one showing.

    Users may issue their own tokens; an admin (or the operator) anyone's.
    """
    if actor != name:
        authorize_admin(session, actor, "issue tokens for other users")
    user = get_user(session, name)
    token = "rd_" + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_sha256=token_hash(token))
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="token.created",
        subject_type="user",
        subject_id=user.id,
        payload={"name": name, "token_id": row.id},
    )
    return token


def list_tokens(session: Session, name: str, *, actor: str | None = None) -> list[ApiToken]:
    """A user's tokens (ids and dates, never the tokens): their own, or any for admins."""
    if actor is not None and actor != name:
        authorize_admin(session, actor, "list other users' tokens")
    user = get_user(session, name)
    return list(
        session.execute(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
        ).scalars()
    )


def token_dict(t: ApiToken) -> dict[str, Any]:
    def iso(v: datetime | None) -> str | None:
        return v.isoformat() if v else None

    return {
        "id": t.id,
        "created_at": iso(t.created_at),
        "last_used_at": iso(t.last_used_at),
        "revoked_at": iso(t.revoked_at),
    }


def revoke_token(session: Session, token_id: int, *, actor: str) -> ApiToken:
    """Revoke one token: its owner or an admin (or the operator) may."""
    row = session.get(ApiToken, token_id)
    owner = session.get(User, row.user_id) if row is not None else None
    if row is None or owner is None:
        raise NotFound(f"no API token with id {token_id}", field="token_id")
    if owner.name != actor:
        authorize_admin(session, actor, "revoke other users' tokens")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit.record(
            session,
            actor=actor,
            action="token.revoked",
            subject_type="user",
            subject_id=owner.id,
            payload={"name": owner.name, "token_id": row.id},
        )
    return row


def user_for_token(session: Session, token: str) -> User | None:
    row = session.execute(
        select(ApiToken).where(ApiToken.token_sha256 == token_hash(token))
    ).scalar_one_or_none()
    if row is None or row.revoked_at is not None:
        return None
    user = session.get(User, row.user_id)
    if user is None or user.disabled_at is not None:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > TOKEN_TOUCH_EVERY:
        row.last_used_at = now
    return user
