"""``linkedin-bot db ...``: schema migrations, backups and restores, data maintenance."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from linkedin_bot.cli import legacy
from linkedin_bot.cli.common import EXIT_FAILURE, EXIT_USAGE, fail, load_settings
from linkedin_bot.core.errors import LinkedInBotError

if TYPE_CHECKING:
    from rich.table import Table

    from linkedin_bot.services.backup import RestorePlan

app = typer.Typer(
    help="Database: migrations, backups and restores, import of a legacy database.",
    no_args_is_help=True,
)
app.command("import-legacy", short_help="Import the V1 database's birthday messages.")(
    legacy.import_legacy
)


@app.command("upgrade", short_help="Apply the database migrations.")
def upgrade_command(
    revision: str = typer.Argument("head", help="Target revision (default: the latest)."),
) -> None:
    """Apply the database migrations (also done automatically when `serve` starts)."""
    from linkedin_bot.cli.common import console
    from linkedin_bot.db.migrate import upgrade

    settings = load_settings()
    upgrade(settings.effective_database_url, revision)
    console.print(f"database at [bold]{revision}[/]")


def _fail(exc: LinkedInBotError) -> NoReturn:
    from rich.markup import escape

    fail(escape(exc.detail), EXIT_USAGE if exc.status_code < 500 else EXIT_FAILURE)


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KiB", "MiB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


def _counts_table(title: str, **columns: dict[str, int]) -> Table:
    from rich.table import Table

    table = Table(title=title)
    table.add_column("table")
    for name in columns:
        table.add_column(name, justify="right")
    names = sorted({t for counts in columns.values() for t in counts})
    for name in names:
        table.add_row(name, *(str(c[name]) if name in c else "-" for c in columns.values()))
    return table


@app.command("backup", short_help="Back the database up (safe while the service runs).")
def backup_command(
    directory: Path | None = typer.Option(
        None, "--dir", help="Where to write (default: LINKEDIN_BOT_BACKUP_DIR or DATA_DIR/backups)."
    ),
) -> None:
    """Back the database up (safe while the service runs) and keep the newest N backups."""
    from rich.markup import escape

    from linkedin_bot.cli.common import console
    from linkedin_bot.services.backup import create_backup

    settings = load_settings()
    try:
        result = create_backup(settings, directory=directory)
    except LinkedInBotError as exc:
        _fail(exc)
    console.print(
        f"backup written: [bold]{escape(str(result.path))}[/] ({_size(result.bytes)})",
        soft_wrap=True,
        highlight=False,
    )
    console.print(_counts_table("Rows in the backup", rows=result.tables))


def _show_plan(plan: RestorePlan) -> None:
    from rich.markup import escape

    from linkedin_bot.cli.common import console

    console.print(
        f"backup [bold]{escape(str(plan.file))}[/] is sound (integrity ok, schema of "
        f"revision {plan.backup.revision}, no unknown trigger or view)",
        soft_wrap=True,
        highlight=False,
    )
    if plan.current is None:
        console.print(
            f"the current database cannot be read ({escape(plan.current_problem or '?')}): "
            "a byte copy of it will be kept",
            soft_wrap=True,
            highlight=False,
        )
        console.print(_counts_table("Row counts", backup=plan.backup.tables))
    else:
        console.print(_counts_table("Row counts", current=plan.current, backup=plan.backup.tables))


@app.command("restore", short_help="Replace the database with a checked backup.")
def restore_command(
    file: Path = typer.Argument(..., help="A backup written by `db backup` (.db or .dump)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Check a backup, then replace the database with it (a safety copy is kept first).

    Refused while another process uses the database: stop the service first.

    Refused for a file whose schema is not exactly that of its revision.

    SQLite (a `.db`) and PostgreSQL (a `.dump`).
    """
    from rich.markup import escape

    from linkedin_bot.cli.common import console
    from linkedin_bot.services.backup import restore_backup

    settings = load_settings()

    def confirm(plan: RestorePlan) -> bool:
        _show_plan(plan)
        if yes:
            return True
        return typer.confirm(f"Replace {plan.target} with this backup?", default=False)

    try:
        result = restore_backup(settings, file, confirm=confirm)
    except LinkedInBotError as exc:
        _fail(exc)
    if result is None:
        fail("aborted: nothing was changed", EXIT_FAILURE)
    if result.safety_copy is not None:
        kind = (
            " (a byte copy: it could not be read as SQLite)" if result.safety_is_byte_copy else ""
        )
        console.print(
            f"safety copy of the previous database: {escape(str(result.safety_copy))}{kind}",
            soft_wrap=True,
            highlight=False,
        )
    before = {"before": result.before} if result.before is not None else {}
    console.print(_counts_table("Restored", **before, after=result.after))
    migrated = f", migrated to {result.migrated_to}" if result.migrated_to else ""
    console.print(
        f"restored (schema revision {result.revision}{migrated}); the service can be started",
        highlight=False,
    )
