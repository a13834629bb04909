"""scrapers.fetch against real HTTP servers on 127.0.0.1 and 127.0.0.2."""

from __future__ import annotations

import functools
import gzip
import itertools
import re
import time
import tracemalloc
import zlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import TYPE_CHECKING

import anyio
import brotli
import pytest

from scrapers.errors import (
    BlockedAddressError,
    PermanentFetchError,
    TooLargeError,
    TransientFetchError,
)
from scrapers.fetch import Fetcher, FetchPolicy, checked_url, default_user_agent, parse_retry_after

if TYPE_CHECKING:
    from conftest import ConnectLog, LocalServer, Req

    PolicyFactory = Callable[..., FetchPolicy]

pytestmark = pytest.mark.anyio

MIB = 1024 * 1024


@functools.cache
def gzip_bomb(size: int) -> bytes:
    """``size`` zero bytes, gzipped (about 1000:1)."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(MIB)
    parts = [packer.compress(block) for _ in range(size // MIB)]
    return b"".join([*parts, packer.flush()])


@functools.cache
def brotli_bomb(size: int) -> bytes:
    return bytes(brotli.compress(bytes(size), quality=5))


# --- the ordinary cases -------------------------------------------------------------


async def test_200_returns_body_headers_and_identifies_us(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    server.reply("/page", 200, b"<p>statement</p>", {"Content-Type": "text/html"})
    async with Fetcher(fast_policy()) as fetcher:
        result = await fetcher.fetch(server.url("/page#section"), source="gov")
    assert result.status == 200
    assert result.body == b"<p>statement</p>"
    assert result.content_type == "text/html"
    assert result.url == result.final_url == server.url("/page")  # fragment dropped
    assert result.redirects == ()
    assert not result.not_modified
    assert result.fetched_at.tzinfo is not None
    seen = next(s for s in server.seen if s.path == "/page")
    assert seen.headers["user-agent"] == default_user_agent()
    assert seen.headers["accept-encoding"] == "gzip, deflate, br"


def test_user_agent_names_the_project() -> None:
    agent = default_user_agent()
    assert agent.startswith("ResolutionDesk/")
    assert agent.endswith("(+https://github.com/resolution-desk/resolution-desk)")


async def test_304_for_a_known_etag_is_not_modified(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    def page(req: Req) -> None:
        if req.headers.get("if-none-match") == '"v1"':
            req.send(304, headers={"ETag": '"v1"'})
        else:
            req.send(200, b"first version", {"ETag": '"v1"'})

    server.route("/doc", page)
    async with Fetcher(fast_policy()) as fetcher:
        first = await fetcher.fetch(server.url("/doc"))
        again = await fetcher.fetch(server.url("/doc"), etag=first.headers["etag"])
    assert first.body == b"first version"
    assert again.not_modified and again.status == 304 and again.body == b""


async def test_last_modified_is_sent_as_if_modified_since(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    server.reply("/doc", 304)
    stamp = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    async with Fetcher(fast_policy()) as fetcher:
        result = await fetcher.fetch(server.url("/doc"), last_modified=stamp)
    assert result.not_modified
    assert server.seen[-1].headers["if-modified-since"] == "Wed, 01 May 2024 12:00:00 GMT"


async def test_304_to_an_unconditional_request_is_refused(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    server.reply("/doc", 304)
    async with Fetcher(fast_policy()) as fetcher:
        with pytest.raises(PermanentFetchError, match="unconditional"):
            await fetcher.fetch(server.url("/doc"))


# --- content codings and size caps ----------------------------------------------------


@pytest.mark.parametrize(
    ("coding", "pack"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),  # zlib-wrapped, as RFC 9110 means it
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as some send it
        ("br", brotli.compress),
        ("gzip, br", lambda data: brotli.compress(gzip.compress(data))),
    ],
    ids=["gzip", "deflate-zlib", "deflate-raw", "br", "gzip-then-br"],
)
async def test_compressed_bodies_are_decoded(
    server: LocalServer, fast_policy: PolicyFactory, coding: str, pack: Callable[[bytes], bytes]
) -> None:
    text = b"The ministry confirms the figures. " * 5000
    server.reply("/z", 200, pack(text), {"Content-Encoding": coding})
    async with Fetcher(fast_policy()) as fetcher:
        result = await fetcher.fetch(server.url("/z"))
    assert result.body == text


@pytest.mark.parametrize("coding", ["gzip", "br"])
async def test_decompression_bomb_stops_at_the_cap_with_bounded_memory(
    server: LocalServer, fast_policy: PolicyFactory, coding: str
) -> None:
    bomb = gzip_bomb(64 * MIB) if coding == "gzip" else brotli_bomb(64 * MIB)
    assert len(bomb) < 100_000  # one or two network reads would inflate to 64 MiB
    server.reply("/bomb", 200, bomb, {"Content-Encoding": coding})
    async with Fetcher(fast_policy(max_decoded_bytes=2 * MIB)) as fetcher:
        tracemalloc.start()
        try:
            with pytest.raises(TooLargeError, match="decoded body is over"):
                await fetcher.fetch(server.url("/bomb"))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 8 * MIB


async def test_body_over_max_bytes_is_too_large(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    def unannounced(req: Req) -> None:  # no Content-Length: read until close
        req.raw(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + bytes(300_000))
        req.close()

    server.route("/big", unannounced)
    async with Fetcher(fast_policy(max_bytes=100_000)) as fetcher:
        with pytest.raises(TooLargeError, match="body is over the 100000-byte cap"):
            await fetcher.fetch(server.url("/big"))


async def test_too_large_content_length_is_refused_before_reading(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    def huge(req: Req) -> None:
        req.raw(b"HTTP/1.1 200 OK\r\nContent-Length: 10000000000\r\n\r\n")
        req.wait(10)  # never sends the body: refusing must not wait for it

    server.route("/huge", huge)
    started = time.monotonic()
    async with Fetcher(fast_policy()) as fetcher:
        with pytest.raises(TooLargeError, match="Content-Length 10000000000"):
            await fetcher.fetch(server.url("/huge"))
    assert time.monotonic() - started < 1.0


async def test_unsupported_or_broken_content_coding_is_refused(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    server.reply("/zstd", 200, b"\x28\xb5\x2f\xfd", {"Content-Encoding": "zstd"})
    server.reply("/broken", 200, b"not gzip at all", {"Content-Encoding": "gzip"})
    server.reply("/cut", 200, gzip.compress(b"x" * 1000)[:20], {"Content-Encoding": "gzip"})
    async with Fetcher(fast_policy()) as fetcher:
        with pytest.raises(PermanentFetchError, match="unsupported Content-Encoding 'zstd'"):
            await fetcher.fetch(server.url("/zstd"))
        with pytest.raises(PermanentFetchError, match="broken gzip data"):
            await fetcher.fetch(server.url("/broken"))
        with pytest.raises(PermanentFetchError, match="ends before"):
            await fetcher.fetch(server.url("/cut"))


# --- Content-Length lies --------------------------------------------------------------


async def test_body_shorter_than_content_length_is_transient_and_retried(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    def short(req: Req) -> None:
        req.raw(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b")
        req.close()

    server.route("/short", short)
    async with Fetcher(fast_policy(max_retries=1)) as fetcher:
        with pytest.raises(TransientFetchError, match="connection failed"):
            await fetcher.fetch(server.url("/short"))
    assert server.hits("/short") == 2


async def test_body_longer_than_content_length_is_refused_not_truncated(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    def long(req: Req) -> None:
        req.raw(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello, and the rest of the page")

    server.route("/long", long)
    server.reply("/fine", 200, b"fine")
    async with Fetcher(fast_policy(respect_robots=False)) as fetcher:
        with pytest.raises(PermanentFetchError, match="longer than its Content-Length 5"):
            await fetcher.fetch(server.url("/long"))
        # The poisoned connection is dropped, not reused for the next request.
        assert (await fetcher.fetch(server.url("/fine"))).body == b"fine"
    assert server.hits("/long") == 1  # a server bug, not worth retrying


# --- time limits ---------------------------------------------------------------------


async def test_slow_drip_fails_by_the_deadline(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    def drip(req: Req) -> None:
        req.raw(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
        while not req.wait(0.3):  # a byte every 0.3 s: never a read timeout
            req.raw(b".")

    server.route("/drip", drip)
    started = time.monotonic()
    async with Fetcher(fast_policy(read_timeout=1.0, deadline=1.5)) as fetcher:
        with pytest.raises(TransientFetchError, match=r"1\.5 s deadline"):
            await fetcher.fetch(server.url("/drip"))
    assert 1.4 < time.monotonic() - started < 2.5


async def test_server_that_never_answers_times_out_and_is_retried(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    server.route("/silent", lambda req: req.wait(10) and None)
    started = time.monotonic()
    async with Fetcher(fast_policy(read_timeout=0.3, max_retries=1)) as fetcher:
        with pytest.raises(TransientFetchError, match="timed out"):
            await fetcher.fetch(server.url("/silent"))
    assert server.hits("/silent") == 2
    assert time.monotonic() - started < 2.0


# --- redirects ------------------------------------------------------------------------


async def test_redirects_are_followed_and_listed(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    server.reply("/a", 301, headers={"Location": "/b"})
    server.reply("/b", 302, headers={"Location": server.url("/c")})
    server.reply("/c", 200, b"final")
    async with Fetcher(fast_policy()) as fetcher:
        result = await fetcher.fetch(server.url("/a"))
    assert result.body == b"final"
    assert result.final_url == server.url("/c")
    assert result.redirects == (server.url("/a"), server.url("/b"))


async def test_redirect_loop_fails_clearly(server: LocalServer, fast_policy: PolicyFactory) -> None:
    server.reply("/ping", 302, headers={"Location": "/pong"})
    server.reply("/pong", 302, headers={"Location": "/ping"})
    async with Fetcher(fast_policy()) as fetcher:
        loop = r"redirect loop: .*/ping → .*/pong → .*/ping"
        with pytest.raises(PermanentFetchError, match=loop):
            await fetcher.fetch(server.url("/ping"))


async def test_chain_of_25_redirects_stops_after_5(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    for n in range(25):
        server.reply(f"/r{n}", 302, headers={"Location": f"/r{n + 1}"})
    server.reply("/r25", 200, b"too far")
    async with Fetcher(fast_policy()) as fetcher:
        with pytest.raises(PermanentFetchError, match="more than 5 redirects"):
            await fetcher.fetch(server.url("/r0"))
    assert [p for p in server.paths() if p != "/robots.txt"] == [f"/r{n}" for n in range(6)]


async def test_redirect_to_metadata_address_is_refused_before_any_request(
    server: LocalServer, fast_policy: PolicyFactory, connect_log: ConnectLog
) -> None:
    metadata = "http://169.254.169.254/latest/meta-data/"
    server.reply("/go", 302, headers={"Location": metadata})
    async with Fetcher(fast_policy()) as fetcher:
        with pytest.raises(BlockedAddressError, match=r"169\.254\.169\.254 .*link-local") as err:
            await fetcher.fetch(server.url("/go"))
    assert err.value.url == metadata
    assert set(connect_log.hosts) == {"127.0.0.1"}


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://h/"])
async def test_redirect_to_another_scheme_is_refused(
    server: LocalServer, fast_policy: PolicyFactory, location: str
) -> None:
    server.reply("/go", 302, headers={"Location": location})
    async with Fetcher(fast_policy()) as fetcher:
        with pytest.raises(PermanentFetchError, match="refused URL scheme"):
            await fetcher.fetch(server.url("/go"))


# --- what may be fetched at all --------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("file:///etc/passwd", "file"),
        ("ftp://example.org/file", "ftp"),
        ("data:text/plain,hello", "data"),
        ("javascript:alert(1)", "javascript"),
        ("gopher://example.org/", "gopher"),
        ("/relative/path", "(none"),
    ],
)
async def test_bad_schemes_are_refused_naming_the_scheme(url: str, scheme: str) -> None:
    async with Fetcher(FetchPolicy()) as fetcher:
        with pytest.raises(PermanentFetchError, match=re.escape(f"refused URL scheme '{scheme}")):
            await fetcher.fetch(url)


def test_urls_with_credentials_or_without_host_are_refused() -> None:
    with pytest.raises(PermanentFetchError, match="credentials"):
        checked_url("http://user:secret@example.org/")
    with pytest.raises(PermanentFetchError, match="without a host"):
        checked_url("http:///path")


@pytest.mark.parametrize(
    "template",
    [
        "http://2130706433:{port}/",  # 127.0.0.1 as one decimal number
        "http://0x7f000001:{port}/",  # ... in hex
        "http://017700000001:{port}/",  # ... in octal
        "http://127.1:{port}/",  # ... shortened
        "http://127.0.0.1:{port}/",
        "http://[::ffff:127.0.0.1]:{port}/",  # IPv4-mapped IPv6
        "http://[64:ff9b::7f00:1]:{port}/",  # NAT64 of 127.0.0.1
        "http://[::1]:{port}/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/",
        "http://10.0.0.1/",
        "http://100.64.0.1/",
        "http://0.0.0.0:{port}/",
        "http://localhost:{port}/",
    ],
)
async def test_non_public_addresses_are_refused_without_connecting(
    server: LocalServer, connect_log: ConnectLog, template: str
) -> None:
    url = template.format(port=server.port)
    async with Fetcher(FetchPolicy()) as fetcher:  # the real default: nothing opened
        with pytest.raises(BlockedAddressError, match="refused"):
            await fetcher.fetch(url)
    assert connect_log.hosts == []
    assert server.seen == []


async def test_allow_private_network_per_call(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    server.reply("/intranet", 200, b"internal")
    async with Fetcher(fast_policy(allowed_networks=())) as fetcher:
        with pytest.raises(BlockedAddressError, match="loopback"):
            await fetcher.fetch(server.url("/intranet"))
        result = await fetcher.fetch(server.url("/intranet"), allow_private_network=True)
    assert result.body == b"internal"


# --- retries and Retry-After -----------------------------------------------------------


async def test_500s_then_success_are_retried(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    answers = iter([500, 502, 504, 200])
    server.route("/flaky", lambda req: req.send(next(answers), b"ok"))
    async with Fetcher(fast_policy(max_retries=3)) as fetcher:
        result = await fetcher.fetch(server.url("/flaky"))
    assert result.body == b"ok"
    assert server.hits("/flaky") == 4


async def test_persistent_500_gives_up_as_transient(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    server.reply("/down", 500)
    async with Fetcher(fast_policy(max_retries=2)) as fetcher:
        with pytest.raises(TransientFetchError, match="HTTP 500"):
            await fetcher.fetch(server.url("/down"))
    assert server.hits("/down") == 3


@pytest.mark.parametrize("status", [400, 403, 404, 410, 451])
async def test_other_4xx_are_permanent_and_never_retried(
    server: LocalServer, fast_policy: PolicyFactory, status: int
) -> None:
    server.reply("/gone", status)
    async with Fetcher(fast_policy(max_retries=3)) as fetcher:
        with pytest.raises(PermanentFetchError, match=f"HTTP {status}"):
            await fetcher.fetch(server.url("/gone"))
    assert server.hits("/gone") == 1


def _busy_once(retry_after: str) -> Callable[[Req], None]:
    """429 with ``retry_after`` on the first request, 200 afterwards."""
    calls = iter(range(1000))

    def handler(req: Req) -> None:
        if next(calls) == 0:
            req.send(429, b"slow down", {"Retry-After": retry_after})
        else:
            req.send(200, b"ok")

    return handler


async def test_429_retry_after_seconds_pauses_only_that_host(
    server: LocalServer, server2: LocalServer, fast_policy: PolicyFactory
) -> None:
    server.route("/busy", _busy_once("1"))
    server.reply("/other", 200, b"same host")
    server2.reply("/elsewhere", 200, b"other host")
    timings: dict[str, float] = {}

    async with Fetcher(fast_policy(respect_robots=False)) as fetcher:
        started = anyio.current_time()

        async def fetch(name: str, url: str) -> None:
            await fetcher.fetch(url)
            timings[name] = anyio.current_time() - started

        async with anyio.create_task_group() as tasks:
            tasks.start_soon(fetch, "busy", server.url("/busy"))
            await anyio.sleep(0.2)  # the 429 has arrived and paused 127.0.0.1
            tasks.start_soon(fetch, "same host", server.url("/other"))
            tasks.start_soon(fetch, "other host", server2.url("/elsewhere"))

    assert timings["other host"] < 0.6  # 127.0.0.2 went on at once
    assert timings["same host"] >= 0.95  # 127.0.0.1 waited out the pause
    assert 0.95 <= timings["busy"] < 2.0
    assert server.hits("/busy") == 2


async def test_429_retry_after_http_date(server: LocalServer, fast_policy: PolicyFactory) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=2), usegmt=True)
    server.route("/busy", _busy_once(when))
    started = time.monotonic()
    async with Fetcher(fast_policy(respect_robots=False)) as fetcher:
        result = await fetcher.fetch(server.url("/busy"))
    assert result.body == b"ok"
    assert 0.9 <= time.monotonic() - started < 2.8  # the date has one-second resolution


async def test_retry_after_is_capped(server: LocalServer, fast_policy: PolicyFactory) -> None:
    server.route("/busy", _busy_once("86400"))
    started = time.monotonic()
    async with Fetcher(fast_policy(retry_after_cap=0.3)) as fetcher:
        assert (await fetcher.fetch(server.url("/busy"))).body == b"ok"
    assert 0.25 <= time.monotonic() - started < 1.5


async def test_retry_after_past_the_deadline_fails_at_once_with_the_wait(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    server.reply("/busy", 503, headers={"Retry-After": "30"})
    started = time.monotonic()
    async with Fetcher(fast_policy(retry_after_cap=60.0, deadline=5.0)) as fetcher:
        with pytest.raises(TransientFetchError, match="HTTP 503") as err:
            await fetcher.fetch(server.url("/busy"))
        assert err.value.retry_after == 30.0
        # The host stays paused: another fetch to it fails fast too, without a request.
        with pytest.raises(TransientFetchError, match="wait") as err2:
            await fetcher.fetch(server.url("/other"))
    assert err2.value.retry_after is not None and err2.value.retry_after > 25
    assert time.monotonic() - started < 1.0
    assert server.hits("/busy") == 1 and server.hits("/other") == 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        ("0", 0.0),
        ("Wed, 01 May 2024 12:00:30 GMT", 30.0),
        ("Wed, 01 May 2024 11:00:00 GMT", 0.0),  # in the past
        ("soon", None),
        ("", None),
        (None, None),
        ("-5", None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    now = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    assert parse_retry_after(value, now=now) == expected


# --- per-host politeness ---------------------------------------------------------------


async def test_per_host_concurrency_is_limited(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    def slow(req: Req) -> None:
        req.wait(0.2)
        req.send(200, b"ok")

    server.route("/slow", slow)
    policy = fast_policy(per_host_concurrency=2, respect_robots=False)
    async with Fetcher(policy) as fetcher, anyio.create_task_group() as tasks:
        for n in range(6):
            tasks.start_soon(fetcher.fetch, server.url(f"/slow?n={n}"))
    assert server.hits("/slow?n=0") == 1 and len(server.seen) == 6
    assert server.max_active == 2


async def test_per_host_delay_spaces_request_starts(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    server.reply("/p", 200, b"ok")
    policy = fast_policy(per_host_delay=0.2, respect_robots=False)
    async with Fetcher(policy) as fetcher, anyio.create_task_group() as tasks:
        for _ in range(3):
            tasks.start_soon(fetcher.fetch, server.url("/p"))
    starts = sorted(seen.at for seen in server.seen)
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert len(starts) == 3 and min(gaps) >= 0.18


# --- policy and lifecycle ----------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides",
    [
        {"robots_ttl": 25 * 3600},
        {"allowed_networks": ("not-a-network",)},
        {"deadline": 0},
        {"max_retries": -1},
    ],
)
def test_bad_policies_fail_at_construction(overrides: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        FetchPolicy(**overrides)  # type: ignore[arg-type]


async def test_fetch_outside_the_context_manager_is_an_error(server: LocalServer) -> None:
    fetcher = Fetcher(FetchPolicy(allowed_networks=("127.0.0.0/8",), respect_robots=False))
    with pytest.raises(RuntimeError, match="async with"):
        await fetcher.fetch(server.url("/"))
