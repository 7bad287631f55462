"""``linkedin-bot auth ...``: the API key (and, later, the LinkedIn session)."""

from __future__ import annotations

import typer

from linkedin_bot.cli.common import console, load_settings
from linkedin_bot.core.secrets import resolve_secrets

app = typer.Typer(help="Credentials: the API key, the LinkedIn session.", no_args_is_help=True)


@app.command("api-key")
def api_key() -> None:
    """Print the API key that clients send in the X-API-Key header."""
    settings = load_settings()
    secrets = resolve_secrets(settings)
    # Printed on purpose: this command exists to show it to its owner.
    console.print(secrets.api_key.get_secret_value(), highlight=False, soft_wrap=True)
