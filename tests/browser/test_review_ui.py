"""The review UI in a real browser: keyboard review, escaping, roles, blind review."""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, expect

from db import audit
from db.engine import session_scope
from db.models import Proposal
from tests.browser.conftest import Watch, login
from tests.browser.live import XSS, Live, fill
from tests.review.factories import add_finding, add_proposal, add_question


def _status(live: Live, pid: int) -> str:
    with session_scope(live.factory) as s:
        p = s.get(Proposal, pid)
        assert p is not None
        return p.status


def test_reviewer_works_through_the_queue_with_the_keyboard(
    live: Live, context: BrowserContext
) -> None:
    ids = fill(live.factory)
    page = context.new_page()
    watch = Watch(page)
    login(page, live, "alice")
    expect(page.locator(".tabs [aria-current=page] .count")).to_have_text("4")
    page.keyboard.press("j")  # first row: the most confident proposal
    expect(page.locator("tr.is-selected")).to_contain_text("Syrian soldiers")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/proposals/{ids['q-syria']}")
    page.keyboard.press("?")
    expect(page.locator("#help")).to_be_visible()
    page.keyboard.press("Escape")
    page.keyboard.press("n")
    page.keyboard.type("Matches the ministry statement.")
    page.keyboard.press("Escape")
    page.keyboard.press("a")  # approve: on to the next proposal in the queue
    page.wait_for_url(f"**/proposals/{ids['q-border']}?**")
    expect(page.locator(".notice")).to_contain_text(f"Proposal #{ids['q-syria']} approved")
    page.keyboard.press("k")  # back to the previous pending one (none before it now)
    page.keyboard.press("j")
    page.wait_for_url(f"**/proposals/{ids['q-unhcr']}")
    page.keyboard.press("r")
    page.wait_for_url(f"**/proposals/{ids['q-talks']}?**")
    assert _status(live, ids["q-syria"]) == "approved"
    assert _status(live, ids["q-unhcr"]) == "rejected"
    assert _status(live, ids["q-border"]) == "pending"
    page.goto(f"{live.url}/questions/q-syria")
    entry = page.locator(".timeline li", has_text="proposal.approved")
    expect(entry).to_contain_text("by alice")
    expect(entry).to_contain_text("Matches the ministry statement.")
    with session_scope(live.factory) as s:
        ev = next(e for e in audit.events_for(s, "q-syria") if e.action == "proposal.approved")
        assert ev.actor == "alice"
    assert watch.dialogs == [] and watch.errors == []  # no CSP violations, no script errors


def test_hostile_finding_renders_as_inert_text(live: Live, context: BrowserContext) -> None:
    fill(live.factory)
    add_question(live.factory, "q-xss", title=f"Question {XSS}", outcomes=("Yes", "No"))
    text = (
        f'{XSS} <script>alert("x")</script> The ministry confirmed it. '
        '<a href="javascript:alert(2)">x</a>'
    )
    fid = add_finding(live.factory, title=XSS, text=text, url="javascript:alert(3)")
    pid = add_proposal(
        live.factory, "q-xss", outcome="Yes", finding_id=fid, quote="The ministry confirmed it."
    )
    page = context.new_page()
    watch = Watch(page)
    login(page, live, "alice")
    page.goto(f"{live.url}/proposals/{pid}")
    expect(page.locator("article.citation h3")).to_have_text(XSS)
    expect(page.locator("h1")).to_contain_text(XSS)
    expect(page.locator("article.citation mark")).to_have_text("The ministry confirmed it.")
    assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    page.keyboard.press("o")  # no http(s) source link: nothing opens
    page.wait_for_timeout(200)
    assert watch.dialogs == [] and len(context.pages) == 1


def test_a_viewer_cannot_approve(live: Live, context: BrowserContext) -> None:
    ids = fill(live.factory)
    page = context.new_page()
    login(page, live, "vera")
    page.goto(f"{live.url}/proposals/{ids['q-syria']}")
    expect(page.locator(".decision")).to_contain_text("may read but not decide")
    assert page.get_by_role("button", name=re.compile("Approve")).count() == 0
    page.keyboard.press("a")
    status = page.evaluate(
        """async (pid) => {
            const token = document.querySelector('meta[name=csrf-token]').content;
            const body = new URLSearchParams({action: 'approve', csrf_token: token});
            const r = await fetch(`/proposals/${pid}/decide`, {method: 'POST', body});
            return r.status;
        }""",
        ids["q-syria"],
    )
    assert status == 403
    assert _status(live, ids["q-syria"]) == "pending"


def test_blind_second_review(live: Live, browser: object, context: BrowserContext) -> None:
    ids = fill(live.factory)
    pid = ids["q-talks"]  # confidence 0.61: below the double-review bar of 0.7
    first = context.new_page()
    login(first, live, "alice")
    first.goto(f"{live.url}/proposals/{pid}")
    expect(first.locator("[data-blind]")).to_contain_text("You are the first reviewer")
    first.get_by_label(re.compile("^Note")).fill("alice: the talks clearly failed")
    first.get_by_role("button", name=re.compile("Approve")).click()
    first.wait_for_url("**notice=approve-sealed**")
    first.goto(f"{live.url}/proposals/{pid}")
    expect(first.locator("[data-sealed]")).to_contain_text("You recorded approve")
    assert _status(live, pid) == "pending"

    second_context = context.browser.new_context()  # type: ignore[union-attr]
    second = second_context.new_page()
    login(second, live, "bob")
    second.goto(f"{live.url}/proposals/{pid}")
    expect(second.locator("[data-blind]")).to_contain_text("1 review(s) already recorded")
    assert "the talks clearly failed" not in second.content()
    second.goto(f"{live.url}/questions/q-talks")
    assert "the talks clearly failed" not in second.content()
    second.goto(f"{live.url}/proposals/{pid}")
    second.get_by_role("button", name=re.compile("Approve")).click()
    second.wait_for_url(re.compile(r".*notice=approved.*"))
    assert _status(live, pid) == "approved"
    second.goto(f"{live.url}/proposals/{pid}")
    expect(second.locator(".votes")).to_contain_text("the talks clearly failed")
    second_context.close()
