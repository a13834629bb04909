"""HTTP plumbing shared by the REST API and the web UI: problem+json errors, security
headers, and a request body limit — pure ASGI middleware, so they cost microseconds."""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse

from review.errors import ReviewError, TooLarge

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PROBLEM_TYPE = "urn:resdesk:problem:"
PROBLEM_MEDIA = "application/problem+json"

#: Pages: only our own scripts and styles, never framed. The referrer stays on this site
#: (``same-origin``, not ``no-referrer``: with that, browsers send ``Origin: null`` on
#: form posts, and the UI checks Origin against CSRF).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]

HTTP_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Invalid input",
    429: "Too many requests",
    500: "Internal server error",
}


def problem(
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    title: str | None = None,
    field: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + slug if slug else "about:blank",
        "title": title or HTTP_TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if field:
        body["field"] = field
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA, headers=headers)


def problem_for(exc: ReviewError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if exc.http_status == 401 else None
    return problem(
        exc.http_status,
        exc.message,
        slug=exc.slug,
        title=exc.title,
        field=exc.field,
        headers=headers,
    )


class SecurityHeaders:
    """Adds the security headers to every response that does not set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class KeepAliveLimit:
    """Ends a kept-alive connection after ``max_requests`` responses (``Connection:
    close``), like nginx's ``keepalive_requests``.

    Worker processes share one listening socket and a connection stays with the worker
    that accepted it: clients that connect at the same moment can all land on one worker
    while another idles. Closing a connection now and then makes its client reconnect,
    and the connection goes to whichever worker accepts first, usually the less busy one.
    Connections are told apart by the client's address and port (per worker process).
    """

    def __init__(self, app: ASGIApp, max_requests: int, track: int = 10_000) -> None:
        self.app = app
        self.max_requests = max_requests
        self.track = track
        self._served: OrderedDict[Any, int] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] != "http" or not client or self.max_requests <= 0:
            await self.app(scope, receive, send)
            return
        key = tuple(client)
        n = self._served.pop(key, 0) + 1
        if n < self.max_requests:
            self._served[key] = n  # most recent last; the oldest are forgotten
            if len(self._served) > self.track:
                self._served.popitem(last=False)
            await self.app(scope, receive, send)
            return

        async def closing(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"connection", b"close")]
            await send(message)

        await self.app(scope, receive, closing)


class BodyLimit:
    """Refuses request bodies over ``max_bytes`` with 413 before anything reads them.

    A declared Content-Length over the limit is answered at once; a body streamed
    without one is counted, and the read fails with 413 when it passes the limit.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_bytes
            except ValueError:
                too_big = False
            if too_big:
                await self._refuse(scope, receive, send)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise HTTPException(413, self._detail())
            return message

        await self.app(scope, counted, send)

    def _detail(self) -> str:
        return f"request body is over the limit of {self.max_bytes} bytes; nothing was stored"

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem(413, self._detail(), slug=TooLarge.slug, title=TooLarge.title)
        await response(scope, receive, send)


def json_dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).encode()
