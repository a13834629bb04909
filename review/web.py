"""The reviewers' web UI: server-rendered pages, forms that work without JavaScript.

Every page needs a signed-in session (cookie → ``web_sessions`` row). Every POST must
carry the session's CSRF token (a hidden form field, or ``X-CSRF-Token`` from script)
and, when the browser sends one, an Origin of this host; a failure is a 403 that lands
in the audit trail. Forms call the same service functions as the API and the CLI.

All scraped text goes through Jinja's autoescaping; links are emitted only for http(s)
URLs, with ``rel="noopener noreferrer nofollow"``; archived snapshots are downloads.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from db import audit
from review import (
    auth,
    cache,
    clarifications,
    disputes,
    export,
    queries,
    service,
    snapshots,
    users,
)
from review.api import AppContext, ctx, download_response, export_response
from review.errors import InvalidInput, ReviewError

TEMPLATES = Path(__file__).parent / "templates"
SESSION_COOKIE = "resdesk_session"
LOGIN_CSRF_COOKIE = "resdesk_login_csrf"
templates = Jinja2Templates(directory=str(TEMPLATES))
_T = TypeVar("_T")

router = APIRouter(include_in_schema=False)

NOTICES = {
    "approved": "Proposal #{pid} approved: the question is resolved.",
    "approve-sealed": "Your approval of #{pid} is recorded and sealed until a second "
    "reviewer decides.",
    "rejected": "Proposal #{pid} rejected.",
    "reject-sealed": "Your rejection of #{pid} is recorded and sealed until a second "
    "reviewer decides.",
    "amended": "Proposal #{pid} amended; another reviewer must approve the new outcome.",
    "clarified": "Clarification posted.",
    "disputed": "Dispute opened.",
    "assigned": "Dispute assigned.",
    "adjudicated": "Your adjudication is recorded.",
    "user-added": "User added.",
    "role-changed": "Role changed.",
}


# --- template helpers -------------------------------------------------------------------------


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: nothing else becomes a link."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def when(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return "—"


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


templates.env.filters.update(safe_url=safe_url, when=when, pct=pct)


class LoginRequired(Exception):
    """No live session: the handler sends the browser to the login page."""


def error_page(request: Request, status: int, title: str, detail: str) -> Response:
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "title": title, "detail": detail, "me": None, "csrf": ""},
        status_code=status,
    )


def install(app: Any) -> None:
    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)


# --- sessions and CSRF ------------------------------------------------------------------------


def signed_in(request: Request, session: Session) -> auth.SessionInfo:
    info = auth.session_for(session, request.cookies.get(SESSION_COOKIE))
    if info is None:
        raise LoginRequired()
    return info


def signed_in_at(
    request: Request, session: Session, checked: Checked | None = None
) -> tuple[auth.SessionInfo, cache.Version]:
    """:func:`signed_in` and the data version, read before the page's data (see
    :mod:`review.cache`), in one round trip; or ``checked``, what the event loop's
    lookup of this request found (:func:`cached_hit`), read just as freshly."""
    if checked is not None:
        return checked
    info, version = cache.session_and_version(session, request.cookies.get(SESSION_COOKIE))
    if info is None:
        raise LoginRequired()
    return info, version


def page(request: Request, name: str, info: auth.SessionInfo, **data: Any) -> HTMLResponse:
    notice = NOTICES.get(request.query_params.get("notice", ""), "")
    pid = request.query_params.get("pid", "")
    data.update(
        me=info.principal,
        csrf=info.csrf_token,
        notice=notice.format(pid=pid if pid.isdigit() else "?") if notice else "",
    )
    return templates.TemplateResponse(request, name, data)


def render(request: Request, name: str, info: auth.SessionInfo, **data: Any) -> str:
    """A page as :func:`page` renders it, with markers for the viewer's CSRF token and
    name (see :mod:`review.cache`), to be cached and filled in by :func:`cached_page`."""
    notice = NOTICES.get(request.query_params.get("notice", ""), "")
    pid = request.query_params.get("pid", "")
    me = users.Principal(info.principal.id, cache.NAME_MARK, info.principal.role)
    data.update(
        request=request,
        me=me,
        csrf=cache.CSRF_MARK,
        notice=notice.format(pid=pid if pid.isdigit() else "?") if notice else "",
    )
    return templates.get_template(name).render(data)


def cached_page(body: str | bytes, info: auth.SessionInfo, *, hit: bool) -> HTMLResponse:
    text = body.decode() if isinstance(body, bytes) else body
    return HTMLResponse(
        cache.personalise(text, info.csrf_token, info.principal.name),
        headers={"X-Cache": "hit" if hit else "miss"},
    )


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


def checked_post(request: Request, session: Session, form: FormData) -> auth.SessionInfo:
    """The session of a POST, once its CSRF token and origin check out (else a recorded
    403). Call it first in the transaction that does the POST's work."""
    info = signed_in(request, session)
    given = form.get("csrf_token") or request.headers.get("x-csrf-token")
    if not auth.csrf_ok(info.csrf_token, str(given or "")) or not _same_origin(request):
        raise users.deny(
            session,
            info.principal.name,
            "missing or wrong CSRF token (reload the page and try again)",
            doing=f"POST {request.url.path} without a valid CSRF token",
        )
    return info


