"""``linkedin-bot contacts``: import LinkedIn's connections export, export as CSV, and what
you decide about a person: ``block``, ``unblock``, ``blocked``, ``edit``.

The database, the services and Rich's widgets are imported inside the commands: ``--help``
loads none of them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import typer

from linkedin_bot.cli.common import load_settings, run_async
from linkedin_bot.db.enums import ContactStatus

if TYPE_CHECKING:
    from rich.progress import Progress
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from linkedin_bot.core.settings import Settings
    from linkedin_bot.db.models import Contact
    from linkedin_bot.db.queries.contacts import ContactFilters
    from linkedin_bot.services.contacts_import import ImportReport

app = typer.Typer(
    help="Contacts: import LinkedIn's connections export, export as CSV, block or unblock "
    "a person, set their language or a note.",
    no_args_is_help=True,
)


def _template_locales(settings: Settings) -> tuple[str, ...]:
    from linkedin_bot.services.template_files import load_templates

    return load_templates(settings).locales


async def _with_sessions(settings: Settings, work: Any) -> Any:
    """``work(sessions)`` on the configured database, migrated first; the engine disposed."""
    from linkedin_bot.db.engine import create_engine, create_session_factory
    from linkedin_bot.db.migrate import upgrade_async

    url = settings.effective_database_url
    await upgrade_async(url)
    engine = create_engine(url)
    try:
        return await work(create_session_factory(engine))
    finally:
        await engine.dispose()


# --- import / export ----------------------------------------------------------------------


async def _import(settings: Settings, file: Path, progress: Progress) -> ImportReport:
    from linkedin_bot.services.contacts_import import (
        ImportLimits,
        import_connections,
    )

    task = progress.add_task("importing", total=None)

    def on_progress(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    async def work(sessions: async_sessionmaker[AsyncSession]) -> ImportReport:
        return await import_connections(
            sessions,
            file,
            base_url=settings.linkedin_base_url,
            limits=ImportLimits(settings.import_max_bytes, settings.import_max_rows),
            progress=on_progress,
            locales=_template_locales(settings),
        )

    report: ImportReport = await _with_sessions(settings, work)
    return report


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
    Optional extra columns `blacklisted` (true/false), `locale` and `note` set what you
    decide about each person (an empty cell changes nothing). Written in batches of 500
    rows: the service stays responsive meanwhile."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from linkedin_bot.cli.common import console

    settings = load_settings()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=console, transient=True) as progress:
        report = run_async(_import(settings, file, progress))
    _print_report(report)


async def _export(settings: Settings, filters: ContactFilters, out: TextIO) -> None:
    from linkedin_bot.services.contacts_export import contacts_csv

    async def work(sessions: async_sessionmaker[AsyncSession]) -> None:
        async for chunk in contacts_csv(sessions, filters):
            out.write(chunk)

    await _with_sessions(settings, work)


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
    q: str | None = typer.Option(
        None,
        help="Words in the name, headline, company or position (any case, any accents).",
    ),
) -> None:
    """Export contacts as CSV (newest first), with the filters of GET /contacts."""
    from linkedin_bot.cli.common import console
    from linkedin_bot.core.private_files import private_text_output
    from linkedin_bot.db.queries.contacts import ContactFilters

    settings = load_settings()
    filters = ContactFilters(
        status=status.value if status else None,
        min_fit_score=min_fit_score,
        has_birthday=has_birthday,
        blacklisted=blacklisted,
        q=q or None,
    )
    if output is None:
        run_async(_export(settings, filters, sys.stdout))
        return
    # Personal data: 0600, and in place only once complete (never a truncated file).
    with private_text_output(output) as handle:
        run_async(_export(settings, filters, handle))
    console.print(f"contacts written to {output}", highlight=False)


# --- what you decide about a person -------------------------------------------------------


def _describe(contact: Contact) -> str:
    name = contact.full_name or contact.public_id
    return f"{name} (id {contact.id}, {contact.profile_url})"


@app.command("block")
def block_command(
    contact: str = typer.Argument(..., help="The contact's id or LinkedIn profile URL."),
    note: str | None = typer.Option(None, "--note", help="Why, for you to remember."),
) -> None:
    """Blacklist a person: no campaign messages or visits them. A profile URL not known yet
    is kept, blacklisted, so that no later birthday list or search reaches them."""
    from linkedin_bot.cli.common import console
    from linkedin_bot.services.contact_edits import block, parse_ref

    settings = load_settings()

    async def work(sessions: async_sessionmaker[AsyncSession]) -> tuple[Contact, bool]:
        ref = parse_ref(contact, settings.linkedin_base_url)
        return await block(sessions, ref, note=note, base_url=settings.linkedin_base_url)

    blocked, added = run_async(_with_sessions(settings, work))
    console.print(f"Blocked {_describe(blocked)}: no campaign will contact them.", highlight=False)
    if added:
        console.print("(Not in your contacts yet: kept as a blocked person.)")


@app.command("unblock")
def unblock_command(
    contact: str = typer.Argument(..., help="The contact's id or LinkedIn profile URL."),
) -> None:
    """Take a person off the blacklist: campaigns may contact them again."""
    from linkedin_bot.cli.common import console
    from linkedin_bot.services.contact_edits import parse_ref, unblock

    settings = load_settings()

    async def work(sessions: async_sessionmaker[AsyncSession]) -> Contact:
        return await unblock(sessions, parse_ref(contact, settings.linkedin_base_url))

    unblocked = run_async(_with_sessions(settings, work))
    console.print(f"Unblocked {_describe(unblocked)}.", highlight=False)


@app.command("blocked")
def blocked_command() -> None:
    """The blacklisted people, newest first, with your notes."""
    from rich.table import Table

    from linkedin_bot.cli.common import console
    from linkedin_bot.db.queries.contacts_manage import blocked_contacts

    settings = load_settings()

    async def work(sessions: async_sessionmaker[AsyncSession]) -> list[Any]:
        async with sessions() as session:
            return await blocked_contacts(session)

    rows = run_async(_with_sessions(settings, work))
    if not rows:
        console.print("Nobody is blocked.")
        return
    table = Table(title=f"Blocked ({len(rows)})")
    for column in ("id", "name", "profile", "note"):
        table.add_column(column, overflow="fold")
    for row in rows:
        name = row["full_name"] or row["public_id"]
        table.add_row(str(row["id"]), name, row["profile_url"], row["note"] or "")
    console.print(table)


@app.command("edit")
def edit_command(
    contact: str = typer.Argument(..., help="The contact's id or LinkedIn profile URL."),
    locale: str | None = typer.Option(
        None, "--locale", help="The language of their messages (a template locale)."
    ),
    no_locale: bool = typer.Option(
        False, "--no-locale", help="Forget their language (the default locale is used)."
    ),
    note: str | None = typer.Option(None, "--note", help="Your note (empty: remove it)."),
) -> None:
    """Set a person's language or your note about them."""
    from linkedin_bot.cli.common import console
    from linkedin_bot.services.contact_edits import edit_contact, parse_ref

    if locale is not None and no_locale:
        raise typer.BadParameter("give --locale or --no-locale, not both", param_hint="--locale")
    changes: dict[str, Any] = {}
    if locale is not None or no_locale:
        changes["locale"] = locale
    if note is not None:
        changes["note"] = note
    if not changes:
        raise typer.BadParameter("nothing to change: give --locale, --no-locale or --note")
    settings = load_settings()
    locales = _template_locales(settings)

    async def work(sessions: async_sessionmaker[AsyncSession]) -> Contact:
        ref = parse_ref(contact, settings.linkedin_base_url)
        return await edit_contact(sessions, ref, changes, locales=locales)

    edited = run_async(_with_sessions(settings, work))
    console.print(
        f"{_describe(edited)}: language {edited.locale or 'default'}, "
        f"note {edited.note or '(none)'}",
        highlight=False,
    )
