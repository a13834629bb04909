"""Refuse hostile XML before any XML parser that expands entities sees it.

feedparser's strict parser is expat through ``xml.sax``: it would expand a "billion laughs"
entity bomb. So every feed is first read by defusedxml, which refuses entity declarations
and external references. Feeds have no business declaring entities, so refusing them costs
nothing. When the XML is too broken for defusedxml to reach the DTD, a plain scan for
``<!ENTITY`` still refuses it (feedparser's loose parser will try such feeds otherwise).
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import ParseError as XmlSyntaxError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from scrapers.errors import ParseError

_ENTITY_DECL = re.compile(r"<!ENTITY", re.IGNORECASE)


def check_xml_safety(data: bytes, *, url: str | None = None, source: str | None = None) -> None:
    """Raise ``ParseError`` if ``data`` declares entities or references external resources.

    Malformed but harmless XML passes: deciding what to do with it is the feed parser's job.
    """
    try:
        fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ParseError(f"unsafe XML refused: {_describe(exc)}", url=url, source=source) from None
    except XmlSyntaxError:
        if _ENTITY_DECL.search(data.decode("utf-8", errors="replace")):
            raise ParseError(
                "unsafe XML refused: entity declaration in a document too malformed to vet",
                url=url,
                source=source,
            ) from None


def _describe(exc: DefusedXmlException) -> str:
    system_id = getattr(exc, "sysid", None) or getattr(exc, "system_id", None)
    name = getattr(exc, "name", None)
    if system_id:
        return f"external entity {name!r} -> {system_id!r} (external references are refused)"
    if name:
        return f"entity declaration {name!r} (entity expansion is refused)"
    return type(exc).__name__
