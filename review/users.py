"""Users, roles and API tokens (stored as sha256 only; a token is shown once)."""

from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.models import ROLES, ApiToken, User
from db.types import utcnow
from review.errors import Forbidden, InvalidInput, NotFound

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")
#: Roles allowed to decide proposals.
REVIEW_ROLES = ("reviewer", "adjudicator", "admin")


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


def add_user(session: Session, name: str, role: str, *, actor: str) -> User:
    check_name(name)
    check_role(role)
    if session.execute(select(User).where(User.name == name)).scalar_one_or_none():
        raise InvalidInput(f"user {name!r} already exists", field="name")
    user = User(name=name, role=role)
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="user.added",
        subject_type="user",
        subject_id=user.id,
        payload={"name": name, "role": role},
    )
    return user


def get_user(session: Session, name: str) -> User:
    user = session.execute(select(User).where(User.name == name)).scalar_one_or_none()
    if user is None or user.disabled_at is not None:
        raise NotFound(
            f"unknown user {name!r} (add one with: resdesk users add {name} --role reviewer)",
            field="user",
        )
    return user


def require_role(user: User, roles: tuple[str, ...], doing: str) -> None:
    if user.role not in roles:
        raise Forbidden(f"user {user.name!r} has role {user.role!r}, which may not {doing}")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, name: str, *, actor: str) -> str:
    """A new API token for ``name``; only its hash is stored, so this is the one showing."""
    user = get_user(session, name)
    token = "rd_" + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_sha256=_token_hash(token))
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


def user_for_token(session: Session, token: str) -> User | None:
    row = session.execute(
        select(ApiToken).where(ApiToken.token_sha256 == _token_hash(token))
    ).scalar_one_or_none()
    if row is None or row.revoked_at is not None:
        return None
    user = session.get(User, row.user_id)
    if user is None or user.disabled_at is not None:
        return None
    row.last_used_at = utcnow()
    return user
