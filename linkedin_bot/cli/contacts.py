"""``linkedin-bot contacts ...`` (being written)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Contacts: import LinkedIn's connections export.", no_args_is_help=True)
