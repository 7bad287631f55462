"""What every CLI command shares: settings loading, error reporting, the console.

Errors end a command in one place each: a command calls :func:`fail`; the domain errors of
its coroutine end in :func:`run_async`; and :func:`run_command`, around every command, turns
what is left of the expected failures (a busy or unreachable database, a full disk, an
unusable key file) into one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from collections.abc import Coroutine
from typing import Any, NoReturn, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from sqlalchemy.exc import SQLAlchemyError

from linkedin_bot.core.errors import ConfigurationError, LinkedInBotError
from linkedin_bot.core.logging import configure_logging
from linkedin_bot.core.settings import (
    Settings,
    describe_validation_error,
    get_settings,
    legacy_data_dir_hint,
    unknown_variables,
)
from linkedin_bot.db.errors import storage_error

console = Console()
err_console = Console(stderr=True)
T = TypeVar("T")

EXIT_USAGE = 2
EXIT_FAILURE = 1


def _print_error(message: str) -> None:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)


def fail(message: str, code: int = EXIT_FAILURE) -> NoReturn:
    _print_error(message)
    raise typer.Exit(code)


def exit_code(exc: LinkedInBotError) -> int:
    """2 when the user must change something (input, configuration); 1 otherwise."""
    return EXIT_USAGE if exc.status_code < 500 or isinstance(exc, ConfigurationError) else 1


def load_settings() -> Settings:
    """The settings, or a clear message naming each invalid variable and exit 2."""
    try:
        settings = get_settings()
    except ValidationError as exc:
        fail(describe_validation_error(exc), EXIT_USAGE)
    configure_logging(settings.log_level, settings.log_format, levels=settings.log_levels)
    hint = legacy_data_dir_hint(settings)
    for warning in [*unknown_variables(), *([hint] if hint else [])]:
        err_console.print(f"[bold yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)
    return settings


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """Run a command's coroutine, turning domain errors into an exit code and a message."""
    try:
        return asyncio.run(coro)
    except LinkedInBotError as exc:
        fail(exc.detail, exit_code(exc))
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        known = storage_error(exc)
        if known is None:
            raise
        fail(known.detail, exit_code(known))


def run_command(app: typer.Typer) -> None:
    """The console script: the command, with the expected failures as one line each."""
    try:
        app()
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
    except LinkedInBotError as exc:
        _print_error(exc.detail)
        sys.exit(exit_code(exc))
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        known = storage_error(exc)
        if known is None:
            raise
        _print_error(known.detail)
        sys.exit(exit_code(known))
