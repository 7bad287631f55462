"""`linkedin-bot db restore` and `db backup` as separate processes, the way the failures
showed: a restore while `serve` runs, hostile backup files, a broken current database, a
backup killed with SIGKILL, and file modes under umask 000."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from linkedin_bot.db.backup import locked_partial
from linkedin_bot.db.migrate import upgrade
from linkedin_bot.services.backup import create_backup
from tests.db import hostile_backups
from tests.db.hostile_backups import Maker
from tests.helpers import make_settings

BIN = Path(sys.executable).parent / "linkedin-bot"
FINISHED = {"succeeded", "failed", "auth_required", "restricted", "outside_hours", "cancelled"}


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The environment of a user with a data directory under tmp_path and no schedule."""
    values = {k: v for k, v in os.environ.items() if not k.startswith("LINKEDIN_BOT_")}
    values["LINKEDIN_BOT_DATA_DIR"] = str(tmp_path / "data")
    values["LINKEDIN_BOT_SCHEDULER_ENABLED"] = "false"
    return values


def _argv(args: tuple[str, ...], umask: str | None) -> list[str]:
    if umask is None:
        return [str(BIN), *args]
    # The user's shell, with the user's umask, running the command.
    return ["/bin/sh", "-c", f'umask {umask}; exec "$@"', "sh", str(BIN), *args]


