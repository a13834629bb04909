"""The ``resdesk`` command. Every command is a thin door onto the service functions.

Exit codes: 0 success; 1 a check failed (``audit verify``); 2 bad input or usage, with
a one-line reason on stderr naming the file, line or field.
"""

from __future__ import annotations

import functools
import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from db import audit
from db.models import MATCHABLE_STATES, QUESTION_STATES, Question
from resdesk.errors import InputError
from resdesk.settings import get_settings
from review.errors import ReviewError
from scrapers.errors import ConfigError

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="resdesk",
    help="Resolution Desk: resolve forecasting questions from official sources, "
    "with cited proposals, human review and a tamper-evident audit trail.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
questions_app = typer.Typer(help="Import, list and inspect questions.", no_args_is_help=True)
findings_app = typer.Typer(
    help="Store documents as findings without scraping.", no_args_is_help=True
)
queue_app = typer.Typer(
    help="The review queue: list, show, approve, reject, amend.", no_args_is_help=True
)
audit_app = typer.Typer(help="The audit trail: log, verify, checkpoint.", no_args_is_help=True)
users_app = typer.Typer(help="Users, roles and API tokens.", no_args_is_help=True)
sources_app = typer.Typer(
    help="Resolution sources: the catalogue, health, a test fetch.", no_args_is_help=True
)
app.add_typer(questions_app, name="questions")
app.add_typer(findings_app, name="findings")
app.add_typer(queue_app, name="queue")
app.add_typer(audit_app, name="audit")
app.add_typer(users_app, name="users")
app.add_typer(sources_app, name="sources")


@app.callback()
def _setup() -> None:
    """Quiet defaults for Prefect's temporary server when the CLI starts a flow run."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


out = Console()
err = Console(stderr=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON on stdout and nothing else.")]
AsOpt = Annotated[str, typer.Option("--as", help="The user acting (must exist; see 'users add').")]
NoteOpt = Annotated[str, typer.Option("--note", help="A note recorded with the decision.")]


def fail(message: str, code: int = 2) -> None:
    """One line on stderr, then exit."""
    err.print(message, markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def handles_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn expected errors into exit code 2 with a one-line reason."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except (InputError, ConfigError) as exc:
            fail(f"error: {exc}")
        except ReviewError as exc:
            field = f" (field '{exc.field}')" if exc.field else ""
            fail(f"error: {exc.message}{field}")
        raise AssertionError("unreachable")

    return wrapper


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n")


def default_actor() -> str:
    return get_settings().actor or f"cli:{getpass.getuser()}"


# --- init ---------------------------------------------------------------------------------


@app.command()
@handles_errors
def init() -> None:
    """Create or migrate the database (Alembic) and load the source catalogue. Safe to repeat."""
    from db.engine import current_revision
    from resdesk.runtime import init_db

    engine = init_db(sync_sources=True)
    out.print(
        f"database ready at revision {current_revision(engine)}: "
        f"{engine.url.render_as_string(hide_password=True)}"
    )


# --- questions ----------------------------------------------------------------------------


@questions_app.command("import")
@handles_errors
def questions_import(
    paths: Annotated[list[Path], typer.Argument(help="Question pages (.txt), .json, .jsonl, .csv")],
    actor: Annotated[str | None, typer.Option("--as", help="Who is importing.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Import questions; re-import updates in place, never duplicates. One transaction a file."""
    from resdesk.importing import import_questions
    from resdesk.question_formats import load_question_file
    from resdesk.runtime import init_db, transaction

    init_db()
    results = []
    for path in paths:
        parsed = load_question_file(path)  # all errors surface before anything is written
        with transaction() as session:
            report = import_questions(
                session, parsed, actor=actor or default_actor(), path=str(path)
            )
        results.append(
            {
                "file": str(path),
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "warnings": report.warnings,
            }
        )
        if not as_json:
            out.print(
                f"{path}: {len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged",
                markup=False,
            )
            for w in report.warnings:
                err.print(f"warning: {w}", markup=False)
    if as_json:
        print_json(results)


