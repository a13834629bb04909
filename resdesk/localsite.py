"""Serve the local source site (or any folder) over real HTTP on 127.0.0.1.

The demo and the end-to-end tests scrape official-looking sources without the
internet: ``resdesk/data/site/`` holds a ministry's press releases (HTML), an agency's
RSS feed, a ReliefWeb-shaped JSON API and a PDF report, with ``MANIFEST.md`` as the
answer key. This module puts them behind a real socket so the scrapers exercise their
whole fetch path: content types, conditional requests, robots.txt, redirects, errors.

::

    with serve_site() as site:               # port 0: a free port is chosen
        httpx.get(site.url("/unhcr/news/feed.xml"))
        site.request_log                     # [RequestRecord(method, path, status, ...)]

    python -m resdesk.localsite --port 8765  # serves until Ctrl-C

How a request path maps to a file (the query string is ignored for files):

1. ``/a/b.ext`` is the file ``ROOT/a/b.ext``.
2. ``/a/`` is ``ROOT/a/index.html``; ``/a`` answers ``301`` to ``/a/`` when that exists.
   There is no directory listing: a folder without ``index.html`` is ``404``.
3. An extension-less path with no file or index gets ``.json`` then ``.html`` appended:
   ``/reliefweb/v1/reports?appname=x&limit=10`` serves ``reliefweb/v1/reports.json`` and
   ``/reliefweb/v1/reports/9100105`` serves ``reliefweb/v1/reports/9100105.json``.
4. Private and refused (``404``): any segment starting with ``_`` or ``.`` (the site's
   build scripts and answer key), ``MANIFEST.md``, ``..`` segments (also percent-encoded),
   backslashes, NUL bytes, and anything that resolves outside the root (symlinks).

Every file answer carries ``Content-Type`` by extension (``.xml`` is sniffed: an
``<rss`` document is ``application/rss+xml``), a strong ``ETag`` (sha256 of the bytes
sent), ``Last-Modified`` (the file's mtime) and ``Cache-Control: no-cache``; a matching
``If-None-Match`` (which wins) or a not-older ``If-Modified-Since`` gets ``304``.
``GET`` and ``HEAD`` only; other methods get ``405``.

Absolute URLs in the site's files use ``CANONICAL_ORIGIN`` (``http://127.0.0.1:8765``).
When serving elsewhere (another port), text responses have that origin rewritten to
the server's own ``base_url``, so feed links and API ``url`` fields lead back here;
``rewrite_origin=False`` serves the bytes exactly as stored.

Tests can also script the publisher: ``fail()`` (e.g. a 503 with ``Retry-After``),
``replace()`` (the page changed), ``remove()`` (the page was taken down) and ``reset()``.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import mimetypes
import socket
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import cast
from urllib.parse import unquote, urlsplit

__all__ = [
    "CANONICAL_ORIGIN",
    "DEFAULT_PORT",
    "DEFAULT_ROOT",
    "LocalSite",
    "RequestRecord",
    "content_type_for",
    "main",
    "serve_site",
    "start_site",
]

logger = logging.getLogger(__name__)

DEFAULT_ROOT = Path(__file__).resolve().parent / "data" / "site"
DEFAULT_PORT = 8765
CANONICAL_ORIGIN = f"http://127.0.0.1:{DEFAULT_PORT}"
FALLBACK_SUFFIXES = (".json", ".html")
PRIVATE_NAMES = frozenset({"MANIFEST.md"})
INDEX_FILE = "index.html"
ALLOWED_METHODS = "GET, HEAD"
HANDLER_TIMEOUT = 10.0  # seconds an idle keep-alive connection may hold a thread

_CONTENT_TYPES: Mapping[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".json": "application/json",
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".ico": "image/x-icon",
}
_TEXTUAL = frozenset(
    {
        "application/json",
        "application/rss+xml",
        "application/atom+xml",
        "application/xml",
        "image/svg+xml",
    }
)


def content_type_for(name: str, head: bytes = b"") -> str:
    """The Content-Type for a file called ``name`` whose first bytes are ``head``.

    ``.xml`` is sniffed, because feeds and sitemaps share the extension: a document
    whose root is ``<rss`` is RSS, ``<feed`` is Atom, anything else plain XML.
    """
    suffix = Path(name).suffix.lower()
    if suffix == ".xml":
        sample = head[:1024].lower()
        if b"<rss" in sample:
            return "application/rss+xml; charset=utf-8"
        if b"<feed" in sample:
            return "application/atom+xml; charset=utf-8"
        return "application/xml; charset=utf-8"
    if suffix in _CONTENT_TYPES:
        return _CONTENT_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def _is_textual(content_type: str) -> bool:
    base = content_type.split(";", 1)[0].strip()
    return base.startswith("text/") or base in _TEXTUAL


def _http_date(timestamp: float) -> str:
    return formatdate(timestamp, usegmt=True)


@dataclass(frozen=True)
class RequestRecord:
    """One request the server answered: what was asked and the status it got."""

    method: str
    path: str  # the request target as sent, query string included
    status: int
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def path_only(self) -> str:
        """``path`` without its query string."""
        return self.path.split("?", 1)[0]

    def header(self, name: str) -> str | None:
        """The first request header called ``name`` (case-insensitive), or None."""
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)


@dataclass
class _Override:
    """A scripted answer for one path, set by ``LocalSite.fail/replace/remove``."""

    status: int
    body: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...]
    remaining: int | None  # None: until reset
    modified: float  # for Last-Modified when status is 200


@dataclass(frozen=True)
class _Resolved:
    """A file chosen for a request, or a redirect target, or neither (404)."""

    file: Path | None = None
    redirect: str | None = None


class _Server(ThreadingHTTPServer):
    """The HTTP server plus the site's shared state (root, log, overrides)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], *, root: Path, rewrite_origin: bool) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)
        self.root = root.resolve()
        self.rewrite_origin = rewrite_origin
        self.base_url = ""  # set once the port is known
        self.lock = threading.Lock()
        self.log: list[RequestRecord] = []
        self.overrides: dict[str, _Override] = {}

    def handle_error(self, request: object, client_address: object) -> None:
        # A client hanging up mid-response is routine in tests; keep stderr quiet.
        logger.debug("error while handling %s", client_address, exc_info=True)

    def take_override(self, path: str) -> _Override | None:
        with self.lock:
            override = self.overrides.get(path)
            if override is None:
                return None
            if override.remaining is not None:
                override.remaining -= 1
                if override.remaining <= 0:
                    del self.overrides[path]
            return override

    def record(self, entry: RequestRecord) -> None:
        with self.lock:
            self.log.append(entry)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "resdesk-localsite/1"
    timeout = HANDLER_TIMEOUT
    disable_nagle_algorithm = True  # headers and body go out in two writes; no 40 ms stalls

    @property
    def site(self) -> _Server:
        return cast(_Server, self.server)

    def version_string(self) -> str:
        return self.server_version

    # ----------------------------------------------------------------- methods

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def _not_allowed(self) -> None:
        self.close_connection = True  # we do not read the request body
        self._send_simple(
            HTTPStatus.METHOD_NOT_ALLOWED,
            extra=(("Allow", ALLOWED_METHODS), ("Connection", "close")),
        )

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed

    # ----------------------------------------------------------------- logging

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        status = int(code) if isinstance(code, int) or str(code).isdigit() else 0
        headers = tuple(self.headers.items()) if getattr(self, "headers", None) else ()
        path = getattr(self, "path", None) or ""
        method = getattr(self, "command", None) or ""
        self.site.record(RequestRecord(method, path, status, headers))
        logger.debug("%s %s -> %s", method, path, status)

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("%s - %s", self.address_string(), format % args)

    # ----------------------------------------------------------------- serving

    def _serve(self, *, head: bool) -> None:
        raw_path, query = self._split_target()
        if raw_path is None:
            self._send_simple(HTTPStatus.BAD_REQUEST, head=head)
            return
        override = self.site.take_override(raw_path)
        if override is not None:
            self._send_override(override, head=head)
            return
        resolved = self._resolve(raw_path, query)
        if resolved.redirect is not None:
            self._send_simple(
                HTTPStatus.MOVED_PERMANENTLY,
                head=head,
                extra=(("Location", self.site.base_url + resolved.redirect),),
            )
        elif resolved.file is None:
            self._send_simple(HTTPStatus.NOT_FOUND, head=head)
        else:
            self._send_file(resolved.file, head=head)

    def _split_target(self) -> tuple[str | None, str]:
        """The path part of the request target (still percent-encoded) and the query."""
        target = self.path
        if target.startswith(("http://", "https://")):  # absolute-form
            parts = urlsplit(target)
            return (parts.path or "/"), parts.query
        if not target.startswith("/"):
            return None, ""
        target = target.split("#", 1)[0]
        path, _, query = target.partition("?")
        return path, query

    def _resolve(self, raw_path: str, query: str) -> _Resolved:
        try:
            decoded = unquote(raw_path, errors="strict")
        except UnicodeDecodeError:  # %ff and friends: no file has such a name
            return _Resolved()
        if "\\" in decoded or "\x00" in decoded:
            return _Resolved()
        segments = [s for s in decoded.split("/") if s not in ("", ".")]
        if any(s == ".." or s.startswith(("_", ".")) or s in PRIVATE_NAMES for s in segments):
            return _Resolved()
        root = self.site.root
        candidate = root.joinpath(*segments)
        trailing = decoded.endswith("/")
        if self._inside(candidate) and candidate.is_file():
            return _Resolved(file=candidate) if not trailing else _Resolved()
        if self._inside(candidate) and candidate.is_dir():
            index = candidate / INDEX_FILE
            if self._inside(index) and index.is_file():
                if trailing or not segments:
                    return _Resolved(file=index)
                return _Resolved(redirect=raw_path + "/" + (f"?{query}" if query else ""))
        if segments and not trailing and "." not in segments[-1]:
            for suffix in FALLBACK_SUFFIXES:
                sibling = candidate.with_name(segments[-1] + suffix)
                if self._inside(sibling) and sibling.is_file():
                    return _Resolved(file=sibling)
        return _Resolved()

    def _inside(self, path: Path) -> bool:
        """True when ``path`` (symlinks followed) stays under the served root."""
        try:
            return path.resolve().is_relative_to(self.site.root)
        except (OSError, RuntimeError):  # unreadable, or a symlink loop
            return False

    def _send_file(self, path: Path, *, head: bool) -> None:
        try:
            body = path.read_bytes()
            mtime = path.stat().st_mtime
        except OSError:
            self._send_simple(HTTPStatus.NOT_FOUND, head=head)
            return
        content_type = content_type_for(path.name, body)
        body = self._rewrite(body, content_type)
        self._send_body(HTTPStatus.OK, body, content_type, mtime, head=head)

    def _rewrite(self, body: bytes, content_type: str) -> bytes:
        base = self.site.base_url
        if not self.site.rewrite_origin or base == CANONICAL_ORIGIN:
            return body
        if not _is_textual(content_type):
            return body
        return body.replace(CANONICAL_ORIGIN.encode(), base.encode())

    def _send_override(self, override: _Override, *, head: bool) -> None:
        if override.status == HTTPStatus.OK:
            self._send_body(
                HTTPStatus.OK,
                override.body,
                override.content_type,
                override.modified,
                head=head,
                extra=override.headers,
            )
        else:
            self._send_simple(
                HTTPStatus(override.status), head=head, extra=override.headers, body=override.body
            )

    def _send_body(
        self,
        status: HTTPStatus,
        body: bytes,
        content_type: str,
        mtime: float,
        *,
        head: bool,
        extra: Sequence[tuple[str, str]] = (),
    ) -> None:
        etag = '"' + hashlib.sha256(body).hexdigest() + '"'
        last_modified = _http_date(int(mtime))
        validators = [("ETag", etag), ("Last-Modified", last_modified)]
        if self._not_modified(etag, mtime):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            for name, value in [*validators, ("Cache-Control", "no-cache"), *extra]:
                self.send_header(name, value)
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in [*validators, ("Cache-Control", "no-cache"), *extra]:
            self.send_header(name, value)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _not_modified(self, etag: str, mtime: float) -> bool:
        """RFC 9110 13.2.2: If-None-Match decides when present, else If-Modified-Since."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = [tag.strip() for tag in if_none_match.split(",")]
            return "*" in tags or any(tag.removeprefix("W/") == etag for tag in tags)
        if_modified_since = self.headers.get("If-Modified-Since")
        if not if_modified_since:
            return False
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError, IndexError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return int(mtime) <= since.timestamp()

    def _send_simple(
        self,
        status: HTTPStatus,
        *,
        head: bool = False,
        extra: Sequence[tuple[str, str]] = (),
        body: bytes = b"",
    ) -> None:
        """A short HTML answer for errors and redirects (no validators)."""
        if not body:
            body = (
                f"<!DOCTYPE html><html><head><title>{status.value} {status.phrase}</title>"
                f"</head><body><h1>{status.value} {status.phrase}</h1></body></html>\n"
            ).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)


class LocalSite:
    """A running local site: its address, what it was asked, and a few scripted answers.

    Build it with ``serve_site()`` (a context manager) or ``start_site()`` (call
    ``stop()`` yourself). Safe to use from the test thread while the server runs.
    """

    def __init__(self, server: _Server, thread: threading.Thread) -> None:
        self._server = server
        self._thread = thread
        self._stopped = False

    @property
    def base_url(self) -> str:
        """``http://host:port`` with no trailing slash."""
        return self._server.base_url

    @property
    def root(self) -> Path:
        return self._server.root

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str = "/") -> str:
        """The absolute URL of a site path (``"/unhcr/news/feed.xml"``)."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    @property
    def request_log(self) -> list[RequestRecord]:
        """Every request answered so far, oldest first (a copy)."""
        with self._server.lock:
            return list(self._server.log)

    def requests_for(self, path: str) -> list[RequestRecord]:
        """The logged requests whose path, query aside, is ``path``."""
        return [r for r in self.request_log if r.path_only == path]

    def clear_log(self) -> None:
        with self._server.lock:
            self._server.log.clear()

    def fail(
        self,
        path: str,
        status: int = HTTPStatus.SERVICE_UNAVAILABLE,
        *,
        times: int | None = 1,
        retry_after: int | None = None,
    ) -> None:
        """Answer the next ``times`` requests for ``path`` with ``status`` (None: until reset)."""
        headers = (("Retry-After", str(retry_after)),) if retry_after is not None else ()
        code = HTTPStatus(status)  # ValueError now rather than a broken answer later
        self._set(path, _Override(code, b"", "", headers, times, time.time()))

    def replace(self, path: str, body: bytes | str, content_type: str | None = None) -> None:
        """Serve ``body`` at ``path`` from now on, as if the publisher edited the page.

        The path need not exist on disk. Validators follow the new bytes: a new ETag and
        Last-Modified set to now. The origin is not rewritten in replaced bodies.
        """
        data = body.encode("utf-8") if isinstance(body, str) else body
        kind = content_type or content_type_for(path.rstrip("/") or "index.html", data)
        if path.endswith("/"):
            kind = content_type or "text/html; charset=utf-8"
        self._set(path, _Override(HTTPStatus.OK, data, kind, (), None, time.time()))

    def remove(self, path: str, status: int = HTTPStatus.NOT_FOUND) -> None:
        """Answer ``status`` (404, or 410 Gone) for ``path`` until ``reset()``."""
        self._set(path, _Override(HTTPStatus(status), b"", "", (), None, time.time()))

    def reset(self) -> None:
        """Forget every ``fail``/``replace``/``remove``; the files answer again."""
        with self._server.lock:
            self._server.overrides.clear()

    def _set(self, path: str, override: _Override) -> None:
        """Key ``override`` by the path as clients send it (percent-encoded, no query)."""
        if not path.startswith("/"):
            raise ValueError(f"site paths start with '/': {path!r}")
        with self._server.lock:
            self._server.overrides[path.split("?", 1)[0]] = override

    def stop(self) -> None:
        """Stop serving and release the port. Safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LocalSite:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"LocalSite({self.base_url!r}, root={str(self.root)!r})"