def lb(
    env: dict[str, str], cwd: Path, *args: str, umask: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _argv(args, umask),
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def _database(tmp_path: Path) -> Path:
    return tmp_path / "data" / "linkedin.db"


def _prepared(tmp_path: Path) -> Path:
    """A migrated database with one contact, and a backup of it (made in this process);
    returns the backup."""
    path = _database(tmp_path)
    url = f"sqlite+aiosqlite:///{path}"
    upgrade(url)
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO contacts (public_id, profile_url, first_name, last_name, full_name,"
            " status, blacklisted, source, created_at, updated_at) VALUES ('ada',"
            " 'https://www.linkedin.com/in/ada/', 'Ada', 'L', 'Ada L', 'connection', 0,"
            " 'import', '2026-01-01', '2026-01-01')"
        )
    conn.close()
    return create_backup(make_settings(tmp_path / "data", url)).path


# --- serve ----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _serve(
    env: dict[str, str], cwd: Path, umask: str
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = _free_port()
    log = (cwd / "serve.log").open("ab")
    proc = subprocess.Popen(
        _argv(("serve", "--port", str(port)), umask), env=env, cwd=cwd, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, (cwd / "serve.log").read_text()
            assert time.monotonic() < deadline, "serve did not come up"
            time.sleep(0.2)
        yield proc, base
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()


def _run_once(base: str, key: str) -> int:
    """Start a dry-run birthday run through the API and wait for its end (with no LinkedIn
    session saved it ends `auth_required` without opening a browser); its id."""
    headers = {"X-API-Key": key}
    started = httpx.post(
        f"{base}/campaigns/birthday", json={"dry_run": True, "force": True}, headers=headers
    )
    assert started.status_code == 202, started.text
    run_id = int(started.json()["id"])
    deadline = time.monotonic() + 60
    while (
        httpx.get(f"{base}/campaigns/runs/{run_id}", headers=headers).json()["status"]
        not in FINISHED
    ):
        assert time.monotonic() < deadline, "the run did not end"
        time.sleep(0.2)
    return run_id


def _run_ids(path: Path) -> list[int]:
    with sqlite3.connect(path) as conn:
        ids = [int(r[0]) for r in conn.execute("SELECT id FROM campaign_runs ORDER BY id")]
    conn.close()
    return ids


@pytest.mark.slow
def test_restore_while_serve_runs_is_refused_and_nothing_is_lost(
    env: dict[str, str], tmp_path: Path
) -> None:
    """With `serve` running (under umask 000), `db backup` works and `db restore` is refused:
    exit 2, one message naming the service's pid and command and saying to stop it, no
    traceback. Runs created through the API before and after are all there after a restart
    and ids are not reused; the database, its -wal/-shm, its lock file and the backup are
    0600. Once the service is stopped, the same restore goes through."""
    assert lb(env, tmp_path, "db", "upgrade", umask="000").returncode == 0
    database = _database(tmp_path)
    with _serve(env, tmp_path, "000") as (serve, base):
        key = (tmp_path / "data" / "secrets" / "api_key").read_text().strip()
        first = _run_once(base, key)
        backup = lb(env, tmp_path, "db", "backup", umask="000")
        assert backup.returncode == 0, backup.stderr
        backup_file = Path(_flat(backup.stdout).split("backup written: ")[1].split(" (")[0])
        second = _run_once(base, key)

        refused = lb(env, tmp_path, "db", "restore", str(backup_file), "--yes")

        assert refused.returncode == 2, refused.stdout + refused.stderr
        message = _flat(refused.stderr)
        assert f"in use by pid {serve.pid} (linkedin-bot serve --port" in message
        assert "stop the service" in message
        assert "Traceback" not in refused.stdout + refused.stderr
        third = _run_once(base, key)
        assert [first, second, third] == [first, first + 1, first + 2]
        for path in (
            database,
            *(database.with_name(database.name + s) for s in ("-wal", "-shm", ".lock")),
        ):
            assert _mode(path) == 0o600, path
        assert _mode(backup_file) == 0o600
        assert _mode(backup_file.parent) == 0o700
    with _serve(env, tmp_path, "000") as (_serve_again, base):
        key = (tmp_path / "data" / "secrets" / "api_key").read_text().strip()
        listed = httpx.get(f"{base}/campaigns/runs", headers={"X-API-Key": key}).json()
        assert sorted(r["id"] for r in listed["items"]) == [first, second, third]
        assert _run_once(base, key) == third + 1
    restored = lb(env, tmp_path, "db", "restore", str(backup_file), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert _run_ids(database) == [first]


# --- refusals and survivals -----------------------------------------------------------------


@pytest.mark.parametrize(
    "make_bad",
    [
        hostile_backups.trigger_deleting_contacts,
        hostile_backups.wrong_column_type,
        hostile_backups.extra_view,
        hostile_backups.unknown_revision,
        hostile_backups.wal_dependent_copy,
    ],
    ids=lambda m: m.__name__,
)
def test_restore_of_a_hostile_file_is_refused_in_one_line(
    env: dict[str, str], tmp_path: Path, make_bad: Maker
) -> None:
    """`db restore` of a file with a trigger deleting contacts, another column type, a view,
    a revision from a newer version, or a WAL-dependent copy: exit 2, one `error:` message
    with the reason, no traceback, and the database unchanged."""
    good = _prepared(tmp_path)
    bad = tmp_path / "bad.db"
    reason = make_bad(good, bad)
    database = _database(tmp_path)
    before = database.read_bytes()

    result = lb(env, tmp_path, "db", "restore", str(bad), "--yes")

    assert result.returncode == 2
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.stderr.count("error:") == 1
    assert re.search(reason, _flat(result.stderr)), result.stderr
    assert database.read_bytes() == before


def test_restore_over_a_corrupt_database_works(env: dict[str, str], tmp_path: Path) -> None:
    """With the current database file overwritten by garbage, `db restore` exits 0, keeps a
    byte copy of the garbage and puts the backup in place."""
    good = _prepared(tmp_path)
    database = _database(tmp_path)
    garbage = os.urandom(50_000)
    database.write_bytes(garbage)

    result = lb(env, tmp_path, "db", "restore", str(good), "--yes")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "byte copy" in _flat(result.stdout)
    copies = list((tmp_path / "data" / "backups").glob("pre-restore-*.db"))
    assert [c.read_bytes() for c in copies] == [garbage]
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT public_id FROM contacts").fetchall() == [("ada",)]
    conn.close()


def test_a_fresh_database_is_private_under_umask_000(env: dict[str, str], tmp_path: Path) -> None:
    """Under umask 000, `db upgrade` on a fresh data directory creates it 0700 and the
    database 0600; `db backup` creates backups/ 0700 and its file 0600."""
    assert lb(env, tmp_path, "db", "upgrade", umask="000").returncode == 0
    data = tmp_path / "data"
    assert _mode(data) == 0o700
    assert _mode(data / "linkedin.db") == 0o600
    assert _mode(data / "linkedin.db.lock") == 0o600
    backup = lb(env, tmp_path, "db", "backup", umask="000")
    assert backup.returncode == 0, backup.stderr
    assert _mode(data / "backups") == 0o700
    assert [_mode(p) for p in (data / "backups").iterdir()] == [0o600]


# --- .partial files -------------------------------------------------------------------------


def _partials(directory: Path) -> list[Path]:
    return sorted(directory.glob(".linkedin-*.partial")) if directory.is_dir() else []


def test_a_killed_backups_partial_file_is_removed_by_the_next_backup(
    env: dict[str, str], tmp_path: Path
) -> None:
    """A `db backup` SIGKILLed while it writes leaves its hidden .partial file; the next
    `db backup` deletes it and writes its own backup."""
    _prepared(tmp_path)
    backups = tmp_path / "data" / "backups"
    database = _database(tmp_path)
    # Another connection holds the database exclusively: the backup waits, mid-way.
    blocker = sqlite3.connect(database, isolation_level=None)
    blocker.execute("PRAGMA journal_mode=DELETE")
    blocker.execute("BEGIN EXCLUSIVE")
    killed = subprocess.Popen(
        [str(BIN), "db", "backup"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not _partials(backups):
            assert killed.poll() is None, "the backup ended instead of waiting"
            assert time.monotonic() < deadline, "no .partial file appeared"
            time.sleep(0.1)
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=30)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    left = _partials(backups)
    assert len(left) == 1

    result = lb(env, tmp_path, "db", "backup")

    assert result.returncode == 0, result.stderr
    assert _partials(backups) == []
    assert len(list(backups.glob("linkedin-*.db"))) == 2  # the one of _prepared, and this one
    assert left[0].name in result.stdout + result.stderr  # the log says what it removed


def test_a_partial_file_being_written_is_left_alone(env: dict[str, str], tmp_path: Path) -> None:
    """A .partial file locked by a backup still writing it (here: this process) is not
    deleted by a concurrent `db backup`."""
    _prepared(tmp_path)
    backups = tmp_path / "data" / "backups"
    with locked_partial(backups / ".linkedin-20260101T000000.000000Z.db.partial") as writing:
        result = lb(env, tmp_path, "db", "backup")
        assert result.returncode == 0, result.stderr
        assert writing.exists()
        writing.unlink()
