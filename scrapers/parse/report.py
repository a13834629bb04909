"""What one parse produced: the items, and every item it chose not to produce, with why.

A parser that drops an entry (no link, a duplicate) says so here instead of dropping it
silently; the caller counts and stores the skips, so a reviewer can see them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from scrapers.errors import ParseError
from scrapers.types import ListingLink, ParsedItem

logger = logging.getLogger(__name__)

Output = ParsedItem | ListingLink


@dataclass(frozen=True)
class Skipped:
    """One entry the parser read and did not turn into an item."""

    where: str  # which entry: "entry 3", "item 12 (id=…)", a URL
    reason: str


@dataclass(frozen=True)
class ParseReport:
    """Items found in one response, the skips, and how the bytes were read."""

    items: list[Output]
    skipped: list[Skipped] = field(default_factory=list)
    format: str = ""  # what sniffing found: feed, html, json, pdf…
    encoding: str | None = None
    encoding_reason: str | None = None

    def log_skips(self, url: str) -> None:
        """Skips are expected in small numbers; log them so they are never invisible."""
        for skip in self.skipped:
            logger.info("skipped %s in %s: %s", skip.where, url, skip.reason)


@dataclass(frozen=True)
class ParseContext:
    """Facts about one response every parser needs: where it came from, how it was read."""

    url: str  # the final URL: base for relative links, and the item URL of a single page
    source: str | None = None
    encoding: str | None = None
    encoding_reason: str | None = None
    languages: tuple[str, ...] = ()
    timezone: str = "UTC"

    def error(self, message: str) -> ParseError:
        """A ``ParseError`` naming this source and URL."""
        return ParseError(message, source=self.source, url=self.url)

    def meta(self, **extra: str | None) -> dict[str, str]:
        """Item metadata: the encoding decision plus ``extra`` (None values dropped)."""
        meta = {"encoding_reason": self.encoding_reason} if self.encoding_reason else {}
        meta.update({key: value for key, value in extra.items() if value})
        return meta
