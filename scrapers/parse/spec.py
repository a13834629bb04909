"""What a source entry promises about the shape of its responses.

A ``ParseSpec`` is plain, frozen data built once from a source entry (``spec_from_source``)
and handed to ``parse_response`` with every fetched response. Keeping it declarative means a
source is configured in ``sources.yaml``, not in code, and a redesign of a site is fixed by
editing a selector or a field path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal, cast

from scrapers.errors import ConfigError

Kind = Literal["auto", "rss", "html", "json", "pdf"]
KINDS: tuple[str, ...] = ("auto", "rss", "html", "json", "pdf")

# Named defaults, so a reader sees in one place what "reasonable" means here.
DEFAULT_MIN_ARTICLE_CHARS = 100
DEFAULT_PDF_TIMEOUT_S = 30.0
DEFAULT_PDF_MEMORY_MB = 768
DEFAULT_PDF_MAX_PAGES = 300
DEFAULT_PDF_MIN_CHARS_PER_PAGE = 20


@dataclass(frozen=True)
class ListingSpec:
    """CSS selectors for an HTML listing page (each match of ``item`` is one link).

    ``link`` is searched inside each item (``None``: the item itself is the ``<a>``);
    ``title`` and ``date`` likewise. Bounds make drift loud: fewer than ``min_items`` or more
    than ``max_items`` matches raise ``ParseError`` naming the selector and the count.
    """

    item: str
    link: str | None = "a[href]"
    title: str | None = None
    date: str | None = None
    min_items: int = 1
    max_items: int | None = None


@dataclass(frozen=True)
class ArticleSpec:
    """How to read a detail page. Selectors, when given, override automatic extraction.

    A configured selector that matches nothing is drift and raises ``ParseError``.
    ``min_chars``: less main text than this means an error/login/stub page, not an article.
    """

    title: str | None = None
    date: str | None = None
    body: str | None = None
    min_chars: int = DEFAULT_MIN_ARTICLE_CHARS

    def reads_itself(self) -> bool:
        """Title, date and body selectors: the page is read without automatic extraction."""
        return bool(self.title and self.date and self.body)


@dataclass(frozen=True)
class FeedSpec:
    """RSS/Atom handling. ``as_links``: emit ``ListingLink`` so the full page is fetched."""

    as_links: bool = False
    min_items: int = 1


@dataclass(frozen=True)
class PdfLimits:
    """Limits for the child process that parses a PDF (a PDF is untrusted input)."""

    timeout_s: float = DEFAULT_PDF_TIMEOUT_S
    memory_mb: int = DEFAULT_PDF_MEMORY_MB
    max_pages: int = DEFAULT_PDF_MAX_PAGES
    min_chars_per_page: int = DEFAULT_PDF_MIN_CHARS_PER_PAGE


@dataclass(frozen=True)
class JsonMapping:
    """Declarative field mapping for a JSON API. See ``jsonapi`` for the path syntax.

    ``items``: dotted path to the list of items; ``"$"`` (or ``""``) means the document
    itself is one item. Each field is one path or a list of paths tried in order (first
    non-empty wins). ``as_links`` emits ``ListingLink`` instead of items. ``meta`` copies
    extra values into ``ParsedItem.meta`` (name → paths), e.g. a withdrawal date.
    """

    items: str
    title: tuple[str, ...] = ()
    url: tuple[str, ...] = ()
    text: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    withdrawn: tuple[str, ...] = ()
    id: tuple[str, ...] = ()
    min_items: int = 1
    max_items: int | None = None
    as_links: bool = False
    meta: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> JsonMapping:
        """Build from the plain-dict form used by presets and ``sources.yaml``."""
        known = {"items", "fields", "meta", "min_items", "max_items", "as_links"}
        _reject_unknown(data, known, "json")
        if "items" not in data:
            raise ConfigError("json mapping needs 'items' (a dotted path, or '$' for the root)")
        paths = dict(data.get("fields") or {})
        _reject_unknown(paths, _PATH_FIELDS, "json.fields")
        return cls(
            items=str(data["items"]),
            min_items=int(data.get("min_items", 1)),
            max_items=_opt_int(data.get("max_items")),
            as_links=bool(data.get("as_links", False)),
            meta=tuple((str(k), _paths(v)) for k, v in dict(data.get("meta") or {}).items()),
            **{name: _paths(paths.get(name)) for name in _PATH_FIELDS},
        )


_PATH_FIELDS = ("title", "url", "text", "date", "language", "withdrawn", "id")


@dataclass(frozen=True)
class ParseSpec:
    """Everything the parsers need to know about one source.

    ``kind`` is what the source entry promises (``auto`` trusts the bytes alone). The bytes
    are always sniffed; a response that contradicts the promise (a JSON API answering HTML)
    is a ``ParseError``. ``languages`` and ``timezone`` help date parsing on pages that give
    local, non-English dates.
    """

    kind: Kind = "auto"
    source: str | None = None
    listing: ListingSpec | None = None
    article: ArticleSpec = field(default_factory=ArticleSpec)
    feed: FeedSpec = field(default_factory=FeedSpec)
    json: JsonMapping | None = None
    pdf: PdfLimits = field(default_factory=PdfLimits)
    languages: tuple[str, ...] = ()
    timezone: str = "UTC"

    def for_detail(self) -> ParseSpec:
        """The spec for a page reached through a ``ListingLink``: read it as a document.

        Detail pages of an HTML or RSS source are often PDFs, so the kind goes back to
        ``auto``; the listing selectors and JSON mapping belong to the listing only.
        """
        return replace(self, kind="auto", listing=None, json=None, feed=FeedSpec())


def spec_from_source(entry: Mapping[str, Any]) -> ParseSpec:
    """Build a ``ParseSpec`` from one ``sources.yaml`` entry (unknown parse keys refused).

    Reads ``name``, ``kind`` and the optional blocks ``listing``, ``article``, ``feed``,
    ``json`` (a mapping dict or a preset name), ``pdf``, plus ``languages`` and ``timezone``.
    Other keys of the entry (url, every, aliases...) belong to other stages and are ignored.
    """
    source = entry.get("name")
    kind = str(entry.get("kind", "auto"))
    if kind not in KINDS:
        raise ConfigError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}", source=source)
    try:
        return ParseSpec(
            kind=cast(Kind, kind),
            source=source,
            listing=_block(ListingSpec, entry.get("listing"), "listing"),
            article=_block(ArticleSpec, entry.get("article"), "article") or ArticleSpec(),
            feed=_block(FeedSpec, entry.get("feed"), "feed") or FeedSpec(),
            json=_json_block(entry.get("json")),
            pdf=_block(PdfLimits, entry.get("pdf"), "pdf") or PdfLimits(),
            languages=tuple(str(x) for x in entry.get("languages") or ()),
            timezone=str(entry.get("timezone", "UTC")),
        )
    except ConfigError as exc:
        raise ConfigError(str(exc), source=source) from None
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"invalid parse settings: {exc}", source=source) from None


def _block(cls: Any, data: Any, name: str) -> Any:
    if data is None:
        return None
    if not isinstance(data, Mapping):
        raise ConfigError(f"'{name}' must be a mapping")
    _reject_unknown(data, {f.name for f in fields(cls)}, name)
    return cls(**dict(data))


def _json_block(data: Any) -> JsonMapping | None:
    if data is None:
        return None
    if isinstance(data, str):
        from scrapers.parse.presets import preset

        return JsonMapping.from_dict(preset(data))
    if not isinstance(data, Mapping):
        raise ConfigError("'json' must be a mapping or a preset name")
    return JsonMapping.from_dict(data)


def _reject_unknown(data: Mapping[str, Any], known: set[str] | Sequence[str], where: str) -> None:
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ConfigError(f"unknown key(s) in {where}: {', '.join(unknown)}")


def _paths(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)
