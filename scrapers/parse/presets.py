"""Field mappings for JSON APIs official sources publish, as plain dicts.

Plain dicts so ``sources.yaml`` can name one (``json: govuk_content``) or copy and adapt it.
Shapes checked against the APIs' documentation and the GOV.UK content examples in
``../shared/realworld/govuk_content_api``.
"""

from __future__ import annotations

from typing import Any

from scrapers.errors import ConfigError

# ReliefWeb reports API, v1 and v2 (same shape): {"data": [{"id", "fields": {...}}]}.
# ``date.created`` is when ReliefWeb published the report, the moment it became public
# on this source; ``date.original`` (the publishing organisation's own date) is the fallback.
# ``body-html`` is present when requested; ``body`` is Markdown-ish text.
RELIEFWEB_REPORTS: dict[str, Any] = {
    "items": "data",
    "fields": {
        "id": ["fields.id", "id"],
        "title": "fields.title",
        "url": ["fields.url_alias", "fields.url", "href"],
        "text": ["fields.body-html", "fields.body"],
        "date": ["fields.date.created", "fields.date.original"],
        "language": ["fields.language.0.code"],
    },
}

# GOV.UK search API (https://www.gov.uk/api/search.json): {"results": [...], "total", ...}.
# ``link`` is a path on www.gov.uk, resolved against the response URL.
GOVUK_SEARCH: dict[str, Any] = {
    "items": "results",
    "fields": {
        "id": ["_id", "link"],
        "title": "title",
        "url": "link",
        "text": "description",
        "date": "public_timestamp",
    },
}

# One GOV.UK content API item (https://www.gov.uk/api/content/<path>): a single object.
# ``first_public_at`` is the date GOV.UK shows as "Published"; a non-empty
# ``withdrawn_notice`` marks the item withdrawn (it stays readable, with a banner).
GOVUK_CONTENT: dict[str, Any] = {
    "items": "$",
    "fields": {
        "id": "content_id",
        "title": "title",
        "url": ["web_url", "base_path"],
        "text": ["details.body", "description"],
        "date": ["details.first_public_at", "first_published_at", "public_updated_at"],
        "language": "locale",
        "withdrawn": ["withdrawn_notice.withdrawn_at", "withdrawn_notice.explanation"],
    },
    "meta": {
        "withdrawn_at": "withdrawn_notice.withdrawn_at",
        "document_type": "document_type",
        "public_updated_at": "public_updated_at",
    },
}

# JSON Feed 1.0/1.1 (https://jsonfeed.org): used automatically for a JSON Feed response
# when the source names no mapping (feedparser 6.0 does not read JSON Feed).
JSON_FEED: dict[str, Any] = {
    "items": "items",
    "fields": {
        "id": "id",
        "title": "title",
        "url": ["url", "external_url"],
        "text": ["content_html", "content_text", "summary"],
        "date": ["date_published", "date_modified"],
        "language": ["language", "$.language"],
    },
}

PRESETS: dict[str, dict[str, Any]] = {
    "reliefweb_reports": RELIEFWEB_REPORTS,
    "govuk_search": GOVUK_SEARCH,
    "govuk_content": GOVUK_CONTENT,
    "json_feed": JSON_FEED,
}


def preset(name: str) -> dict[str, Any]:
    """The preset called ``name`` (a copy, safe to adapt)."""
    try:
        found = PRESETS[name]
    except KeyError:
        raise ConfigError(
            f"unknown json preset {name!r}; known: {', '.join(sorted(PRESETS))}"
        ) from None
    return {**found, "fields": dict(found["fields"]), "meta": dict(found.get("meta") or {})}


def is_json_feed(data: Any) -> bool:
    """True for a JSON Feed document (any version)."""
    return (
        isinstance(data, dict)
        and str(data.get("version", "")).startswith(
            ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")
        )
        and isinstance(data.get("items"), list)
    )
