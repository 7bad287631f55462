"""`linkedin-bot db backup` and `db restore`, as a user runs them."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from typer.testing import CliRunner, Result

from linkedin_bot.cli import app
from linkedin_bot.core.settings import get_settings
from linkedin_bot.db.migrate import upgrade


@pytest.fixture
def database(database: Path) -> Path:
    """The environment's SQLite file (tests/cli/conftest.py), migrated, with one contact."""
    upgrade(f"sqlite+aiosqlite:///{database}")
    _add_contact(database, "before-backup")
    return database


def _add_contact(path: Path, public_id: str) -> None:
    now = "2026-01-01 09:00:00.000000"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO contacts (public_id, profile_url, first_name, last_name, full_name,"
            " status, blacklisted, source, created_at, updated_at)"
            " VALUES (?, 'https://www.linkedin.com/in/x/', 'A', 'B', 'A B', 'connection', 0,"
            " 'import', ?, ?)",
            (public_id, now, now),
        )
    conn.close()


def _contacts(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        rows = [str(r[0]) for r in conn.execute("SELECT public_id FROM contacts ORDER BY id")]
    conn.close()
    return rows


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _flat(output: str) -> str:
    """The output with Rich's line wrapping undone."""
    return " ".join(output.split())


def _backup(runner: CliRunner, *args: str) -> tuple[Result, Path]:
    result = runner.invoke(app, ["db", "backup", *args])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("backup written: "))
    return result, Path(line.removeprefix("backup written: ").rsplit(" (", 1)[0])


def test_backup_prints_the_path_size_and_row_counts(database: Path, tmp_path: Path) -> None:
    """`db backup` writes linkedin-<timestamp>.db under DATA_DIR/backups, prints its path,
    its size and the row count of each table, and exits 0."""
    result, path = _backup(CliRunner())
    assert path.is_file()
    assert path.parent == tmp_path / "data" / "backups"
    assert path.name.startswith("linkedin-")
    assert "KiB" in result.output
    assert "contacts │ 1" in _flat(result.output)


def test_backup_dir_option(database: Path, tmp_path: Path) -> None:
    """--dir writes the backup there instead."""
    _, path = _backup(CliRunner(), "--dir", str(tmp_path / "elsewhere"))
    assert path.parent == tmp_path / "elsewhere"


def test_backup_of_a_missing_database_fails(database: Path) -> None:
    """With no database file there is nothing to back up: exit 1 and a message, no file."""
    database.unlink()
    result = CliRunner().invoke(app, ["db", "backup"])
    assert result.exit_code == 1
    assert "nothing to back up" in _flat(result.output)
    assert not database.exists()


def test_restore_asks_and_aborts_on_no(database: Path) -> None:
    """Without --yes, restore shows the backup's row counts, asks, and on "n" exits 1
    with the database unchanged."""
    runner = CliRunner()
    _, backup = _backup(runner)
    _add_contact(database, "after-backup")
    digest = _digest(database)
    result = runner.invoke(app, ["db", "restore", str(backup)], input="n\n")
    assert result.exit_code == 1
    flat = _flat(result.output)
    assert "integrity ok" in flat
    assert "Replace" in flat
    assert "aborted: nothing was changed" in flat
    assert _digest(database) == digest


def test_restore_on_yes_replaces_the_database(database: Path) -> None:
    """Answering "y" restores the backup, keeps a safety copy and prints counts before and
    after; exit 0."""
    runner = CliRunner()
    _, backup = _backup(runner)
    _add_contact(database, "after-backup")
    result = runner.invoke(app, ["db", "restore", str(backup)], input="y\n")
    assert result.exit_code == 0, result.output
    assert "safety copy" in result.output
    assert "before" in result.output
    assert _contacts(database) == ["before-backup"]


def test_restore_yes_does_not_ask(database: Path) -> None:
    """--yes restores without a prompt."""
    runner = CliRunner()
    _, backup = _backup(runner)
    _add_contact(database, "after-backup")
    result = runner.invoke(app, ["db", "restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    assert "Replace" not in result.output
    assert _contacts(database) == ["before-backup"]


@pytest.mark.parametrize(
    "content", [b"not a database at all\n", b"SQLite format 3\x00" + b"x" * 99]
)
def test_restore_of_a_bad_file_exits_2(database: Path, tmp_path: Path, content: bytes) -> None:
    """A file that is no sound backup is refused with exit 2 and a reason; nothing changes."""
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    digest = _digest(database)
    result = CliRunner().invoke(app, ["db", "restore", str(bad), "--yes"])
    assert result.exit_code == 2
    assert "error:" in result.output
    assert str(bad.name) in _flat(result.output)
    assert _digest(database) == digest


def test_restore_of_a_missing_file_exits_2(database: Path, tmp_path: Path) -> None:
    """A path that does not exist is refused with exit 2."""
    result = CliRunner().invoke(app, ["db", "restore", str(tmp_path / "nope.db"), "--yes"])
    assert result.exit_code == 2
    assert "no such file" in _flat(result.output)


def test_restore_over_an_unreadable_database_says_so(database: Path) -> None:
    """When the current database cannot be read, restore says so, keeps a byte copy, names
    it as such, and restores; exit 0."""
    runner = CliRunner()
    _, backup = _backup(runner)
    database.write_bytes(b"\x00garbage" * 1000)
    result = runner.invoke(app, ["db", "restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    flat = _flat(result.output)
    assert "the current database cannot be read" in flat
    assert "a byte copy: it could not be read as SQLite" in flat
    assert _contacts(database) == ["before-backup"]


@pytest.mark.postgres
def test_postgres_backup_never_prints_the_password(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a password in DATABASE_URL, `db backup` output (logs included) shows neither the
    password nor the URL."""
    url = make_url(postgres_url)
    if url.password is None:
        url = url.set(password="pw-Must-Never-Show-cli")  # trust auth ignores it
    rendered = url.render_as_string(hide_password=False)
    for name in list(os.environ):
        if name.startswith("LINKEDIN_BOT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LINKEDIN_BOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LINKEDIN_BOT_DATABASE_URL", rendered)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["db", "backup"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert ".dump" in result.output
    assert str(url.password) not in result.output
    assert "postgresql" not in result.output
