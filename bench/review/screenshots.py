"""Screenshots of the review UI for the docs: the queue and a proposal page.

    .venv/bin/python -m bench.review.screenshots [--out docs/screenshots]

Starts the app on a scratch SQLite database filled with realistic review work, signs in
as a reviewer in Debian's chromium (``bash scripts/ensure-chromium``) and saves
``queue.png`` and ``proposal.png``.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from argon2 import PasswordHasher
from playwright.sync_api import sync_playwright
from sqlalchemy import select

from db.engine import session_scope
from db.models import Citation, Finding, Snapshot
from db.types import utcnow
from review import clarifications, users
from scrapers.snapshots import write_bytes
from tests.browser.conftest import login
from tests.browser.live import CHROMIUM, CHROMIUM_ARGS, Live, fill, serve


def _extras(live: Live) -> None:
    """A clarification and an archived snapshot, so the pages show them too."""
    with session_scope(live.factory) as s:
        clarifications.post(
            s,
            "q-syria",
            "A handover to Syrian authorities at the border counts as "
            "'Returned to Syria', even if a few remain in Iraqi hospitals.",
            actor="adam",
        )
        f = s.execute(
            select(Finding).where(Finding.source == "Iraqi Ministry of Foreign Affairs")
        ).scalar_one()
        body = f"<html><body><p>{f.text}</p></body></html>".encode()
        digest, _ = write_bytes(live.settings.snapshot_dir, body)
        s.add(
            Snapshot(
                sha256=digest,
                url=f.url,
                fetched_at=utcnow(),
                status_code=200,
                content_type="text/html",
                size=len(body),
                path=f"{digest[:2]}/{digest[2:4]}/{digest}",
            )
        )
        s.flush()
        f.snapshot_sha256 = digest
        for c in s.execute(select(Citation).where(Citation.finding_id == f.id)).scalars():
            c.snapshot_sha256 = digest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    users._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    with tempfile.TemporaryDirectory() as tmp, serve(Path(tmp)) as live, sync_playwright() as pw:
        ids = fill(live.factory)
        _extras(live)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1360, "height": 820}, device_scale_factor=1)
        login(page, live, "alice")
        page.keyboard.press("j")
        page.screenshot(path=str(args.out / "queue.png"))
        page.goto(f"{live.url}/proposals/{ids['q-syria']}")
        page.screenshot(path=str(args.out / "proposal.png"), full_page=True)
        browser.close()
    print(f"wrote {args.out / 'queue.png'} and {args.out / 'proposal.png'}")


if __name__ == "__main__":
    main()
