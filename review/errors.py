"""The review layer's exception tree; each maps to one HTTP status and CLI exit code.

::

    ReviewError          (400, exit 2)
    ├── InvalidInput     (422, exit 2)  bad field value; names the field
    ├── Unauthorized     (401, exit 2)  no valid credentials (token, session, password)
    ├── Forbidden        (403, exit 2)  the user's role or a rule does not allow it
    ├── NotFound         (404, exit 2)  unknown proposal, question or user
    ├── Conflict         (409, exit 2)  the state changed: already decided, wrong state
    ├── TooLarge         (413, exit 2)  request body over the limit
    └── TooManyRequests  (429, exit 2)  login attempts over the limit
"""

from __future__ import annotations


class ReviewError(Exception):
    http_status = 400
    title = "Bad request"
    slug = "bad-request"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(ReviewError):
    http_status = 422
    title = "Invalid input"
    slug = "invalid-input"


class Unauthorized(ReviewError):
    http_status = 401
    title = "Unauthorized"
    slug = "unauthorized"


class Forbidden(ReviewError):
    http_status = 403
    title = "Forbidden"
    slug = "forbidden"


class NotFound(ReviewError):
    http_status = 404
    title = "Not found"
    slug = "not-found"


class Conflict(ReviewError):
    http_status = 409
    title = "Conflict"
    slug = "conflict"


class TooLarge(ReviewError):
    http_status = 413
    title = "Request body too large"
    slug = "too-large"


class TooManyRequests(ReviewError):
    http_status = 429
    title = "Too many requests"
    slug = "too-many-requests"
