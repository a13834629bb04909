"""JSON API responses → items, through a declarative field mapping (``JsonMapping``).

Paths are dotted: ``fields.date.created``; a number indexes a list (``fields.language.0.code``);
a path starting with ``$.`` is read from the document root instead of the item (a feed-level
language, say). Each field lists paths tried in order; the first non-empty value wins. HTML
in text fields is reduced to clean text. Like feeds, items repeated in one response (same id
or URL) are kept once, and every skipped item is reported with its reason.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import urljoin

from scrapers.parse.dates import Dated, parse_date
from scrapers.parse.language import normalize_language
from scrapers.parse.presets import JSON_FEED, is_json_feed
from scrapers.parse.report import Output, ParseContext, ParseReport, Skipped
from scrapers.parse.spec import JsonMapping
from scrapers.parse.text import html_to_text
from scrapers.types import ListingLink, ParsedItem

ROOT = ("$", "")
_FALSE_STRINGS = {"", "0", "false", "no", "null", "none"}


def parse_json(text: str, ctx: ParseContext, mapping: JsonMapping | None = None) -> ParseReport:
    """Items from a decoded JSON document. ``mapping=None`` accepts only a JSON Feed."""
    data = _load(text, ctx)
    if mapping is None:
        if not is_json_feed(data):
            raise ctx.error("JSON response but the source has no field mapping ('json:')")
        mapping = JsonMapping.from_dict(JSON_FEED)
    raw_items = _items(data, mapping, ctx)
    items: list[Output] = []
    skipped: list[Skipped] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(raw_items, start=1):
        result = _to_output(raw, data, mapping, ctx, single=mapping.items in ROOT)
        where = f"item {number}"
        if isinstance(result, str):
            skipped.append(Skipped(where, result))
            continue
        keys = [k for k in (_first_str(raw, data, mapping.id), result.url) if k]
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            skipped.append(Skipped(where, f"duplicate of item {first}"))
            continue
        seen.update({k: number for k in keys})
        items.append(result)
    if skipped and not items:
        raise ctx.error(f"all {len(raw_items)} JSON items skipped: {skipped[0].reason}")
    return ParseReport(items, skipped, "json", ctx.encoding, ctx.encoding_reason)


def get_path(data: Any, path: str, root: Any = None) -> Any:
    """The value at dotted ``path`` in ``data`` (``$.`` paths start at ``root``), or None."""
    if path.startswith("$.") and root is not None:
        data, path = root, path[2:]
    if path in ROOT:
        return data
    current = data
    for part in path.split("."):
        if isinstance(current, dict):
            current = current.get(part)
        elif isinstance(current, list) and part.lstrip("-").isdigit():
            index = int(part)
            current = current[index] if -len(current) <= index < len(current) else None
        else:
            return None
        if current is None:
            return None
    return current


def _load(text: str, ctx: ParseContext) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        shape = "HTML" if text.lstrip()[:1] == "<" else "text"
        raise ctx.error(f"expected JSON, got {shape}: {exc}") from None


def _items(data: Any, mapping: JsonMapping, ctx: ParseContext) -> list[Any]:
    found = get_path(data, mapping.items)
    if found is None:
        keys = ", ".join(sorted(data)[:12]) if isinstance(data, dict) else type(data).__name__
        raise ctx.error(f"items path {mapping.items!r} not found (top level: {keys})")
    items = [found] if mapping.items in ROOT and isinstance(found, dict) else found
    if not isinstance(items, list):
        raise ctx.error(f"items path {mapping.items!r} is a {type(found).__name__}, not a list")
    if len(items) < mapping.min_items:
        raise ctx.error(
            f"items path {mapping.items!r} has {len(items)} items (min_items={mapping.min_items})"
        )
    if mapping.max_items is not None and len(items) > mapping.max_items:
        raise ctx.error(
            f"items path {mapping.items!r} has {len(items)} items (max_items={mapping.max_items})"
        )
    return items


def _to_output(
    raw: Any, root: Any, mapping: JsonMapping, ctx: ParseContext, *, single: bool
) -> Output | str:
    """The item, or a skip reason."""
    if not isinstance(raw, dict):
        return f"not an object ({type(raw).__name__})"
    url = _first_str(raw, root, mapping.url)
    if url is None and not single:
        return f"no url at {list(mapping.url)}"
    url = urljoin(ctx.url, url) if url else ctx.url
    title = html_to_text(_first_str(raw, root, mapping.title) or "").replace("\n", " ")
    published, date_path = _date(raw, root, mapping.date, ctx)
    if mapping.as_links:
        return ListingLink(url=url, title=title or None, published_at=published)
    text = html_to_text(_first_str(raw, root, mapping.text) or "")
    if not title and not text:
        return "no title and no text"
    return ParsedItem(
        url=url,
        title=title,
        text=text,
        published_at=published,
        language=normalize_language(_first_str(raw, root, mapping.language)),
        withdrawn=_withdrawn(raw, root, mapping.withdrawn),
        encoding=ctx.encoding,
        meta=ctx.meta(
            parser="json",
            item_id=_first_str(raw, root, mapping.id),
            date_source=date_path,
            **{name: _first_str(raw, root, paths) for name, paths in mapping.meta},
        ),
    )


def _first_str(raw: Any, root: Any, paths: Sequence[str]) -> str | None:
    for path in paths:
        value = get_path(raw, path, root)
        if isinstance(value, list):
            value = "\n".join(str(v) for v in value if isinstance(v, str | int | float))
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            text = str(value).strip()
            if text:
                return text
    return None


def _date(raw: Any, root: Any, paths: Sequence[str], ctx: ParseContext) -> Dated:
    for path in paths:
        value = get_path(raw, path, root)
        parsed = parse_date(value, languages=ctx.languages, timezone=ctx.timezone)
        if parsed is not None:
            return parsed, path
    return None, None


def _withdrawn(raw: Any, root: Any, paths: Sequence[str]) -> bool:
    """Withdrawn when any path holds a truthy value (a notice object, ``true``, a date)."""
    for path in paths:
        value = get_path(raw, path, root)
        if isinstance(value, str):
            if value.strip().lower() not in _FALSE_STRINGS:
                return True
        elif value:
            return True
    return False
