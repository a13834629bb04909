"""CLI commands of the review side (serving the web UI and API, dispute decisions,
clarifications, exports). Registered on the main app by ``resdesk.cli``."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the review commands to ``app``."""
