"""``resdesk demo``: the whole job, offline, on the embedded default database.

Imports the user's two seed question pages, stores a small set of statements written
for the demo (a ministry, a UN agency, distractors), runs the pipeline as a real
Prefect flow run and prints the queue with how to approve. Safe to run again: every
step is idempotent, so a second run shows the same queue.
"""

from __future__ import annotations

import time
from importlib import resources
from pathlib import Path

from rich.console import Console
from sqlalchemy import select

from db.models import User
from resdesk.importing import import_findings, import_questions, parse_findings_jsonl
from resdesk.question_formats import load_question_file
from resdesk.runtime import init_db, transaction
from resdesk.settings import get_settings
from review.service import list_proposals, proposal_dict
from review.users import add_user

DEMO_REVIEWER = "demo-reviewer"


def data_path(name: str) -> Path:
    return Path(str(resources.files("resdesk") / "data" / name))


def run_demo(out: Console) -> None:
    started = time.monotonic()
    settings = get_settings()
    engine = init_db(settings)
    out.print(f"[bold]1.[/bold] database ready: {engine.url.render_as_string(hide_password=True)}")
    seeds = sorted(data_path("seeds").glob("*.txt"))
    for path in seeds:
        parsed = load_question_file(path)
        with transaction(settings) as session:
            rep = import_questions(session, parsed, actor="demo", path=path.name)
        out.print(
            f"[bold]2.[/bold] question page {path.name}: {len(rep.created)} created, "
            f"{len(rep.updated)} updated, {len(rep.unchanged)} unchanged"
        )
    findings = data_path("demo_findings.jsonl")
    drafts = parse_findings_jsonl(findings)
    with transaction(settings) as session:
        frep = import_findings(session, drafts, actor="demo", path=findings.name)
        if session.execute(select(User).where(User.name == DEMO_REVIEWER)).first() is None:
            add_user(session, DEMO_REVIEWER, "reviewer", actor="demo")
    out.print(
        f"[bold]3.[/bold] statements: {len(frep.stored)} stored, {frep.duplicates} already stored"
    )
    out.print("[bold]4.[/bold] running the pipeline as a Prefect flow run …")
    from flows.pipeline import pipeline

    summary = pipeline()
    m = summary["match"]
    out.print(
        f"   {m['findings_considered']} finding(s) × {m['questions']} open question(s): "
        f"{len(m['proposals_created'])} new proposal(s); set aside: {m['rejections']}",
        markup=False,
    )
    with transaction(settings) as session:
        items = [proposal_dict(p) for p in list_proposals(session, status="pending")]
    out.print(f"[bold]5.[/bold] the review queue ({len(items)} pending):")
    for p in items:
        out.print(f"\n  [bold]#{p['id']}[/bold] {p['question']}", highlight=False)
        out.print(
            f"     proposed outcome: [green]{p['outcome']}[/green]   "
            f"confidence {p['confidence']:.2f}"
        )
        for c in p["citations"][:3]:
            out.print(f"     “{c['quote']}”", markup=False)
            out.print(
                f"        — {c['source']}, {(c['published_at'] or '')[:10]}  {c['url']}",
                markup=False,
            )
    if items:
        out.print(
            f"\nTo approve: resdesk queue approve {items[0]['id']} --as {DEMO_REVIEWER} "
            f"--note 'checked the ministry statement'",
            markup=False,
        )
        out.print(
            f"To reject:  resdesk queue reject {items[0]['id']} --as {DEMO_REVIEWER}", markup=False
        )
    out.print(f"\ndone in {time.monotonic() - started:.1f} s (home: {settings.home})", markup=False)
