"""``linkedin-bot db ...``: schema migrations and data maintenance."""

from __future__ import annotations

import typer

from linkedin_bot.cli import legacy
from linkedin_bot.cli.common import console, load_settings
from linkedin_bot.db.migrate import upgrade

app = typer.Typer(help="Database: migrations, import of a legacy database.", no_args_is_help=True)
app.command("import-legacy")(legacy.import_legacy)


@app.command("upgrade")
def upgrade_command(
    revision: str = typer.Argument("head", help="Target revision (default: the latest)."),
) -> None:
    """Apply the database migrations (also done automatically when `serve` starts)."""
    settings = load_settings()
    upgrade(settings.effective_database_url, revision)
    console.print(f"database at [bold]{revision}[/]")
