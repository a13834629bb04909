"""The REST API and the app factory that serves it beside the web UI.

``create_app(sessions, settings)`` builds one FastAPI app: ``/api/*`` (bearer tokens,
problem+json errors, documented at ``/openapi.json``), the web UI (``review.web``) and
its static files. Every endpoint is a thin door: it authenticates, calls the same
service function the CLI and the UI call, and shapes the answer.
"""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException

from db import audit
from db.engine import session_scope
from db.models import Dispute, Question, Resolution
from review import clarifications, disputes, export, queries, schemas, service, snapshots, users
from review.cache import AsyncLookup, PageCache, Version, data_version
from review.errors import Conflict, ReviewError, Unauthorized
from review.http import (
    HTTP_TITLES,
    BodyLimit,
    KeepAliveLimit,
    SecurityHeaders,
    problem,
    problem_for,
)
from review.settings import ReviewSettings

STATIC = Path(__file__).parent / "static"
#: Every endpoint may answer these, as problem+json (the Problem schema is added to the
#: components by :func:`_openapi_with_problem`).
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {
        "description": HTTP_TITLES[code],
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }
    for code in (400, 401, 403, 404, 409, 413, 422, 429)
}


@dataclass
class AppContext:
    """What every request needs: sessions, settings, the page cache and a counts cache.

    Counting proposals by status scans the table (tens of ms at 100,000 rows), so the
    queue's counts are kept per data version (:mod:`review.cache`), and across versions
    for up to ``counts_ttl_seconds``, refreshed by one request at a time while the
    others keep showing the previous numbers.
    """

    sessions: sessionmaker[Session]
    settings: ReviewSettings
    pages: PageCache = field(default_factory=PageCache)
    _counts: tuple[float, Version | None, dict[str, int]] | None = field(default=None)
    _refreshing: threading.Lock = field(default_factory=threading.Lock)

    _readers: sessionmaker[Session] | None = field(default=None)
    _lookup: AsyncLookup | None = field(default=None)

    @property
    def lookup(self) -> AsyncLookup | None:
        """The session and data version check on the event loop (PostgreSQL), for
        serving cached pages without a thread (see :class:`review.cache.AsyncLookup`)."""
        if self._lookup is None:
            bind = self.sessions.kw.get("bind")
            if not isinstance(bind, Engine) or bind.dialect.name != "postgresql":
                return None
            self._lookup = AsyncLookup(bind)
        return self._lookup

    @contextmanager
    def tx(self) -> Iterator[Session]:
        """One write transaction. Its audit events are appended right before it commits
        (:func:`db.audit.defer_until_commit`): the audit head lock, which serialises
        every writer, is then held for the append and the commit only."""
        try:
            with session_scope(self.sessions) as session:
                audit.defer_until_commit(session)
                yield session
        except DBAPIError as error:
            # a decision maps these itself, naming its question (review.service); this
            # is the net for any other write, and for the commit
            if not service.lock_conflict(error):
                raise
            raise Conflict(
                "a concurrent change collided with this one, and nothing was saved; "
                "reload and try again"
            ) from None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for pages that only read. On PostgreSQL it runs in autocommit: no
        BEGIN and COMMIT round trips, and under READ COMMITTED each statement sees the
        latest commits either way. Never write through it."""
        if self._readers is None:
            bind = self.sessions.kw.get("bind")
            if isinstance(bind, Engine) and bind.dialect.name == "postgresql":
                auto = bind.execution_options(isolation_level="AUTOCOMMIT")
                self._readers = sessionmaker(auto, expire_on_commit=False)
            else:
                self._readers = self.sessions
        with session_scope(self._readers) as session:
            yield session

    def counts(self, session: Session, version: Version | None = None) -> dict[str, int]:
        return self.counts_at(session, version)[0]

    def counts_at(
        self, session: Session, version: Version | None = None
    ) -> tuple[dict[str, int], float]:
        """The counts, and for how many more seconds they may be shown: forever (inf)
        when they were counted at ``version``, else what is left of their TTL."""
        cached = self._counts
        ttl = self.settings.counts_ttl_seconds
        if cached and version is not None and cached[1] == version:
            return cached[2], float("inf")
        left = ttl - (time.monotonic() - cached[0]) if cached else 0.0
        if cached and left > 0:
            return cached[2], left
        if cached and not self._refreshing.acquire(blocking=False):
            return cached[2], 0.0  # someone else is refreshing: show the previous numbers
        if not cached:
            self._refreshing.acquire()
        try:
            counts = queries.status_counts(session)
            self._counts = (time.monotonic(), version, counts)
            return counts, float("inf") if version is not None else ttl
        finally:
            self._refreshing.release()

    def changed(self) -> None:
        """A decision was made here: the next queue page refreshes the counts."""
        if self._counts:
            self._counts = (0.0, None, self._counts[2])


def ctx(request: Request) -> AppContext:
    context: AppContext = request.app.state.ctx
    return context


bearer = HTTPBearer(
    auto_error=False,
    description="An API token from `resdesk users token NAME` (shown once).",
)


def api_user(
    request: Request,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> users.Principal:
    """The token's user; 401 without a valid, unrevoked token."""
    if creds is None or not creds.credentials:
        raise Unauthorized("send an API token as 'Authorization: Bearer TOKEN'")
    with ctx(request).tx() as session:
        user = users.user_for_token(session, creds.credentials)
        if user is None:
            raise Unauthorized("the API token is unknown or revoked")
        return users.principal(user)