async def posted(request: Request) -> tuple[FormData, auth.SessionInfo]:
    """The form and the session, once the CSRF token and origin check out (else 403)."""
    form = await request.form()
    c = ctx(request)

    def check() -> auth.SessionInfo:
        with c.tx() as session:
            return checked_post(request, session, form)

    return form, await run_in_threadpool(check)


async def in_transaction(request: Request, work: Callable[[Session], _T]) -> _T:
    """``work`` in one transaction of the app's database, on a worker thread (a form's
    action after ``posted`` has checked it)."""
    c = ctx(request)

    def run() -> _T:
        with c.tx() as session:
            return work(session)

    return await run_in_threadpool(run)


def field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def int_field(form: FormData, name: str) -> int | None:
    value = field(form, name).strip()
    if not value:
        return None
    if not value.isdigit():
        raise InvalidInput(f"{name} must be a number", field=name)
    return int(value)


def redirect(path: str, **params: Any) -> RedirectResponse:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return RedirectResponse(path + (f"?{query}" if query else ""), status_code=303)


# --- login ----------------------------------------------------------------------------------


def _safe_next(value: str | None) -> str:
    """Only a local path: never an open redirect."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/queue"


@router.get("/login")
def login_form(request: Request, next: str = "/queue", error: str = "") -> Response:
    import secrets

    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    response = templates.TemplateResponse(
        request,
        "login.html",
        {"me": None, "csrf": token, "next": _safe_next(next), "error": error[:200]},
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        path="/login",
        secure=ctx(request).settings.cookie_secure,
    )
    return response


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    target = _safe_next(field(form, "next"))
    c = ctx(request)
    if not auth.csrf_ok(request.cookies.get(LOGIN_CSRF_COOKIE), field(form, "csrf_token")):
        return redirect("/login", next=target, error="Your sign-in form expired; try again.")
    client = request.client.host if request.client else "unknown"

    def sign_in() -> auth.SignIn:
        with c.tx() as session:
            return auth.login(
                session,
                field(form, "name"),
                field(form, "password"),
                client=client,
                settings=c.settings,
            )

    try:
        signed = await run_in_threadpool(sign_in)
    except ReviewError as exc:
        return redirect("/login", next=target, error=exc.message)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        signed.token,
        httponly=True,
        samesite="lax",
        path="/",
        secure=c.settings.cookie_secure,
        max_age=int(c.settings.session_hours * 3600),
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    await posted(request)
    c = ctx(request)

    def end() -> None:
        with c.tx() as session:
            auth.logout(session, request.cookies.get(SESSION_COOKIE))

    await run_in_threadpool(end)
    response = redirect("/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# --- queue and proposals --------------------------------------------------------------------


@router.get("/")
def home() -> Response:
    return RedirectResponse("/queue", status_code=303)


def queue_filter(request: Request) -> queries.QueueFilter:
    q = request.query_params

    def number(name: str) -> float | None:
        raw = q.get(name, "").strip()
        if not raw:
            return None
        try:
            return float(raw)
        except ValueError:
            raise InvalidInput(f"{name} must be a number", field=name) from None

    status = q.get("status", "pending")
    return queries.QueueFilter(
        status=None if status == "all" else status,
        question_id=q.get("question") or None,
        source=q.get("source") or None,
        min_confidence=number("min_confidence"),
        max_confidence=number("max_confidence"),
        sort=q.get("sort") or queries.DEFAULT_SORT,
        cursor=q.get("cursor") or None,
        limit=ctx(request).settings.page_size,
    ).checked()


#: A live session and the data version, as the event loop's lookup found them.
Checked = tuple[auth.SessionInfo, cache.Version]


async def cached_hit(
    request: Request, keys: Callable[[users.Principal], list[Hashable]]
) -> Response | Checked | None:
    """A page straight from the page cache, checked on the event loop: the session and
    the data version in one statement (:class:`review.cache.AsyncLookup`), then the
    cache. On a miss, the session and version found (the caller renders the page in a
    worker thread with them: they were read before its data, as the rule of
    :mod:`review.cache` asks); ``None`` without a live session or an async lookup here
    (the thread checks the session itself, and sends the browser to sign in)."""
    c = ctx(request)
    lookup = c.lookup
    if lookup is None:
        return None
    found = await lookup(request.cookies.get(SESSION_COOKIE))
    if found is None:
        return None
    info, version = found
    if info is None:
        return None
    for key in keys(info.principal):
        body = c.pages.get(key, version)
        if body is not None:
            return cached_page(body, info, hit=True)
    return info, version


@router.get("/queue")
async def queue(request: Request) -> Response:
    hit = await cached_hit(request, lambda me: [("queue", request.url.query, me.role)])
    if isinstance(hit, Response):
        return hit
    return await run_in_threadpool(render_queue, request, hit)


def render_queue(request: Request, checked: Checked | None = None) -> Response:
    c = ctx(request)
    f = queue_filter(request)
    with c.read() as session:
        info, version = signed_in_at(request, session, checked)
        key = ("queue", request.url.query, info.principal.role)
        body = c.pages.get(key, version)
        if body is None:
            rows, nxt = queries.queue_rows(session, f)
            counts, counts_left = c.counts_at(session, version)
            skip = ("cursor", "notice", "pid")
            params = {k: v for k, v in request.query_params.items() if k not in skip}
            body = render(
                request,
                "queue.html",
                info,
                rows=rows,
                counts=counts,
                f=f,
                next_cursor=nxt,
                params=params,
                sorts=list(queries.SORTS),
                status_param=request.query_params.get("status", "pending"),
            )
            c.pages.put(key, version, body, max_age=counts_left)
            return cached_page(body, info, hit=False)
    return cached_page(body, info, hit=True)


def proposal_view(
    session: Session, c: AppContext, pid: int, viewer: users.Principal
) -> dict[str, Any]:
    """Everything a proposal page shows, as plain rows in few statements (this page is
    on the hot path: :func:`review.queries.proposal_page`)."""
    return proposal_context(queries.proposal_page(session, pid), c, viewer)


def proposal_context(
    page_: queries.ProposalPage, c: AppContext, viewer: users.Principal
) -> dict[str, Any]:
    """The proposal template's data from a loaded :class:`review.queries.ProposalPage`."""
    p, reviews, ledger = page_.proposal, page_.reviews, page_.ledger
    votes = service.current_round(p, reviews) if p.status == "pending" else []
    return {
        "p": p,
        "q": p.question,
        "matrix": queries.matrix_from(p, page_.proposals),
        "contexts": {c_.id: queries.quote_in_context(c_) for c_ in p.citations},
        "needed": service.needed_reviews(p.confidence, page_.disputed, c.settings),
        "recorded": len(votes),
        "mine": next((v for v in votes if v.reviewer == viewer.name), None),
        "visible": service.visible_from(p, reviews, viewer.name),
        "ledger": ledger,
        "clar_version": ledger[-1].version if ledger else 0,
        "prev_id": page_.prev_id,
        "next_id": page_.next_id,
        "can_review": viewer.role in users.REVIEW_ROLES,
        "breakdown": {k: v for k, v in (p.breakdown or {}).items() if k != "conflicting_outcomes"},
        # the same for every viewer of a role: decided, or no vote in this round yet
        "shared": p.status != "pending" or all(v.round != p.review_round for v in reviews),
    }


