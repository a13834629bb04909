"""Fetched bytes → items: feeds, HTML listings and articles, JSON APIs, PDFs.

Plain functions over bytes and strings, no network, no database, no Prefect. The flow calls
``parse_response(result, spec)`` with a ``FetchResult`` and the source's ``ParseSpec``
(``spec_from_source(entry)``); it gets ``ParsedItem``s (documents) and ``ListingLink``s
(pages to fetch next, parsed with ``spec.for_detail()``), or a ``ParseError`` saying why
the response does not have the promised shape. ``parse`` returns the same with the skipped
entries and the encoding decision (``ParseReport``).

Modules, one concern each: ``sniff`` (what the bytes are), ``encoding`` (bytes → text),
``dates``, ``text`` (HTML → clean text), ``feed``, ``html`` (listings), ``article``
(detail pages; ``pagemeta`` and ``errorpage`` help it), ``jsonapi`` and ``presets``,
``pdf`` (with ``pdf_child`` in its own process), ``dispatch`` (the entry points).
"""

from scrapers.parse.article import EXTRACTION_OPTIONS, parse_article
from scrapers.parse.dates import find_date_in_text, parse_date
from scrapers.parse.dispatch import parse, parse_response
from scrapers.parse.encoding import Decoded, decode_body
from scrapers.parse.feed import parse_feed
from scrapers.parse.html import parse_listing
from scrapers.parse.jsonapi import get_path, parse_json
from scrapers.parse.pdf import parse_pdf
from scrapers.parse.presets import (
    GOVUK_CONTENT,
    GOVUK_SEARCH,
    JSON_FEED,
    PRESETS,
    RELIEFWEB_REPORTS,
    preset,
)
from scrapers.parse.report import ParseContext, ParseReport, Skipped
from scrapers.parse.sniff import Format, sniff
from scrapers.parse.spec import (
    ArticleSpec,
    FeedSpec,
    JsonMapping,
    ListingSpec,
    ParseSpec,
    PdfLimits,
    spec_from_source,
)
from scrapers.parse.text import clean_text, html_to_text

__all__ = [
    "EXTRACTION_OPTIONS",
    "GOVUK_CONTENT",
    "GOVUK_SEARCH",
    "JSON_FEED",
    "PRESETS",
    "RELIEFWEB_REPORTS",
    "ArticleSpec",
    "Decoded",
    "FeedSpec",
    "Format",
    "JsonMapping",
    "ListingSpec",
    "ParseContext",
    "ParseReport",
    "ParseSpec",
    "PdfLimits",
    "Skipped",
    "clean_text",
    "decode_body",
    "find_date_in_text",
    "get_path",
    "html_to_text",
    "parse",
    "parse_article",
    "parse_date",
    "parse_feed",
    "parse_json",
    "parse_listing",
    "parse_pdf",
    "parse_response",
    "preset",
    "sniff",
    "spec_from_source",
]
