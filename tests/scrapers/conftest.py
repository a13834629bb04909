"""Real HTTP servers on 127.0.0.1 / 127.0.0.2 for the fetcher tests, and fast policies.

Each server is a threaded ``http.server`` speaking HTTP/1.1 with keep-alive. A route is
a plain function that gets a :class:`Req` and answers however it likes: a normal
response, raw bytes with a lying Content-Length, a byte every so often, or nothing at
all (misbehaving handlers wait on ``req.stopping`` so the suite never hangs).
"""

from __future__ import annotations

import ssl
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpcore
import pytest

from scrapers.fetch import FetchPolicy


@dataclass
class Seen:
    """One request as the server saw it."""

    path: str
    headers: dict[str, str]
    at: float  # time.monotonic()


class Req:
    """The handler's view of one request, with helpers to answer it."""

    def __init__(self, handler: BaseHTTPRequestHandler, stopping: threading.Event) -> None:
        self._h = handler
        self.stopping = stopping
        self.path = handler.path
        self.headers = {k.lower(): v for k, v in handler.headers.items()}

    def send(
        self, status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> None:
        self._h.send_response(status)
        for name, value in (headers or {}).items():
            self._h.send_header(name, value)
        if "content-length" not in {k.lower() for k in headers or {}}:
            self._h.send_header("Content-Length", str(len(body)))
        self._h.end_headers()
        self._h.wfile.write(body)

    def raw(self, data: bytes) -> None:
        """Write bytes as they are: for answers http.server would refuse to produce."""
        self._h.wfile.write(data)
        self._h.wfile.flush()

    def close(self) -> None:
        self._h.close_connection = True

    def wait(self, seconds: float) -> bool:
        """Sleep, but wake up when the server stops. True if it is stopping."""
        return self.stopping.wait(seconds)


Handler = Callable[[Req], None]


def _not_found(req: Req) -> None:
    req.send(404, b"not found")


class _QuietServer(ThreadingHTTPServer):
    """Clients hanging up on idle keep-alive connections is normal, not worth a trace."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LocalServer:
    """A threaded HTTP/1.1 server on ``host`` with a route table and a request log."""

    def __init__(self, host: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> None:
        self.host = host
        self.scheme = "https" if tls else "http"
        self.sni_names: list[str | None] = []  # server names TLS clients asked for
        self.routes: dict[str, Handler] = {}
        self.seen: list[Seen] = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.active = 0  # requests being handled right now
        self.max_active = 0
        self.httpd = _QuietServer((host, 0), self._handler_class())
        self.port = self.httpd.server_address[1]
        if tls is not None:
            tls.sni_callback = lambda sock, name, ctx: self.sni_names.append(name)
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.origin + path

    def route(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def reply(
        self, path: str, status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> None:
        """A route that always gives the same answer."""
        self.routes[path] = lambda req: req.send(status, body, headers)

    def hits(self, path: str) -> int:
        return sum(1 for seen in self.seen if seen.path == path)

    def paths(self) -> list[str]:
        return [seen.path for seen in self.seen]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        req = Req(handler, self.stopping)
        with self.lock:
            self.seen.append(Seen(req.path, req.headers, time.monotonic()))
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            self.routes.get(req.path.split("?")[0], _not_found)(req)
        except (BrokenPipeError, ConnectionResetError):
            handler.close_connection = True
        finally:
            with self.lock:
                self.active -= 1

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server._handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return _Handler


def _serve(host: str) -> Iterator[LocalServer]:
    server = LocalServer(host)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def make_server() -> Iterator[Callable[..., LocalServer]]:
    """Start extra servers (another host, or TLS with a given context); stopped after."""
    started: list[LocalServer] = []

    def make(host: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> LocalServer:
        server = LocalServer(host, tls)
        server.start()
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def server() -> Iterator[LocalServer]:
    yield from _serve("127.0.0.1")


@pytest.fixture
def server2() -> Iterator[LocalServer]:
    """A second host: 127.0.0.2 is loopback too on Linux, but a different host name."""
    yield from _serve("127.0.0.2")


@pytest.fixture
def fast_policy() -> Callable[..., FetchPolicy]:
    """FetchPolicy with short timeouts, tiny back-off and 127.0.0.0/8 opened."""

    def make(**overrides: Any) -> FetchPolicy:
        settings: dict[str, Any] = {
            "connect_timeout": 1.0,
            "read_timeout": 1.0,
            "deadline": 5.0,
            "backoff_base": 0.01,
            "backoff_max": 0.05,
            "retry_after_cap": 3.0,
            "per_host_delay": 0.0,
            "allowed_networks": ("127.0.0.0/8",),
        }
        settings.update(overrides)
        return FetchPolicy(**settings)

    return make


@dataclass
class ConnectLog:
    """Every address the fetcher's sockets were asked to connect to."""

    hosts: list[str] = field(default_factory=list)


@pytest.fixture
def connect_log(monkeypatch: pytest.MonkeyPatch) -> ConnectLog:
    """Record the (host, port) of each TCP connect below the pinned backend."""
    log = ConnectLog()
    original = httpcore.AnyIOBackend.connect_tcp

    async def recording(
        self: httpcore.AnyIOBackend, host: str, port: int, *args: Any, **kw: Any
    ) -> Any:
        log.hosts.append(host)
        return await original(self, host, port, *args, **kw)

    monkeypatch.setattr(httpcore.AnyIOBackend, "connect_tcp", recording)
    return log
