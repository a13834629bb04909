"""``python -m bench.scrape``: Resolution Desk's scraping path against Scrapy, same site.

1. Generates the benchmark site (``bench.scrape.site``: 20 listing pages, 2,000 press
   releases) in a temporary folder and serves it from a separate process
   (``bench.scrape.server``: in memory, ETag / If-None-Match → 304) on 127.0.0.1.
2. Runs our path (``bench.scrape.ours``: fetch, parse, snapshot, store into a fresh
   migrated SQLite database in a temporary RESDESK_HOME) in its own process.
3. Runs Scrapy (``bench.scrape.scrapy_run``: crawl + CSS-selector parsing, items to a
   JSON Lines feed, no archiving or database) in its own process.
4. Prints pages/second for both, the ratio ours/Scrapy and each one's peak memory.
5. Re-polls the unchanged site with our path (and once more after the listing pages
   were re-rendered with a new timestamp, articles unchanged): the share of pages
   answered 304 or not requested at all, and the new findings.

Every child process and the whole run are bounded by timeouts. ``--json PATH`` also
writes the figures as JSON.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import select
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.scrape.site import generate, rerender_listings

PROJECT = Path(__file__).resolve().parents[2]
CHILD_TIMEOUT = 300.0  # seconds for one contender's process
RUN_TIMEOUT = 900.0  # seconds for the whole run; children get what is left of it
SERVER_START_TIMEOUT = 30.0
TARGET_RATIO = 1.0
TARGET_REPOLL_SHARE = 0.95


class Server:
    """The site server in its own process; stops when we close its stdin."""

    def __init__(self, root: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.scrape.server", str(root)],
            cwd=PROJECT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.port = self._read_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def _read_port(self) -> int:
        stdout = self.proc.stdout
        assert stdout is not None
        ready, _, _ = select.select([stdout], [], [], SERVER_START_TIMEOUT)
        line = stdout.readline() if ready else ""
        if not line.startswith("PORT "):
            self.stop()
            raise RuntimeError(f"the site server did not start: {line!r}")
        return int(line.split()[1])

    def control(self, action: str) -> dict[str, int]:
        with self._opener.open(f"{self.base}/__bench__/{action}", timeout=10) as response:
            data: dict[str, int] = json.loads(response.read())
            return data

    def stop(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)


_DEADLINE = [time.monotonic() + RUN_TIMEOUT]


def run_child(module: str, args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run ``python -m module args`` and return the JSON line it prints last."""
    started = time.perf_counter()
    left = _DEADLINE[0] - time.monotonic()
    if left <= 0:
        raise TimeoutError(f"the benchmark ran out of its {RUN_TIMEOUT:.0f} s budget")
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=PROJECT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=min(CHILD_TIMEOUT, left),
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(
            f"{module} failed (exit {done.returncode}):\n{done.stdout[-2000:]}\n"
            f"{done.stderr[-4000:]}"
        )
    result: dict[str, Any] = json.loads(lines[-1])
    result["process_seconds"] = time.perf_counter() - started
    return result


def repoll(server: Server, base: str, env: dict[str, str], known_pages: int) -> dict[str, Any]:
    """Our path once more over the site; what the server answered, and what was stored."""
    server.control("reset")
    result = run_child("bench.scrape.ours", ["--base", base], env)
    stats = server.control("stats")
    pages = {k: n for k, n in stats.items() if k.startswith(("listing ", "detail "))}
    requested = sum(pages.values())
    answered_304 = sum(n for k, n in pages.items() if k.endswith(" 304"))
    not_requested = max(0, known_pages - requested)
    report = result["report"]
    return {
        "requests": requested,
        "answered_304": answered_304,
        "answered_200": requested - answered_304,
        "not_requested": not_requested,
        "share_304_or_skipped": (answered_304 + not_requested) / known_pages,
        "connections": stats.get("connections", 0),
        "new_findings": report["new"] + report["versions"],
        "findings_in_db": result["findings_in_db"],
        "seconds": result["seconds"],
        "server": stats,
        "report": report,
    }


def mb(kb: int) -> float:
    return kb / 1024


def _contender(name: str, r: dict[str, Any]) -> list[str]:
    per_page = 1000 * r["cpu_s"] / r["pages"] if r["pages"] else 0.0
    memory = f"peak RSS {mb(r['peak_rss_kb']):.0f} MB (at the start {mb(r['base_rss_kb']):.0f} MB)"
    if r.get("children"):
        memory += (
            f"; with its {r['children']} helper processes {mb(r['tree_peak_rss_kb']):.0f} MB"
            " (sum of each process's peak)"
        )
    return [
        f"{name:<16} {r['pages']} pages in {r['seconds']:.1f} s = {r['pages_per_s']:.1f} pages/s"
        f"; CPU {r['cpu_s']:.1f} s = {per_page:.1f} ms/page; "
        f"{r.get('server', {}).get('connections', '?')} connections",
        f"{'':<16} {memory}",
    ]