User = Annotated[users.Principal, Depends(api_user)]
router = APIRouter(prefix="/api", responses=ERRORS)


# --- shaping -------------------------------------------------------------------------------


def proposal_out(
    session: Session, p: Any, cfg: ReviewSettings, *, disputed: bool | None = None
) -> dict[str, Any]:
    data = service.proposal_dict(p)
    data["reviews_needed"] = service.reviews_needed(session, p, cfg, disputed=disputed)
    data["reviews_recorded"] = len(service.round_votes(session, p)) if p.status == "pending" else 0
    return data


def proposals_out(session: Session, items: list[Any], cfg: ReviewSettings) -> list[dict[str, Any]]:
    """:func:`proposal_out` for a page, with the questions' dispute history in one query
    instead of one per proposal."""
    asked = {p.question_id for p in items if p.confidence >= cfg.double_review_below}
    disputed = (
        set(
            session.execute(
                select(Dispute.question_id).where(Dispute.question_id.in_(asked)).distinct()
            ).scalars()
        )
        if asked
        else set()
    )
    return [proposal_out(session, p, cfg, disputed=p.question_id in disputed) for p in items]


def cached_json(
    request: Request,
    user: users.Principal,
    model: type[BaseModel],
    build: Callable[[Session], Any],
) -> Response:
    """A read endpoint's JSON through the page cache (:mod:`review.cache`), keyed by
    path, query and role; ``build`` makes the answer on a miss, validated by ``model``
    (the endpoint's response_model) as FastAPI would."""
    c = ctx(request)
    key = ("api", request.url.path, request.url.query, user.role)
    with c.read() as session:
        version = data_version(session)  # before the data: see review.cache
        body = c.pages.get(key, version)
        hit = body is not None
        if body is None:
            body = model.model_validate(build(session)).model_dump_json().encode()
            c.pages.put(key, version, body)
    raw = body if isinstance(body, bytes) else body.encode()
    return Response(raw, media_type="application/json", headers={"X-Cache": _HIT[hit]})


_HIT = {True: "hit", False: "miss"}