@router.get("/proposals/{pid}")
async def proposal(request: Request, pid: int) -> Response:
    def keys(me: users.Principal) -> list[Hashable]:
        shared = ("proposal", pid, request.url.query, me.role)
        return [shared, (*shared, me.name)]

    hit = await cached_hit(request, keys)
    if isinstance(hit, Response):
        return hit
    if hit is not None:
        page_ = await proposal_on_loop(request, pid, hit)
        if page_ is not None:
            return page_
    return await run_in_threadpool(render_proposal, request, pid, hit)


async def proposal_on_loop(request: Request, pid: int, checked: Checked) -> Response | None:
    """A page the cache missed, made on the event loop (PostgreSQL): its statements in
    one round trip on the async lookup's connections (after the session and version
    were read: see :mod:`review.cache`), then rendered and stored. ``None`` when that
    is not available here: the caller renders it in a worker thread."""
    c = ctx(request)
    lookup = c.lookup
    if lookup is None:
        return None
    params = {"proposal_id": pid}
    results = await lookup.rows(lookup.compiled(queries.PROPOSAL_PAGE_STATEMENTS), params)
    if results is None:
        return None
    more: list[list[Any]] = [[], []]
    if queries.proposal_page_needs_more(results):  # (rare: reviews, clarifications)
        found = await lookup.rows(lookup.compiled(queries.PROPOSAL_PAGE_MORE), params)
        if found is None:
            return None
        more = found
    try:
        page_ = queries.proposal_page_from(pid, results, *more)
    except queries.OutcomeMissing:
        return None
    info, version = checked
    me = info.principal
    data = proposal_context(page_, c, me)
    body = render(request, "proposal.html", info, **data)
    shared = ("proposal", pid, request.url.query, me.role)
    c.pages.put(shared if data["shared"] else (*shared, me.name), version, body)
    return cached_page(body, info, hit=False)


