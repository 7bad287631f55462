"""What every CLI command shares: settings loading, error reporting, the console.

Errors end a command in one place each: a command calls :func:`fail`; the domain errors of
its coroutine end in :func:`run_async`; and :func:`run_command`, around every command, turns
what is left of the expected failures (a busy or unreachable database, a full disk, an
unusable key file) into one line on stderr and a non-zero exit, never a traceback.

Nothing heavy is imported here, nor at the top of any command module: ``--help``,
``--version`` and a command's ``--help`` load neither the database, the browser nor the web
stack (``tests/cli/test_startup_imports.py``). The consoles are made on first use (Rich's
console alone is a tenth of a second), the settings, SQLAlchemy and the storage errors
inside the functions that need them.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer

from linkedin_bot.core.errors import ConfigurationError, LinkedInBotError

if TYPE_CHECKING:
    from collections.abc import Coroutine

    from rich.console import Console

    from linkedin_bot.core.settings import Settings

    console: Console  # standard output: what a command shows
    err_console: Console  # standard error: errors, warnings, live progress

T = TypeVar("T")

EXIT_USAGE = 2
EXIT_FAILURE = 1

_CONSOLES: dict[str, Console] = {}


def __getattr__(name: str) -> Console:
    """``console`` and ``err_console``, made on first use (PEP 562)."""
    if name not in {"console", "err_console"}:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if name not in _CONSOLES:
        from rich.console import Console

        _CONSOLES[name] = Console(stderr=name == "err_console")
    return _CONSOLES[name]


def _err() -> Console:
    return __getattr__("err_console")


def _print_error(message: str) -> None:
    _err().print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)


def fail(message: str, code: int = EXIT_FAILURE) -> NoReturn:
    _print_error(message)
    raise typer.Exit(code)


def warn(message: str) -> None:
    _err().print(f"[bold yellow]warning:[/] {message}", highlight=False, soft_wrap=True)


def exit_code(exc: LinkedInBotError) -> int:
    """2 when the user must change something (input, configuration); 1 otherwise."""
    return EXIT_USAGE if exc.status_code < 500 or isinstance(exc, ConfigurationError) else 1


def load_settings() -> Settings:
    """The settings, or a clear message naming each invalid variable and exit 2."""
    from pydantic import ValidationError

    from linkedin_bot.core.logging import configure_logging
    from linkedin_bot.core.settings import (
        describe_validation_error,
        get_settings,
        legacy_data_dir_hint,
        unknown_variables,
    )

    try:
        settings = get_settings()
    except ValidationError as exc:
        fail(describe_validation_error(exc), EXIT_USAGE)
    configure_logging(settings.log_level, settings.log_format, levels=settings.log_levels)
    hint = legacy_data_dir_hint(settings)
    for warning in [*unknown_variables(), *([hint] if hint else [])]:
        warn(warning)
    return settings


def _storage_exceptions() -> tuple[type[BaseException], ...]:
    """The exception types that may be a storage condition (see ``db/errors.py``). Read
    from ``sys.modules`` when an exception is matched: SQLAlchemy's or sqlite3's errors can
    only be raised if the command imported them, and importing them here would cost every
    command, ``--help`` included, the whole of SQLAlchemy."""
    found: list[type[BaseException]] = [OSError]
    if (sqlalchemy_exc := sys.modules.get("sqlalchemy.exc")) is not None:
        found.append(sqlalchemy_exc.SQLAlchemyError)
    if (sqlite3 := sys.modules.get("sqlite3")) is not None:
        found.append(sqlite3.Error)
    return tuple(found)


def _storage_error(exc: BaseException) -> LinkedInBotError | None:
    from linkedin_bot.db.errors import storage_error

    return storage_error(exc)


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """Run a command's coroutine, turning domain errors into an exit code and a message."""
    import asyncio

    try:
        return asyncio.run(coro)
    except LinkedInBotError as exc:
        fail(exc.detail, exit_code(exc))
    except _storage_exceptions() as exc:
        known = _storage_error(exc)
        if known is None:
            raise
        fail(known.detail, exit_code(known))


def run_command(app: typer.Typer) -> None:
    """The console script: the command, with the expected failures as one line each."""
    try:
        app()
    except KeyboardInterrupt:
        _err().print("interrupted")
        sys.exit(130)
    except LinkedInBotError as exc:
        _print_error(exc.detail)
        sys.exit(exit_code(exc))
    except _storage_exceptions() as exc:
        known = _storage_error(exc)
        if known is None:
            raise
        _print_error(known.detail)
        sys.exit(exit_code(known))
