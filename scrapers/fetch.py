"""Fetch one URL from an official source, politely and safely, as evidence.

What a fetch guarantees, and why:

- **Only public http(s).** Other schemes are refused; every hop's host is resolved and
  vetted by :mod:`scrapers.netguard` and the connection is pinned to the vetted address.
- **Redirects by hand**, at most ``max_redirects``, each hop checked (scheme, address,
  robots.txt) before it is requested; loops are named. ``FetchResult.redirects`` lists
  the URLs that answered with a redirect, in order (``redirects[0] == url``).
- **Politeness.** robots.txt (:mod:`scrapers.robots`), at most ``per_host_concurrency``
  requests per host at once, request starts at least ``per_host_delay`` apart, and a
  429/503 pauses that host (for ``Retry-After``, capped) while other hosts go on.
- **Retries only for transient trouble**: timeouts, connection errors and
  :data:`RETRYABLE_STATUSES`, with exponential back-off and jitter. Any other 4xx is the
  server's answer and is never retried.
- **Bounded time and memory.** Connect and read timeouts, plus one wall-clock deadline
  for the whole call (retries and waits included), so a server dripping a byte every
  few seconds fails as a TransientFetchError. The transfer is capped at ``max_bytes``
  and the decoded body at ``max_decoded_bytes``; compressed bodies are inflated here,
  at most 64 KiB per step, so a gzip or brotli bomb stops at the cap.
- **Conditional requests.** ``etag``/``last_modified`` become If-None-Match /
  If-Modified-Since; a 304 returns ``FetchResult(not_modified=True)``.

Content-Length lies. A body shorter than its Content-Length (the connection closed
early) is a TransientFetchError. A body *longer* than its Content-Length is refused with
a PermanentFetchError: HTTP framing would hand us only the declared bytes, and a
silently truncated page is worse evidence than none. The excess is seen when it arrives
with the body (it is counted below httpcore by :class:`netguard.MeteredStream`); excess
arriving later only makes the pool discard the connection.
"""

from __future__ import annotations

import email.utils
import functools
import importlib.metadata
import itertools
import logging
import random
import re
import ssl
import zlib
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Protocol, Self

import anyio
import brotli
import httpx

from scrapers import netguard
from scrapers.errors import (
    FetchError,
    PermanentFetchError,
    TooLargeError,
    TransientFetchError,
)
from scrapers.robots import ROBOTS_MAX_BYTES, RobotsCache, RobotsResponse
from scrapers.types import FetchResult

__all__ = [
    "ALLOWED_SCHEMES",
    "RETRYABLE_STATUSES",
    "FetchPolicy",
    "Fetcher",
    "checked_url",
    "default_user_agent",
    "parse_retry_after",
]

logger = logging.getLogger(__name__)

ALLOWED_SCHEMES = frozenset({"http", "https"})
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
HOST_PAUSING_STATUSES = frozenset({429, 503})  # the whole host is busy, not this URL
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT_ENCODING = "gzip, deflate, br"  # exactly the codings _decoder_for can inflate
PROJECT_URL = "https://github.com/resolution-desk/resolution-desk"
MB = 1024 * 1024
_CHUNK = 64 * 1024  # most bytes one inflate step may produce


def default_user_agent() -> str:
    """``ResolutionDesk/<version> (+<project url>)``: who we are and where to complain."""
    try:
        version = importlib.metadata.version("resolution-desk")
    except importlib.metadata.PackageNotFoundError:
        version = "0+unknown"  # running from a checkout that was never installed
    return f"ResolutionDesk/{version} (+{PROJECT_URL})"


