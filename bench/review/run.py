"""Review benchmark: queue page, proposal page and a decision under 20 concurrent clients.

    .venv/bin/python -m bench.review.run [--proposals 100000] [--clients 20]
        [--requests 1000] [--seconds 20] [--workers 2] [--think-ms 0,250]

1. Makes a scratch schema on PostgreSQL (RESDESK_TEST_DATABASE_URL or the test server at
   127.0.0.1:5432), migrates it with Alembic and bulk-loads ``--proposals`` pending
   proposals with COPY (two outcomes per question, one citation each).
2. Starts ``uvicorn bench.review.server:make_app`` (the real review app) in a separate
   process on a free loopback port.
3. From this process, signs in ``--clients`` reviewers through the login form, then runs
   one phase per endpoint with that many concurrent asyncio/httpx clients, each phase
   bounded by a request count and a time limit: a bare constant endpoint (``/healthz``),
   the queue's first page, a proposal page (100 proposals in turn, so repeats), a
   proposal page on a different proposal every time (never a repeat: the page cache
   cannot help), and a decision (approve through the web form, each on a different
   proposal).
4. Prints p50/p95/p99 per phase beside the bare endpoint's (ratio) and the share of
   responses served from the page cache (``X-Cache: hit``), then drops the schema.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import psycopg
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from db.engine import create_db_engine, make_sessionmaker, migrate, session_scope
from review.users import add_user

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PASSWORD = "bench-password-123"
TARGET_P95_MS = 50.0


# --- data ------------------------------------------------------------------------------------


def scratch_schema(base: str) -> tuple[str, str]:
    schema = f"bench_review_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return schema, url.render_as_string(hide_password=False)


def drop_schema(base: str, schema: str) -> None:
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def _copy(cur: psycopg.Cursor[Any], table: str, cols: list[str], rows: Any) -> None:
    quoted = ", ".join(f'"{c}"' for c in cols)
    with cur.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def load(url: str, proposals: int) -> None:
    """Questions, outcomes, findings, proposals and citations by COPY; ids set by us."""
    questions = proposals // 2
    now = datetime.now(UTC)
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        _copy(
            cur,
            "questions",
            [
                "id",
                "title",
                "resolution_source",
                "context",
                "status",
                "content_sha256",
                "matched_through",
                "spec",
                "resolvable",
                "created_at",
                "updated_at",
                "version",
            ],
            (
                (
                    f"q{i:06d}",
                    f"Will event {i} happen before the deadline?",
                    "Ministry",
                    "",
                    "proposed",
                    f"{i:064x}",
                    0,
                    "{}",
                    True,
                    now,
                    now,
                    1,
                )
                for i in range(questions)
            ),
        )
        _copy(
            cur,
            "outcomes",
            ["id", "question_id", "position", "label", "probability", "cues"],
            (
                (2 * i + k + 1, f"q{i:06d}", k, ("Yes", "No")[k], 0.5, "[]")
                for i in range(questions)
                for k in (0, 1)
            ),
        )
        text_of = "The ministry confirmed that event {i} happened on Thursday, officials said."
        _copy(
            cur,
            "findings",
            [
                "id",
                "url",
                "source",
                "title",
                "text",
                "text_sha256",
                "withdrawn",
                "created_at",
                "published_at",
            ],
            (
                (
                    i + 1,
                    f"https://ministry.example/{i}",
                    "Ministry",
                    f"Statement {i}",
                    text_of.format(i=i),
                    f"{i:064x}",
                    False,
                    now,
                    now,
                )
                for i in range(questions)
            ),
        )
        _copy(
            cur,
            "proposals",
            [
                "id",
                "question_id",
                "outcome_id",
                "confidence",
                "status",
                "breakdown",
                "created_at",
                "version",
                "review_round",
            ],
            (
                (
                    n + 1,
                    f"q{n // 2:06d}",
                    n + 1,
                    round(0.55 + (n * 7919 % 4500) / 10000, 4),
                    "pending",
                    json.dumps({"support": 0.9, "relevance": 1.0, "authority": 1.0}),
                    now,
                    1,
                    1,
                )
                for n in range(proposals)
            ),
        )
        _copy(
            cur,
            "citations",
            ["id", "proposal_id", "finding_id", "quote", "start", "end", "created_at"],
            (
                (
                    n + 1,
                    n + 1,
                    n // 2 + 1,
                    f"The ministry confirmed that event {n // 2} happened",
                    0,
                    len(f"The ministry confirmed that event {n // 2} happened"),
                    now,
                )
                for n in range(proposals)
            ),
        )
        for table in ("outcomes", "findings", "proposals", "citations"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        conn.commit()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")  # visibility map: index-only scans for the counts


def add_reviewers(url: str, clients: int) -> list[str]:
    factory = make_sessionmaker(create_db_engine(url))
    names = [f"bench{i:02d}" for i in range(clients)]
    with session_scope(factory) as s:
        for name in names:
            add_user(s, name, "reviewer", actor="bench", password=PASSWORD)
    return names


# --- server ----------------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "BENCH_DATABASE_URL": url}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.review.server:make_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the benchmark server did not start")


# --- load ------------------------------------------------------------------------------------


@dataclass
class Client:
    """One simulated reviewer: a keep-alive connection, a session cookie, a CSRF token."""

    host: str
    port: int
    cookie: str
    csrf: str
    proposals: list[int] = field(default_factory=list)
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    cache_hit: bool = False  # the last response's X-Cache header said "hit"

    async def request(self, method: str, path: str, body: bytes = b"") -> int:
        """One HTTP/1.1 request on the kept-alive connection; returns the status code.

        Hand-written on asyncio streams because the load generator shares the machine
        with the server: a full HTTP client would spend more CPU than the server.
        """
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Cookie: {self.cookie}\r\nOrigin: http://{self.host}:{self.port}\r\n"
        )
        if body:
            head += (
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\n"
            )
        self.writer.write(head.encode() + b"\r\n" + body)
        status_line = await self.reader.readline()
        length = 0
        self.cache_hit = False
        close = False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
            elif line[:8].lower() == b"x-cache:":
                self.cache_hit = line[8:].strip().lower() == b"hit"
            elif line[:11].lower() == b"connection:":
                close = line[11:].strip().lower() == b"close"
        await self.reader.readexactly(length)
        if close:  # the server ends the connection: the next request opens a new one
            await self.close()
            self.writer = None
        return int(status_line.split()[1])

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def sign_in(base: str, name: str) -> Client:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        form = (await http.get("/login")).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
        r = await http.post(
            "/login",
            data={"name": name, "password": PASSWORD, "csrf_token": token},
            follow_redirects=True,
        )
        if "/queue" not in str(r.url):
            raise SystemExit(f"sign-in failed for {name}")
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', r.text).group(1)  # type: ignore[union-attr]
        session = http.cookies.get("resdesk_session")
    url = httpx.URL(base)
    return Client(str(url.host), int(url.port or 80), f"resdesk_session={session}", csrf)


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    hits: int = 0
    seconds: float = 0.0

    def stats(self) -> dict[str, float]:
        lat = sorted(self.latencies)
        if not lat:
            return {"n": 0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "rps": 0.0}
        q = statistics.quantiles(lat, n=100, method="inclusive")
        return {
            "n": len(lat),
            "p50": q[49],
            "p95": q[94],
            "p99": q[98],
            "rps": len(lat) / self.seconds if self.seconds else 0.0,
        }


async def run_phase(
    name: str, clients: list[Client], request: Any, total: int, seconds: float, think: float
) -> Phase:
    """Every client sends requests back to back (or with ``think`` seconds between them)
    until ``total`` requests were sent or ``seconds`` passed."""
    phase = Phase(name)
    remaining = total
    deadline = time.monotonic() + seconds

    async def worker(i: int, c: Client) -> None:
        nonlocal remaining
        if think:
            await asyncio.sleep(think * i / len(clients))  # spread the clients out
        while remaining > 0 and time.monotonic() < deadline:
            remaining -= 1
            t0 = time.perf_counter()
            try:
                ok = await request(c)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                ok = False
                await c.close()
                c.writer = None
            phase.latencies.append((time.perf_counter() - t0) * 1000)
            phase.errors += 0 if ok else 1
            phase.hits += 1 if ok and c.cache_hit else 0
            if think:
                await asyncio.sleep(think)

    start = time.monotonic()
    await asyncio.gather(*(worker(i, c) for i, c in enumerate(clients)))
    phase.seconds = time.monotonic() - start
    return phase


async def load_test(
    base: str, names: list[str], pools: list[list[int]], args: argparse.Namespace
) -> list[Phase]:
    clients = [await sign_in(base, n) for n in names]
    for c, pool in zip(clients, pools, strict=True):
        c.proposals = pool  # shared across runs: a proposal is decided once
    # a proposal page: 100 proposals viewed over and over by the 20 reviewers (a page
    # cache serves the repeats), then a different proposal on every request (all misses)
    ids = itertools.cycle(range(2, args.proposals + 1, max(1, args.proposals // 100)))
    new_ids = itertools.cycle(range(4, args.proposals + 1, 38))

    async def bare(c: Client) -> bool:
        return await c.request("GET", "/healthz") == 200

    async def queue(c: Client) -> bool:
        return await c.request("GET", "/queue") == 200

    async def proposal(c: Client) -> bool:
        return await c.request("GET", f"/proposals/{next(ids)}") == 200

    async def new_proposal(c: Client) -> bool:
        return await c.request("GET", f"/proposals/{next(new_ids)}") == 200

    async def decide(c: Client) -> bool:
        body = f"action=approve&note=bench&csrf_token={c.csrf}".encode()
        return await c.request("POST", f"/proposals/{c.proposals.pop()}/decide", body) == 303

    think = args.think_ms / 1000
    phases = []
    for name, fn in (
        ("bare /healthz", bare),
        ("queue first page", queue),
        ("proposal page", proposal),
        ("proposal, each new", new_proposal),
        ("decision (approve)", decide),
    ):
        await run_phase("warm-up", clients, fn, 100, 5, 0)
        phases.append(await run_phase(name, clients, fn, args.requests, args.seconds, think))
    for c in clients:
        await c.close()
    return phases


def report(phases: list[Phase], args: argparse.Namespace) -> str:
    bare = phases[0].stats()["p95"] or 1.0
    out = io.StringIO()
    out.write(
        f"{args.proposals} pending proposals on PostgreSQL, {args.clients} concurrent "
        f"clients, {args.workers} uvicorn worker(s), think time {args.think_ms} ms\n"
    )
    out.write(
        f"{'phase':<20} {'n':>6} {'err':>4} {'rps':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'p95/bare':>9} {'cached':>7}\n"
    )
    for p in phases:
        s = p.stats()
        out.write(
            f"{p.name:<20} {s['n']:>6} {p.errors:>4} {s['rps']:>7.0f} {s['p50']:>8.1f} "
            f"{s['p95']:>8.1f} {s['p99']:>8.1f} {s['p95'] / bare:>9.1f} "
            f"{100 * p.hits / max(1, s['n']):>6.0f}%\n"
        )
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=1000, help="per phase")
    parser.add_argument("--seconds", type=float, default=20, help="per phase, at most")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--think-ms",
        type=lambda v: [float(x) for x in v.split(",")],
        default=[0.0, 250.0],
        help="pause between a client's requests, ms; a comma list runs each "
        "(0: back to back, closed loop)",
    )
    args = parser.parse_args()
    base = os.environ.get("RESDESK_TEST_DATABASE_URL", PG_DEFAULT)
    schema, url = scratch_schema(base)
    proc = None
    try:
        t0 = time.monotonic()
        migrate(create_db_engine(url))
        load(url, args.proposals)
        names = add_reviewers(url, args.clients)
        print(f"loaded {args.proposals} proposals in {time.monotonic() - t0:.1f} s", flush=True)
        proc, server = start_server(url, args.workers)
        # each client approves its own questions' "Yes" proposals (even ids are the "No" ones)
        pools = [
            list(range(1 + 2 * i, args.proposals + 1, 2 * args.clients))
            for i in range(args.clients)
        ]
        for think in args.think_ms:
            run_args = argparse.Namespace(**{**vars(args), "think_ms": think})
            phases = asyncio.run(load_test(server, names, pools, run_args))
            print(report(phases, run_args), flush=True)
            worst = max(p.stats()["p95"] for p in phases[1:])
            verdict = "within" if worst < TARGET_P95_MS else "OVER"
            print(f"worst p95 {worst:.1f} ms: {verdict} the {TARGET_P95_MS:.0f} ms target\n")
        print(f"load average after the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)
        drop_schema(base, schema)


if __name__ == "__main__":
    main()