def start_site(
    root: Path | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    rewrite_origin: bool = True,
) -> LocalSite:
    """Start serving ``root`` (default: the bundled site) in a daemon thread.

    ``port=0`` picks a free port; read it from ``LocalSite.base_url``.
    """
    folder = (root or DEFAULT_ROOT).resolve()
    if not folder.is_dir():
        raise FileNotFoundError(f"site root is not a folder: {folder}")
    server = _Server((host, port), root=folder, rewrite_origin=rewrite_origin)
    bound_port = int(server.server_address[1])
    shown_host = f"[{host}]" if ":" in host else host
    server.base_url = f"http://{shown_host}:{bound_port}"
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        name=f"localsite-{bound_port}",
        daemon=True,
    )
    thread.start()
    logger.debug("serving %s at %s", folder, server.base_url)
    return LocalSite(server, thread)


@contextmanager
def serve_site(
    root: Path | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    rewrite_origin: bool = True,
) -> Iterator[LocalSite]:
    """Serve ``root`` for the duration of a ``with`` block; yields the ``LocalSite``."""
    site = start_site(root, host, port, rewrite_origin=rewrite_origin)
    try:
        yield site
    finally:
        site.stop()


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m resdesk.localsite [--host H] [--port P] [--root DIR]``: serve until Ctrl-C."""
    parser = argparse.ArgumentParser(
        prog="python -m resdesk.localsite",
        description="Serve the Resolution Desk local source site over HTTP.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port, 0 for any ({DEFAULT_PORT})"
    )
    parser.add_argument("--root", type=Path, default=None, help="folder to serve (the demo site)")
    parser.add_argument(
        "--no-rewrite",
        action="store_true",
        help=f"serve bytes as stored, without rewriting {CANONICAL_ORIGIN}",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    if args.verbose:
        logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")
        logger.setLevel(logging.DEBUG)
    try:
        site = start_site(args.root, args.host, args.port, rewrite_origin=not args.no_rewrite)
    except (OSError, FileNotFoundError) as exc:
        print(f"localsite: cannot serve: {exc}", file=sys.stderr)
        return 2
    print(f"Serving {site.root} at {site.base_url}/ (Ctrl-C to stop)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        site.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
