"""Persist findings: the one path scraped and imported documents both take into matching."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Finding
from db.types import utcnow


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
    canonical_url: str | None = None
    encoding: str | None = None
    supersedes_id: int | None = None  # the previous version of the same page


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def store_finding(
    session: Session, draft: FindingDraft, *, known_new: bool = False
) -> tuple[Finding, bool]:
    """Store a finding once per content; returns (row, created).

    ``known_new``: the caller has just looked the text's hash up in this transaction and
    found no finding, so the same query is not run twice (the unique key still holds).
    """
    digest = text_sha256(draft.text)
    if not known_new:
        existing = session.execute(
            select(Finding).where(Finding.text_sha256 == digest)
        ).scalar_one_or_none()
        if existing is not None:
            return existing, False
    row = Finding(**finding_row(draft, digest))
    session.add(row)
    session.flush()
    return row, True


def finding_row(draft: FindingDraft, digest: str | None = None) -> dict[str, Any]:
    """The ``findings`` columns for ``draft`` (``digest``: its text's sha256, if known),
    as ``store_finding`` stores them; for Core inserts of many findings at once."""
    return {
        "url": draft.url,
        "source": draft.source,
        "published_at": draft.published_at,
        "title": draft.title,
        "text": draft.text,
        "text_sha256": digest or text_sha256(draft.text),
        "language": draft.language,
        "snapshot_sha256": draft.snapshot_sha256,
        "withdrawn": draft.withdrawn,
        "canonical_url": draft.canonical_url,
        "encoding": draft.encoding,
        "supersedes_id": draft.supersedes_id,
        "created_at": utcnow(),
    }