@dataclass(frozen=True)
class FetchPolicy:
    """Every limit of a fetch, named, with the default we run with."""

    user_agent: str = field(default_factory=default_user_agent)
    connect_timeout: float = 10.0  # seconds to open a connection (and to resolve the host)
    read_timeout: float = 30.0  # seconds of silence tolerated while reading
    deadline: float = 120.0  # wall-clock seconds for a whole fetch: redirects, retries, waits
    max_bytes: int = 20 * MB  # bytes on the wire
    max_decoded_bytes: int = 50 * MB  # bytes after gzip/deflate/brotli
    max_redirects: int = 5
    max_retries: int = 3  # extra attempts after the first, for transient failures only
    backoff_base: float = 1.0  # first retry after ~base s, doubling, with jitter
    backoff_max: float = 60.0
    retry_after_cap: float = 300.0  # never let one Retry-After pause a host longer
    per_host_concurrency: int = 8  # like Scrapy's CONCURRENT_REQUESTS_PER_DOMAIN
    per_host_delay: float = 1.0  # seconds between request starts to one host
    allowed_networks: tuple[str, ...] = ()  # CIDRs explicitly opened, e.g. ("127.0.0.0/8",)
    allow_private_network: bool = False  # intranet sources: RFC 1918, ULA, CGNAT, loopback
    respect_robots: bool = True
    robots_ttl: float = 24 * 3600.0  # at most 24 h (RFC 9309)
    robots_error_ttl: float = 300.0  # an unreadable robots.txt blocks the origin this long

    def __post_init__(self) -> None:
        positive = (
            "connect_timeout",
            "read_timeout",
            "deadline",
            "max_bytes",
            "max_decoded_bytes",
            "per_host_concurrency",
        )
        for name in positive:
            if getattr(self, name) <= 0:
                raise ValueError(f"FetchPolicy.{name} must be positive")
        for name in ("max_redirects", "max_retries", "backoff_base", "per_host_delay"):
            if getattr(self, name) < 0:
                raise ValueError(f"FetchPolicy.{name} must not be negative")
        if not 0 <= self.robots_ttl <= 24 * 3600:
            raise ValueError("FetchPolicy.robots_ttl must be within 0..86400 s")
        self.address_policy()  # a bad CIDR fails here, not at the first fetch

    def address_policy(self, allow_private_network: bool | None = None) -> netguard.AddressPolicy:
        allow = (
            self.allow_private_network if allow_private_network is None else allow_private_network
        )
        return _address_policy(self.allowed_networks, allow)


@functools.lru_cache(maxsize=64)
def _address_policy(networks: tuple[str, ...], allow: bool) -> netguard.AddressPolicy:
    """``AddressPolicy.build``, once per policy: it parses every CIDR (it is immutable)."""
    return netguard.AddressPolicy.build(networks, allow)