def _question_dict(q: Question) -> dict[str, Any]:
    return {
        "id": q.id,
        "title": q.title,
        "status": q.status,
        "outcomes": [
            {
                "label": o.label,
                "probability": o.probability,
                "cues": o.cues,
                "reviewer_cues": o.reviewer_cues or [],
            }
            for o in q.outcomes
        ],
        "resolution_source": q.resolution_source,
        "opens_at": q.opens_at.isoformat() if q.opens_at else None,
        "closes_at": q.closes_at.isoformat() if q.closes_at else None,
        "context": q.context,
        "story_headline": q.story_headline,
        "related_option_sets": [s.options for s in q.related_option_sets],
        "resolvable": q.resolvable,
    }


@questions_app.command("list")
@handles_errors
def questions_list(
    status: Annotated[
        str | None, typer.Option(help=f"One of: {', '.join(QUESTION_STATES)}")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """List questions."""
    from resdesk.runtime import init_db, transaction

    if status is not None and status not in QUESTION_STATES:
        raise InputError(
            f"unknown status {status!r}: one of {', '.join(QUESTION_STATES)}", field="--status"
        )
    init_db()
    with transaction() as session:
        stmt = select(Question).options(
            selectinload(Question.outcomes), selectinload(Question.related_option_sets)
        )
        if status:
            stmt = stmt.where(Question.status == status)
        rows = list(session.execute(stmt.order_by(Question.created_at, Question.id)).scalars())
        data = [_question_dict(q) for q in rows]
    if as_json:
        print_json(data)
        return
    table = Table("id", "status", "closes", "title", "outcomes")
    for q in data:
        table.add_row(
            q["id"],
            q["status"],
            (q["closes_at"] or "-")[:10],
            q["title"],
            " | ".join(o["label"] for o in q["outcomes"]),
        )
    out.print(table)


@questions_app.command("show")
@handles_errors
def questions_show(question_id: str, as_json: JsonOpt = False) -> None:
    """Show one question: outcomes, window, named source, related option sets."""
    from resdesk.runtime import init_db, transaction

    init_db()
    from resdesk.sources_service import named_sources

    with transaction() as session:
        q = session.get(Question, question_id)
        if q is None:
            raise InputError(f"no question with id {question_id!r}", field="QUESTION_ID")
        data = _question_dict(q)
        data["named_sources"] = [s.name for s in named_sources(session, q.id)]
        data["spec"] = q.spec
    if as_json:
        print_json(data)
        return
    out.print(f"[bold]{data['title']}[/bold]  ({data['id']}, {data['status']})")
    out.print(f"window: {data['opens_at'] or '-'} → {data['closes_at'] or '-'}", markup=False)
    out.print(f"resolution source: {data['resolution_source']}", markup=False)
    if data["named_sources"]:
        out.print("  selects: " + ", ".join(data["named_sources"]), markup=False)
    else:
        out.print(
            "  selects no configured source: not resolvable from configured sources", markup=False
        )
    for o in data["outcomes"]:
        p = f"{o['probability']:.0%}" if o["probability"] is not None else "-"
        out.print(f"  • {o['label']}  {p}", markup=False)
    out.print(f"related option sets: {len(data['related_option_sets'])}")
    from matchers.spec import describe_spec

    out.print("what the matcher looks for:")
    for line in describe_spec(data["spec"] or {}):
        out.print(f"  {line}", markup=False)


@questions_app.command("leads")
@handles_errors
def questions_leads(
    question_id: str,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Most leads shown.")] = 5,
    as_json: JsonOpt = False,
) -> None:
    """The findings that came closest to settling a question, and why none became a
    proposal.

    For each lead: the finding, its best sentence verbatim (with offsets, so it can be
    quoted) and a one-line reason (outside the window, not a named source, no cue
    matched, the cue read as negated/hedged/future, below the queueing threshold, already
    proposed). Teach the matcher a missing phrase with 'resdesk outcomes cue'.
    """
    from rich.text import Text

    from matchers.store import question_leads
    from resdesk.runtime import init_db, match_settings, transaction

    init_db()
    with transaction() as session:
        got = question_leads(session, question_id, limit, match_settings())
    if got is None:
        raise InputError(f"no question with id {question_id!r}", field="QUESTION_ID")
    status, title, labels, found = got.status, got.title, got.labels, got.leads
    considered = got.considered
    data = {
        "question_id": question_id,
        "title": title,
        "status": status,
        "findings_considered": considered,
        "leads": [
            {
                "finding_id": ld.finding_id,
                "url": ld.url,
                "source": ld.source,
                "title": ld.title,
                "published_at": ld.published_at.isoformat() if ld.published_at else None,
                "relevance": ld.relevance,
                "named_source": ld.named_source,
                "in_window": ld.in_window,
                "quote": ld.quote,
                "start": ld.start,
                "end": ld.end,
                "outcome": ld.outcome or None,
                "reason": ld.reason,
            }
            for ld in found
        ],
    }
    if as_json:
        print_json(data)
        return
    out.print(f"[bold]{title}[/bold]  ({question_id}, {status})", highlight=False)
    if status not in MATCHABLE_STATES:
        out.print(f"  the question is {status}: leads shown for reference only", markup=False)
    if not found:
        out.print(
            f"no leads: none of {considered} shortlisted finding(s) is relevant enough",
            markup=False,
        )
        return
    out.print(f"{len(found)} lead(s) from {considered} shortlisted finding(s):", markup=False)
    for n, ld in enumerate(found, 1):
        table = Table(show_header=False, box=None, padding=(0, 1))
        table.add_column(style="dim")
        table.add_column(overflow="fold")
        when = ld.published_at.strftime("%Y-%m-%d") if ld.published_at else "undated"
        table.add_row("finding", Text(f"{ld.finding_id}  {ld.url}"))
        table.add_row(
            "source",
            Text(f"{ld.source}  ({'named source' if ld.named_source else 'not a named source'})"),
        )
        table.add_row(
            "published", f"{when}  ({'in window' if ld.in_window else 'outside the window'})"
        )
        table.add_row("relevance", f"{ld.relevance:.2f}")
        table.add_row("sentence", Text(f"“{ld.quote}”  [{ld.start}:{ld.end}]"))
        table.add_row(
            "why not", Text(ld.reason + (f" — outcome {ld.outcome}" if ld.outcome else ""))
        )
        out.print(f"\n[bold]{n}.[/bold] {ld.title or '(untitled)'}", highlight=False)
        out.print(table, markup=False)
    outcome = found[0].outcome or (labels[0] if labels else "OUTCOME")
    out.print(
        "\nTo teach the matcher a phrase from a lead:\n"
        f'  resdesk outcomes cue {question_id} "{outcome}" "PHRASE" --as USER',
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


# --- findings, match, run ----------------------------------------------------------------


@findings_app.command("import")
@handles_errors
def findings_import(
    path: Annotated[
        Path,
        typer.Argument(help="Findings as JSON Lines (url, source, published_at, title, text)."),
    ],
    actor: Annotated[str | None, typer.Option("--as", help="Who is importing.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Store documents as findings (same path into matching as scraped ones)."""
    from resdesk.importing import import_findings, parse_findings_jsonl
    from resdesk.runtime import init_db, transaction

    init_db()
    drafts = parse_findings_jsonl(path)
    with transaction() as session:
        report = import_findings(session, drafts, actor=actor or default_actor(), path=str(path))
    if as_json:
        print_json({"stored": report.stored, "duplicates": report.duplicates})
    else:
        out.print(
            f"{path}: {len(report.stored)} stored, {report.duplicates} already stored", markup=False
        )


@app.command()
@handles_errors
def match(as_json: JsonOpt = False) -> None:
    """Match findings not yet matched against open questions; queue proposals."""
    from matchers.store import run_matching
    from resdesk.runtime import init_db, match_settings, transaction

    init_db()
    with transaction() as session:
        report = run_matching(session, match_settings(), actor=default_actor())
    data = {
        "questions": report.questions,
        "findings_considered": report.findings_considered,
        "proposals_created": report.proposals_created,
        "citations_added": report.citations_added,
        "rejections": report.rejections,
    }
    if as_json:
        print_json(data)
    else:
        out.print(
            f"{report.findings_considered} finding(s) × {report.questions} open "
            f"question(s): {len(report.proposals_created)} proposal(s) queued, "
            f"{report.citations_added} citation(s) added"
        )


@app.command()
@handles_errors
def run(as_json: JsonOpt = False) -> None:
    """Run the whole pipeline once as a Prefect flow run."""
    from flows.pipeline import pipeline

    summary = pipeline()
    if as_json:
        print_json(summary)
    else:
        m = summary["match"]
        out.print(
            f"flow run finished: {len(m['proposals_created'])} proposal(s) queued from "
            f"{m['findings_considered']} finding(s)"
        )


# --- sources and scraping --------------------------------------------------------------------


@sources_app.command("list")
@handles_errors
def sources_list(as_json: JsonOpt = False) -> None:
    """Configured resolution sources and their health."""
    from db.models import Source
    from resdesk.runtime import init_db, transaction

    init_db()
    with transaction() as session:
        rows = list(session.execute(select(Source).order_by(Source.name)).scalars())
        data: list[dict[str, Any]] = [
            {
                "name": r.name,
                "publisher": r.publisher,
                "kind": r.kind,
                "url": r.url,
                "verified": r.verified,
                "status": r.status,
                "last_success_at": r.last_success_at.isoformat() if r.last_success_at else None,
                "last_error_at": r.last_error_at.isoformat() if r.last_error_at else None,
                "last_error": r.last_error,
                "consecutive_failures": r.consecutive_failures,
                "items_last_seen": r.items_last_seen,
                "next_due_at": r.next_due_at.isoformat() if r.next_due_at else None,
            }
            for r in rows
        ]
    if as_json:
        print_json(data)
        return
    table = Table(
        "name", "kind", "status", "verified", "last success", "fails", "items", "last error"
    )
    for r in data:
        table.add_row(
            r["name"],
            r["kind"],
            r["status"],
            "yes" if r["verified"] else "no",
            (r["last_success_at"] or "-")[:19],
            str(r["consecutive_failures"]),
            "-" if r["items_last_seen"] is None else str(r["items_last_seen"]),
            (r["last_error"] or "")[:60],
        )
    out.print(table)


@sources_app.command("sync")
@handles_errors
def sources_sync(as_json: JsonOpt = False) -> None:
    """Load the catalogue (RESDESK_SOURCES, else the built-in one) into the database."""
    from resdesk.runtime import init_db, transaction
    from resdesk.sources_service import sync_catalogue

    settings = get_settings()
    init_db(settings)
    with transaction(settings) as session:
        counts = sync_catalogue(session, settings, actor=default_actor())
    if as_json:
        print_json(counts)
    else:
        out.print(", ".join(f"{n} {k}" for k, n in counts.items()))


@sources_app.command("check")
@handles_errors
def sources_check(name: str, as_json: JsonOpt = False) -> None:
    """Fetch one source once and print what it would extract (stores no findings).

    A check that extracts at least one item marks the source verified (audited).
    """
    import asyncio

    from resdesk.runtime import init_db, transaction
    from resdesk.scraping import check_source, due
    from scrapers.registry import mark_verified

    settings = get_settings()
    init_db(settings)
    [entry] = due(settings, only=name)
    result = asyncio.run(check_source(entry, settings))
    if not result["error"] and result["items"]:
        with transaction(settings) as session:
            mark_verified(session, entry.name, actor=default_actor(), items=len(result["items"]))
        result["verified"] = True
    if as_json:
        print_json(result)
        return
    if result["error"]:
        fail(f"{name}: {result['error']}", code=1)
    out.print(f"{name}: {len(result['items'])} item(s) from {entry.url}", markup=False)
    for item in result["items"][:20]:
        out.print(
            f"  {item.get('published_at') or 'undated':<25} {item.get('title') or ''}"
            f"  {item['url']}",
            markup=False,
        )


@app.command()
@handles_errors
def scrape(
    source: Annotated[str | None, typer.Option(help="Only this source (due or not).")] = None,
    force: Annotated[bool, typer.Option(help="Scrape every source, due or not.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Scrape due sources once (fetch, archive, parse, store findings)."""
    from resdesk import scraping
    from resdesk.runtime import init_db

    settings = get_settings()
    init_db(settings)
    reports = [
        r.as_dict()
        for r in scraping.scrape(settings, scraping.due(settings, only=source, force=force))
    ]
    if as_json:
        print_json(reports)
        return
    if not reports:
        out.print("no source is due (use --force or --source NAME)")
    for r in reports:
        status = f"FAILED ({r['error_kind']}): {r['error']}" if r["error"] else "ok"
        out.print(
            f"{r['source']}: fetched {r['fetched']}, new {r['new']}, versions "
            f"{r['versions']}, unchanged {r['unchanged']}, not modified "
            f"{r['not_modified']} — {status}",
            markup=False,
        )
        for f in r["failures"][:5]:
            out.print(f"    failed: {f}", markup=False)


# --- queue ----------------------------------------------------------------------------------


@queue_app.command("list")
@handles_errors
def queue_list(
    status: Annotated[
        str | None, typer.Option(help="pending, approved, rejected or superseded (default: all)")
    ] = "pending",
    question: Annotated[str | None, typer.Option(help="Only this question's proposals.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 100,
    as_json: JsonOpt = False,
) -> None:
    """The review queue (pending proposals by default)."""
    from resdesk.runtime import init_db, transaction
    from review.service import list_proposals, proposal_dict

    init_db()
    with transaction() as session:
        items = [
            proposal_dict(p)
            for p in list_proposals(session, status=status, question_id=question, limit=limit)
        ]
    if as_json:
        print_json(items)
        return
    if not items:
        out.print(f"no {status or ''} proposals".replace("  ", " "))
        return
    print_queue(items)


def print_queue(items: list[dict[str, Any]]) -> None:
    for p in items:
        out.print(f"[bold]#{p['id']}[/bold] {p['status']}  confidence {p['confidence']:.2f}")
        out.print(f"  question: {p['question']}", markup=False)
        out.print(f"  proposed: {p['outcome']}", markup=False)
        for c in p["citations"][:3]:
            out.print(f"  “{c['quote']}”", markup=False)
            out.print(
                f"    — {c['source']}, {c['published_at'] or 'undated'}  {c['url']}", markup=False
            )


@queue_app.command("show")
@handles_errors
def queue_show(proposal_id: int, as_json: JsonOpt = False) -> None:
    """One proposal: its citations, score breakdown and evidence matrix."""
    from resdesk.runtime import init_db, transaction
    from review.service import get_proposal, proposal_dict

    init_db()
    with transaction() as session:
        data = proposal_dict(get_proposal(session, proposal_id))
    if as_json:
        print_json(data)
        return
    print_queue([data])
    from resdesk.render import print_breakdown

    print_breakdown(out, data["breakdown"], data["confidence"])


def _decision(fn_name: str, proposal_id: int, actor: str, as_json: bool, **kwargs: Any) -> None:
    from resdesk.runtime import init_db, transaction
    from review import service

    init_db()
    with transaction() as session:
        p = getattr(service, fn_name)(session, proposal_id, actor=actor, **kwargs)
        data = service.proposal_dict(p)
    if as_json:
        print_json(data)
    else:
        out.print(
            f"proposal #{data['id']} is now {data['status']} ({data['outcome']})", markup=False
        )


@queue_app.command("approve")
@handles_errors
def queue_approve(
    proposal_id: int, actor: AsOpt, note: NoteOpt = "", as_json: JsonOpt = False
) -> None:
    """Approve a pending proposal: the question is resolved with its outcome."""
    _decision("approve", proposal_id, actor, as_json, note=note)


@queue_app.command("reject")
@handles_errors
def queue_reject(
    proposal_id: int, actor: AsOpt, note: NoteOpt = "", as_json: JsonOpt = False
) -> None:
    """Reject a pending proposal; the question stays open."""
    _decision("reject", proposal_id, actor, as_json, note=note)


@queue_app.command("amend")
@handles_errors
def queue_amend(
    proposal_id: int,
    actor: AsOpt,
    outcome: Annotated[
        str, typer.Option("--outcome", help="The outcome label to propose instead.")
    ],
    note: NoteOpt = "",
    as_json: JsonOpt = False,
) -> None:
    """Change a pending proposal's outcome; another reviewer must approve the amendment."""
    _decision("amend", proposal_id, actor, as_json, outcome=outcome, note=note)


# --- disputes -------------------------------------------------------------------------------


@app.command()
@handles_errors
def dispute(
    question_id: str,
    actor: AsOpt,
    reason: Annotated[str, typer.Option("--reason", help="Why the resolution is wrong.")],
    evidence_url: Annotated[str | None, typer.Option(help="A link to the evidence.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Open a dispute over a resolved question (its resolution stays in the history)."""
    from resdesk.runtime import init_db, transaction
    from review.service import open_dispute

    init_db()
    with transaction() as session:
        d = open_dispute(
            session, question_id, actor=actor, reason=reason, evidence_url=evidence_url
        )
        data = {
            "id": d.id,
            "question_id": d.question_id,
            "status": d.status,
            "opened_by": d.opened_by,
            "reason": d.reason,
            "resolution_id": d.resolution_id,
        }
    if as_json:
        print_json(data)
    else:
        out.print(
            f"dispute #{data['id']} opened; question {question_id} is now disputed", markup=False
        )


# --- audit ----------------------------------------------------------------------------------


@audit_app.command("log")
@handles_errors
def audit_log(
    question_id: Annotated[str | None, typer.Argument(help="Only this question's events.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """The audit trail, oldest first."""
    from resdesk.runtime import init_db, transaction

    init_db()
    with transaction() as session:
        events = [audit.event_dict(e) for e in audit.events_for(session, question_id)]
    if as_json:
        print_json(events)
        return
    for e in events:
        out.print(
            f"{e['seq']:>5}  {e['occurred_at'][:19]}  {e['actor']:<20} {e['action']:<20} "
            f"{e['subject_type']}:{e['subject_id']}",
            markup=False,
        )


@audit_app.command("verify")
@handles_errors
def audit_verify(
    against: Annotated[
        Path | None, typer.Option(help="A checkpoint JSON file the log must still extend.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Check the whole hash chain; exits 1 naming the first bad event."""
    from resdesk.runtime import init_db, transaction

    checkpoint = None
    if against is not None:
        try:
            raw = json.loads(against.read_text(encoding="utf-8"))
            checkpoint = audit.Checkpoint(
                int(raw["events"]), str(raw["head_hash"]), str(raw.get("taken_at", ""))
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(f"not a checkpoint file: {exc}", path=str(against)) from None
    init_db()
    with transaction() as session:
        result = audit.verify(session, against=checkpoint)
    if as_json:
        print_json(
            {
                "ok": result.ok,
                "events": result.events,
                "head_hash": result.head_hash,
                "problem": result.problem,
                "bad_seq": result.bad_seq,
            }
        )
    elif result.ok:
        out.print(f"audit trail intact: {result.events} events, head {result.head_hash}")
    else:
        err.print(f"audit trail BROKEN at event {result.bad_seq}: {result.problem}", markup=False)
    if not result.ok:
        raise typer.Exit(1)


@audit_app.command("checkpoint")
@handles_errors
def audit_checkpoint() -> None:
    """Print the log's head (event count, head hash, time) as JSON, to keep elsewhere."""
    from resdesk.runtime import init_db, transaction

    init_db()
    with transaction() as session:
        print_json(audit.checkpoint(session).as_dict())


# --- users ----------------------------------------------------------------------------------


@users_app.command("add")
@handles_errors
def users_add(
    name: str,
    role: Annotated[str, typer.Option("--role", help="viewer, reviewer, adjudicator or admin")],
    actor: Annotated[str | None, typer.Option("--as", help="Who is adding the user.")] = None,
) -> None:
    """Add a user with a role."""
    from resdesk.runtime import init_db, transaction
    from review.users import add_user

    init_db()
    with transaction() as session:
        add_user(session, name, role, actor=actor or default_actor())
    out.print(f"user {name} added as {role}", markup=False)


@users_app.command("token")
@handles_errors
def users_token(
    name: str,
    actor: Annotated[str | None, typer.Option("--as", help="Who is issuing the token.")] = None,
) -> None:
    """Print a new API token for NAME. It is shown once; only its hash is stored."""
    from resdesk.runtime import init_db, transaction
    from review.users import create_token

    init_db()
    with transaction() as session:
        token = create_token(session, name, actor=actor or default_actor())
    sys.stdout.write(token + "\n")


# --- demo -----------------------------------------------------------------------------------


@app.command()
@handles_errors
def demo() -> None:
    """The whole job offline on the embedded default: questions, findings, flow run, queue."""
    from resdesk.demo import run_demo

    run_demo(out)


def _register_extensions() -> None:
    from resdesk import cli_eval, cli_review

    cli_review.register(app)
    cli_eval.register(app)


_register_extensions()


def main() -> None:  # pragma: no cover - console entry point
    app()