def summary(figures: dict[str, Any]) -> str:
    ours, scrapy = figures["ours"], figures["scrapy"]
    ratio = figures["ratio"]
    lines = [
        f"machine: {figures['machine']}",
        f"site: {figures['site']['listing_pages']} listing pages + "
        f"{figures['site']['releases']} press releases "
        f"({figures['site']['bytes'] / 1e6:.1f} MB), served from its own process",
        "",
        *_contender("Resolution Desk", ours),
        f"{'':<16} fetch + parse + snapshot on disk + findings in SQLite: "
        f"{ours['findings_in_db']} findings ({ours['findings_with_title_date_text']} with "
        f"title, date and text), {ours['snapshot_files']} snapshot files",
    ]
    if scrapy.get("pages"):
        cpu_ratio = (scrapy["cpu_s"] / scrapy["pages"]) / (ours["cpu_s"] / ours["pages"])
        lines += [
            *_contender(f"Scrapy {figures['scrapy_version']}", scrapy),
            f"{'':<16} fetch + parse (CSS selectors) + JSON Lines feed: "
            f"{scrapy['items']} items ({scrapy['items_with_text']} with title, date and "
            "text); no archiving, no database",
            f"ratio ours/Scrapy: {ratio:.2f} in pages/s (target >= {TARGET_RATIO:.1f}: "
            f"{'met' if ratio >= TARGET_RATIO else 'NOT met'}); {cpu_ratio:.2f} in CPU time "
            "per page",
        ]
    lines.append(
        "load average (1 min) after each: ours {:.1f}, Scrapy {:.1f}".format(
            ours["loadavg"][0], scrapy.get("loadavg", [0.0])[0]
        )
    )
    for key, title in (
        ("repoll", "re-poll, site unchanged"),
        ("repoll_rerendered", "re-poll, listing pages re-rendered (articles unchanged)"),
    ):
        r = figures[key]
        lines += [
            "",
            f"{title}: {r['requests']} requests ({r['answered_304']} answered 304, "
            f"{r['answered_200']} answered 200) over {r['connections']} connections, "
            f"{r['not_requested']} known pages not "
            f"requested; share answered 304 or skipped {r['share_304_or_skipped']:.1%} "
            f"(target >= {TARGET_REPOLL_SHARE:.0%}); new findings {r['new_findings']} "
            f"(target 0); {r['seconds']:.1f} s",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scrape", description=__doc__)
    parser.add_argument("--pages", type=int, default=20, help="listing pages (20)")
    parser.add_argument("--per-page", type=int, default=100, help="links per listing (100)")
    parser.add_argument("--skip-scrapy", action="store_true", help="only our path")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--timeout", type=float, default=RUN_TIMEOUT, help=f"whole run, s ({RUN_TIMEOUT:.0f})"
    )
    args = parser.parse_args(argv)
    _DEADLINE[0] = time.monotonic() + args.timeout
    releases = args.pages * args.per_page
    known_pages = args.pages + releases
    with tempfile.TemporaryDirectory(prefix="resdesk-bench-") as tmp:
        root, home, out = Path(tmp, "site"), Path(tmp, "home"), Path(tmp, "scrapy")
        for folder in (root, home, out):
            folder.mkdir()
        facts = generate(root, args.pages, args.per_page)
        server = Server(root)
        try:
            env = {"RESDESK_HOME": str(home)}
            item_args = ["--pages", str(args.pages), "--items", str(releases)]
            print(f"site served at {server.base}; running Resolution Desk...", flush=True)
            ours = run_child("bench.scrape.ours", ["--base", server.base, *item_args], env)
            ours["server"] = server.control("stats")
            scrapy: dict[str, Any] = {}
            version = "-"
            if not args.skip_scrapy:
                version = importlib.metadata.version("scrapy")
                print("running Scrapy...", flush=True)
                server.control("reset")
                scrapy = run_child(
                    "bench.scrape.scrapy_run", ["--base", server.base, "--out", str(out)], {}
                )
                scrapy["server"] = server.control("stats")
            print("re-polling...", flush=True)
            again = repoll(server, server.base, env, known_pages)
            rerender_listings(root, args.pages, args.per_page)
            server.control("reload")
            rerendered = repoll(server, server.base, env, known_pages)
        finally:
            server.stop()
    figures = {
        "machine": f"{os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.system()}",
        "site": {
            "listing_pages": facts.pages,
            "releases": facts.releases,
            "bytes": facts.total_bytes,
        },
        "ours": ours,
        "scrapy": scrapy,
        "scrapy_version": version,
        "ratio": ours["pages_per_s"] / scrapy["pages_per_s"] if scrapy else 0.0,
        "repoll": again,
        "repoll_rerendered": rerendered,
    }
    print()
    print(summary(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    ok = ours["findings_in_db"] == releases and again["new_findings"] == 0
    ok = ok and rerendered["new_findings"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
