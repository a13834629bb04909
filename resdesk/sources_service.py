"""Sources in the database: sync the catalogue, select a question's named sources."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db.models import MATCHABLE_STATES, Question, QuestionSource, Source
from matchers.sources import SourceNames, select_sources
from resdesk.settings import Settings
from scrapers.registry import SourceEntry, load_sources, sync_sources


def source_names(src: Source) -> SourceNames:
    tags = (src.config or {}).get("tags", [])
    names = (src.name, src.publisher, *src.aliases, *tags)
    return SourceNames(src.name, tuple(n for n in names if n))


def active_sources(session: Session) -> list[Source]:
    return list(session.execute(select(Source).where(Source.status != "removed")).scalars())


def assign_sources(session: Session, question: Question, sources: list[Source]) -> list[str]:
    """Store which sources the question's words select; flag it when none do."""
    by_name = {s.name: s for s in sources}
    matches = select_sources(question.resolution_source, [source_names(s) for s in sources])
    session.execute(delete(QuestionSource).where(QuestionSource.question_id == question.id))
    for m in matches:
        session.add(
            QuestionSource(
                question_id=question.id,
                source_id=by_name[m.name].id,
                score=m.score,
                matched_on=m.matched_on,
            )
        )
    question.resolvable = bool(matches)
    return [m.name for m in matches]


def named_sources(session: Session, question_id: str) -> list[Source]:
    return list(
        session.execute(
            select(Source)
            .join(QuestionSource, QuestionSource.source_id == Source.id)
            .where(QuestionSource.question_id == question_id)
            .order_by(QuestionSource.score.desc(), Source.name)
        ).scalars()
    )


def sync_catalogue(
    session: Session, settings: Settings, *, actor: str, entries: list[SourceEntry] | None = None
) -> dict[str, int]:
    """Load the configured catalogue into the database, then re-select every open
    question's sources (the catalogue may have gained the publisher it names)."""
    counts = sync_sources(
        session, entries if entries is not None else load_sources(settings.sources), actor=actor
    )
    if counts["added"] or counts["changed"] or counts["removed"]:
        sources = active_sources(session)
        for q in session.execute(
            select(Question).where(Question.status.in_(MATCHABLE_STATES))
        ).scalars():
            assign_sources(session, q, sources)
    return counts
