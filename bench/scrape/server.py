"""A lean HTTP/1.1 server for the benchmark site, meant to run in its own process.

``python -m bench.scrape.server ROOT`` loads every file under ROOT into memory (with a
strong ETag, the sha256 of the bytes), listens on 127.0.0.1 (a free port), prints
``PORT <n>`` and serves until stdin closes or SIGTERM arrives. It speaks just enough
HTTP/1.1 for crawlers: GET and HEAD, keep-alive, ``If-None-Match`` → 304, ``/x/`` →
``x/index.html``. An asyncio protocol with no per-request disk access or hashing, so
the server is never what the benchmark measures.

Control paths (never linked from the site, so no crawler finds them):
``/__bench__/stats`` (JSON: answers by kind and status, and connections opened, since
the last reset), ``/__bench__/reset`` (the same, then counts anew) and
``/__bench__/reload`` (re-reads ROOT after its files were changed).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import signal
import sys
from collections import Counter
from email.utils import formatdate
from pathlib import Path

CONTROL = "/__bench__/"
_TYPES = {".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8"}
_MAX_HEAD = 16 * 1024


class Site:
    """Every file of the site in memory, keyed by the URL path that serves it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, tuple[bytes, bytes, bytes]] = {}  # path → body, etag, type
        self.stats: Counter[str] = Counter()
        self.modified = formatdate(usegmt=True).encode()
        self.load()

    def load(self) -> None:
        files = {}
        for path in self.root.rglob("*"):
            if not path.is_file():
                continue
            rel = "/" + path.relative_to(self.root).as_posix()
            if rel.endswith("/index.html"):
                rel = rel.removesuffix("index.html")
            body = path.read_bytes()
            etag = b'"' + hashlib.sha256(body).hexdigest().encode() + b'"'
            kind = _TYPES.get(path.suffix, "application/octet-stream").encode()
            files[rel] = (body, etag, kind)
        self.files = files

    def kind(self, path: str) -> str:
        if path == "/robots.txt":
            return "robots"
        if path.endswith("/"):
            return "listing"
        return "detail"

    def control(self, path: str) -> bytes:
        action = path.removeprefix(CONTROL)
        answer = json.dumps(dict(self.stats), sort_keys=True).encode()
        if action == "reset":
            self.stats.clear()
        elif action == "reload":
            self.load()
        return answer


class HttpProtocol(asyncio.Protocol):
    def __init__(self, site: Site) -> None:
        self.site = site
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.site.stats["connections"] += 1

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
            if not self.handle(head):
                return
        if len(self.buffer) > _MAX_HEAD and self.transport is not None:
            self.transport.close()

    def handle(self, head: bytes) -> bool:
        """Answer one request; False when the connection was closed."""
        assert self.transport is not None
        lines = head.split(b"\r\n")
        try:
            method, target, version = lines[0].decode("latin-1").split(" ", 2)
        except ValueError:
            self.send(b"400 Bad Request", b"", [], close=True)
            return False
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        close = headers.get(b"connection", b"").lower() == b"close" or version == "HTTP/1.0"
        path = target.split("?", 1)[0].split("#", 1)[0]
        if method not in ("GET", "HEAD"):
            self.send(b"405 Method Not Allowed", b"", [(b"Allow", b"GET, HEAD")], close=True)
            return False
        if path.startswith(CONTROL):
            body = self.site.control(path)
            self.send(b"200 OK", body, [(b"Content-Type", b"application/json")], close=close)
            return not close
        found = self.site.files.get(path)
        kind = self.site.kind(path)
        if found is None:
            self.site.stats[f"{kind} 404"] += 1
            self.send(b"404 Not Found", b"not found\n", [], close=close)
            return not close
        body, etag, content_type = found
        validators = [(b"ETag", etag), (b"Last-Modified", self.site.modified)]
        validators.append((b"Cache-Control", b"no-cache"))
        inm = headers.get(b"if-none-match")
        if inm is not None and (inm == b"*" or etag in [t.strip() for t in inm.split(b",")]):
            self.site.stats[f"{kind} 304"] += 1
            self.send(b"304 Not Modified", None, validators, close=close)
        else:
            self.site.stats[f"{kind} 200"] += 1
            payload = b"" if method == "HEAD" else body
            extra = [(b"Content-Type", content_type), *validators]
            self.send(b"200 OK", payload, extra, close=close, length=len(body))
        return not close

    def send(
        self,
        status: bytes,
        body: bytes | None,
        headers: list[tuple[bytes, bytes]],
        *,
        close: bool,
        length: int | None = None,
    ) -> None:
        assert self.transport is not None
        out = [b"HTTP/1.1 " + status, b"Server: bench-site"]
        out += [name + b": " + value for name, value in headers]
        if body is not None:
            out.append(b"Content-Length: " + str(len(body) if length is None else length).encode())
        if close:
            out.append(b"Connection: close")
        self.transport.write(b"\r\n".join(out) + b"\r\n\r\n" + (body or b""))
        if close:
            self.transport.close()


async def serve(root: Path, host: str = "127.0.0.1", port: int = 0) -> None:
    site = Site(root)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: HttpProtocol(site), host, port, backlog=256)
    bound = server.sockets[0].getsockname()[1]
    print(f"PORT {bound}", flush=True)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    stdin = sys.stdin.fileno()  # the parent closing our stdin (or dying) stops us too
    loop.add_reader(stdin, lambda: None if os.read(stdin, 1) else stop.set())
    async with server:
        await stop.wait()


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: python -m bench.scrape.server ROOT", file=sys.stderr)
        return 2
    asyncio.run(serve(Path(sys.argv[1])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
