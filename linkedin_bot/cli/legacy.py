"""``linkedin-bot db import-legacy FILE``: move V1's birthday messages into interactions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from linkedin_bot.cli.common import EXIT_FAILURE, load_settings, run_async

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from linkedin_bot.services.legacy_import import LegacyImportReport


async def _import(url: str, file: Path, tz: ZoneInfo, dry_run: bool) -> LegacyImportReport:
    from linkedin_bot.db.engine import create_engine, create_session_factory
    from linkedin_bot.services.legacy_import import import_legacy_database

    engine = create_engine(url)
    try:
        sessions = create_session_factory(engine)
        async with sessions() as session, session.begin() as transaction:
            report = await import_legacy_database(session, file, tz=tz)
            # All or nothing: a dry run, or an import that does not add up, keeps nothing.
            if dry_run or not report.ok:
                await transaction.rollback()
            return report
    finally:
        await engine.dispose()


def _print_report(report: LegacyImportReport, dry_run: bool) -> None:
    from rich.table import Table

    from linkedin_bot.cli.common import console

    title = "Legacy import (dry run: nothing written)" if dry_run else "Legacy import"
    table = Table(title=title, show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, value in (
        ("legacy rows read", report.legacy_rows),
        ("imported", report.imported),
        ("already present", report.already_present),
        ("rejected", len(report.rejected)),
        ("contacts matched", report.contacts_matched),
        ("contacts created", report.contacts_created),
        ("interactions found after import", report.interactions_found),
        ("orphan interactions", report.orphans),
    ):
        table.add_row(label, str(value))
    console.print(table)
    if report.rejected:
        rejected = Table(title="Rejected rows")
        rejected.add_column("legacy id", justify="right")
        rejected.add_column("reason")
        for row in report.rejected:
            rejected.add_row(str(row.legacy_id), row.reason)
        console.print(rejected)


def import_legacy(
    file: Path = typer.Argument(..., help="The old (V1) SQLite database; never modified."),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Do the whole import, report it, then roll it back."
    ),
) -> None:
    """Import an old database's birthday_messages into interactions, with an integrity check."""
    from linkedin_bot.cli.common import console, err_console
    from linkedin_bot.db.migrate import upgrade

    settings = load_settings()
    url = settings.effective_database_url
    upgrade(url)
    report = run_async(_import(url, file, settings.tz, dry_run))
    _print_report(report, dry_run)
    if not report.ok:
        err_console.print(
            "[bold red]integrity check failed:[/] rows read "
            f"{report.legacy_rows} != imported {report.imported} + already present "
            f"{report.already_present} + rejected {len(report.rejected)}, or "
            f"{report.orphans} orphan(s); nothing was written",
            highlight=False,
        )
        raise typer.Exit(EXIT_FAILURE)
    verdict = "would be consistent" if dry_run else "consistent"
    console.print(f"integrity check: {verdict} (in = out, no orphans)")
