"""The scrapers' exception tree. Each leaf maps to one status a reviewer sees.

::

    SourceError                  anything that stops one source (or one item) this run
    ├── ConfigError              a source entry is invalid (names the entry and field)
    ├── FetchError               getting the bytes failed
    │   ├── TransientFetchError  worth retrying later: timeouts, 429/503, 5xx, resets
    │   └── PermanentFetchError  the server or our policy said no: 4xx, robots.txt,
    │       │                    a refused address, a bad scheme, too many redirects
    │       ├── BlockedAddressError   the host resolved to a private/loopback/... address
    │       ├── RobotsDisallowedError robots.txt forbids the URL (or could not be read)
    │       └── TooLargeError         body or decoded body over the cap
    └── ParseError               the bytes arrived but do not have the expected shape
"""

from __future__ import annotations


class SourceError(Exception):
    """Base of every scraper error. ``source`` names the source entry when known."""

    status = "error"

    def __init__(self, message: str, *, source: str | None = None, url: str | None = None):
        super().__init__(message)
        self.source = source
        self.url = url

    def __str__(self) -> str:
        parts = [super().__str__()]
        if self.source:
            parts.insert(0, f"[{self.source}]")
        if self.url:
            parts.append(f"({self.url})")
        return " ".join(parts)


class ConfigError(SourceError):
    status = "misconfigured"


class FetchError(SourceError):
    status = "fetch_failed"


class TransientFetchError(FetchError):
    """Retrying later may succeed. ``retry_after`` is seconds the server asked us to wait."""

    status = "transient"

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        url: str | None = None,
        retry_after: float | None = None,
    ):
        super().__init__(message, source=source, url=url)
        self.retry_after = retry_after


class PermanentFetchError(FetchError):
    status = "refused"


class BlockedAddressError(PermanentFetchError):
    status = "blocked_address"


class RobotsDisallowedError(PermanentFetchError):
    status = "robots_disallowed"


class TooLargeError(PermanentFetchError):
    status = "too_large"


class ParseError(SourceError):
    """The response does not have the shape the source entry promised.

    Raised, never swallowed into ``[]``: zero items from a page that always has some is
    structure drift, and must show as an unhealthy source.
    """

    status = "parse_failed"
