"""``linkedin-bot templates check``: validate the message templates and preview them."""

from __future__ import annotations

from pathlib import Path

import typer

from linkedin_bot.cli.common import fail, load_settings
from linkedin_bot.cli.outcomes import EXIT_USAGE
from linkedin_bot.core.errors import LinkedInBotError

app = typer.Typer(help="Message templates.", no_args_is_help=True)


@app.command("check", short_help="Check the templates and preview them for a name.")
def check(
    name: str = typer.Option("Jean Dupont", help="The name to preview the messages for."),
    directory: Path | None = typer.Option(
        None,
        "--dir",
        help="Templates directory (default: LINKEDIN_BOT_TEMPLATES_DIR, else the data "
        "directory's templates/).",
    ),
    years: str = typer.Option("5", help="{years} in the preview."),
    company: str = typer.Option("Acme", help="{company} in the preview."),
    title: str = typer.Option("CTO", help="{title} in the preview."),
) -> None:
    """Check every template (yours over the packaged ones) and show each message as it
    would be sent to NAME. Exit 2 naming the file and template when one is invalid."""
    from rich.table import Table

    from linkedin_bot.cli.common import console
    from linkedin_bot.core.names import clean_display_name, greeting_name
    from linkedin_bot.services.messages import TemplateBook, render
    from linkedin_bot.services.template_files import load_templates, templates_folder

    settings = load_settings()
    folder = directory or templates_folder(settings)
    try:
        if directory is not None:
            book = TemplateBook.load(directory, settings.default_locale)
        else:
            book = load_templates(settings)
    except LinkedInBotError as exc:
        fail(exc.detail, EXIT_USAGE)
    first = greeting_name(name)
    if first is None:
        fail(f"{name!r} gives no plausible first name: such a person is never messaged")
    values = {
        "first_name": first,
        "name": clean_display_name(name),
        "years": years,
        "company": company,
        "title": title,
    }
    where = folder if folder.is_dir() else "packaged only"
    table = Table(title=f"templates ({where}), previewed for {name}")
    for column in ("kind", "locale", "id", "from", "message"):
        table.add_column(column, overflow="fold")
    for template in book.templates:
        try:
            text = render(template, **values)
        except LinkedInBotError as exc:
            fail(f"{template.source}: {exc.detail}", EXIT_USAGE)
        table.add_row(template.kind, template.locale, template.id, template.source, text)
    console.print(table)
    kinds = sorted({(t.kind, t.locale) for t in book.templates})
    console.print(
        f"{len(book.templates)} templates valid ({len(kinds)} kind/locale pairs); default "
        f"locale {book.default_locale}. Contacts of another language get the default one."
    )
