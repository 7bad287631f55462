"""The ``linkedin-bot`` command line (Typer + Rich).

Every command builds what it needs once (settings, engine) at its entry, commits at its
boundary, and turns domain errors into a one-line message and a non-zero exit code.
"""

from __future__ import annotations

import typer

from linkedin_bot.cli import (
    auth,
    contacts,
    db,
    demo,
    notify,
    run,
    safety,
    schedule,
    serve,
    templates,
)
from linkedin_bot.cli.common import run_command

app = typer.Typer(
    name="linkedin-bot",
    help="Self-hosted LinkedIn routine: birthday wishes and profile sourcing.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("serve")(serve.serve)
app.add_typer(db.app, name="db")
app.add_typer(auth.app, name="auth")
app.add_typer(contacts.app, name="contacts")
app.add_typer(run.app, name="run")
app.command("demo")(demo.demo)
app.command("resume")(safety.resume)
app.add_typer(templates.app, name="templates")
app.add_typer(schedule.app, name="schedule")
app.add_typer(notify.app, name="notify")


def main() -> None:
    """Console-script entry point."""
    run_command(app)
