"""``resdesk demo``: the whole job, offline, on the embedded default database.

Serves the bundled local source site on 127.0.0.1 (a ministry's press releases in
English and Arabic, an agency's RSS feed, a ReliefWeb-shaped JSON API and a PDF
situation report), points the source catalogue at it, imports the user's two seed
question pages, runs the pipeline as a real Prefect flow run (scrape → match) and
prints the queue with how to approve. Safe to run again: a second run re-polls the
site (answered "not modified"), creates nothing new and shows the same queue.
"""

from __future__ import annotations

import os
import time
from contextlib import suppress
from importlib import resources
from pathlib import Path

from rich.console import Console
from sqlalchemy import select

from db.models import User
from resdesk.importing import import_questions
from resdesk.localsite import LocalSite, start_site
from resdesk.question_formats import load_question_file
from resdesk.render import print_breakdown
from resdesk.runtime import init_db, transaction
from resdesk.settings import get_settings
from review.service import list_proposals, proposal_dict
from review.users import add_user

DEMO_REVIEWER = "demo-reviewer"
#: The port the site's own links are written against; another is used if it is taken.
DEMO_PORT = 8765


def data_path(name: str) -> Path:
    return Path(str(resources.files("resdesk") / "data" / name))


def _start_site() -> LocalSite:
    with suppress(OSError):
        return start_site(port=DEMO_PORT)
    return start_site(port=0)  # 8765 is busy: any free port (the site rewrites its links)


def _configure(site: LocalSite) -> Path:
    """Write the demo catalogue for this site under RESDESK_HOME; point settings at it."""
    home = get_settings().home
    home.mkdir(parents=True, exist_ok=True)
    path = home / "demo-sources.yaml"
    template = data_path("demo_sources.yaml").read_text(encoding="utf-8")
    path.write_text(template.replace("{base}", site.base_url.rstrip("/")), encoding="utf-8")
    os.environ["RESDESK_SOURCES"] = str(path.resolve())
    os.environ["RESDESK_FETCH_DELAY"] = "0"  # our own site: no need to be slow
    get_settings.cache_clear()
    return path


def run_demo(out: Console) -> None:
    started = time.monotonic()
    site = _start_site()
    try:
        _run(out, site)
    finally:
        site.stop()
    out.print(
        f"\ndone in {time.monotonic() - started:.1f} s (home: {get_settings().home})", markup=False
    )


def _run(out: Console, site: LocalSite) -> None:
    out.print(f"[bold]1.[/bold] local source site serving at {site.base_url}")
    catalogue = _configure(site)
    settings = get_settings()
    engine = init_db(settings, sync_sources=True)
    out.print(
        f"[bold]2.[/bold] database ready: {engine.url.render_as_string(hide_password=True)}"
        f"; sources from {catalogue}",
        markup=False,
    )
    for path in sorted(data_path("seeds").glob("*.txt")):
        parsed = load_question_file(path)
        with transaction(settings) as session:
            rep = import_questions(session, parsed, actor="demo", path=path.name)
            if session.execute(select(User).where(User.name == DEMO_REVIEWER)).first() is None:
                add_user(session, DEMO_REVIEWER, "reviewer", actor="demo")
        out.print(
            f"[bold]3.[/bold] question page {path.name}: {len(rep.created)} created, "
            f"{len(rep.updated)} updated, {len(rep.unchanged)} unchanged"
        )
    out.print("[bold]4.[/bold] running the pipeline (scrape → match) as a Prefect flow run …")
    from flows.pipeline import pipeline

    summary = pipeline(force_scrape=True)
    for r in summary.get("scrape", []):
        status = f"FAILED: {r['error']}" if r.get("error") else "ok"
        out.print(
            f"   {r['source']}: fetched {r.get('fetched', 0)}, new {r.get('new', 0)}, "
            f"not modified {r.get('not_modified', 0)} — {status}",
            markup=False,
        )
    m = summary["match"]
    out.print(
        f"   matched {m['findings_considered']} finding(s) × {m['questions']} open "
        f"question(s): {len(m['proposals_created'])} new proposal(s)",
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
        print_breakdown(out, p["breakdown"], p["confidence"])
    if items:
        out.print(
            f"\nTo approve: resdesk queue approve {items[0]['id']} --as {DEMO_REVIEWER} "
            f"--note 'checked the ministry statement'",
            markup=False,
        )
        out.print(
            f"To reject:  resdesk queue reject {items[0]['id']} --as {DEMO_REVIEWER}", markup=False
        )
        out.print(
            f"To read one again: resdesk queue show {items[0]['id']}  (or resdesk serve)",
            markup=False,
        )
