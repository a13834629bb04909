"""Persist findings: the one path scraped and imported documents both take into matching."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Finding


@dataclass(frozen=True)
class FindingDraft:
    url: str
    source: str
    text: str
    title: str = ""
    published_at: datetime | None = None
    language: str | None = None
    snapshot_sha256: str | None = None
    withdrawn: bool = False


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def store_finding(session: Session, draft: FindingDraft) -> tuple[Finding, bool]:
    """Store a finding once per content; returns (row, created)."""
    digest = text_sha256(draft.text)
    existing = session.execute(
        select(Finding).where(Finding.text_sha256 == digest)
    ).scalar_one_or_none()
    if existing is not None:
        return existing, False
    row = Finding(
        url=draft.url,
        source=draft.source,
        published_at=draft.published_at,
        title=draft.title,
        text=draft.text,
        text_sha256=digest,
        language=draft.language,
        snapshot_sha256=draft.snapshot_sha256,
        withdrawn=draft.withdrawn,
    )
    session.add(row)
    session.flush()
    return row, True
