"""The review layer's exception tree; each maps to one HTTP status and CLI exit code.

::

    ReviewError          (400, exit 2)
    ├── InvalidInput     (422, exit 2)  bad field value; names the field
    ├── NotFound         (404, exit 2)  unknown proposal, question or user
    ├── Forbidden        (403, exit 2)  the user's role or a rule does not allow it
    └── Conflict         (409, exit 2)  the state changed: already decided, wrong state
"""

from __future__ import annotations


class ReviewError(Exception):
    http_status = 400
    title = "Bad request"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(ReviewError):
    http_status = 422
    title = "Invalid input"


class NotFound(ReviewError):
    http_status = 404
    title = "Not found"


class Forbidden(ReviewError):
    http_status = 403
    title = "Forbidden"


class Conflict(ReviewError):
    http_status = 409
    title = "Conflict"
