"""All settings in one place, each with its help text.

Read from environment variables (``RESDESK_*``), then a ``.env`` file, then
``resdesk.toml`` in the working directory. Nothing is created on import: paths are
resolved and folders made by the code that needs them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


class Settings(BaseSettings):
    """Resolution Desk settings. Environment variable names are ``RESDESK_`` + upper-case field."""

    model_config = SettingsConfigDict(
        env_prefix="RESDESK_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        toml_file="resdesk.toml",
    )

    home: Path = Field(
        default=Path(".resdesk"),
        description="Folder for the embedded database, snapshots and caches.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL (postgresql+psycopg://… in production). "
        "Default: a SQLite file in RESDESK_HOME.",
    )
    sources: Path | None = Field(
        default=None,
        description="The sources.yaml catalogue to use instead of the built-in one.",
    )
    match_threshold: float = Field(
        default=0.55,
        ge=0.0,
        le=1.0,
        description="Proposals below this confidence are not queued; the question stays open.",
    )
    relevance_threshold: float = Field(
        default=0.75,
        ge=0.0,
        le=1.0,
        description="A finding scoring below this against a question's subject is not about it.",
    )
    fetch_delay: float = Field(
        default=1.0,
        ge=0.0,
        description="Seconds between two requests to the same host (politeness).",
    )
    fetch_concurrency: int = Field(
        default=8,
        ge=1,
        le=64,
        description="Requests in flight to one host at a time (Scrapy's default is 8).",
    )
    fetch_allow_networks: str = Field(
        default="",
        description="Comma-separated CIDRs that may be fetched although private "
        "(e.g. 127.0.0.0/8 for a local test site). Default: none.",
    )
    actor: str | None = Field(
        default=None,
        description="Default user name for CLI decisions when --as is not given.",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            env_settings,
            dotenv_settings,
            TomlConfigSettingsSource(settings_cls),
            file_secret_settings,
        )

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to ``sqlite:///<home>/resdesk.db``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'resdesk.db').resolve()}"

    @property
    def snapshot_dir(self) -> Path:
        return self.home / "snapshots"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once. Tests call ``get_settings.cache_clear()``."""
    return Settings()
