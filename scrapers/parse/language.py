"""One form for language tags, whatever the source wrote (``en_GB``, ``EN-us``, ``ar``).

Matching compares a finding's language with a question's; "en_GB" and "en" must agree, so
tags are reduced to their primary subtag, lower case.
"""

from __future__ import annotations

import re

_PRIMARY = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$")


def normalize_language(tag: object) -> str | None:
    """``"en_GB"`` → ``"en"``; None for anything that is not a language tag."""
    if not isinstance(tag, str):
        return None
    match = _PRIMARY.match(tag)
    return match.group(1).lower() if match else None
