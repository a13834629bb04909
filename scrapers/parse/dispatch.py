"""One entry point: a fetched response and its source's spec → items or links.

The bytes decide which parser runs (``sniff``); the source's ``kind`` only says what is
acceptable, so a JSON API that answers with an HTML login page, or a feed URL that now
serves a web page, fails loudly instead of being parsed as something it is not. Binary
content other than PDF is refused before anything decodes it.
"""

from __future__ import annotations

from scrapers.errors import ParseError
from scrapers.parse.article import parse_article
from scrapers.parse.encoding import decode_body
from scrapers.parse.feed import parse_feed
from scrapers.parse.html import parse_listing
from scrapers.parse.jsonapi import parse_json
from scrapers.parse.pdf import parse_pdf
from scrapers.parse.report import Output, ParseContext, ParseReport
from scrapers.parse.sniff import Format, describe_binary, sniff
from scrapers.parse.spec import ParseSpec
from scrapers.parse.text import clean_text
from scrapers.types import FetchResult, ParsedItem

# What each promised kind accepts, by sniffed format. "auto" accepts any document.
_ACCEPTS: dict[str, frozenset[Format]] = {
    "rss": frozenset({Format.FEED, Format.XML, Format.JSON}),
    "json": frozenset({Format.JSON}),
    "pdf": frozenset({Format.PDF}),
    "html": frozenset({Format.HTML, Format.PDF, Format.TEXT}),
    "auto": frozenset({Format.FEED, Format.XML, Format.JSON, Format.HTML, Format.PDF, Format.TEXT}),
}


def parse_response(result: FetchResult, spec: ParseSpec) -> list[Output]:
    """Items (``ParsedItem``) or links to follow (``ListingLink``) from one response.

    Raises ``ParseError`` when the response does not have the promised shape. Skipped
    entries are logged; call ``parse`` to get them as data.
    """
    report = parse(result, spec)
    report.log_skips(result.final_url or result.url)
    return report.items


def parse(result: FetchResult, spec: ParseSpec) -> ParseReport:
    """Like ``parse_response``, with the skipped entries and the encoding decision."""
    url = result.final_url or result.url
    if result.not_modified:
        return ParseReport([], format="not-modified")
    if not 200 <= result.status < 300:
        raise ParseError(
            f"HTTP status {result.status} is not a document", source=spec.source, url=url
        )
    found = sniff(result.body, result.content_type)
    _check_acceptable(found, spec, result)
    if found is Format.PDF:
        ctx = ParseContext(url, spec.source, languages=spec.languages, timezone=spec.timezone)
        return ParseReport([parse_pdf(result.body, ctx, spec.pdf)], format="pdf")
    decoded = decode_body(result.body, result.content_type)
    ctx = ParseContext(
        url, spec.source, decoded.encoding, decoded.reason, spec.languages, spec.timezone
    )
    return _route(found, decoded.text, ctx, spec)


def _route(found: Format, text: str, ctx: ParseContext, spec: ParseSpec) -> ParseReport:
    if found in (Format.FEED, Format.XML):
        return parse_feed(text, ctx, spec.feed)
    if found is Format.JSON:
        return parse_json(text, ctx, spec.json)
    if found is Format.HTML and spec.listing is not None:
        return parse_listing(text, ctx, spec.listing)
    if found is Format.HTML:
        item = parse_article(text, ctx, spec.article)
    else:
        item = _plain_text(text, ctx, spec)
    return ParseReport([item], [], found.value, ctx.encoding, ctx.encoding_reason)


def _check_acceptable(found: Format, spec: ParseSpec, result: FetchResult) -> None:
    def fail(message: str) -> ParseError:
        return ParseError(message, source=spec.source, url=result.final_url or result.url)

    if found is Format.EMPTY:
        raise fail("empty response body")
    if found is Format.BINARY:
        raise fail(f"binary content not parsed: {describe_binary(result.body[:1024])}")
    if found not in _ACCEPTS[spec.kind]:
        hint = " (an error or login page?)" if found is Format.HTML else ""
        raise fail(f"source kind {spec.kind!r} expects other content, got {found.value}{hint}")
    if spec.listing is not None and found is not Format.HTML:
        raise fail(f"listing page expected HTML, got {found.value}")


def _plain_text(text: str, ctx: ParseContext, spec: ParseSpec) -> ParsedItem:
    """A text/plain statement: the first line is the title."""
    body = clean_text(text)
    if len(body) < spec.article.min_chars:
        raise ctx.error(f"almost no text ({len(body)} chars < {spec.article.min_chars})")
    return ParsedItem(
        url=ctx.url,
        title=body.split("\n", 1)[0][:200],
        text=body,
        published_at=None,
        encoding=ctx.encoding,
        meta=ctx.meta(parser="text"),
    )
