"""The "database in use" lock, across real processes: every engine marks its SQLite file in
use; a restore gets it only when no other process has the file open, and while it holds
it no process can open the file."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from linkedin_bot.db.engine import create_engine
from linkedin_bot.db.in_use import (
    DatabaseInUse,
    _parse_proc_locks,
    held_mode,
    hold_exclusive,
    hold_shared,
)

# A process that opens the database through our engine, says so, and waits for stdin.
_HOLD_ENGINE = """
import asyncio, sys
from sqlalchemy import text
from linkedin_bot.db.engine import create_engine

async def main() -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{sys.argv[1]}")
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
    print("open", flush=True)
    sys.stdin.readline()
    await engine.dispose()

asyncio.run(main())
"""

# A process that holds the exclusive lock (as a restore does) until stdin closes.
_HOLD_EXCLUSIVE = """
import sys
from pathlib import Path
from linkedin_bot.db.in_use import hold_exclusive

with hold_exclusive(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.readline()
"""


@contextmanager
def _process(script: str, database: Path) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() in {"open", "held"}
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()


def test_restore_lock_is_refused_while_another_process_has_an_engine(tmp_path: Path) -> None:
    """While another process has an engine on the file, the exclusive lock is refused with
    its pid and command named and what to do; once that process is SIGKILLed (no chance to
    clean up), the lock is free."""
    database = tmp_path / "linkedin.db"
    with _process(_HOLD_ENGINE, database) as holder:
        with pytest.raises(DatabaseInUse) as refused:
            hold_exclusive(database)
        message = refused.value.detail
        assert f"pid {holder.pid}" in message
        assert "-c" in message  # its command line: python -c ...
        assert "stop the service" in message
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    with hold_exclusive(database):
        assert held_mode(database) == "exclusive"
    assert held_mode(database) is None


async def test_no_engine_opens_the_database_while_a_restore_holds_it(tmp_path: Path) -> None:
    """While another process holds the exclusive lock, building an engine (service start, a
    CLI command, a backup's read) fails at once with "being restored" and the holder's pid;
    afterwards it works."""
    database = tmp_path / "linkedin.db"
    with _process(_HOLD_EXCLUSIVE, database) as restorer:
        with pytest.raises(DatabaseInUse, match=f"being restored by pid {restorer.pid}"):
            create_engine(f"sqlite+aiosqlite:///{database}")
        with pytest.raises(DatabaseInUse, match="try again when the restore has finished"):
            hold_shared(database)
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    try:
        async with engine.connect() as conn:
            assert await conn.scalar(text("SELECT 1")) == 1
    finally:
        await engine.dispose()


async def test_a_disposed_engine_releases_and_retakes_the_lock(tmp_path: Path) -> None:
    """dispose() lets a restore in; the same engine connecting again takes the lock again
    (and is refused while a restore holds it)."""
    database = tmp_path / "linkedin.db"
    url = f"sqlite+aiosqlite:///{database}"
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        assert held_mode(database) == "shared"
        await engine.dispose()
        assert held_mode(database) is None
        with _process(_HOLD_EXCLUSIVE, database), pytest.raises(DatabaseInUse):
            async with engine.connect():
                pass
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        assert held_mode(database) == "shared"
    finally:
        await engine.dispose()


async def test_engines_opened_under_the_exclusive_lock_keep_the_database_marked(
    tmp_path: Path,
) -> None:
    """The restore's own engines (its migration) nest under its exclusive lock; one still
    open when the restore releases it keeps the database marked in use (shared), so another
    process's restore is still refused."""
    database = tmp_path / "linkedin.db"
    restore = hold_exclusive(database)
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        restore.release()
        assert held_mode(database) == "shared"
        probe = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-c", _HOLD_EXCLUSIVE, str(database)],
            input="",
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert probe.returncode != 0
        assert f"in use by pid {os.getpid()}" in probe.stderr
    finally:
        restore.release()
        await engine.dispose()
    assert held_mode(database) is None


def test_a_second_restore_in_this_process_is_refused(tmp_path: Path) -> None:
    """Two exclusive holds of one database in one process: the second is refused."""
    database = tmp_path / "linkedin.db"
    with hold_exclusive(database), pytest.raises(DatabaseInUse, match="open in this process"):
        hold_exclusive(database)


def test_proc_locks_parsing() -> None:
    """Holders are read from /proc/locks lines: waiters (->) skipped, the device compared,
    the inode alone used when no line has the file's device (overlay filesystems)."""
    text = (
        "1: FLOCK  ADVISORY  READ  1234 fe:00:2146399 0 EOF\n"
        "2: -> FLOCK  ADVISORY  WRITE 999 fe:00:2146399 0 EOF\n"
        "3: POSIX  ADVISORY  WRITE 42 08:01:2146399 0 EOF\n"
        "4: FLOCK  ADVISORY  READ  77 fe:00:55 0 EOF\n"
        "garbage line\n"
    )
    assert _parse_proc_locks(text, (0xFE, 0), 2146399) == [1234]
    assert _parse_proc_locks(text, (0x11, 0x22), 2146399) == [1234, 42]
    assert _parse_proc_locks(text, (0xFE, 0), 1) == []


async def test_a_real_restore_nests_its_migration(tmp_path: Path) -> None:
    """Under the exclusive lock, this process's own engine (the post-restore migration)
    opens the database; no other process can meanwhile."""
    database = tmp_path / "linkedin.db"
    with hold_exclusive(database):
        engine = create_engine(f"sqlite+aiosqlite:///{database}")
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        await engine.dispose()
        probe = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-c", _HOLD_ENGINE, str(database)],
            input="\n",
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert probe.returncode != 0
        assert "being restored" in probe.stderr
