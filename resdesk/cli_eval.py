"""CLI commands of the matching side: ``eval`` and ``outcomes cue``.
Registered on the main app by ``resdesk.cli``."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the matching commands to ``app``."""
