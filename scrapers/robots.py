"""robots.txt: ask each origin once, remember the answer for a while, obey it.

Policy (RFC 9309, read conservatively; an official source that asks us to stay away
is escalated to a human, never scraped around):

- **2xx**: the body is parsed with protego (the first :data:`ROBOTS_MAX_BYTES`, the
  RFC's minimum parsing limit) and matched against our product token
  :data:`ROBOTS_TOKEN`. Cached for ``ttl`` (at most 24 h, as the RFC asks).
- **4xx, including 404** (but not 429): there are no rules; everything is allowed.
  Cached for ``ttl``.
- **429, 5xx, a network error, a refused address, a redirect loop or too many
  redirects**: we could not learn the rules, so everything on the origin is
  disallowed for now (RFC 9309 §2.3.1.4 "complete disallow"). Cached only for
  ``error_ttl`` (minutes), so the next run asks again rather than skipping the source
  for a day.

Redirects are followed by the loader (the fetcher) within its redirect limit, each hop
through the same address guard as any page, and the rules found apply to the origin
first asked for. The cache is per origin (scheme, host, port) and concurrent checks of
one origin share a single robots.txt request.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import anyio
import httpx
from protego import Protego

from scrapers.errors import FetchError, RobotsDisallowedError

__all__ = [
    "ROBOTS_MAX_BYTES",
    "ROBOTS_TOKEN",
    "RobotsCache",
    "RobotsLoader",
    "RobotsResponse",
    "Rules",
    "robots_url",
    "rules_from_response",
]

logger = logging.getLogger(__name__)

ROBOTS_TOKEN = "ResolutionDesk"  # the product token robots.txt groups are matched against
ROBOTS_MAX_BYTES = 512_000  # RFC 9309 §2.5: parse at least 500 KiB
MAX_ROBOTS_TTL = 24 * 3600.0  # RFC 9309 §2.4: do not use a cached copy for more than 24 h


@dataclass(frozen=True)
class RobotsResponse:
    """What the loader got for a robots.txt URL after redirects: status and body."""

    status: int
    body: bytes


RobotsLoader = Callable[[str], Awaitable[RobotsResponse]]


@dataclass(frozen=True)
class Rules:
    """The verdict for one origin. ``parser`` is None when everything is (dis)allowed."""

    parser: Protego | None
    allow_all: bool
    reason: str  # why these rules apply, for the error message

    def allows(self, url: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, ROBOTS_TOKEN))


def robots_url(url: str | httpx.URL) -> str:
    """The robots.txt of ``url``'s origin (scheme, host and port)."""
    parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    return _origin_robots_url(parsed.scheme, parsed.host, parsed.port)


@functools.lru_cache(maxsize=1024)
def _origin_robots_url(scheme: str, host: str, port: int | None) -> str:
    return str(httpx.URL(scheme=scheme, host=host, port=port, path="/robots.txt"))


def rules_from_response(response: RobotsResponse) -> Rules:
    """Turn a robots.txt answer into rules, following the policy in the module docstring."""
    status = response.status
    if 200 <= status < 300:
        text = response.body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        return Rules(Protego.parse(text), allow_all=False, reason="robots.txt forbids it")
    if 400 <= status < 500 and status != 429:
        return Rules(None, allow_all=True, reason=f"robots.txt answered {status}")
    return Rules(None, allow_all=False, reason=f"robots.txt unavailable ({status})")


@dataclass
class _Entry:
    rules: Rules
    expires_at: float


class RobotsCache:
    """Per-origin robots.txt rules with expiry. One instance per fetcher."""

    def __init__(
        self, *, ttl: float, error_ttl: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if not 0 <= ttl <= MAX_ROBOTS_TTL:
            raise ValueError(f"robots ttl must be within 0..{MAX_ROBOTS_TTL:.0f} s, not {ttl}")
        self._ttl = ttl
        self._error_ttl = min(error_ttl, ttl)
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self._locks: dict[str, anyio.Lock] = {}

    async def check(
        self, url: str | httpx.URL, load: RobotsLoader, *, source: str | None = None
    ) -> None:
        """Return if robots.txt lets us fetch ``url``; raise RobotsDisallowedError if not."""
        rules = await self.rules_for(url, load)
        if not rules.allows(str(url)):
            raise RobotsDisallowedError(rules.reason, source=source, url=str(url))

    async def rules_for(self, url: str | httpx.URL, load: RobotsLoader) -> Rules:
        key = robots_url(url)
        entry = self._fresh(key)
        if entry is None:
            async with self._locks.setdefault(key, anyio.Lock()):
                entry = self._fresh(key) or await self._refresh(key, load)
        return entry.rules

    def _fresh(self, key: str) -> _Entry | None:
        entry = self._entries.get(key)
        if entry is not None and entry.expires_at > self._clock():
            return entry
        return None

    async def _refresh(self, key: str, load: RobotsLoader) -> _Entry:
        try:
            rules = rules_from_response(await load(key))
        except FetchError as exc:
            logger.warning("robots.txt %s unavailable, disallowing its origin: %s", key, exc)
            rules = Rules(None, allow_all=False, reason=f"robots.txt unavailable ({exc})")
        ttl = self._ttl if rules.parser is not None or rules.allow_all else self._error_ttl
        entry = _Entry(rules, expires_at=self._clock() + ttl)
        self._entries[key] = entry
        return entry
