"""A live review server for browser tests and screenshots: uvicorn in a thread on a
free loopback port, over a SQLite database filled with realistic review work."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from sqlalchemy.orm import Session, sessionmaker

from db.engine import create_db_engine, make_sessionmaker, migrate
from review.api import create_app
from review.settings import ReviewSettings
from tests.review.factories import add_finding, add_people, add_proposal, add_question

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
XSS = "<img src=x onerror=alert(1)>"


@dataclass
class Live:
    url: str
    factory: sessionmaker[Session]
    settings: ReviewSettings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(folder: Path, **overrides: object) -> Iterator[Live]:
    """A migrated SQLite database in ``folder`` and the app on it, until the block ends."""
    engine = create_db_engine(f"sqlite:///{folder / 'live.db'}")
    migrate(engine)
    factory = make_sessionmaker(engine)
    cfg = ReviewSettings(home=folder / "home", **overrides)  # type: ignore[arg-type]
    port = free_port()
    config = uvicorn.Config(
        create_app(factory, cfg), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield Live(f"http://127.0.0.1:{port}", factory, cfg)
    finally:
        server.should_exit = True
        thread.join(10)


STATEMENTS = [
    (
        "q-syria",
        "What will be the outcome for Syrian soldiers in Iraq by June 30, 2025?",
        ("Returned to Syria", "Granted asylum in Iraq", "Transferred to a third country", "Other"),
        "Returned to Syria",
        0.95,
        "Iraqi Ministry of Foreign Affairs",
        "Statement on the return of Syrian military personnel through Al-Qaim",
        "Baghdad, 19 December 2024. Following coordination with the Syrian side, the Iraqi "
        "authorities handed over 1,905 Syrian soldiers to the Syrian authorities at the Al-Qaim "
        "crossing on Thursday. They returned to Syria with the exception of a small number "
        "receiving medical treatment. The ministry thanked the border forces.",
        "They returned to Syria with the exception of a small number receiving medical treatment.",
    ),
    (
        "q-border",
        "Will the Al-Qaim border crossing reopen to civilian traffic before March 1, 2025?",
        ("Yes", "No"),
        "Yes",
        0.88,
        "Iraqi Border Ports Commission",
        "Al-Qaim crossing resumes civilian movement",
        "Al-Qaim, 12 February 2025. The Border Ports Commission announced that the Al-Qaim "
        "crossing reopened to civilian traffic on Wednesday morning after inspections were "
        "completed. Travellers must carry valid documents.",
        "The Border Ports Commission announced that the Al-Qaim crossing reopened to civilian "
        "traffic on Wednesday morning after inspections were completed.",
    ),
    (
        "q-unhcr",
        "Will UNHCR report more than 10,000 returns from Iraq to Syria in January 2025?",
        ("Yes", "No"),
        "Yes",
        0.72,
        "UNHCR Iraq",
        "Monthly return monitoring: January 2025",
        "Geneva, 5 February 2025. UNHCR teams monitored 12,430 returns from Iraq to Syria during "
        "January, most of them through Al-Qaim. Monitoring continues in February.",
        "UNHCR teams monitored 12,430 returns from Iraq to Syria during January, most of them "
        "through Al-Qaim.",
    ),
    (
        "q-talks",
        "Will Iraq and Syria sign a border security agreement by April 30, 2025?",
        ("Yes", "No"),
        "No",
        0.61,
        "Iraqi Ministry of Interior",
        "Talks on border security to continue",
        "Baghdad, 1 May 2025. The ministry said talks with Damascus on border security had not "
        "produced a signed agreement by the end of April and would continue.",
        "The ministry said talks with Damascus on border security had not produced a signed "
        "agreement by the end of April and would continue.",
    ),
]


def fill(factory: sessionmaker[Session]) -> dict[str, int]:
    """Reviewers, a viewer, an admin, and one pending proposal per realistic question."""
    add_people(factory, alice="reviewer", bob="reviewer", vera="viewer", adam="admin")
    ids = {}
    for qid, title, outcomes, outcome, conf, source, doc_title, text, quote in STATEMENTS:
        add_question(factory, qid, title=title, outcomes=outcomes)
        fid = add_finding(
            factory,
            text=text,
            title=doc_title,
            source=source,
            url=f"https://{qid}.example.org/statement",
        )
        ids[qid] = add_proposal(
            factory, qid, outcome=outcome, confidence=conf, finding_id=fid, quote=quote
        )
    return ids
