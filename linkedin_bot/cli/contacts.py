"""``linkedin-bot contacts import FILE`` (LinkedIn's connections export) and
``linkedin-bot contacts export`` (contacts as CSV, the API's filters)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import typer

from linkedin_bot.cli.common import load_settings, run_async
from linkedin_bot.db.enums import ContactStatus

if TYPE_CHECKING:
    from rich.progress import Progress

    from linkedin_bot.core.settings import Settings
    from linkedin_bot.db.queries.contacts import ContactFilters
    from linkedin_bot.services.contacts_import import ImportReport

app = typer.Typer(
    help="Contacts: import LinkedIn's connections export, export as CSV.", no_args_is_help=True
)


async def _import(settings: Settings, file: Path, progress: Progress) -> ImportReport:
    from linkedin_bot.db.engine import create_engine, create_session_factory
    from linkedin_bot.services.contacts_import import ImportLimits, import_connections

    task = progress.add_task("importing", total=None)

    def on_progress(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    engine = create_engine(settings.effective_database_url)
    try:
        return await import_connections(
            create_session_factory(engine),
            file,
            base_url=settings.linkedin_base_url,
            limits=ImportLimits(settings.import_max_bytes, settings.import_max_rows),
            progress=on_progress,
        )
    finally:
        await engine.dispose()


def _print_report(report: ImportReport) -> None:
    from rich.table import Table

    from linkedin_bot.cli.common import console

    summary = Table(title="Connections import", show_header=False)
    summary.add_column("what")
    summary.add_column("count", justify="right")
    for label, value in (
        ("rows read", report.rows_read),
        ("inserted", report.inserted),
        ("updated", report.updated),
        ("unchanged", report.unchanged),
        ("duplicates (last kept)", len(report.duplicates)),
        ("bad rows", len(report.errors)),
    ):
        summary.add_row(label, str(value))
    console.print(summary)
    for title, issues in (("Bad rows", report.errors), ("Duplicates", report.duplicates)):
        if not issues:
            continue
        table = Table(title=title)
        table.add_column("line", justify="right")
        table.add_column("reason")
        for issue in issues:
            table.add_row(str(issue.line), issue.reason)
        console.print(table)


@app.command("import")
def import_command(
    file: Path = typer.Argument(..., help="Connections.csv from LinkedIn's data export."),
) -> None:
    """Import (or re-import) your connections; bad rows are listed by line, good ones kept.
    Written in batches of 500 rows: the service stays responsive meanwhile."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from linkedin_bot.cli.common import console
    from linkedin_bot.db.migrate import upgrade

    settings = load_settings()
    upgrade(settings.effective_database_url)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        report = run_async(_import(settings, file, progress))
    _print_report(report)


async def _export(url: str, filters: ContactFilters, out: TextIO) -> None:
    from linkedin_bot.db.engine import create_engine, create_session_factory
    from linkedin_bot.services.contacts_export import contacts_csv

    engine = create_engine(url)
    try:
        async for chunk in contacts_csv(create_session_factory(engine), filters):
            out.write(chunk)
    finally:
        await engine.dispose()


@app.command("export")
def export_command(
    output: Path | None = typer.Option(
        None, "--output", "-o", help="CSV file to write (default: standard output)."
    ),
    status: ContactStatus | None = typer.Option(None, help="Only contacts with this status."),
    min_fit_score: float | None = typer.Option(None, min=0, max=100, help="Fit score at least."),
    has_birthday: bool | None = typer.Option(
        None, "--has-birthday/--no-birthday", help="With (or without) a known birthday."
    ),
    blacklisted: bool | None = typer.Option(
        None, "--blacklisted/--not-blacklisted", help="Blacklisted (or not) only."
    ),
    q: str | None = typer.Option(None, help="Text in the name or headline."),
) -> None:
    """Export contacts as CSV (newest first), with the filters of GET /contacts."""
    from linkedin_bot.cli.common import console
    from linkedin_bot.core.private_files import private_text_output
    from linkedin_bot.db.migrate import upgrade
    from linkedin_bot.db.queries.contacts import ContactFilters

    settings = load_settings()
    url = settings.effective_database_url
    upgrade(url)
    filters = ContactFilters(
        status=status.value if status else None,
        min_fit_score=min_fit_score,
        has_birthday=has_birthday,
        blacklisted=blacklisted,
        q=q or None,
    )
    if output is None:
        run_async(_export(url, filters, sys.stdout))
        return
    # Personal data: 0600, and in place only once complete (never a truncated file).
    with private_text_output(output) as handle:
        run_async(_export(url, filters, handle))
    console.print(f"contacts written to {output}", highlight=False)
