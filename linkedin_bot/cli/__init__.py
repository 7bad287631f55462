"""The ``linkedin-bot`` command line (Typer + Rich).

Every command builds what it needs once (settings, engine) at its entry, commits at its
boundary, and turns domain errors into a one-line message and a non-zero exit code.

The command modules only declare their commands: what a command needs (SQLAlchemy, the
browser, FastAPI, even Rich's tables) is imported inside its body, so that ``--help``,
``--version`` and each command's ``--help`` start in a few hundredths of a second
(``tests/cli/test_startup_imports.py`` keeps it so; ``bench/`` measures it).
"""

from __future__ import annotations

import typer

from linkedin_bot import __version__
from linkedin_bot.cli import (
    auth,
    contacts,
    db,
    demo,
    doctor,
    inspect,
    notify,
    run,
    safety,
    schedule,
    serve,
    status,
    templates,
)
from linkedin_bot.cli.common import run_command

app = typer.Typer(
    name="linkedin-bot",
    help="Self-hosted LinkedIn routine: birthday wishes and profile sourcing.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    # Click's plain help, not Typer's Rich panels: those import a Markdown parser, Pygments
    # and half of Rich, 0.2 s of CPU (twice the rest of `--help`; seconds on a Raspberry Pi).
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"linkedin-bot {__version__}")
        raise typer.Exit


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_print_version,
        is_eager=True,
        help="Print the version and exit.",
    ),
) -> None:
    """Self-hosted LinkedIn routine: birthday wishes and profile sourcing."""


app.command("serve", short_help="Serve the HTTP API and run the schedule (migrates first).")(
    serve.serve
)
app.command("status", short_help="The bot at a glance: paths, session, quotas, runs.")(
    status.status
)
app.add_typer(db.app, name="db", short_help="Migrations, backups and restores, legacy import.")
app.add_typer(auth.app, name="auth")
app.add_typer(contacts.app, name="contacts")
app.add_typer(run.app, name="run")
app.command("demo", short_help="A birthday campaign against the built-in simulator.")(demo.demo)
app.command("resume", short_help="End the cool-down in force (shows it first).")(safety.resume)
app.add_typer(inspect.app, name="inspect", short_help="What the bot reads on a LinkedIn page.")
app.command("doctor", short_help="Check the session and what the bot reads on LinkedIn.")(
    doctor.doctor
)
app.add_typer(templates.app, name="templates")
app.add_typer(schedule.app, name="schedule")
app.add_typer(notify.app, name="notify")


def main() -> None:
    """Console-script entry point."""
    run_command(app)
