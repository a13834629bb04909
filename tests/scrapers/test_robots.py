"""scrapers.robots: the 2xx / 4xx / 5xx policy, the cache, and robots through the fetcher."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import anyio
import pytest

from scrapers.errors import PermanentFetchError, RobotsDisallowedError, TransientFetchError
from scrapers.fetch import Fetcher, FetchPolicy
from scrapers.robots import (
    ROBOTS_MAX_BYTES,
    RobotsCache,
    RobotsResponse,
    robots_url,
    rules_from_response,
)

if TYPE_CHECKING:
    from conftest import LocalServer

    PolicyFactory = Callable[..., FetchPolicy]

pytestmark = pytest.mark.anyio

RULES = b"""
User-agent: *
Disallow: /private/

User-agent: ResolutionDesk
Disallow: /not-for-bots/
Allow: /not-for-bots/press/
"""


class FakeLoader:
    """Answers robots.txt requests from a list, counting them."""

    def __init__(self, *answers: RobotsResponse | Exception) -> None:
        self.answers = list(answers)
        self.urls: list[str] = []

    async def __call__(self, url: str) -> RobotsResponse:
        self.urls.append(url)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        await anyio.sleep(0.01)
        return answer


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- the policy, without a network ---------------------------------------------------------


def test_robots_url_is_per_origin() -> None:
    assert robots_url("https://Gov.example:8443/a/b?c=d#e") == "https://gov.example:8443/robots.txt"


def test_2xx_rules_are_matched_against_our_token() -> None:
    rules = rules_from_response(RobotsResponse(200, RULES))
    assert rules.allows("https://gov.example/private/x")  # our group replaces the * group
    assert not rules.allows("https://gov.example/not-for-bots/x")
    assert rules.allows("https://gov.example/not-for-bots/press/release")


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_4xx_means_no_rules(status: int) -> None:
    assert rules_from_response(RobotsResponse(status, b"")).allows("https://gov.example/any")


@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_429_and_5xx_mean_disallow_everything(status: int) -> None:
    rules = rules_from_response(RobotsResponse(status, b""))
    assert not rules.allows("https://gov.example/")
    assert f"unavailable ({status})" in rules.reason


def test_only_the_first_500_kib_are_parsed() -> None:
    padding = b"# " + b"x" * ROBOTS_MAX_BYTES + b"\n"
    body = b"User-agent: *\nDisallow: /early/\n" + padding + b"Disallow: /late/\n"
    rules = rules_from_response(RobotsResponse(200, body))
    assert not rules.allows("https://gov.example/early/")
    assert rules.allows("https://gov.example/late/")


async def test_answers_are_cached_per_origin_until_the_ttl() -> None:
    clock = Clock()
    cache = RobotsCache(ttl=3600, error_ttl=60, clock=clock)
    load = FakeLoader(RobotsResponse(200, RULES))
    await cache.check("https://gov.example/a", load)
    await cache.check("https://gov.example/b", load)
    await cache.check("https://other.example/a", load)
    assert load.urls == ["https://gov.example/robots.txt", "https://other.example/robots.txt"]
    clock.now += 3601
    await cache.check("https://gov.example/c", load)
    assert len(load.urls) == 3


async def test_unreadable_robots_disallows_briefly() -> None:
    clock = Clock()
    cache = RobotsCache(ttl=3600, error_ttl=60, clock=clock)
    load = FakeLoader(TransientFetchError("connection failed"), RobotsResponse(404, b"not found"))
    with pytest.raises(RobotsDisallowedError, match=r"robots\.txt unavailable"):
        await cache.check("https://gov.example/a", load)
    with pytest.raises(RobotsDisallowedError):
        await cache.check("https://gov.example/b", load)  # cached: not asked again
    assert len(load.urls) == 1
    clock.now += 61
    await cache.check("https://gov.example/b", load)  # asked again, now 404: allowed
    assert len(load.urls) == 2


async def test_concurrent_checks_share_one_request() -> None:
    cache = RobotsCache(ttl=3600, error_ttl=60)
    load = FakeLoader(RobotsResponse(404, b""))
    async with anyio.create_task_group() as tasks:
        for n in range(10):
            tasks.start_soon(cache.check, f"https://gov.example/{n}", load)
    assert len(load.urls) == 1


def test_ttl_over_24_hours_is_refused() -> None:
    with pytest.raises(ValueError, match="robots ttl"):
        RobotsCache(ttl=25 * 3600, error_ttl=60)


# --- through the fetcher, against a real server ---------------------------------------------


async def test_disallowed_page_is_not_fetched(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    server.reply("/robots.txt", 200, RULES, {"Content-Type": "text/plain"})
    server.reply("/not-for-bots/x", 200, b"secret")
    server.reply("/public", 200, b"open")
    async with Fetcher(fast_policy()) as fetcher:
        with pytest.raises(RobotsDisallowedError, match=r"robots\.txt forbids it") as err:
            await fetcher.fetch(server.url("/not-for-bots/x"), source="ministry")
        assert err.value.source == "ministry"
        assert (await fetcher.fetch(server.url("/public"))).body == b"open"
    assert server.hits("/robots.txt") == 1
    assert server.hits("/not-for-bots/x") == 0


async def test_robots_404_allows_everything(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    server.reply("/anything", 200, b"ok")
    async with Fetcher(fast_policy()) as fetcher:
        assert (await fetcher.fetch(server.url("/anything"))).body == b"ok"
    assert server.paths() == ["/robots.txt", "/anything"]


async def test_robots_503_disallows_the_origin_for_now(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    server.reply("/robots.txt", 503, b"maintenance")
    server.reply("/page", 200, b"ok")
    async with Fetcher(fast_policy(max_retries=1)) as fetcher:
        for _ in range(2):
            with pytest.raises(RobotsDisallowedError, match="unavailable"):
                await fetcher.fetch(server.url("/page"))
    assert server.hits("/robots.txt") == 2  # one retry, then cached for robots_error_ttl
    assert server.hits("/page") == 0


async def test_robots_redirect_is_followed(server: LocalServer, fast_policy: PolicyFactory) -> None:
    server.reply("/robots.txt", 301, headers={"Location": "/config/robots.txt"})
    server.reply("/config/robots.txt", 200, b"User-agent: *\nDisallow: /\n")
    async with Fetcher(fast_policy()) as fetcher:
        with pytest.raises(RobotsDisallowedError):
            await fetcher.fetch(server.url("/page"))
    assert server.hits("/config/robots.txt") == 1


async def test_robots_redirect_to_a_blocked_address_disallows(
    server: LocalServer, fast_policy: PolicyFactory
) -> None:
    server.reply("/robots.txt", 302, headers={"Location": "http://169.254.169.254/robots.txt"})
    async with Fetcher(fast_policy()) as fetcher:
        with pytest.raises(RobotsDisallowedError, match=r"169\.254\.169\.254"):
            await fetcher.fetch(server.url("/page"))
    assert server.hits("/page") == 0


async def test_redirect_target_obeys_its_own_robots(
    server: LocalServer, server2: LocalServer, fast_policy: PolicyFactory
) -> None:
    server.reply("/moved", 301, headers={"Location": server2.url("/not-for-bots/doc")})
    server2.reply("/robots.txt", 200, RULES)
    async with Fetcher(fast_policy()) as fetcher:
        with pytest.raises(RobotsDisallowedError) as err:
            await fetcher.fetch(server.url("/moved"))
    assert err.value.url == server2.url("/not-for-bots/doc")
    assert server2.paths() == ["/robots.txt"]


async def test_robots_can_be_turned_off(server: LocalServer, fast_policy: PolicyFactory) -> None:
    server.reply("/robots.txt", 200, b"User-agent: *\nDisallow: /\n")
    server.reply("/page", 200, b"ok")
    async with Fetcher(fast_policy(respect_robots=False)) as fetcher:
        assert (await fetcher.fetch(server.url("/page"))).body == b"ok"
    assert server.paths() == ["/page"]


async def test_blocked_origin_is_refused_before_its_robots_is_requested(
    fast_policy: PolicyFactory,
) -> None:
    async with Fetcher(fast_policy(allowed_networks=())) as fetcher:
        with pytest.raises(PermanentFetchError, match="loopback") as err:
            await fetcher.fetch("http://127.0.0.1:9/page")
    assert not isinstance(err.value, RobotsDisallowedError)