def render_proposal(request: Request, pid: int, checked: Checked | None = None) -> Response:
    c = ctx(request)
    with c.read() as session:
        info, version = signed_in_at(request, session, checked)
        me = info.principal
        shared = ("proposal", pid, request.url.query, me.role)
        body = c.pages.get(shared, version) or c.pages.get((*shared, me.name), version)
        if body is None:
            data = proposal_view(session, c, pid, me)
            body = render(request, "proposal.html", info, **data)
            # blind review: while a round has votes, what you see depends on who you are
            c.pages.put(shared if data["shared"] else (*shared, me.name), version, body)
            return cached_page(body, info, hit=False)
    return cached_page(body, info, hit=True)


@router.post("/proposals/{pid}/decide")
async def decide(request: Request, pid: int) -> Response:
    form = await request.form()
    c = ctx(request)

    def run() -> tuple[str, int | None, int]:
        # the CSRF check and the decision in one transaction (the hot path)
        with c.tx() as session:
            info = checked_post(request, session, form)
            action = field(form, "action")
            if action not in ("approve", "reject", "amend"):
                raise InvalidInput("action must be approve, reject or amend", field="action")
            common: dict[str, Any] = {
                "actor": info.principal.name,
                "note": field(form, "note"),
                "clarification_version": int_field(form, "clarification_version"),
                "expected_version": int_field(form, "expected_version"),
            }
            if action == "amend":
                new = service.amend(session, pid, outcome=field(form, "outcome"), **common)
                return "amended", new.id, new.id
            done = getattr(service, action)(
                session, pid, settings=c.settings, principal=info.principal, **common
            )
            next_id = queries.next_after(session, done, queries.QueueFilter(status="pending"))
            sealed = done.status == "pending"
            notice = (
                f"{action}-sealed"
                if sealed
                else ("approved" if action == "approve" else "rejected")
            )
            return notice, next_id, pid

    notice, go_to, shown = await run_in_threadpool(run)
    c.changed()
    if go_to is not None:
        return redirect(f"/proposals/{go_to}", notice=notice, pid=shown)
    return redirect("/queue", notice=notice, pid=shown)


@router.get("/snapshots/{sha256}")
def snapshot(request: Request, sha256: str) -> Response:
    c = ctx(request)
    with c.tx() as session:
        signed_in(request, session)
        return download_response(snapshots.read(session, sha256, c.settings.snapshot_dir))


# --- questions ------------------------------------------------------------------------------


@router.get("/questions/{qid}")
def question(request: Request, qid: str) -> Response:
    c = ctx(request)
    with c.tx() as session:
        info = signed_in(request, session)
        q = export.get_question(session, qid)
        resolution = service.current_resolution(session, qid)
        data: dict[str, Any] = {
            "q": q,
            "resolution": resolution,
            "in_window": service.in_challenge_window(resolution),
            "ledger": clarifications.ledger(session, qid),
            "disputes": disputes.list_disputes(session, question_id=qid),
            "events": [audit.event_dict(e) for e in audit.events_for(session, qid)],
            "proposals": service.list_proposals(session, question_id=qid, limit=200),
        }
        return page(request, "question.html", info, **data)


@router.get("/questions/{qid}/export")
def question_export(request: Request, qid: str, format: str = "html") -> Response:
    c = ctx(request)
    with c.tx() as session:
        info = signed_in(request, session)
        body = export.export(session, qid, format, viewer=info.principal.name)
    return export_response(qid, format, body)


