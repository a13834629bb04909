"""In-process cost of the review pages: one request at a time, no network, no uvicorn.

    .venv/bin/python -m bench.review.profile [--proposals 100000] [--keep] [--schema S]
        [--n 200] [--cprofile PATH]

Loads a scratch schema like ``bench.review.run`` (or reuses ``--schema``), then times the
queue's first page, a proposal page (the same one again: cached; a new one each time:
uncached), the REST API's queue page and proposal, through Starlette's TestClient.
``--keep`` leaves the schema for the next run (drop it yourself, or run without it).
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import os
import statistics
import time
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from bench.review.run import PASSWORD, PG_DEFAULT, add_reviewers, drop_schema, load, scratch_schema
from db.engine import create_db_engine, make_sessionmaker, migrate, session_scope
from review import users
from review.api import create_app
from review.settings import ReviewSettings


def timed(fn: Callable[[], object], n: int) -> tuple[float, float]:
    """(median, mean) milliseconds of ``n`` calls of ``fn``."""
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), statistics.fmean(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=100_000)
    parser.add_argument("--schema", help="reuse this scratch schema (already loaded)")
    parser.add_argument("--keep", action="store_true", help="do not drop the schema")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--cprofile", help="write a cProfile of the uncached pages here")
    args = parser.parse_args()
    base = os.environ.get("RESDESK_TEST_DATABASE_URL", PG_DEFAULT)
    if args.schema:
        schema = args.schema
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        url_s = url.render_as_string(hide_password=False)
    else:
        schema, url_s = scratch_schema(base)
        migrate(create_db_engine(url_s))
        load(url_s, args.proposals)
        add_reviewers(url_s, 1)
        print(f"schema {schema}", flush=True)
    try:
        factory = make_sessionmaker(create_db_engine(url_s))
        with session_scope(factory) as s:
            if users.find_user(s, "profiler") is None:
                users.add_user(s, "profiler", "reviewer", actor="bench")
            token = users.create_token(s, "profiler", actor="bench")
        app = create_app(factory, ReviewSettings(double_review_below=0.0))
        with TestClient(app, base_url="http://127.0.0.1") as web, TestClient(app) as api:
            form = web.get("/login").text
            csrf = form.split('name="csrf_token" value="')[1].split('"')[0]
            r = web.post(
                "/login", data={"name": "bench00", "password": PASSWORD, "csrf_token": csrf}
            )
            assert r.status_code == 200, r.status_code
            auth = {"Authorization": f"Bearer {token}"}
            fresh = itertools.count(3, 97)
            cases: dict[str, Callable[[], object]] = {
                "bare /healthz": lambda: web.get("/healthz"),
                "queue first page": lambda: web.get("/queue"),
                "proposal page (same)": lambda: web.get("/proposals/2"),
                "proposal page (new id)": lambda: web.get(f"/proposals/{next(fresh)}"),
                "api queue page": lambda: api.get("/api/proposals?status=pending", headers=auth),
                "api proposal (same)": lambda: api.get("/api/proposals/2", headers=auth),
                "api proposal (new id)": lambda: api.get(
                    f"/api/proposals/{next(fresh)}", headers=auth
                ),
            }
            for name, fn in cases.items():
                fn()  # warm
                med, mean = timed(fn, args.n)
                print(f"{name:<24} median {med:6.2f} ms   mean {mean:6.2f} ms", flush=True)
            if args.cprofile:
                prof = cProfile.Profile()
                prof.enable()
                for _ in range(args.n):
                    cases["proposal page (new id)"]()
                    cases["api proposal (new id)"]()
                prof.disable()
                prof.dump_stats(args.cprofile)
    finally:
        if not args.keep and not args.schema:
            drop_schema(base, schema)


if __name__ == "__main__":
    main()
