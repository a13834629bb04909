"""The review side's settings, each with its help text (environment: ``RESDESK_`` + name).

Kept apart from ``resdesk.settings`` because ``review`` may import only ``db``; the
``resdesk serve`` command builds both. Thresholds that protect a resolution are
settings, not literals, so an operator can tighten them without a release.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ReviewSettings(BaseSettings):
    """Review rules, sessions and request limits."""

    model_config = SettingsConfigDict(
        env_prefix="RESDESK_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    home: Path = Field(
        default=Path(".resdesk"),
        description="Folder for the embedded database and snapshots (shared with resdesk).",
    )
    double_review_below: float = Field(
        default=0.8,
        ge=0.0,
        le=1.0,
        description="Proposals with a confidence below this need two approvals from "
        "different reviewers (blind second review).",
    )
    dispute_approvals: int = Field(
        default=2,
        ge=1,
        le=5,
        description="Matching adjudications from different adjudicators a dispute needs "
        "before its decision takes effect (re-resolving a disputed question).",
    )
    challenge_window_seconds: int = Field(
        default=0,
        ge=0,
        description="Seconds after an approval during which anyone with a role may dispute; "
        "after it the resolution is final and disputing needs the reviewer role. 0: final "
        "at once.",
    )
    session_hours: float = Field(
        default=12.0, gt=0, description="How long a web sign-in lasts before signing in again."
    )
    login_max_failures_per_user: int = Field(
        default=5, ge=1, description="Wrong passwords for one user name within the window."
    )
    login_max_failures_per_client: int = Field(
        default=20, ge=1, description="Wrong passwords from one client address within the window."
    )
    login_window_seconds: int = Field(
        default=900, ge=1, description="The window the login failure limits count over."
    )
    max_body_bytes: int = Field(
        default=1_000_000,
        ge=1024,
        description="Largest request body accepted; larger ones get 413 and store nothing.",
    )
    page_size: int = Field(
        default=50, ge=1, le=500, description="Proposals per page in the queue (UI and API)."
    )
    cookie_secure: bool = Field(
        default=False,
        description="Mark the session cookie Secure (set it when serving over HTTPS).",
    )
    keepalive_max_requests: int = Field(
        default=20,
        ge=0,
        description="Responses on one kept-alive connection before it is closed, so that "
        "clients spread over the worker processes again. 0: never close.",
    )
    counts_ttl_seconds: float = Field(
        default=2.0,
        ge=0,
        description="How long the queue's status counts may be cached in the web process.",
    )

    @property
    def snapshot_dir(self) -> Path:
        return self.home / "snapshots"
