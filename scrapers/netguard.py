"""Refuse to fetch from addresses a public-source scraper has no business reaching.

Sources are configured by people and redirects are chosen by servers, so any URL may
point at the machine itself, the office network or a cloud metadata service
(``169.254.169.254``). Three steps keep fetching on the public internet:

1. :func:`vet_host` resolves the host once and refuses it when ANY address is
   non-public (a name that resolves to one public and one private address is refused:
   the client might connect to either). Literal addresses in every spelling the
   resolver accepts (``2130706433``, ``0x7f000001``, ``127.1``) are parsed here, not
   sent to DNS, and IPv6 forms that embed an IPv4 address (IPv4-mapped, NAT64, 6to4,
   Teredo) are judged by that embedded address.
2. The vetted addresses travel with the request as a :class:`Pin` (a context variable,
   so concurrent fetches never see each other's pins).
3. :class:`PinnedBackend`, the httpcore network backend under :class:`PinnedTransport`,
   connects only to the pinned addresses and refuses any connection without a pin. The
   request keeps the real host name, so the ``Host`` header, TLS SNI and certificate
   verification all use the name while the socket goes to the address that was checked:
   no second DNS lookup exists that a rebinding attacker could answer differently.

``allow_private_network`` lifts only the private-use ranges (RFC 1918, unique-local,
CGNAT, loopback) for intranet sources; link-local (cloud metadata), documentation and
reserved ranges can only be opened by naming them in ``allowed_networks``, and
unspecified, multicast and broadcast addresses are never connected to.
"""

from __future__ import annotations

import contextvars
import functools
import ipaddress
import logging
import select
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import Any

import anyio
import httpcore
import httpx

from scrapers.errors import BlockedAddressError, TransientFetchError

__all__ = [
    "AddressPolicy",
    "IPAddress",
    "MeteredStream",
    "Pin",
    "PinnedBackend",
    "PinnedTransport",
    "Resolver",
    "blocked_reason",
    "embedded_ipv4",
    "literal_address",
    "pinned",
    "system_resolver",
    "vet_host",
]

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Awaitable[Sequence[IPAddress]]]


class _Kind(Enum):
    """How far a policy may open a range."""

    PRIVATE = "private"  # allow_private_network or allowed_networks open it
    SPECIAL = "special"  # only an explicit allowed_networks entry opens it
    NEVER = "never"  # nothing opens it: there is no host to fetch from


def _nets(kind: _Kind, *entries: tuple[str, str]) -> list[tuple[IPNetwork, str, _Kind]]:
    return [(ipaddress.ip_network(cidr), reason, kind) for cidr, reason in entries]


# Named ranges first so the error says why; ``is_global`` below catches the rest.
_BLOCKED: list[tuple[IPNetwork, str, _Kind]] = [
    *_nets(
        _Kind.NEVER,
        ("0.0.0.0/32", "unspecified"),
        ("::/128", "unspecified"),
        ("224.0.0.0/4", "multicast"),
        ("ff00::/8", "multicast"),
        ("255.255.255.255/32", "broadcast"),
    ),
    *_nets(
        _Kind.PRIVATE,
        ("10.0.0.0/8", "private"),
        ("172.16.0.0/12", "private"),
        ("192.168.0.0/16", "private"),
        ("100.64.0.0/10", "carrier-grade NAT"),
        ("127.0.0.0/8", "loopback"),
        ("::1/128", "loopback"),
        ("fc00::/7", "unique-local"),
    ),
    *_nets(
        _Kind.SPECIAL,
        ("0.0.0.0/8", "this-network"),
        ("169.254.0.0/16", "link-local (cloud metadata)"),
        ("fe80::/10", "link-local"),
        ("fec0::/10", "site-local"),
        ("192.0.0.0/24", "IETF protocol assignments"),
        ("192.0.2.0/24", "documentation"),
        ("198.51.100.0/24", "documentation"),
        ("203.0.113.0/24", "documentation"),
        ("2001:db8::/32", "documentation"),
        ("3fff::/20", "documentation"),
        ("198.18.0.0/15", "benchmarking"),
        ("192.88.99.0/24", "6to4 relay anycast"),
        ("240.0.0.0/4", "reserved"),
        ("64:ff9b:1::/48", "local-use NAT64"),
        ("100::/64", "discard-only"),
        ("2001::/23", "IETF protocol assignments"),
        ("::/96", "IPv4-compatible (deprecated)"),
        ("5f00::/16", "segment routing"),
    ),
]

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True)
class AddressPolicy:
    """Which non-public ranges a fetch may reach. Hashable: the fetcher keys pools on it."""

    allowed_networks: tuple[IPNetwork, ...] = ()
    allow_private_network: bool = False

    @classmethod
    def build(cls, cidrs: Iterable[str], allow_private_network: bool) -> AddressPolicy:
        """Parse CIDR strings once; a typo fails at start-up, not at the first fetch."""
        nets = tuple(ipaddress.ip_network(cidr, strict=False) for cidr in cidrs)
        return cls(allowed_networks=nets, allow_private_network=allow_private_network)

    def lifts(self, ip: IPAddress, kind: _Kind) -> bool:
        if kind is _Kind.NEVER:
            return False
        if kind is _Kind.PRIVATE and self.allow_private_network:
            return True
        return any(ip.version == net.version and ip in net for net in self.allowed_networks)


def embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address will actually reach, for translation prefixes."""
    if isinstance(ip, ipaddress.IPv4Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]  # the client: where the relay delivers the packets
    return None


def _classify(ip: IPAddress) -> tuple[str, _Kind] | None:
    for net, reason, kind in _BLOCKED:
        if ip.version == net.version and ip in net:
            return reason, kind
    if not ip.is_global:
        return "not globally routable", _Kind.SPECIAL
    return None


@functools.lru_cache(maxsize=4096)
def blocked_reason(ip: IPAddress, policy: AddressPolicy) -> str | None:
    """Why ``ip`` may not be fetched from under ``policy``, or None when it may.

    A pure function of its two (immutable) arguments, so the answer is kept: every
    request to a host checks the same addresses against the same policy.
    """
    inner = embedded_ipv4(ip)
    if inner is not None:
        if policy.lifts(ip, _Kind.SPECIAL):
            return None
        reason = blocked_reason(inner, policy)
        return f"embeds {inner}: {reason}" if reason else None
    found = _classify(ip)
    if found is None or policy.lifts(ip, found[1]):
        return None
    return found[0]


def literal_address(host: str) -> IPAddress | None:
    """The address a host names without DNS, in any spelling ``getaddrinfo`` accepts.

    ``inet_aton`` accepts the legacy forms (``2130706433``, ``0x7f000001``, ``0177.1``):
    the system resolver would turn them into 127.0.0.1 without asking DNS, so they are
    judged here as the address they are.
    """
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    if not host or not all(c.isalnum() or c == "." for c in host) or not host[0].isdigit():
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


async def system_resolver(host: str, port: int) -> list[IPAddress]:
    """``getaddrinfo`` in a worker thread (it blocks); the caller bounds the wait."""
    infos = await anyio.to_thread.run_sync(
        lambda: socket.getaddrinfo(host, port, type=socket.SOCK_STREAM),
        abandon_on_cancel=True,
    )
    found: list[IPAddress] = []
    for *_, sockaddr in infos:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if ip not in found:
            found.append(ip)
    return found


@dataclass(frozen=True)
class Pin:
    """The checked addresses one request to ``host:port`` may connect to."""

    host: str
    port: int
    addresses: tuple[IPAddress, ...]


async def vet_host(
    host: str,
    port: int,
    policy: AddressPolicy,
    resolver: Resolver,
    *,
    timeout: float,
    url: str | None = None,
    source: str | None = None,
) -> Pin:
    """Resolve ``host`` once and return a pin, or raise BlockedAddressError.

    DNS failure is a TransientFetchError: resolvers fail for a moment far more often
    than a configured government host stops existing.
    """
    literal = literal_address(host)
    addresses = [literal] if literal else await _resolve(host, port, resolver, timeout, url, source)
    for ip in addresses:
        reason = blocked_reason(ip, policy)
        if reason:
            where = f"{host} resolves to {ip}" if literal is None else f"{host} is {ip}"
            raise BlockedAddressError(f"refused: {where} ({reason})", source=source, url=url)
    return Pin(host=host, port=port, addresses=tuple(addresses))


async def _resolve(
    host: str, port: int, resolver: Resolver, timeout: float, url: str | None, source: str | None
) -> list[IPAddress]:
    try:
        with anyio.fail_after(timeout):
            addresses = list(await resolver(host, port))
    except (OSError, TimeoutError) as exc:
        raise TransientFetchError(f"cannot resolve {host}: {exc}", source=source, url=url) from exc
    if not addresses:
        raise TransientFetchError(f"{host} resolved to no address", source=source, url=url)
    return addresses


_PIN: contextvars.ContextVar[Pin | None] = contextvars.ContextVar("resdesk_pin", default=None)


@contextmanager
def pinned(pin: Pin) -> Iterator[None]:
    """Let connections opened in this task (and only this task) use ``pin``."""
    token = _PIN.set(pin)
    try:
        yield
    finally:
        _PIN.reset(token)


class MeteredStream(httpcore.AsyncNetworkStream):
    """A connection that counts what it receives after each request it sends.

    httpcore frames an HTTP/1.1 body by Content-Length and silently keeps any excess
    bytes in its buffer; counting here (the stream is exposed to callers as the
    ``network_stream`` response extension) lets the fetcher notice a body longer than
    its Content-Length without reaching into httpcore's private state.
    """

    HEAD_LIMIT = 65_536

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner
        # Read once: httpcore asks "is_readable" before every request on a pooled
        # connection, and anyio rebuilds its whole attribute map on each lookup.
        self._socket = inner.get_extra_info("socket")
        self.received = 0  # bytes received since the last request was written
        self.head = bytearray()  # the first HEAD_LIMIT of them, to find the header end
        self.excess_seen = False  # set by the fetcher; makes the pool drop the connection

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = await self._inner.read(max_bytes, timeout)
        self.received += len(data)
        room = self.HEAD_LIMIT - len(self.head)
        if room > 0:
            self.head += data[:room]
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.received = 0
        self.head.clear()
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return MeteredStream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            if self.excess_seen:
                return True  # httpcore then treats the idle connection as expired
            if self._socket is not None:
                return _socket_readable(self._socket)
        return self._inner.get_extra_info(info)


def _socket_readable(sock: Any) -> bool:
    """httpcore's ``is_readable`` for a socket: data or EOF waiting (an idle keep-alive
    connection that the server closed), or the socket is closed already."""
    fd = sock.fileno()
    if fd < 0:
        return True
    if not hasattr(select, "poll"):  # pragma: no cover - Windows
        readable, _, _ = select.select([fd], [], [], 0)
        return bool(readable)
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """Connect only to the pinned addresses of the current task's request."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        pin = _PIN.get()
        if pin is None or (pin.host.lower(), pin.port) != (host.lower(), port):
            raise BlockedAddressError(f"refused: connection to unvetted {host}:{port}")
        error: Exception | None = None
        for ip in pin.addresses:
            try:
                stream = await self._inner.connect_tcp(
                    str(ip), port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                logger.debug("connect to %s (%s) failed: %s", host, ip, exc)
                error = exc
            else:
                return MeteredStream(stream)
        assert error is not None  # a pin always holds at least one address
        raise error

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddressError(f"refused: unix socket {path}")

    async def sleep(self, seconds: float) -> None:
        await anyio.sleep(seconds)


@functools.cache
def _default_ssl_context() -> ssl.SSLContext:
    """certifi's CA bundle, loaded once per process (about 50 ms each time otherwise)."""
    return httpx.create_ssl_context(trust_env=False)


class PinnedTransport(httpx.AsyncHTTPTransport):
    """An httpx transport whose connections go through :class:`PinnedBackend`.

    httpx 0.28 has no public parameter for a network backend (encode/httpx#3749), so the
    parent's connection pool is replaced by an equivalent one built with ours. The
    pinning tests fail loudly if an httpx upgrade stops using ``_pool``. Environment
    proxies are ignored on purpose: a proxy would do its own DNS and undo the pin.
    """

    def __init__(
        self, limits: httpx.Limits | None = None, ssl_context: ssl.SSLContext | None = None
    ) -> None:
        limits = limits or httpx.Limits()
        ssl_context = ssl_context or _default_ssl_context()
        super().__init__(verify=ssl_context, limits=limits, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=PinnedBackend(),
        )
