"""``linkedin-bot db import-legacy FILE`` (being written)."""

from __future__ import annotations

from pathlib import Path

import typer


def import_legacy(file: Path = typer.Argument(..., help="The old SQLite database.")) -> None:
    """Import an old database's birthday_messages into interactions."""
    raise typer.Exit(1)
