"""``linkedin-bot auth ...``: the API key and the LinkedIn session.

``auth import`` reads the session from an argument, a file, stdin (``-``) or a hidden
prompt, and never echoes it; ``auth status`` says whether it is there, when it expires
and whether it worked at the last check, never its value.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from linkedin_bot.cli.common import EXIT_FAILURE, EXIT_USAGE, fail, load_settings

if TYPE_CHECKING:
    from linkedin_bot.linkedin.auth import SessionStatus

app = typer.Typer(help="Credentials: the API key, the LinkedIn session.", no_args_is_help=True)

MAX_INPUT_BYTES = 1024 * 1024  # a whole browser's cookie export is far smaller


@app.command("api-key")
def api_key() -> None:
    """Print the API key that clients send in the X-API-Key header."""
    from linkedin_bot.cli.common import console
    from linkedin_bot.core.secrets import resolve_secrets

    settings = load_settings()
    secrets = resolve_secrets(settings)
    # Printed on purpose: this command exists to show it to its owner.
    console.print(secrets.api_key.get_secret_value(), highlight=False, soft_wrap=True)


def _read_input(value: str | None, file: Path | None) -> str:
    if value is not None and file is not None:
        fail("give the session either as VALUE or with --file, not both", EXIT_USAGE)
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")[:MAX_INPUT_BYTES]
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"cannot read {file}: {exc.__class__.__name__}", EXIT_USAGE)
    if value == "-":
        return sys.stdin.read(MAX_INPUT_BYTES)
    if value is not None:
        from linkedin_bot.cli.common import err_console

        err_console.print(
            "[yellow]note:[/] a value given as an argument stays in your shell history; "
            "prefer `-` (stdin) or the prompt"
        )
        return value
    prompted: str = typer.prompt(
        "li_at cookie value (input hidden)", hide_input=True, err=True, show_default=False
    )
    return prompted


def _when(status: SessionStatus) -> str:
    if status.expires_at is None:
        return "unknown (browser-session cookie)" if status.present else "-"
    return status.expires_at.strftime("%Y-%m-%d %H:%M UTC")


@app.command("import", short_help="Save the LinkedIn session, encrypted.")
def import_(
    value: str | None = typer.Argument(
        None, help="The li_at value, or `-` to read it (or a cookie JSON) from stdin."
    ),
    file: Path | None = typer.Option(
        None, "--file", "-f", help="A cookie JSON export or Playwright storage state."
    ),
) -> None:
    """Save the LinkedIn session (li_at cookie or cookie export), encrypted."""
    from linkedin_bot.cli.common import console
    from linkedin_bot.core.errors import InvalidInput
    from linkedin_bot.linkedin.auth import import_session

    settings = load_settings()
    raw = _read_input(value, file)
    try:
        status = import_session(settings, raw)
    except InvalidInput as exc:
        fail(exc.detail, EXIT_USAGE)
    console.print(
        f"LinkedIn session saved, encrypted. Expires: {_when(status)}. "
        "The next run checks it on LinkedIn.",
        highlight=False,
    )


def _yes_no(value: bool | None, unknown: str = "never checked") -> str:
    if value is None:
        return unknown
    return "[green]yes[/]" if value else "[red]no[/]"


@app.command("status", short_help="Is the LinkedIn session saved and valid? Until when?")
def status() -> None:
    """Whether a session is saved, when it expires, whether it worked at the last check."""
    from rich.table import Table

    from linkedin_bot.cli.common import console, err_console
    from linkedin_bot.linkedin.auth import session_status

    settings = load_settings()
    current = session_status(settings)
    table = Table(title="LinkedIn session", show_header=False)
    table.add_row("Saved", _yes_no(current.present))
    table.add_row("Expires", _when(current))
    table.add_row("Expired", _yes_no(current.expired) if current.present else "-")
    table.add_row("Valid at last check", _yes_no(current.valid))
    checked = current.last_validated_at
    table.add_row("Last checked", checked.strftime("%Y-%m-%d %H:%M UTC") if checked else "-")
    if current.problem:
        table.add_row("Problem", current.problem)
    console.print(table)
    usable = current.present and not current.expired and current.valid is not False
    if not usable:
        err_console.print("run `linkedin-bot auth import` with a fresh li_at cookie")
        raise typer.Exit(EXIT_FAILURE)


@app.command("set-password", short_help="Set the dashboard's sign-in password.")
def set_password(
    stdin: bool = typer.Option(
        False, "--stdin", help="Read the password from standard input (one line) instead."
    ),
) -> None:
    """Set the password of the web dashboard (asked twice, hidden). The API key keeps
    working too. Browsers signed in before are signed out."""
    from linkedin_bot.cli.common import console
    from linkedin_bot.core.errors import InvalidInput
    from linkedin_bot.core.passwords import MAX_PASSWORD_CHARS, password_problem, save_password

    settings = load_settings()
    if stdin:
        password = sys.stdin.readline(MAX_PASSWORD_CHARS + 2).rstrip("\r\n")
    else:
        password = typer.prompt(
            "New dashboard password (input hidden)",
            hide_input=True,
            confirmation_prompt="Repeat it",
            err=True,
        )
    problem = password_problem(password)
    if problem is not None:
        fail(problem, EXIT_USAGE)
    try:
        path = save_password(settings, password)
    except InvalidInput as exc:
        fail(exc.detail, EXIT_USAGE)
    console.print(
        f"Dashboard password saved ({path}, hashed). Sign in at "
        f"http://{settings.host}:{settings.port}/ with it or with the API key.",
        highlight=False,
    )


@app.command("clear-password", short_help="Remove the dashboard password (API key only).")
def clear_password() -> None:
    """Remove the dashboard password: only the API key signs in afterwards."""
    from linkedin_bot.cli.common import console
    from linkedin_bot.core.passwords import remove_password

    settings = load_settings()
    if remove_password(settings):
        console.print("Dashboard password removed: sign in with the API key.")
    else:
        console.print("No dashboard password was set.")
