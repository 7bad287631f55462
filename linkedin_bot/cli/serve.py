"""``linkedin-bot serve``: the HTTP API (and, with it, the schedule)."""

from __future__ import annotations

import typer
import uvicorn

from linkedin_bot.cli.common import console, load_settings
from linkedin_bot.core.secrets import SHOW_API_KEY_COMMAND, resolve_secrets


def serve(
    host: str | None = typer.Option(None, help="Address to bind (default: settings)."),
    port: int | None = typer.Option(None, help="Port to bind (default: settings)."),
) -> None:
    """Start the service: migrate the database, then serve the HTTP API."""
    settings = load_settings()
    secrets = resolve_secrets(settings)
    if secrets.api_key_generated:
        console.print(
            "[bold]A new API key was generated[/] (shown once; show it again with "
            f"[cyan]{SHOW_API_KEY_COMMAND}[/]):\n{secrets.api_key.get_secret_value()}",
            highlight=False,
            soft_wrap=True,
        )
    from linkedin_bot.api.app import create_app  # noqa: PLC0415  (FastAPI only when serving)

    app = create_app(settings)
    uvicorn.run(
        app,
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
        access_log=False,
        proxy_headers=False,
    )
