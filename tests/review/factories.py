"""Rows for review tests, written directly: questions, findings, proposals with citations.

Faster and more controllable than running the matcher: a test picks the confidence,
the outcomes and the exact (possibly hostile) text of a finding.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from db.engine import session_scope
from db.models import Citation, Finding, Outcome, Proposal, Question, Snapshot
from review.settings import ReviewSettings
from review.users import add_user

OUTCOMES = ("Returned to Syria", "Granted asylum in Iraq", "Transferred to a third country")
STATEMENT = (
    "Baghdad, 19 December. Following coordination with the Syrian side, the Iraqi "
    "authorities handed over the Syrian soldiers at the Al-Qaim crossing. They returned to "
    "Syria on Thursday. A small number remain in hospital."
)
QUOTE = "They returned to Syria on Thursday."
PASSWORD = "correct horse battery"


def settings(**overrides: object) -> ReviewSettings:
    """Review settings for tests: independent of the environment, overridable."""
    base: dict[str, object] = {"double_review_below": 0.8, "dispute_approvals": 2}
    base.update(overrides)
    return ReviewSettings(**base)  # type: ignore[arg-type]


def add_people(factory: sessionmaker[Session], **roles: str) -> None:
    """Users with the given roles, each with the test password."""
    with session_scope(factory) as s:
        for name, role in roles.items():
            add_user(s, name, role, actor="operator", password=PASSWORD)


def add_question(
    factory: sessionmaker[Session],
    qid: str = "q-syria",
    *,
    title: str = "What will be the outcome for Syrian soldiers in Iraq?",
    outcomes: tuple[str, ...] = OUTCOMES,
) -> str:
    with session_scope(factory) as s:
        q = Question(
            id=qid,
            title=title,
            resolution_source="Reports from the Iraqi government",
            content_sha256=hashlib.sha256(qid.encode()).hexdigest(),
            status="open",
            opens_at=datetime(2024, 12, 7, 14, 38, tzinfo=UTC),
            closes_at=datetime(2025, 6, 30, 23, 59, 59, tzinfo=UTC),
        )
        q.outcomes = [
            Outcome(position=i, label=label, probability=round(1 / len(outcomes), 2))
            for i, label in enumerate(outcomes)
        ]
        s.add(q)
    return qid


def add_finding(
    factory: sessionmaker[Session],
    *,
    text: str = STATEMENT,
    title: str = "Statement on the return of Syrian military personnel",
    source: str = "Iraqi Ministry of Foreign Affairs",
    url: str = "https://mofa.example/statement",
    snapshot: bytes | None = None,
) -> int:
    digest = hashlib.sha256(text.encode()).hexdigest()
    with session_scope(factory) as s:
        same = s.query(Finding.id).filter_by(text_sha256=digest).scalar()
        if same is not None:  # the same text is stored once
            return int(same)
        sha = None
        if snapshot is not None:
            sha = hashlib.sha256(snapshot).hexdigest()
            s.add(
                Snapshot(
                    sha256=sha,
                    url=url,
                    fetched_at=datetime(2024, 12, 19, 12, tzinfo=UTC),
                    status_code=200,
                    content_type="text/html",
                    size=len(snapshot),
                    path=f"{sha[:2]}/{sha[2:4]}/{sha}",
                )
            )
            s.flush()  # the finding's foreign key needs the snapshot row first
        f = Finding(
            url=url,
            source=source,
            title=title,
            text=text,
            text_sha256=digest,
            published_at=datetime(2024, 12, 19, 11, tzinfo=UTC),
            snapshot_sha256=sha,
        )
        s.add(f)
        s.flush()
        return f.id


def add_proposal(
    factory: sessionmaker[Session],
    qid: str = "q-syria",
    *,
    outcome: str = OUTCOMES[0],
    confidence: float = 0.9,
    finding_id: int | None = None,
    quote: str = QUOTE,
) -> int:
    """A pending proposal citing ``quote`` from the finding (made when not given)."""
    fid = finding_id if finding_id is not None else add_finding(factory)
    with session_scope(factory) as s:
        f = s.get(Finding, fid)
        assert f is not None
        start = f.text.index(quote)
        o = s.query(Outcome).filter_by(question_id=qid, label=outcome).one()
        p = Proposal(
            question_id=qid,
            outcome_id=o.id,
            confidence=confidence,
            breakdown={
                "support": confidence,
                "relevance": 1.0,
                "authority": 1.0,
                "conflicting_outcomes": [],
            },
        )
        s.add(p)
        s.flush()
        s.add(
            Citation(
                proposal_id=p.id,
                finding_id=fid,
                quote=quote,
                start=start,
                end=start + len(quote),
                snapshot_sha256=f.snapshot_sha256,
                score=0.9,
            )
        )
        q = s.get(Question, qid)
        assert q is not None
        if q.status == "open":
            q.status = "proposed"
        return p.id
