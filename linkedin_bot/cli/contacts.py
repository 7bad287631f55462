"""``linkedin-bot contacts import FILE``: load LinkedIn's connections export."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from linkedin_bot.cli.common import console, load_settings, run_async
from linkedin_bot.db.engine import create_engine, create_session_factory
from linkedin_bot.db.migrate import upgrade
from linkedin_bot.services.contacts_import import ImportReport, import_connections

app = typer.Typer(help="Contacts: import LinkedIn's connections export.", no_args_is_help=True)


async def _import(url: str, file: Path, base_url: str, progress: Progress) -> ImportReport:
    task = progress.add_task("importing", total=None)

    def on_progress(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    engine = create_engine(url)
    try:
        sessions = create_session_factory(engine)
        async with sessions() as session, session.begin():
            return await import_connections(session, file, base_url=base_url, progress=on_progress)
    finally:
        await engine.dispose()


def _print_report(report: ImportReport) -> None:
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
    """Import (or re-import) your connections; bad rows are listed by line, good ones kept."""
    settings = load_settings()
    url = settings.effective_database_url
    upgrade(url)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        report = run_async(_import(url, file, settings.linkedin_base_url, progress))
    _print_report(report)
