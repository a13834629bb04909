"""Import questions and findings into the database, one transaction per file.

Parsing happens first, entirely (``resdesk.question_formats``): a file with any error
changes nothing. Re-importing updates a question in place (keyed by id) and never
duplicates it; importing identical content changes nothing at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db import audit
from db.models import Outcome, Proposal, Question, RelatedOptionSet
from matchers.spec import compile_spec
from resdesk.errors import InputError
from resdesk.question_formats import QuestionIn, parse_when
from resdesk.sources_service import active_sources, assign_sources
from scrapers.store import FindingDraft, store_finding


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _outcome_payload(q: QuestionIn) -> list[dict[str, Any]]:
    return [
        {"label": o.label, "probability": o.probability, "cues": list(o.cues)} for o in q.outcomes
    ]


def import_questions(
    session: Session, questions: list[QuestionIn], *, actor: str, path: str
) -> ImportReport:
    report = ImportReport()
    sources = active_sources(session)
    for q in questions:
        report.warnings.extend(f"{q.origin}: {w}" for w in q.warnings)
        existing = session.execute(
            select(Question).where(Question.id == q.id).options(selectinload(Question.outcomes))
        ).scalar_one_or_none()
        digest = q.content_sha256()
        if existing is not None and existing.content_sha256 == digest:
            report.unchanged.append(q.id)
            continue
        if existing is None:
            row = Question(id=q.id, content_sha256=digest, matched_through=0)
            session.add(row)
            action = "question.imported"
            report.created.append(q.id)
        else:
            row = existing
            action = "question.updated"
            report.updated.append(q.id)
        _apply(session, row, q, digest, path=path)
        session.flush()
        selected = assign_sources(session, row, sources)
        if not selected:
            report.warnings.append(
                f"{q.origin}: not resolvable from configured sources: "
                f"{q.resolution_source!r} names none of them"
            )
        audit.record(
            session,
            actor=actor,
            action=action,
            subject_type="question",
            subject_id=q.id,
            question_id=q.id,
            payload={
                "title": q.title,
                "outcomes": _outcome_payload(q),
                "resolution_source": q.resolution_source,
                "opens_at": _iso(q.opens_at),
                "closes_at": _iso(q.closes_at),
                "content_sha256": digest,
                "origin": q.origin,
            },
        )
    return report


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _apply(session: Session, row: Question, q: QuestionIn, digest: str, *, path: str) -> None:
    row.title = q.title
    row.resolution_source = q.resolution_source
    row.opens_at = q.opens_at
    row.closes_at = q.closes_at
    row.context = q.context
    row.story_headline = q.story_headline
    row.story_published_at = q.story_published_at
    row.content_sha256 = digest
    row.origin = q.origin
    row.matched_through = 0  # the spec changed: match every finding against it again
    _apply_outcomes(session, row, q, path=path)
    # the resolution spec the matcher reads (matchers.spec): subject, event, outcome cues
    # (the file's, then those reviewers added, which a re-import keeps)
    kept = {o.label: o.reviewer_cues or [] for o in row.outcomes}
    row.spec = compile_spec(
        title=q.title,
        outcomes=[
            (o.label, list(dict.fromkeys([*o.cues, *kept.get(o.label, [])]))) for o in q.outcomes
        ],
        resolution_source=q.resolution_source,
        opens_at=q.opens_at,
        closes_at=q.closes_at,
        context=q.context,
    )
    row.related_option_sets.clear()
    for i, block in enumerate(q.related):
        row.related_option_sets.append(
            RelatedOptionSet(
                position=i,
                options=[{"label": o.label, "probability": o.probability} for o in block],
            )
        )


def _apply_outcomes(session: Session, row: Question, q: QuestionIn, *, path: str) -> None:
    by_label = {o.label: o for o in row.outcomes}
    wanted = {o.label for o in q.outcomes}
    for label, old in by_label.items():
        if label in wanted:
            continue
        used = (
            session.execute(
                select(Proposal.id).where(Proposal.outcome_id == old.id).limit(1)
            ).first()
            if old.id is not None
            else None
        )
        if used is not None:
            raise InputError(
                f"question {q.id!r}: cannot remove outcome {label!r}, proposals refer to it",
                path=path,
                field="outcomes",
            )
        row.outcomes.remove(old)
    session.flush()
    for pos, o in enumerate(q.outcomes):
        current = by_label.get(o.label)
        if current is None:
            row.outcomes.append(
                Outcome(label=o.label, position=pos, probability=o.probability, cues=list(o.cues))
            )
        else:
            current.position = pos
            current.probability = o.probability
            current.cues = list(o.cues)


# --- findings -----------------------------------------------------------------------------


@dataclass
class FindingsReport:
    stored: list[int] = field(default_factory=list)
    duplicates: int = 0


def parse_findings_jsonl(path: Path) -> list[FindingDraft]:
    """Findings JSON Lines (INTERFACES.md) → drafts; any bad line raises, naming it."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", path=str(path)) from None
    drafts: list[FindingDraft] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(f"broken JSON line: {exc.msg}", path=str(path), line=n) from None
        drafts.append(_finding_from(obj, path=str(path), line=n))
    if not drafts:
        raise InputError("no findings in this file", path=str(path))
    return drafts


def _finding_from(obj: Any, *, path: str, line: int) -> FindingDraft:
    if not isinstance(obj, dict):
        raise InputError("expected a JSON object", path=path, line=line)

    def text_field(name: str, *, required: bool) -> str:
        value = obj.get(name)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise InputError("missing or not a non-empty string", path=path, line=line, field=name)
        return value

    url = text_field("url", required=True).strip()
    if not url.startswith(("http://", "https://")):
        raise InputError(f"not an http(s) URL: {url[:80]!r}", path=path, line=line, field="url")
    language = obj.get("language")
    return FindingDraft(
        url=url,
        source=text_field("source", required=True).strip(),
        text=text_field("text", required=True),
        title=text_field("title", required=False).strip(),
        published_at=parse_when(
            obj.get("published_at"), end_of_day=False, path=path, line=line, name="published_at"
        ),
        language=language if isinstance(language, str) else None,
    )


def import_findings(
    session: Session, drafts: list[FindingDraft], *, actor: str, path: str
) -> FindingsReport:
    report = FindingsReport()
    new: list[dict[str, Any]] = []
    for d in drafts:
        row, created = store_finding(session, d)
        if created:
            report.stored.append(row.id)
            new.append({"id": row.id, "url": row.url, "text_sha256": row.text_sha256})
        else:
            report.duplicates += 1
    if new:
        audit.record(
            session,
            actor=actor,
            action="findings.imported",
            subject_type="file",
            subject_id=path,
            payload={"count": len(new), "findings": new},
        )
    return report