def question_out(session: Session, q: Question) -> dict[str, Any]:
    data = export.question_dict(q)
    data["clarification_version"] = clarifications.latest_version(session, q.id)
    rows = session.execute(
        select(Resolution).where(Resolution.question_id == q.id).order_by(Resolution.id)
    ).scalars()
    data["resolutions"] = [
        {
            "id": r.id,
            "outcome": r.outcome.label if r.outcome else None,
            "resolved_by": r.resolved_by,
            "resolved_at": r.resolved_at.isoformat(),
            "final_at": r.final_at.isoformat() if r.final_at else None,
            "superseded_at": r.superseded_at.isoformat() if r.superseded_at else None,
            "via": r.via,
        }
        for r in rows
    ]
    return data


# --- me, questions -------------------------------------------------------------------------


@router.get("/me", response_model=schemas.Me, tags=["users"])
def me(user: User) -> dict[str, Any]:
    """Who the token acts as."""
    return {"name": user.name, "role": user.role}


@router.get("/questions", response_model=schemas.QuestionPage, tags=["questions"])
def list_questions(
    request: Request,
    user: User,
    status: schemas.QuestionStatus | None = None,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    """Questions by id, paginated with an opaque cursor."""
    with ctx(request).tx() as session:
        items, nxt = export.questions_page(session, status=status, cursor=cursor, limit=limit)
        return {"items": [question_out(session, q) for q in items], "next": nxt}


@router.get("/questions/{question_id}", response_model=schemas.Question, tags=["questions"])
def get_question(request: Request, user: User, question_id: str) -> dict[str, Any]:
    with ctx(request).tx() as session:
        return question_out(session, export.get_question(session, question_id))


@router.get(
    "/questions/{question_id}/audit", response_model=list[schemas.AuditEvent], tags=["audit"]
)
def question_audit(request: Request, user: User, question_id: str) -> list[dict[str, Any]]:
    """The question's audit events, oldest first."""
    with ctx(request).tx() as session:
        export.get_question(session, question_id)
        return [audit.event_dict(e) for e in audit.events_for(session, question_id)]


@router.get(
    "/questions/{question_id}/export",
    tags=["questions"],
    responses={
        200: {
            "description": "The history as JSON, or a self-contained HTML report to attach.",
            "content": {"application/json": {}, "text/html": {}},
        }
    },
)
def question_export(
    request: Request,
    user: User,
    question_id: str,
    format: Annotated[str, Query(pattern="^(json|html)$")] = "json",
) -> Response:
    with ctx(request).tx() as session:
        body = export.export(session, question_id, format, viewer=user.name)
    return export_response(question_id, format, body)


def export_response(question_id: str, fmt: str, body: str) -> Response:
    if fmt == "json":
        return Response(body, media_type="application/json")
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in question_id)[:80]
    return HTMLResponse(
        body,
        headers={
            "Content-Disposition": f'attachment; filename="question-{safe}.html"',
            # the report styles itself inline and runs nothing
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
            "frame-ancestors 'none'",
        },
    )


@router.get(
    "/questions/{question_id}/clarifications",
    response_model=list[schemas.Clarification],
    tags=["clarifications"],
)
def list_clarifications(request: Request, user: User, question_id: str) -> list[dict[str, Any]]:
    with ctx(request).tx() as session:
        export.get_question(session, question_id)
        return [
            clarifications.clarification_dict(c)
            for c in clarifications.ledger(session, question_id)
        ]


@router.post(
    "/questions/{question_id}/clarifications",
    response_model=schemas.Clarification,
    status_code=201,
    tags=["clarifications"],
)
def post_clarification(
    request: Request, user: User, question_id: str, body: schemas.ClarificationIn
) -> dict[str, Any]:
    """Append a clarification of what an outcome means (admins)."""
    with ctx(request).tx() as session:
        c = clarifications.post(session, question_id, body.text, actor=user.name)
        return clarifications.clarification_dict(c)