def checked_url(url: str | httpx.URL, *, source: str | None = None) -> httpx.URL:
    """Parse ``url`` and refuse what we never fetch; the fragment is dropped."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise PermanentFetchError(f"invalid URL: {exc}", source=source, url=str(url)) from exc
    if parsed.scheme not in ALLOWED_SCHEMES:
        scheme = parsed.scheme or "(none: not an absolute URL)"
        message = f"refused URL scheme {scheme!r}: only http and https are fetched"
        raise PermanentFetchError(message, source=source, url=str(url))
    if not parsed.host:
        raise PermanentFetchError("refused URL without a host", source=source, url=str(url))
    if parsed.userinfo:
        message = "refused URL with credentials (user:password@host)"
        raise PermanentFetchError(message, source=source, url=str(url))
    return parsed.copy_with(fragment=None) if parsed.fragment else parsed


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@dataclass(frozen=True)
class _Caps:
    max_bytes: int
    max_decoded_bytes: int
    truncate: bool = False  # robots.txt: keep the first bytes instead of refusing


@dataclass(frozen=True)
class _Call:
    """What one fetch() call carries down through redirects and retries."""

    source: str | None
    guard: netguard.AddressPolicy
    headers: dict[str, str]
    deadline_at: float  # anyio clock
    caps: _Caps
    check_robots: bool


@dataclass(frozen=True)
class _Exchange:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    redirects: tuple[str, ...] = ()


class Fetcher:
    """The one way scrapers talk HTTP. Use as ``async with Fetcher(policy) as fetcher``.

    One instance per run: it owns the connection pool, the per-host queues and pauses,
    and the robots.txt cache, all of which only work if every fetch shares them.
    """

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        resolver: netguard.Resolver | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self._resolver = resolver or netguard.system_resolver
        self._ssl_context = ssl_context
        self._clients: dict[netguard.AddressPolicy, httpx.AsyncClient] = {}
        self._hosts: dict[str, _HostSlot] = {}
        self._robots = RobotsCache(
            ttl=self.policy.robots_ttl, error_ttl=self.policy.robots_error_ttl
        )
        self._open = False
        self._caps = _Caps(self.policy.max_bytes, self.policy.max_decoded_bytes)

    async def __aenter__(self) -> Self:
        self._open = True
        self._client(self.policy.address_policy())  # load CA certificates now, not mid-fetch
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._open = False
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | datetime | None = None,
        source: str | None = None,
        allow_private_network: bool | None = None,
    ) -> FetchResult:
        """GET ``url``; return what was seen, or raise a FetchError subclass.

        ``allow_private_network`` overrides the policy for this call (an intranet
        source); such calls get their own connection pool, so a connection opened under
        a looser rule is never reused under a stricter one.
        """
        target = checked_url(url, source=source)
        call = _Call(
            source=source,
            guard=self.policy.address_policy(allow_private_network),
            headers=_conditional_headers(etag, last_modified),
            deadline_at=anyio.current_time() + self.policy.deadline,
            caps=self._caps,
            check_robots=self.policy.respect_robots,
        )
        exchange = await self._within_deadline(call, target)
        return _to_result(str(target), exchange, call)

    async def _within_deadline(self, call: _Call, target: httpx.URL) -> _Exchange:
        try:
            with anyio.fail_after(self.policy.deadline):
                return await self._follow(call, target)
        except TimeoutError as exc:
            message = f"no complete answer within the {self.policy.deadline:g} s deadline"
            raise TransientFetchError(message, source=call.source, url=str(target)) from exc

    async def _follow(self, call: _Call, url: httpx.URL) -> _Exchange:
        """Request ``url``, following redirects by hand so each hop is checked first.

        Per hop: the address is vetted (one DNS lookup, pinned for every attempt at this
        hop), then robots.txt is consulted, then the request is sent.
        """
        hops: list[str] = []
        for _ in range(self.policy.max_redirects + 1):
            pin = await self._vet(call, url)
            if call.check_robots:
                await self._robots.check(url, self._robots_loader(call), source=call.source)
            exchange = await self._with_retries(call, url, pin)
            location = exchange.headers.get("location")
            if exchange.status not in REDIRECT_STATUSES or not location:
                return replace(exchange, redirects=tuple(hops)) if hops else exchange
            hops.append(str(url))
            url = _next_hop(url, location, hops, call)
        chain = " → ".join([*hops, str(url)])
        message = f"more than {self.policy.max_redirects} redirects: {chain}"
        raise PermanentFetchError(message, source=call.source, url=hops[0])

    async def _vet(self, call: _Call, url: httpx.URL) -> netguard.Pin:
        return await netguard.vet_host(
            url.raw_host.decode("ascii"),
            url.port or (443 if url.scheme == "https" else 80),
            call.guard,
            self._resolver,
            timeout=self.policy.connect_timeout,
            url=str(url),
            source=call.source,
        )

    async def _with_retries(self, call: _Call, url: httpx.URL, pin: netguard.Pin) -> _Exchange:
        for attempt in itertools.count():
            try:
                exchange = await self._attempt(call, url, pin)
            except TransientFetchError as exc:  # a paused host says how long: no sooner
                error, wait = exc, max(self._backoff(attempt), exc.retry_after or 0.0)
            else:
                if exchange.status not in RETRYABLE_STATUSES:
                    return exchange
                error, wait = self._server_busy(call, url, exchange, attempt)
            if attempt >= self.policy.max_retries or anyio.current_time() + wait > call.deadline_at:
                raise error
            logger.info("retrying %s in %.2f s after: %s", url, wait, error)
            await anyio.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _server_busy(
        self, call: _Call, url: httpx.URL, exchange: _Exchange, attempt: int
    ) -> tuple[TransientFetchError, float]:
        """A retryable status: how long to wait, pausing the whole host for 429/503."""
        asked = parse_retry_after(exchange.headers.get("retry-after"))
        if asked is not None:
            asked = min(asked, self.policy.retry_after_cap)
        wait = self._backoff(attempt) if asked is None else asked
        if exchange.status in HOST_PAUSING_STATUSES:
            self._slot(url.host).pause(wait)
        message = f"HTTP {exchange.status}"
        error = TransientFetchError(message, source=call.source, url=str(url), retry_after=asked)
        return error, wait

    def _backoff(self, attempt: int) -> float:
        """Exponential back-off with "equal jitter": between half and all of base·2^n."""
        ceiling = min(self.policy.backoff_max, self.policy.backoff_base * 2.0**attempt)
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    async def _attempt(self, call: _Call, url: httpx.URL, pin: netguard.Pin) -> _Exchange:
        """One request, in the host's turn, connecting only to the vetted addresses."""
        async with self._slot(url.host).turn(call, str(url)):
            with netguard.pinned(pin):
                return await self._exchange(call, url)

    async def _exchange(self, call: _Call, url: httpx.URL) -> _Exchange:
        client = self._client(call.guard)
        source, where = call.source, str(url)
        try:
            async with client.stream("GET", url, headers=call.headers) as response:
                return await _read_exchange(response, call)
        except httpx.TimeoutException as exc:
            message = f"timed out ({type(exc).__name__})"
            raise TransientFetchError(message, source=source, url=where) from exc
        except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            message = f"connection failed: {exc}"
            raise TransientFetchError(message, source=source, url=where) from exc
        except httpx.HTTPError as exc:
            raise PermanentFetchError(f"request failed: {exc}", source=source, url=where) from exc

    def _robots_loader(self, call: _Call) -> _RobotsLoader:
        return _RobotsLoader(self, call)  # cheap: the robots.txt call is made only if needed

    def _slot(self, host: str) -> _HostSlot:
        slot = self._hosts.get(host)
        if slot is None:
            slot = _HostSlot(self.policy.per_host_concurrency, self.policy.per_host_delay)
            self._hosts[host] = slot
        return slot

    def _client(self, guard: netguard.AddressPolicy) -> httpx.AsyncClient:
        if not self._open:
            raise RuntimeError("use the Fetcher as 'async with Fetcher(...) as fetcher'")
        client = self._clients.get(guard)
        if client is None:
            client = self._new_client()
            self._clients[guard] = client
        return client

    def _new_client(self) -> httpx.AsyncClient:
        policy = self.policy
        timeout = httpx.Timeout(
            connect=policy.connect_timeout,
            read=policy.read_timeout,
            write=policy.read_timeout,
            pool=policy.deadline,
        )
        client = httpx.AsyncClient(
            transport=netguard.PinnedTransport(ssl_context=self._ssl_context),
            follow_redirects=False,
            timeout=timeout,
            trust_env=False,
            headers={"User-Agent": policy.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        )
        client._cookies = _Cookies()  # no public way to give httpx a Cookies subclass
        return client


class _Cookies(httpx.Cookies):
    """httpx's cookie jar, which only looks at answers that set cookies.

    httpx hands every response to ``http.cookiejar`` (building urllib request and
    response stand-ins for it); the jar only reads Set-Cookie and Set-Cookie2, so an
    answer without them is skipped here with the same result.
    """

    def extract_cookies(self, response: httpx.Response) -> None:
        headers = response.headers
        if "set-cookie" in headers or "set-cookie2" in headers:
            super().extract_cookies(response)


@dataclass(frozen=True)
class _RobotsLoader:
    """Fetches a robots.txt through the same guard, redirect and retry rules as pages."""

    fetcher: Fetcher
    call: _Call  # the page's call: robots.txt shares its guard, source and deadline

    async def __call__(self, robots_url: str) -> RobotsResponse:
        robots_call = replace(
            self.call,
            headers={},
            check_robots=False,
            caps=_Caps(ROBOTS_MAX_BYTES, ROBOTS_MAX_BYTES, truncate=True),
        )
        exchange = await self.fetcher._follow(robots_call, checked_url(robots_url))
        return RobotsResponse(status=exchange.status, body=exchange.body)


class _HostSlot:
    """One host's politeness: a concurrency limit, start spacing and a pause."""

    def __init__(self, concurrency: int, delay: float) -> None:
        # fast_acquire: a free turn is taken without a trip through the event loop (two
        # per primitive otherwise, on every request); the fetch awaits I/O right after.
        self._semaphore = _fast(anyio.Semaphore, concurrency)
        self._lock = _fast(anyio.Lock)
        self._delay = delay
        self._next_start = 0.0
        self._paused_until = 0.0

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, anyio.current_time() + seconds)

    @asynccontextmanager
    async def turn(self, call: _Call, url: str) -> AsyncIterator[None]:
        async with self._semaphore:
            await self._wait_to_start(call, url)
            yield

    async def _wait_to_start(self, call: _Call, url: str) -> None:
        async with self._lock:
            while (wait := max(self._next_start, self._paused_until) - anyio.current_time()) > 0:
                if anyio.current_time() + wait > call.deadline_at:
                    message = f"host asked us to wait {wait:.1f} s, past this fetch's deadline"
                    raise TransientFetchError(
                        message, source=call.source, url=url, retry_after=wait
                    )
                await anyio.sleep(wait)
            self._next_start = anyio.current_time() + self._delay


