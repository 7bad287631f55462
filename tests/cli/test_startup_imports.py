"""The CLI starts light: `linkedin-bot --help`, `--version` and every command's `--help`,
run as the real console script, import neither the database, the browser nor the web stack
(Python's own `-X importtime` report lists what each process imported). Speed itself is
measured in `bench/` (scenario `cli_start`)."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

import linkedin_bot
from linkedin_bot.cli import app

BIN = Path(sys.executable).parent / "linkedin-bot"

# What no help or version may load: database, migrations, browser, web server and client,
# Redis, metrics, scheduler, cryptography, logging stack, settings machinery, simulator.
HEAVY = frozenset(
    {
        "sqlalchemy",
        "alembic",
        "aiosqlite",
        "asyncpg",
        "greenlet",
        "playwright",
        "fastapi",
        "starlette",
        "uvicorn",
        "httpx",
        "redis",
        "prometheus_client",
        "apscheduler",
        "cryptography",
        "structlog",
        "pydantic_settings",
        "sim",
    }
)
# `--help` and `--version` go further: plain Click help, no Rich, no validation library.
NOT_FOR_TOP_LEVEL = HEAVY | {"rich", "pygments", "markdown_it", "pydantic"}


def _commands(group: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and group of the CLI, as the words that name it."""
    found = []
    for name, command in sorted(getattr(group, "commands", {}).items()):
        found.append((*prefix, name))
        found += _commands(command, (*prefix, name))
    return found


COMMANDS = _commands(typer.main.get_command(app))


def imported_by(*args: str, tmp_path: Path) -> set[str]:
    """The top-level packages a real `linkedin-bot ARGS` process imported."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINKEDIN_BOT_")}
    # Not measured by coverage (its tracer would import greenlet): the command's own imports.
    env.pop("COVERAGE_PROCESS_CONFIG", None)
    env.update(PYTHONPROFILEIMPORTTIME="1", LINKEDIN_BOT_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run(
        [str(BIN), *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            module = line.rsplit("|", 1)[1].strip()
            names.add(module.split(".")[0])
    assert "linkedin_bot" in names, "the import report was not produced"
    return names


def test_the_command_list_is_complete() -> None:
    """The checks below cover the commands users rely on (the list is read from the app:
    a new command is checked without editing this file)."""
    assert {
        ("status",),
        ("serve",),
        ("run", "birthday"),
        ("auth", "status"),
        ("doctor",),
        ("inspect",),
        ("inspect", "birthdays"),
        ("inspect", "feed"),
        ("inspect", "profile"),
        ("inspect", "search"),
        ("inspect", "thread"),
    } <= set(COMMANDS)


@pytest.mark.parametrize("args", [("--help",), ("--version",)], ids=["help", "version"])
def test_help_and_version_load_nothing_heavy(args: tuple[str, ...], tmp_path: Path) -> None:
    """`--help` and `--version` import only the command declarations and Click: no
    database, browser, web stack, Rich or pydantic."""
    loaded = imported_by(*args, tmp_path=tmp_path)
    assert not loaded & NOT_FOR_TOP_LEVEL, sorted(loaded & NOT_FOR_TOP_LEVEL)


@pytest.mark.parametrize("words", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_command_help_loads_no_database_browser_or_web_stack(
    words: tuple[str, ...], tmp_path: Path
) -> None:
    """Each command's `--help` answers without importing what the command itself will
    need once it runs (SQLAlchemy, Alembic, Playwright, FastAPI, Redis, ...)."""
    loaded = imported_by(*words, "--help", tmp_path=tmp_path)
    assert not loaded & HEAVY, sorted(loaded & HEAVY)


def test_version_prints_the_package_version(tmp_path: Path) -> None:
    """`linkedin-bot --version` prints the installed package's version and exits 0,
    creating nothing (not even the data directory)."""
    done = subprocess.run(
        [str(BIN), "--version"],
        env={**os.environ, "LINKEDIN_BOT_DATA_DIR": str(tmp_path / "data")},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout == f"linkedin-bot {importlib.metadata.version('linkedin-bot')}\n"
    assert linkedin_bot.__version__ == importlib.metadata.version("linkedin-bot")
    assert list(tmp_path.iterdir()) == []


def test_help_lists_every_command(tmp_path: Path) -> None:
    """The lazy imports cost `--help` nothing of its content: every command is listed
    with its summary, and a command's options are all shown."""
    done = subprocess.run(
        [str(BIN), "--help"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    for name in (
        "serve",
        "status",
        "run",
        "auth",
        "db",
        "contacts",
        "demo",
        "resume",
        "inspect",
        "doctor",
    ):
        assert f"  {name} " in done.stdout
    assert "--version" in done.stdout
    birthday = subprocess.run(
        [str(BIN), "run", "birthday", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    for option in ("--dry-run", "--late / --no-late", "--limit", "--force", "--verbose"):
        assert option in birthday.stdout
    for words, options in (
        (("inspect", "birthdays"), ("--max-days-late", "--json")),
        (("inspect", "search"), ("URL", "--pages", "--json")),
        (("doctor",), ("--profile", "--json")),
    ):
        shown = subprocess.run(
            [str(BIN), *words, "--help"], cwd=tmp_path, capture_output=True, text=True, check=False
        )
        assert shown.returncode == 0, shown.stderr
        for option in options:
            assert option in shown.stdout
