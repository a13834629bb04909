"""CLI commands of the matching side: ``eval`` and ``outcomes cue``.
Registered on the main app by ``resdesk.cli``.

``resdesk eval LABELS.json [--json] [--report] [--baseline]`` scores the queue's
proposals (every proposal but superseded ones, in the configured database) against
labelled outcomes: precision, recall, proposals, questions, citation_fidelity, ece;
``--report`` adds each question's outcome and misses; ``--baseline`` adds the plain
rapidfuzz baseline (outcome labels' ``token_set_ratio`` against the findings' text)
computed over the same questions and findings, so the gain is visible.

``resdesk outcomes cue QUESTION OUTCOME "phrase" --as USER`` appends a reviewer's
paraphrase to an outcome's cues (audited); the question is matched again next time.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON on stdout and nothing else.")]


def _labels(path: Path) -> dict[str, str | None]:
    from matchers.evaluation import load_labels
    from resdesk.errors import InputError

    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"broken JSON: {exc.msg}", path=str(path), line=exc.lineno) from None
    try:
        return load_labels(data)
    except ValueError as exc:
        raise InputError(str(exc), path=str(path)) from None


def evaluate_queue(
    labels: dict[str, str | None], *, baseline: bool = False, report: bool = False
) -> dict[str, Any]:
    """Score the configured database's proposals against ``labels`` (plain dict out)."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from db.models import PROPOSAL_SUPERSEDED, Citation, Finding, Proposal, Question
    from matchers.evaluation import QuoteCheck, ScoredProposal, baseline_proposals, score
    from resdesk.runtime import init_db, transaction

    init_db()
    with transaction() as session:
        result = session.execute(
            select(Proposal)
            .where(Proposal.status != PROPOSAL_SUPERSEDED)
            .options(
                selectinload(Proposal.outcome),
                selectinload(Proposal.question),
                selectinload(Proposal.citations).selectinload(Citation.finding),
            )
            .order_by(Proposal.id)
        ).scalars()
        rows = list(result)
        outside = sum(
            1
            for p in rows
            for c in p.citations
            if c.finding is not None
            and c.finding.published_at is not None
            and (
                (p.question.opens_at and c.finding.published_at < p.question.opens_at)
                or (p.question.closes_at and c.finding.published_at > p.question.closes_at)
            )
        )
        proposals = [
            ScoredProposal(
                p.question_id,
                p.outcome.label,
                float(p.confidence),
                tuple(
                    QuoteCheck(c.quote, c.start, c.end, c.finding.text if c.finding else "")
                    for c in p.citations
                ),
                note=str((p.breakdown or {}).get("other_note", "")),
                conflicting=bool((p.breakdown or {}).get("conflicting")),
            )
            for p in rows
        ]
        scores = score(proposals, labels)
        out = scores.as_dict(report=report)
        # evidence published outside a question's window must never be cited
        out["citations_outside_window"] = outside
        if baseline:
            questions = [
                (q.id, [o.label for o in q.outcomes])
                for q in session.execute(
                    select(Question)
                    .where(Question.id.in_(list(labels)))
                    .options(selectinload(Question.outcomes))
                ).scalars()
            ]
            findings = [(f.id, f.text) for f in session.execute(select(Finding)).scalars()]
            base = score(baseline_proposals(questions, findings), labels)
            out["baseline"] = {
                "method": "rapidfuzz token_set_ratio of outcome labels vs sentences, >= 90",
                **base.as_dict(),
            }
    return out


def _print_text(data: dict[str, Any]) -> None:
    out = sys.stdout
    out.write(
        f"precision {data['precision']:.3f}  recall {data['recall']:.3f}  "
        f"proposals {data['proposals']}  questions {data['questions']}  "
        f"citation fidelity {data['citation_fidelity']:.3f}  ECE {data['ece']:.3f}\n"
    )
    if "baseline" in data:
        b = data["baseline"]
        out.write(
            f"baseline  precision {b['precision']:.3f}  recall {b['recall']:.3f}  "
            f"proposals {b['proposals']}\n"
        )
    for row in data.get("per_question", []):
        got = ", ".join(
            f"{p['outcome']} ({p['confidence']:.2f}{', conflicting' if p['conflicting'] else ''})"
            for p in row["proposed"]
        )
        out.write(f"  {row['verdict']:<22} {row['question_id']}: want {row['label']!s}")
        out.write(f"; got {got}\n" if got else "\n")


def register(app: typer.Typer) -> None:
    """Add the matching commands to ``app``."""
    from resdesk.cli import handles_errors, print_json

    @app.command("eval")
    @handles_errors
    def eval_command(
        labels: Annotated[Path, typer.Argument(help="Labels JSON: [{question_id, outcome}]")],
        as_json: JsonOpt = False,
        report: Annotated[
            bool, typer.Option("--report", help="Add each question's outcome and misses.")
        ] = False,
        baseline: Annotated[
            bool,
            typer.Option("--baseline", help="Add the plain rapidfuzz baseline beside it."),
        ] = False,
    ) -> None:
        """Score the queue's proposals against labelled outcomes."""
        data = evaluate_queue(_labels(labels), baseline=baseline, report=report)
        if as_json:
            print_json(data)
        else:
            _print_text(data)

    outcomes_app = typer.Typer(help="Outcomes: reviewers' cue phrases.", no_args_is_help=True)
    app.add_typer(outcomes_app, name="outcomes")

    @outcomes_app.command("cue")
    @handles_errors
    def outcomes_cue(
        question_id: Annotated[str, typer.Argument(help="The question's id.")],
        outcome: Annotated[str, typer.Argument(help="The outcome's label, exactly.")],
        phrase: Annotated[str, typer.Argument(help="How an official statement says it.")],
        actor: Annotated[
            str, typer.Option("--as", help="The user acting (must exist; see 'users add').")
        ],
        from_citation: Annotated[
            int | None,
            typer.Option(
                "--from-citation",
                help="Take the phrase from this citation's quote: the citation must be on an "
                "approved proposal of this question for this outcome, and PHRASE words of "
                "its quote. The audit event names the citation.",
            ),
        ] = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Add a cue phrase to an outcome (audited); the question is matched again.

        Reviewers' cues are kept when the question is imported again.
        """
        from matchers.store import CueError, add_cue
        from resdesk.errors import InputError
        from resdesk.runtime import init_db, transaction
        from review.users import get_user

        init_db()
        with transaction() as session:
            get_user(session, actor)
            try:
                cues = add_cue(
                    session,
                    question_id,
                    outcome,
                    phrase,
                    actor=actor,
                    citation_id=from_citation,
                )
            except CueError as exc:
                raise InputError(str(exc), field=exc.field) from None
        if as_json:
            print_json({"question_id": question_id, "outcome": outcome, "cues": cues})
        else:
            typer.echo(f"{question_id} / {outcome}: {len(cues)} cue(s): " + "; ".join(cues))