def _fast(primitive: Any, *args: Any) -> Any:
    """``primitive(*args, fast_acquire=True)``, or without it on anyio before 4.5."""
    try:
        return primitive(*args, fast_acquire=True)
    except TypeError:  # pragma: no cover - older anyio
        return primitive(*args)


def _conditional_headers(etag: str | None, last_modified: str | datetime | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if isinstance(last_modified, datetime):
        last_modified = email.utils.format_datetime(last_modified.astimezone(UTC), usegmt=True)
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _next_hop(url: httpx.URL, location: str, hops: list[str], call: _Call) -> httpx.URL:
    try:
        target = url.join(location)
    except httpx.InvalidURL as exc:
        message = f"redirect to an invalid URL {location!r}"
        raise PermanentFetchError(message, source=call.source, url=str(url)) from exc
    target = checked_url(target, source=call.source)
    if str(target) in hops:
        chain = " → ".join([*hops, str(target)])
        raise PermanentFetchError(f"redirect loop: {chain}", source=call.source, url=hops[0])
    return target


def _to_result(url: str, exchange: _Exchange, call: _Call) -> FetchResult:
    """Classify the final answer: 2xx is a result, 304 "no news", anything else an error."""
    status = exchange.status
    where = {"source": call.source, "url": exchange.url}
    if status == 304 and not call.headers:
        raise PermanentFetchError("304 Not Modified to an unconditional request", **where)
    if not (200 <= status < 300 or status == 304):
        kind = "refused" if 400 <= status < 500 else "unexpected status"
        raise PermanentFetchError(f"HTTP {status}: {kind}", **where)
    return FetchResult(
        url=url,
        final_url=exchange.url,
        status=status,
        headers=exchange.headers,
        body=exchange.body,
        fetched_at=exchange.fetched_at,
        not_modified=status == 304,
        redirects=exchange.redirects,
    )


async def _read_exchange(response: httpx.Response, call: _Call) -> _Exchange:
    """Status and headers always; the body only for 2xx (nothing else is kept)."""
    headers = {name.lower(): value for name, value in response.headers.items()}
    fetched_at = datetime.now(UTC)
    body = b""
    if 200 <= response.status_code < 300:
        try:
            body = await _read_body(response, headers, call.caps)
        except FetchError as exc:
            exc.source, exc.url = call.source, str(response.url)
            raise
    else:
        await _drain(response, headers)
    return _Exchange(str(response.url), response.status_code, headers, body, fetched_at)


#: A non-2xx body up to this size is read (and dropped) so the connection can be reused;
#: a 304 has none, but the response must still be read to its end. Larger ones close it.
DRAIN_MAX_BYTES = 64 * 1024


async def _drain(response: httpx.Response, headers: dict[str, str]) -> None:
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > DRAIN_MAX_BYTES:
        return
    read = 0
    try:
        async for chunk in response.aiter_raw():
            read += len(chunk)
            if read > DRAIN_MAX_BYTES:
                return  # the connection is closed, not reused
    except httpx.HTTPError:
        return  # the answer (status, headers) stands; only the connection is lost


async def _read_body(response: httpx.Response, headers: dict[str, str], caps: _Caps) -> bytes:
    """Read and inflate the body within the caps, then check its framing."""
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > caps.max_bytes and not caps.truncate:
        raise TooLargeError(f"Content-Length {declared} is over the {caps.max_bytes}-byte cap")
    decoder = _decoder_for(headers.get("content-encoding", ""))
    body = bytearray()
    raw = 0
    async for chunk in response.aiter_raw():
        raw += len(chunk)
        if raw > caps.max_bytes:
            if caps.truncate:
                return bytes(body)
            raise TooLargeError(f"body is over the {caps.max_bytes}-byte cap")
        if not _append(body, decoder.feed(chunk), caps):
            return bytes(body)
    _append(body, decoder.finish(), caps)
    _refuse_excess(response, headers, raw)
    return bytes(body)


def _append(body: bytearray, pieces: Iterable[bytes], caps: _Caps) -> bool:
    """Add decoded pieces; False when a truncating read is full, TooLargeError otherwise."""
    try:
        for piece in pieces:
            if len(body) + len(piece) > caps.max_decoded_bytes:
                if caps.truncate:
                    body += piece[: caps.max_decoded_bytes - len(body)]
                    return False
                raise TooLargeError(f"decoded body is over the {caps.max_decoded_bytes}-byte cap")
            body += piece
    except _DecodeError as exc:
        raise PermanentFetchError(str(exc)) from exc
    return True


_BLANK_LINE = re.compile(rb"\n\r?\n")  # where h11 ends a header block
_INTERIM = re.compile(rb"HTTP/\d\.\d 1\d\d")  # 1xx heads come before the real one


def _refuse_excess(response: httpx.Response, headers: dict[str, str], raw: int) -> None:
    """PermanentFetchError if more bytes followed the body than its Content-Length said."""
    stream = response.extensions.get("network_stream")
    declared = headers.get("content-length", "")
    if not isinstance(stream, netguard.MeteredStream) or not declared.isdigit():
        return
    head = _head_length(bytes(stream.head))
    if head is None or "transfer-encoding" in headers:
        return
    excess = stream.received - head - raw
    if excess > 0:
        stream.excess_seen = True
        raise PermanentFetchError(
            f"body is longer than its Content-Length {declared} (at least {excess} more bytes"
            " followed): refusing a copy that may be truncated"
        )


def _head_length(head: bytes) -> int | None:
    start = 0
    while (blank := _BLANK_LINE.search(head, start)) is not None:
        if not _INTERIM.match(head, start):
            return blank.end()
        start = blank.end()
    return None


class _DecodeError(ValueError):
    """The Content-Encoding is unsupported or its data is broken."""


class _Decoder(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...

    def finish(self) -> Iterator[bytes]: ...


class _Zlib:
    """gzip or deflate, inflated at most _CHUNK bytes per step (bomb-safe).

    Some servers send raw deflate without the zlib header that "deflate" means; like
    browsers, we fall back to raw deflate if the first bytes are not a zlib header.
    Data after the end of the compressed stream is ignored.
    """

    def __init__(self, coding: str) -> None:
        self._coding = coding
        self._wbits = 16 + zlib.MAX_WBITS if coding == "gzip" else zlib.MAX_WBITS
        self._obj = zlib.decompressobj(self._wbits)
        self._fed = 0

    def feed(self, data: bytes) -> Iterator[bytes]:
        self._fed += len(data)
        while not self._obj.eof:
            out = self._inflate(data)
            if out:
                yield out
            data = self._obj.unconsumed_tail
            if not data and len(out) < _CHUNK:
                return

    def _inflate(self, data: bytes) -> bytes:
        try:
            return self._obj.decompress(data, _CHUNK)
        except zlib.error as exc:
            if self._coding == "deflate" and self._wbits > 0 and self._fed == len(data):
                self._wbits = -zlib.MAX_WBITS
                self._obj = zlib.decompressobj(self._wbits)
                return self._inflate(data)
            raise _DecodeError(f"broken {self._coding} data: {exc}") from exc

    def finish(self) -> Iterator[bytes]:
        if self._fed and not self._obj.eof:
            raise _DecodeError(f"{self._coding} data ends before the compressed stream does")
        return iter(())


class _Brotli:
    """brotli, at most about _CHUNK bytes of output per step (bomb-safe)."""

    def __init__(self) -> None:
        self._obj = brotli.Decompressor()
        self._fed = 0

    def feed(self, data: bytes) -> Iterator[bytes]:
        self._fed += len(data)
        out = self._process(data)
        while out or not self._obj.can_accept_more_data():
            if out:
                yield out
            out = self._process(b"")
            if not out and self._obj.can_accept_more_data():
                return

    def _process(self, data: bytes) -> bytes:
        try:
            return bytes(self._obj.process(data, output_buffer_limit=_CHUNK))
        except brotli.error as exc:
            raise _DecodeError(f"broken br data: {exc}") from exc

    def finish(self) -> Iterator[bytes]:
        if self._fed and not self._obj.is_finished():
            raise _DecodeError("br data ends before the compressed stream does")
        return iter(())


class _Chain:
    """Content codings applied in header order, undone in reverse."""

    def __init__(self, stages: list[_Decoder]) -> None:
        self._stages = stages

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._through(data, 0)

    def finish(self) -> Iterator[bytes]:
        for index, stage in enumerate(self._stages):
            for piece in stage.finish():
                yield from self._through(piece, index + 1)

    def _through(self, data: bytes, index: int) -> Iterator[bytes]:
        if index == len(self._stages):
            if data:
                yield data
            return
        for piece in self._stages[index].feed(data):
            yield from self._through(piece, index + 1)


def _decoder_for(content_encoding: str) -> _Chain:
    stages: list[_Decoder] = []
    for coding in reversed([c.strip().lower() for c in content_encoding.split(",")]):
        if coding in ("", "identity"):
            continue
        if coding in ("gzip", "x-gzip", "deflate"):
            stages.append(_Zlib("deflate" if coding == "deflate" else "gzip"))
        elif coding == "br":
            stages.append(_Brotli())
        else:
            raise PermanentFetchError(f"unsupported Content-Encoding {coding!r}")
    return _Chain(stages)
