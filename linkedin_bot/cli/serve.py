"""``linkedin-bot serve``: the HTTP API (and, with it, the schedule)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from linkedin_bot.cli.common import load_settings

if TYPE_CHECKING:
    from linkedin_bot.core.secrets import ResolvedSecrets


def announce_new_api_key(secrets: ResolvedSecrets) -> None:
    """On the start that generated the API key: the key itself only when standard output is
    a terminal (a person reads it); otherwise (systemd, Docker, a pipe: a log) only where it
    is and how to show it."""
    from linkedin_bot.cli.common import console
    from linkedin_bot.core.secrets import SHOW_API_KEY_COMMAND

    if not secrets.api_key_generated:
        return
    if sys.stdout.isatty():
        console.print(
            "[bold]A new API key was generated[/] (shown once; show it again with "
            f"[cyan]{SHOW_API_KEY_COMMAND}[/]):\n{secrets.api_key.get_secret_value()}",
            highlight=False,
            soft_wrap=True,
        )
        return
    console.print(
        f"A new API key was generated into {secrets.api_key_file} (not shown: standard output "
        f"is not a terminal). Show it with `{SHOW_API_KEY_COMMAND}`.",
        highlight=False,
        soft_wrap=True,
    )


SHUTDOWN_GRACE_S = 3


def serve(
    host: str | None = typer.Option(None, help="Address to bind (default: settings)."),
    port: int | None = typer.Option(None, help="Port to bind (default: settings)."),
) -> None:
    """Start the service: migrate the database, then serve the HTTP API."""
    import uvicorn

    from linkedin_bot.core.secrets import resolve_secrets
    from linkedin_bot.db.migrate import upgrade

    settings = load_settings()
    announce_new_api_key(resolve_secrets(settings))
    # Migrated here rather than in the app's start-up: a database that is unreachable, busy
    # or on a full disk is then one line from the CLI, not a server traceback.
    upgrade(settings.effective_database_url)
    from linkedin_bot.api.app import create_app
    from linkedin_bot.api.limits import MAX_HEADER_BYTES

    app = create_app(settings, migrate=False)
    if settings.dashboard_enabled and sys.stdout.isatty():
        from linkedin_bot.cli.common import console

        shown_host = host or settings.host
        shown_host = "127.0.0.1" if shown_host in ("0.0.0.0", "::") else shown_host  # noqa: S104
        console.print(
            f"Dashboard: [cyan]http://{shown_host}:{port or settings.port}/[/] "
            "(sign in with the API key, or a password: linkedin-bot auth set-password)",
            highlight=False,
            soft_wrap=True,
        )
    uvicorn.run(
        app,
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
        access_log=False,
        proxy_headers=False,
        # h11 bounds what the server buffers of a request's headers; httptools has no
        # limit. The application refuses headers over the same size with a JSON 431.
        http="h11",
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        # On SIGTERM, answers in progress get this long to end; then they are cut. A
        # dashboard page following a run (a stream that lasts) must not hold the stop up;
        # the runs themselves are stopped after, by the application (up to 90 s).
        timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
    )
