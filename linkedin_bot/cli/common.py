"""What every CLI command shares: settings loading, error reporting, the console."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from typing import Any, NoReturn, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console

from linkedin_bot.core.errors import LinkedInBotError
from linkedin_bot.core.logging import configure_logging
from linkedin_bot.core.settings import Settings, describe_validation_error, get_settings

console = Console()
err_console = Console(stderr=True)
T = TypeVar("T")

EXIT_USAGE = 2
EXIT_FAILURE = 1


def fail(message: str, code: int = EXIT_FAILURE) -> NoReturn:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def load_settings() -> Settings:
    """The settings, or a clear message naming each invalid variable and exit 2."""
    try:
        settings = get_settings()
    except ValidationError as exc:
        fail(describe_validation_error(exc), EXIT_USAGE)
    configure_logging(settings.log_level, settings.log_format, levels=settings.log_levels)
    return settings


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """Run a command's coroutine, turning domain errors into an exit code and a message."""
    try:
        return asyncio.run(coro)
    except LinkedInBotError as exc:
        fail(exc.detail, EXIT_USAGE if exc.status_code < 500 else EXIT_FAILURE)


def run_command(app: typer.Typer) -> None:
    try:
        app()
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
