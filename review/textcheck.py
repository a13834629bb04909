"""Free-text fields (notes, reasons): trimmed, bounded, no control characters."""

from __future__ import annotations

from review.errors import InvalidInput


def clean_text(value: str | None, *, field: str, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(f"{field} is required", field=field)
    if len(value) > limit:
        raise InvalidInput(f"{field} is {len(value)} characters; the limit is {limit}", field=field)
    if any((ord(ch) < 32 and ch not in "\n\t\r") or ord(ch) == 127 for ch in value):
        raise InvalidInput(f"{field} contains control characters", field=field)
    return value


def check_http_url(value: str | None, *, field: str) -> str | None:
    value = (value or "").strip() or None
    if value is None:
        return None
    if not value.lower().startswith(("http://", "https://")) or len(value) > 2000:
        raise InvalidInput(f"{field} must be an http(s) URL", field=field)
    if any(ord(ch) <= 32 for ch in value):
        raise InvalidInput(f"{field} must not contain spaces or control characters", field=field)
    return value
