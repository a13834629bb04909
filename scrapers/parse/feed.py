"""RSS, Atom and RDF feeds → items (or links to follow), through feedparser.

feedparser is forgiving, which is what feeds in the wild need, but it hides failure in a
``bozo`` flag: a broken feed with zero entries is reported here as a ``ParseError``, not as
an empty result. Entries repeated in a feed (same id or same link) are kept once and the
repeats are reported as skips.
"""

from __future__ import annotations

import io
import re
from typing import Any
from urllib.parse import urljoin

import feedparser

from scrapers.parse.dates import Dated, parse_date
from scrapers.parse.language import normalize_language
from scrapers.parse.report import Output, ParseContext, ParseReport, Skipped
from scrapers.parse.spec import FeedSpec
from scrapers.parse.text import html_to_text
from scrapers.parse.xmlsafety import check_xml_safety
from scrapers.types import ListingLink, ParsedItem

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_DATE_FIELDS = ("published", "updated", "created")


def parse_feed(text: str, ctx: ParseContext, spec: FeedSpec | None = None) -> ParseReport:
    """Parse decoded feed ``text``. Raises ``ParseError`` for unsafe, broken or empty feeds."""
    spec = spec or FeedSpec()
    data = _as_utf8_document(text)
    check_xml_safety(data, url=ctx.url, source=ctx.source)
    parsed = feedparser.parse(
        io.BytesIO(data),  # a bare string could be taken for a URL or a file name
        response_headers={
            "content-type": "application/xml; charset=utf-8",
            "content-location": ctx.url,
        },
    )
    entries = list(parsed.entries)
    _check_parsed(parsed, entries, ctx, spec)
    feed_language = normalize_language(parsed.feed.get("language"))
    return _collect(entries, ctx, spec, feed_language, parsed.feed.get("title"))


def _as_utf8_document(text: str) -> bytes:
    """The text is already decoded: re-encode as UTF-8 and say so in the prolog."""
    body = _XML_DECL.sub("", text, count=1).lstrip()
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode("utf-8")


def _check_parsed(parsed: Any, entries: list[Any], ctx: ParseContext, spec: FeedSpec) -> None:
    if parsed.get("bozo") and not entries:
        raise ctx.error(f"malformed feed with no entries: {parsed.get('bozo_exception')}")
    if not entries and not parsed.get("version"):
        raise ctx.error("not an RSS/Atom feed (no feed root element recognised)")
    if len(entries) < spec.min_items:
        raise ctx.error(f"feed has {len(entries)} entries (min_items={spec.min_items})")


def _collect(
    entries: list[Any],
    ctx: ParseContext,
    spec: FeedSpec,
    feed_language: str | None,
    feed_title: str | None,
) -> ParseReport:
    items: list[Output] = []
    skipped: list[Skipped] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"entry {number}"
        link = _link(entry, ctx.url)
        keys = [k for k in (entry.get("id"), link) if k]
        if not keys:
            skipped.append(Skipped(where, "no link and no id"))
            continue
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            skipped.append(Skipped(where, f"duplicate of entry {first}"))
            continue
        seen.update({k: number for k in keys})
        item = _to_output(entry, link, ctx, spec, feed_language, feed_title)
        if isinstance(item, str):
            skipped.append(Skipped(where, item))
        else:
            items.append(item)
    if skipped and not items:
        raise ctx.error(f"all {len(entries)} feed entries skipped: {skipped[0].reason}")
    return ParseReport(items, skipped, "feed", ctx.encoding, ctx.encoding_reason)


def _to_output(
    entry: Any,
    link: str | None,
    ctx: ParseContext,
    spec: FeedSpec,
    feed_language: str | None,
    feed_title: str | None,
) -> Output | str:
    """The item, or a skip reason."""
    if not link:
        return "no link"
    title = html_to_text(entry.get("title") or "")
    published, date_field = _date(entry, ctx)
    if spec.as_links:
        return ListingLink(url=link, title=title or None, published_at=published)
    text = _text(entry)
    if not title and not text:
        return "no title and no text"
    return ParsedItem(
        url=link,
        title=title,
        text=text,
        published_at=published,
        language=_language(entry) or feed_language,
        encoding=ctx.encoding,
        meta=ctx.meta(
            parser="feed",
            entry_id=entry.get("id"),
            feed_title=feed_title,
            date_source=date_field,
        ),
    )


def _link(entry: Any, base: str) -> str | None:
    href = entry.get("link")
    if not href:
        links = entry.get("links") or []
        alternates = [x for x in links if x.get("rel", "alternate") == "alternate"]
        href = (alternates or links or [{}])[0].get("href")
    return urljoin(base, href.strip()) if href else None


def _text(entry: Any) -> str:
    """Full content when the feed carries it, else the summary; as clean text."""
    contents = [c.get("value", "") for c in entry.get("content") or []]
    best = max(contents, key=len, default="")
    summary = entry.get("summary") or ""
    return html_to_text(best if len(best) >= len(summary) else summary)


def _date(entry: Any, ctx: ParseContext) -> Dated:
    for name in _DATE_FIELDS:
        value = entry.get(f"{name}_parsed") or entry.get(name)
        parsed = parse_date(value, languages=ctx.languages, timezone=ctx.timezone)
        if parsed is None and entry.get(name):
            parsed = parse_date(entry.get(name), languages=ctx.languages, timezone=ctx.timezone)
        if parsed is not None:
            return parsed, name
    return None, None


def _language(entry: Any) -> str | None:
    for content in entry.get("content") or []:
        language = normalize_language(content.get("language"))
        if language:
            return language
    detail = entry.get("title_detail") or {}
    return normalize_language(detail.get("language"))