@router.post("/questions/{qid}/clarifications")
async def clarify(request: Request, qid: str) -> Response:
    form, info = await posted(request)

    def work(session: Session) -> None:
        clarifications.post(session, qid, field(form, "text"), actor=info.principal.name)

    await in_transaction(request, work)
    return redirect(f"/questions/{qid}", notice="clarified")


@router.post("/questions/{qid}/disputes")
async def open_dispute(request: Request, qid: str) -> Response:
    form, info = await posted(request)

    def work(session: Session) -> int:
        return service.open_dispute(
            session,
            qid,
            actor=info.principal.name,
            reason=field(form, "reason"),
            evidence_url=field(form, "evidence_url") or None,
        ).id

    did = await in_transaction(request, work)
    return redirect(f"/disputes/{did}", notice="disputed")


# --- disputes -------------------------------------------------------------------------------


@router.get("/disputes")
def dispute_list(request: Request, status: str = "") -> Response:
    c = ctx(request)
    with c.tx() as session:
        info = signed_in(request, session)
        rows = [
            disputes.dispute_dict(session, d, viewer=info.principal.name)
            for d in disputes.list_disputes(session, status=status or None)
        ]
        return page(
            request, "disputes.html", info, rows=rows, status=status, states=disputes.DISPUTE_STATES
        )


@router.get("/disputes/{did}")
def dispute(request: Request, did: int) -> Response:
    c = ctx(request)
    with c.tx() as session:
        info = signed_in(request, session)
        d = disputes.get_dispute(session, did)
        q = export.get_question(session, d.question_id)
        data: dict[str, Any] = {
            "d": disputes.dispute_dict(session, d, viewer=info.principal.name),
            "q": q,
            "adjudicators": [
                u.name
                for u in users.list_users(session)
                if u.role in users.ADJUDICATOR_ROLES and u.disabled_at is None
            ],
            "clar_version": clarifications.latest_version(session, q.id),
            "can_adjudicate": info.principal.role in users.ADJUDICATOR_ROLES,
        }
        return page(request, "dispute.html", info, **data)


@router.post("/disputes/{did}/assign")
async def assign(request: Request, did: int) -> Response:
    form, info = await posted(request)

    def work(session: Session) -> None:
        disputes.assign(
            session, did, actor=info.principal.name, adjudicator=field(form, "adjudicator")
        )

    await in_transaction(request, work)
    return redirect(f"/disputes/{did}", notice="assigned")


@router.post("/disputes/{did}/decide")
async def adjudicate(request: Request, did: int) -> Response:
    form, info = await posted(request)
    c = ctx(request)

    def work(session: Session) -> None:
        disputes.decide(
            session,
            did,
            actor=info.principal.name,
            decision=field(form, "decision"),
            reason=field(form, "reason"),
            outcome=field(form, "outcome") or None,
            settings=c.settings,
            clarification_version=int_field(form, "clarification_version"),
        )

    await in_transaction(request, work)
    return redirect(f"/disputes/{did}", notice="adjudicated")


# --- people ---------------------------------------------------------------------------------


@router.get("/users/{name}")
def person(request: Request, name: str) -> Response:
    c = ctx(request)
    with c.tx() as session:
        info = signed_in(request, session)
        u = users.get_user(session, name)
        rows = [
            export.review_dict(session, r)
            for r in export.decisions_of(session, name, viewer=info.principal.name)
        ]
        adjudications = disputes.adjudications_of(session, name, viewer=info.principal.name)
        return page(request, "user.html", info, person=u, rows=rows, adjudications=adjudications)


@router.get("/admin/users")
def admin_users(request: Request) -> Response:
    c = ctx(request)
    with c.tx() as session:
        info = signed_in(request, session)
        rows = users.list_users(session, actor=info.principal.name)
        return page(request, "admin_users.html", info, rows=rows, roles=users.ANY_ROLE)


@router.post("/admin/users")
async def admin_add_user(request: Request) -> Response:
    form, info = await posted(request)

    def work(session: Session) -> None:
        users.add_user(
            session,
            field(form, "name").strip(),
            field(form, "role"),
            actor=info.principal.name,
            password=field(form, "password") or None,
        )

    await in_transaction(request, work)
    return redirect("/admin/users", notice="user-added")


@router.post("/admin/users/{name}/role")
async def admin_role(request: Request, name: str) -> Response:
    form, info = await posted(request)

    def work(session: Session) -> None:
        users.change_role(session, name, field(form, "role"), actor=info.principal.name)

    await in_transaction(request, work)
    return redirect("/admin/users", notice="role-changed")


__all__ = ["error_page", "install", "router"]
