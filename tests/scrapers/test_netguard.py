"""scrapers.netguard: which addresses are refused, and that connections are pinned."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import anyio
import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from scrapers.errors import BlockedAddressError, TransientFetchError
from scrapers.fetch import Fetcher, FetchPolicy
from scrapers.netguard import (
    AddressPolicy,
    IPAddress,
    Pin,
    PinnedTransport,
    blocked_reason,
    literal_address,
    pinned,
    system_resolver,
    vet_host,
)

if TYPE_CHECKING:
    from conftest import ConnectLog, LocalServer

    PolicyFactory = Callable[..., FetchPolicy]

pytestmark = pytest.mark.anyio

DEFAULT = AddressPolicy()


class FakeDNS:
    """A resolver that answers from a script and counts the questions."""

    def __init__(self, answers: dict[str, list[list[str]]]) -> None:
        self.answers = answers
        self.calls: list[str] = []

    async def __call__(self, host: str, port: int) -> Sequence[IPAddress]:
        self.calls.append(host)
        script = self.answers[host]
        current = script.pop(0) if len(script) > 1 else script[0]
        return [ipaddress.ip_address(a) for a in current]


# --- the address table -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local (cloud metadata)"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("0.0.0.0", "unspecified"),
        ("0.1.2.3", "this-network"),
        ("224.0.0.1", "multicast"),
        ("255.255.255.255", "broadcast"),
        ("240.0.0.1", "reserved"),
        ("192.0.2.1", "documentation"),
        ("198.18.0.1", "benchmarking"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("fc00::1", "unique-local"),
        ("fd12:3456::1", "unique-local"),
        ("ff02::1", "multicast"),
        ("2001:db8::1", "documentation"),
        ("::ffff:127.0.0.1", "embeds 127.0.0.1: loopback"),  # IPv4-mapped
        ("::ffff:169.254.169.254", "embeds 169.254.169.254: link-local (cloud metadata)"),
        ("64:ff9b::7f00:1", "embeds 127.0.0.1: loopback"),  # NAT64
        ("64:ff9b::a00:1", "embeds 10.0.0.1: private"),
        ("64:ff9b:1::1", "local-use NAT64"),
        ("2002:7f00:1::1", "embeds 127.0.0.1: loopback"),  # 6to4
        ("2002:a9fe:a9fe::1", "embeds 169.254.169.254: link-local (cloud metadata)"),
        ("2001:0:4136:e378:8000:63bf:80ff:fefe", "embeds 127.0.1.1: loopback"),  # Teredo
        ("::7f00:1", "IPv4-compatible (deprecated)"),
    ],
)
def test_non_public_addresses_are_blocked_with_a_reason(address: str, reason: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address), DEFAULT) == reason


@pytest.mark.parametrize(
    "address",
    ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"],
)
def test_public_addresses_pass(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address), DEFAULT) is None


def test_allow_private_network_opens_private_ranges_only() -> None:
    intranet = AddressPolicy(allow_private_network=True)
    for address in ["10.0.0.1", "192.168.1.1", "100.64.0.1", "127.0.0.1", "fd00::1"]:
        assert blocked_reason(ipaddress.ip_address(address), intranet) is None
    for address in ["169.254.169.254", "fe80::1", "0.0.0.0", "224.0.0.1", "192.0.2.1"]:
        assert blocked_reason(ipaddress.ip_address(address), intranet) is not None


def test_allowed_networks_open_exactly_what_they_name() -> None:
    policy = AddressPolicy.build(["127.0.0.0/8", "169.254.169.254/32"], False)
    for address in ["127.0.0.2", "::ffff:127.0.0.1", "169.254.169.254"]:
        assert blocked_reason(ipaddress.ip_address(address), policy) is None
    for address in ["::1", "10.0.0.1", "169.254.0.1"]:
        assert blocked_reason(ipaddress.ip_address(address), policy) is not None
    everything = AddressPolicy.build(["0.0.0.0/0"], True)  # still never the unspecified address
    assert blocked_reason(ipaddress.ip_address("0.0.0.0"), everything) == "unspecified"


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("::ffff:127.0.0.1", "::ffff:127.0.0.1"),
        ("[::1]", "::1"),
        ("example.org", None),
        ("1.example", None),
        ("", None),
    ],
)
def test_literal_addresses_in_every_spelling(host: str, address: str | None) -> None:
    expected = ipaddress.ip_address(address) if address else None
    assert literal_address(host) == expected


# --- vetting a host -------------------------------------------------------------------------


async def test_a_name_is_refused_if_any_of_its_addresses_is_private() -> None:
    dns = FakeDNS({"mixed.test": [["93.184.216.34", "10.0.0.7"]]})
    with pytest.raises(BlockedAddressError, match=r"mixed\.test resolves to 10\.0\.0\.7"):
        await vet_host("mixed.test", 80, DEFAULT, dns, timeout=1)


async def test_public_name_is_pinned_to_its_addresses() -> None:
    dns = FakeDNS({"gov.test": [["93.184.216.34", "2606:4700::1"]]})
    pin = await vet_host("gov.test", 443, DEFAULT, dns, timeout=1)
    assert pin.addresses == (
        ipaddress.ip_address("93.184.216.34"),
        ipaddress.ip_address("2606:4700::1"),
    )


async def test_literal_addresses_never_reach_the_resolver() -> None:
    dns = FakeDNS({})
    with pytest.raises(BlockedAddressError, match=r"2130706433 is 127\.0\.0\.1"):
        await vet_host("2130706433", 80, DEFAULT, dns, timeout=1)
    assert dns.calls == []


async def test_dns_failure_is_transient() -> None:
    async def failing(host: str, port: int) -> Sequence[IPAddress]:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    async def empty(host: str, port: int) -> Sequence[IPAddress]:
        return []

    async def hanging(host: str, port: int) -> Sequence[IPAddress]:
        await anyio.sleep(10)
        return []

    with pytest.raises(TransientFetchError, match="cannot resolve"):
        await vet_host("gov.test", 80, DEFAULT, failing, timeout=1)
    with pytest.raises(TransientFetchError, match="no address"):
        await vet_host("gov.test", 80, DEFAULT, empty, timeout=1)
    with anyio.fail_after(2):
        with pytest.raises(TransientFetchError, match="cannot resolve"):
            await vet_host("gov.test", 80, DEFAULT, hanging, timeout=0.2)


async def test_system_resolver_uses_getaddrinfo() -> None:
    assert ipaddress.ip_address("127.0.0.1") in await system_resolver("localhost", 80)


async def test_localhost_by_name_is_refused_by_default() -> None:
    with pytest.raises(BlockedAddressError, match="localhost resolves to"):
        await vet_host("localhost", 80, DEFAULT, system_resolver, timeout=2)


# --- pinning ----------------------------------------------------------------------------------


async def test_connection_goes_to_the_vetted_address_with_one_lookup(
    server2: LocalServer, fast_policy: PolicyFactory, connect_log: ConnectLog
) -> None:
    """DNS is asked once; a rebinding answer afterwards is never used; Host keeps the name."""
    dns = FakeDNS({"rebind.test": [["127.0.0.2"], ["169.254.169.254"]]})
    server2.reply("/doc", 200, b"vetted")
    url = f"http://rebind.test:{server2.port}/doc"
    async with Fetcher(fast_policy(respect_robots=False), resolver=dns) as fetcher:
        result = await fetcher.fetch(url)
        assert result.body == b"vetted" and result.final_url == url
        assert dns.calls == ["rebind.test"]
        assert connect_log.hosts == ["127.0.0.2"]  # the address, never the name
        assert server2.seen[0].headers["host"] == f"rebind.test:{server2.port}"
        # The next fetch asks DNS again, gets the metadata address, and is refused
        # before the idle keep-alive connection to 127.0.0.2 could be reused.
        with pytest.raises(BlockedAddressError, match=r"169\.254\.169\.254"):
            await fetcher.fetch(url)
    assert len(server2.seen) == 1


async def test_pin_falls_back_to_the_next_vetted_address(
    server: LocalServer, fast_policy: PolicyFactory, connect_log: ConnectLog
) -> None:
    dns = FakeDNS({"multi.test": [["127.0.0.3", "127.0.0.1"]]})  # nothing listens on .3
    server.reply("/", 200, b"second address")
    async with Fetcher(fast_policy(respect_robots=False), resolver=dns) as fetcher:
        result = await fetcher.fetch(f"http://multi.test:{server.port}/")
    assert result.body == b"second address"
    assert connect_log.hosts == ["127.0.0.3", "127.0.0.1"]


async def test_unpinned_connections_are_refused(server: LocalServer) -> None:
    """The transport fails closed: no pin (or a pin for another host), no socket."""
    async with httpx.AsyncClient(transport=PinnedTransport()) as client:
        with pytest.raises(BlockedAddressError, match=r"unvetted 127\.0\.0\.1"):
            await client.get(server.url("/"))
        other = Pin("127.0.0.2", server.port, (ipaddress.ip_address("127.0.0.2"),))
        with pinned(other), pytest.raises(BlockedAddressError, match="unvetted"):
            await client.get(server.url("/"))
    assert server.seen == []


@pytest.fixture
def tls_files(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for the name ``pinned.test`` only."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pinned.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("pinned.test")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest.fixture
def tls_server(
    tls_files: tuple[Path, Path], make_server: Callable[..., LocalServer]
) -> LocalServer:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*tls_files)
    return make_server("127.0.0.1", tls=context)


async def test_tls_uses_the_name_for_sni_and_certificate_while_pinned_to_the_address(
    tls_server: LocalServer,
    tls_files: tuple[Path, Path],
    fast_policy: PolicyFactory,
    connect_log: ConnectLog,
) -> None:
    dns = FakeDNS({"pinned.test": [["127.0.0.1"]], "impostor.test": [["127.0.0.1"]]})
    trust = ssl.create_default_context(cafile=str(tls_files[0]))
    tls_server.reply("/secure", 200, b"over tls")
    policy = fast_policy(respect_robots=False, max_retries=0)
    async with Fetcher(policy, resolver=dns, ssl_context=trust) as fetcher:
        result = await fetcher.fetch(f"https://pinned.test:{tls_server.port}/secure")
        assert result.body == b"over tls"
        assert tls_server.sni_names == ["pinned.test"]
        assert connect_log.hosts == ["127.0.0.1"]
        # Same address, another name: the certificate does not cover it, so no body.
        with pytest.raises(TransientFetchError, match="CERTIFICATE_VERIFY_FAILED"):
            await fetcher.fetch(f"https://impostor.test:{tls_server.port}/secure")
    assert [seen.path for seen in tls_server.seen] == ["/secure"]