@router.post(
    "/questions/{question_id}/disputes",
    response_model=schemas.Dispute,
    status_code=201,
    tags=["disputes"],
)
def open_dispute(
    request: Request, user: User, question_id: str, body: schemas.DisputeIn
) -> dict[str, Any]:
    """Dispute a resolved question (inside the challenge window: any role)."""
    with ctx(request).tx() as session:
        d = service.open_dispute(
            session,
            question_id,
            actor=user.name,
            reason=body.reason,
            evidence_url=body.evidence_url,
        )
        return disputes.dispute_dict(session, d, viewer=user.name)


# --- proposals ----------------------------------------------------------------------------


@router.get("/proposals", response_model=schemas.ProposalPage, tags=["proposals"])
def list_proposals(
    request: Request,
    user: User,
    status: schemas.ProposalStatus | None = None,
    question_id: Annotated[str | None, Query(max_length=200)] = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    max_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    sort: schemas.Sort = queries.DEFAULT_SORT,  # type: ignore[assignment]
    cursor: Annotated[str | None, Query(max_length=400)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Response:
    """The queue: filter, sort by an allow-listed key, page with the opaque ``next``."""
    f = queries.QueueFilter(
        status=status,
        question_id=question_id,
        source=source,
        min_confidence=min_confidence,
        max_confidence=max_confidence,
        sort=sort,
        cursor=cursor,
        limit=limit,
    )
    cfg = ctx(request).settings

    def build(session: Session) -> dict[str, Any]:
        items, nxt = queries.proposals_page(session, f)
        return {"items": proposals_out(session, items, cfg), "next": nxt}

    return cached_json(request, user, schemas.ProposalPage, build)


@router.get("/proposals/{proposal_id}", response_model=schemas.Proposal, tags=["proposals"])
def get_proposal(request: Request, user: User, proposal_id: int) -> Response:
    cfg = ctx(request).settings

    def build(session: Session) -> dict[str, Any]:
        return proposal_out(session, service.get_proposal(session, proposal_id), cfg)

    return cached_json(request, user, schemas.Proposal, build)


@router.get(
    "/proposals/{proposal_id}/reviews",
    response_model=list[schemas.ReviewRecord],
    tags=["proposals"],
)
def proposal_reviews(request: Request, user: User, proposal_id: int) -> list[dict[str, Any]]:
    """Reviews you may see: all once decided; while pending only your own (blind)."""
    with ctx(request).tx() as session:
        p = service.get_proposal(session, proposal_id)
        return [
            export.review_dict(session, r) for r in service.visible_votes(session, p, user.name)
        ]


def _decision(request: Request, user: users.Principal, fn: str, pid: int, **kw: Any) -> Any:
    c = ctx(request)
    with c.tx() as session:
        p = getattr(service, fn)(session, pid, actor=user.name, **kw)
        out = proposal_out(session, p, c.settings)
    c.changed()
    return out


def _verdict(
    request: Request,
    user: users.Principal,
    fn: str,
    pid: int,
    body: schemas.DecisionIn | None,
) -> Any:
    """Approve or reject, from an optional decision body."""
    body = body or schemas.DecisionIn()
    return _decision(
        request,
        user,
        fn,
        pid,
        note=body.note,
        settings=ctx(request).settings,
        clarification_version=body.clarification_version,
        expected_version=body.expected_version,
    )


@router.post(
    "/proposals/{proposal_id}/approve", response_model=schemas.Proposal, tags=["proposals"]
)
def approve(
    request: Request, user: User, proposal_id: int, body: schemas.DecisionIn | None = None
) -> dict[str, Any]:
    """Approve (409 when already decided; under double review the first is sealed)."""
    return _verdict(request, user, "approve", proposal_id, body)


@router.post("/proposals/{proposal_id}/reject", response_model=schemas.Proposal, tags=["proposals"])
def reject(
    request: Request, user: User, proposal_id: int, body: schemas.DecisionIn | None = None
) -> dict[str, Any]:
    """Reject (409 when already decided; under double review the first is sealed)."""
    return _verdict(request, user, "reject", proposal_id, body)


@router.post("/proposals/{proposal_id}/amend", response_model=schemas.Proposal, tags=["proposals"])
def amend(request: Request, user: User, proposal_id: int, body: schemas.AmendIn) -> dict[str, Any]:
    """Propose another outcome instead; returns the new pending proposal."""
    return _decision(
        request,
        user,
        "amend",
        proposal_id,
        outcome=body.outcome,
        note=body.note,
        clarification_version=body.clarification_version,
        expected_version=body.expected_version,
    )


# --- disputes --------------------------------------------------------------------------------


@router.get("/disputes", response_model=list[schemas.Dispute], tags=["disputes"])
def list_disputes(
    request: Request,
    user: User,
    status: schemas.DisputeStatus | None = None,
    question_id: Annotated[str | None, Query(max_length=200)] = None,
) -> list[dict[str, Any]]:
    with ctx(request).tx() as session:
        return [
            disputes.dispute_dict(session, d, viewer=user.name)
            for d in disputes.list_disputes(session, status=status, question_id=question_id)
        ]


@router.get("/disputes/{dispute_id}", response_model=schemas.Dispute, tags=["disputes"])
def get_dispute(request: Request, user: User, dispute_id: int) -> dict[str, Any]:
    with ctx(request).tx() as session:
        d = disputes.get_dispute(session, dispute_id)
        return disputes.dispute_dict(session, d, viewer=user.name)


@router.post("/disputes/{dispute_id}/assign", response_model=schemas.Dispute, tags=["disputes"])
def assign_dispute(
    request: Request, user: User, dispute_id: int, body: schemas.AssignIn
) -> dict[str, Any]:
    with ctx(request).tx() as session:
        d = disputes.assign(session, dispute_id, actor=user.name, adjudicator=body.adjudicator)
        return disputes.dispute_dict(session, d, viewer=user.name)


@router.post("/disputes/{dispute_id}/decide", response_model=schemas.Dispute, tags=["disputes"])
def decide_dispute(
    request: Request, user: User, dispute_id: int, body: schemas.DecideIn
) -> dict[str, Any]:
    """Adjudicate: upheld, overturned (with the new outcome) or annulled, with a reason."""
    c = ctx(request)
    with c.tx() as session:
        d = disputes.decide(
            session,
            dispute_id,
            actor=user.name,
            decision=body.decision,
            reason=body.reason,
            outcome=body.outcome,
            settings=c.settings,
            clarification_version=body.clarification_version,
        )
        return disputes.dispute_dict(session, d, viewer=user.name)


# --- users and tokens --------------------------------------------------------------------------


@router.get("/users", response_model=list[schemas.User], tags=["users"])
def list_users(request: Request, user: User) -> list[dict[str, Any]]:
    """All users (admins)."""
    with ctx(request).tx() as session:
        return [users.user_dict(u) for u in users.list_users(session, actor=user.name)]


@router.post("/users", response_model=schemas.User, status_code=201, tags=["users"])
def add_user(request: Request, user: User, body: schemas.UserIn) -> dict[str, Any]:
    with ctx(request).tx() as session:
        u = users.add_user(session, body.name, body.role, actor=user.name, password=body.password)
        return users.user_dict(u)


@router.put("/users/{name}/role", response_model=schemas.User, tags=["users"])
def change_role(request: Request, user: User, name: str, body: schemas.RoleIn) -> dict[str, Any]:
    with ctx(request).tx() as session:
        return users.user_dict(users.change_role(session, name, body.role, actor=user.name))


@router.get("/users/{name}/decisions", response_model=list[schemas.ReviewRecord], tags=["users"])
def user_decisions(request: Request, user: User, name: str) -> list[dict[str, Any]]:
    """A user's reviews, newest first (sealed ones only to their author)."""
    with ctx(request).tx() as session:
        return [
            export.review_dict(session, r)
            for r in export.decisions_of(session, name, viewer=user.name)
        ]


@router.post(
    "/users/{name}/tokens", response_model=schemas.NewToken, status_code=201, tags=["users"]
)
def new_token(request: Request, user: User, name: str) -> dict[str, Any]:
    """A new API token (your own, or anyone's for admins), shown once."""
    with ctx(request).tx() as session:
        return {"token": users.create_token(session, name, actor=user.name)}


@router.get("/users/{name}/tokens", response_model=list[schemas.TokenInfo], tags=["users"])
def list_tokens(request: Request, user: User, name: str) -> list[dict[str, Any]]:
    with ctx(request).tx() as session:
        return [users.token_dict(t) for t in users.list_tokens(session, name, actor=user.name)]


@router.delete("/tokens/{token_id}", response_model=schemas.TokenInfo, tags=["users"])
def revoke_token(request: Request, user: User, token_id: int) -> dict[str, Any]:
    with ctx(request).tx() as session:
        return users.token_dict(users.revoke_token(session, token_id, actor=user.name))


# --- snapshots ---------------------------------------------------------------------------------


@router.get(
    "/snapshots/{sha256}",
    tags=["evidence"],
    responses={
        200: {
            "description": "The archived bytes, as an attachment.",
            "content": {"application/octet-stream": {}, "text/plain": {}},
        }
    },
)
def snapshot(request: Request, user: User, sha256: str) -> Response:
    c = ctx(request)
    with c.tx() as session:
        return download_response(snapshots.read(session, sha256, c.settings.snapshot_dir))


def download_response(d: snapshots.Download) -> Response:
    return Response(
        d.body,
        media_type=d.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{d.filename}"',
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


# --- the app -------------------------------------------------------------------------------------


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith("/api") or path.startswith("/openapi"))


def install_error_handlers(app: FastAPI) -> None:
    """problem+json under /api; the web UI renders its own error page."""

    @app.exception_handler(ReviewError)
    async def review_error(request: Request, exc: ReviewError) -> Response:
        if _wants_html(request):
            from review.web import error_page

            return error_page(request, exc.http_status, exc.title, exc.message)
        return problem_for(exc)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        detail = f"{where}: {first.get('msg', 'invalid')}" if where else "invalid request"
        if _wants_html(request):
            from review.web import error_page

            return error_page(request, 422, "Invalid input", detail)
        return problem(422, detail, slug="invalid-input", field=where or None)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = str(exc.detail)
        if _wants_html(request) and exc.status_code != 413:
            from review.web import error_page

            return error_page(request, exc.status_code, "Error", detail)
        return problem(exc.status_code, detail, headers=getattr(exc, "headers", None))


def _openapi_with_problem(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema, plus the Problem (RFC 9457) schema the error responses refer to."""
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = (
            schemas.Problem.model_json_schema()
        )
        app.openapi_schema = schema
    return app.openapi_schema


def create_app(sessions: sessionmaker[Session], settings: ReviewSettings | None = None) -> FastAPI:
    """The whole review app: REST API, web UI, static files."""
    from review import web

    cfg = settings if settings is not None else ReviewSettings()
    context = AppContext(sessions, cfg)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if context._lookup is not None:
            await context._lookup.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Resolution Desk",
        version="1",
        description="Review proposed resolutions of forecasting questions: the queue, "
        "decisions, disputes, clarifications and the audit trail. Authenticate with "
        "`Authorization: Bearer TOKEN`; errors are `application/problem+json` (RFC 9457).",
        docs_url=None,
        redoc_url=None,
    )
    app.state.ctx = context
    install_error_handlers(app)
    web.install(app)
    app.include_router(router)
    app.include_router(web.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> JSONResponse:
        """A constant answer: the benchmark's baseline for the framework's own cost."""
        return JSONResponse({"ok": True})

    app.openapi = lambda: _openapi_with_problem(app)  # type: ignore[method-assign]
    app.add_middleware(BodyLimit, max_bytes=cfg.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(KeepAliveLimit, max_requests=cfg.keepalive_max_requests)
    return app
