"""What a SQLite restore refuses (a file whose schema is not its revision's, a hostile
trigger or view, a copy that depends on its WAL) and what it survives (a broken current
database, leftovers of a crashed process), on real files."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from linkedin_bot.core.settings import Settings
from linkedin_bot.db.backup import BackupInvalid
from linkedin_bot.db.sqlite_backup import check_sqlite_backup
from linkedin_bot.services.backup import RestorePlan, create_backup, restore_backup
from tests.builders import contact, interaction
from tests.db import hostile_backups
from tests.db.hostile_backups import Maker, rewrite_schema
from tests.helpers import Database, make_settings


def _live(db: Database) -> Path:
    return Path(db.url.removeprefix("sqlite+aiosqlite:///"))


def _fingerprint(directory: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.iterdir())
        if p.is_file()
    }


def _names(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        rows = [str(r[0]) for r in conn.execute("SELECT full_name FROM contacts ORDER BY id")]
    conn.close()
    return rows


async def _backed_up(db: Database, tmp_path: Path) -> tuple[Settings, Path]:
    """Two contacts and an interaction, a backup of them, and the engine disposed (this
    process no longer uses the database, as after `serve` stopped)."""
    async with db.sessions.begin() as session:
        people = [contact(full_name="Ada Backup"), contact(full_name="Bob Backup")]
        session.add_all(people)
        await session.flush()
        session.add(interaction(people[0].id))
    settings = make_settings(tmp_path / "data", db.url)
    good = (await asyncio.to_thread(create_backup, settings)).path
    await db.engine.dispose()
    return settings, good


@pytest.mark.parametrize("make_bad", hostile_backups.HOSTILE, ids=lambda m: m.__name__)
async def test_restore_refuses_a_file_whose_schema_is_not_its_revisions(
    sqlite_db: Database, tmp_path: Path, make_bad: Maker
) -> None:
    """A file with a hostile trigger, a view, another column type or nullability, an extra
    column, a changed CHECK, an index without its WHERE or missing, an unknown revision, a
    dangling foreign key, or committed data left in a -wal beside it, is refused with the
    reason before anything is asked or written: the database is byte-for-byte unchanged."""
    settings, good = await _backed_up(sqlite_db, tmp_path)
    bad = tmp_path / "bad.db"
    reason = make_bad(good, bad)
    live_dir = _live(sqlite_db).parent
    before, backups = _fingerprint(live_dir), _fingerprint(good.parent)
    asked: list[RestorePlan] = []

    def confirm(plan: RestorePlan) -> bool:
        asked.append(plan)
        return True

    with pytest.raises(BackupInvalid, match=reason):
        await asyncio.to_thread(restore_backup, settings, bad, confirm=confirm)
    assert not asked
    assert _fingerprint(live_dir) == before
    assert _fingerprint(good.parent) == backups


def test_the_wal_dependent_copy_would_have_lost_writes(tmp_path: Path) -> None:
    """The refusal of a WAL-dependent copy protects data: without its -wal, the same file
    is sound and would restore, silently without the last writes."""
    good = tmp_path / "good.db"
    with sqlite3.connect(good) as conn:
        conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, full_name TEXT)")
        conn.execute("INSERT INTO contacts (full_name) VALUES ('before')")
    conn.close()
    bad = tmp_path / "bad.db"
    hostile_backups.wal_dependent_copy(good, bad)
    alone = tmp_path / "alone" / "bad.db"
    alone.parent.mkdir()
    shutil.copyfile(bad, alone)
    assert _names(alone) == ["before"]  # the file alone: the last write is gone
    assert _names(bad) == ["only in the WAL"]  # SQLite reads the -wal beside it


async def test_a_cosmetically_different_schema_is_accepted(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """A backup whose CREATE statements differ only in case, quoting, spacing and comments
    (another SQLAlchemy version's rendering) is not refused, and restores."""
    settings, good = await _backed_up(sqlite_db, tmp_path)
    other = tmp_path / "other.db"
    shutil.copyfile(good, other)
    rewrite_schema(
        other, "contacts", "public_id VARCHAR(200) NOT NULL", '"public_id"  varchar(200)\n not null'
    )
    rewrite_schema(
        other, "contacts", "CONSTRAINT pk_contacts", "/* the key */ constraint [pk_contacts]"
    )
    assert check_sqlite_backup(other).revision == check_sqlite_backup(good).revision
    assert await asyncio.to_thread(restore_backup, settings, other) is not None


def _corrupt_random(live: Path) -> None:
    live.write_bytes(os.urandom(20_000))


def _corrupt_truncated(live: Path) -> None:
    data = live.read_bytes()
    live.write_bytes(data[: len(data) // 3])


def _corrupt_header_only(live: Path) -> None:
    live.write_bytes(b"SQLite format 3\x00" + b"\xff" * 84)


@pytest.mark.parametrize("corrupt", [_corrupt_random, _corrupt_truncated, _corrupt_header_only])
async def test_restore_over_a_broken_database_keeps_a_byte_copy(
    sqlite_db: Database, tmp_path: Path, corrupt: object
) -> None:
    """When the current database is broken (garbage, truncated, a bare header), the restore
    still works: the plan says it cannot be read, a byte-for-byte safety copy is kept, and
    the backup is in place, sound."""
    settings, good = await _backed_up(sqlite_db, tmp_path)
    live = _live(sqlite_db)
    assert callable(corrupt)
    corrupt(live)
    broken = live.read_bytes()
    plans: list[RestorePlan] = []

    def confirm(plan: RestorePlan) -> bool:
        plans.append(plan)
        return True

    result = await asyncio.to_thread(restore_backup, settings, good, confirm=confirm)
    assert result is not None
    assert plans[0].current is None
    assert plans[0].current_problem
    assert result.safety_is_byte_copy
    assert result.safety_copy is not None
    assert result.safety_copy.read_bytes() == broken
    assert result.safety_copy.stat().st_mode & 0o777 == 0o600
    assert _names(live) == ["Ada Backup", "Bob Backup"]
    check_sqlite_backup(live)


async def test_restore_over_an_empty_file_works(sqlite_db: Database, tmp_path: Path) -> None:
    """A zero-byte database file (a crash at creation) is replaced like any other."""
    settings, good = await _backed_up(sqlite_db, tmp_path)
    live = _live(sqlite_db)
    live.write_bytes(b"")
    result = await asyncio.to_thread(restore_backup, settings, good)
    assert result is not None
    assert _names(live) == ["Ada Backup", "Bob Backup"]


_CRASH_AFTER_WRITE = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("PRAGMA wal_autocheckpoint=0")
conn.execute("UPDATE contacts SET full_name = 'written just before the crash'")
os._exit(0)  # dies without closing: the committed write stays in the -wal
"""


async def test_writes_left_in_the_wal_by_a_crash_are_kept_and_never_replayed(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """A process that died with committed writes still in the -wal: the safety copy holds
    them, and the old -wal is never replayed onto the restored file (which would corrupt
    it): the restored database is the backup, sound, with no stale -wal/-shm beside it."""
    settings, good = await _backed_up(sqlite_db, tmp_path)
    live = _live(sqlite_db)
    wal = live.with_name(live.name + "-wal")
    crash = [sys.executable, "-c", _CRASH_AFTER_WRITE, str(live)]
    await asyncio.to_thread(subprocess.run, crash, check=True, timeout=60)
    assert wal.stat().st_size > 0

    result = await asyncio.to_thread(restore_backup, settings, good)
    assert result is not None
    assert result.safety_copy is not None
    assert not result.safety_is_byte_copy
    assert _names(result.safety_copy) == ["written just before the crash"] * 2
    assert not wal.exists()
    assert _names(live) == ["Ada Backup", "Bob Backup"]
    check_sqlite_backup(live)


async def test_a_stage_left_by_a_killed_restore_is_removed(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """The hidden copy a killed restore left beside the database is deleted by the next
    restore, and no staging file remains after a successful one."""
    settings, good = await _backed_up(sqlite_db, tmp_path)
    live = _live(sqlite_db)
    stale = live.parent / f".{live.name}.restore-20260101T000000.000000Z.tmp"
    stale.write_bytes(b"half a copy")
    assert await asyncio.to_thread(restore_backup, settings, good) is not None
    assert not list(live.parent.glob(f".{live.name}.restore-*"))


async def test_a_broken_database_with_a_wal_is_copied_whole_and_its_wal_never_replayed(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """A corrupt main file with a -wal left by a crash: the byte safety copy keeps both (the
    -wal beside the copy, under its name), and the old -wal is gone before the backup is
    renamed in: replayed onto it, it would corrupt it."""
    settings, good = await _backed_up(sqlite_db, tmp_path)
    live = _live(sqlite_db)
    wal = live.with_name(live.name + "-wal")
    crash = [sys.executable, "-c", _CRASH_AFTER_WRITE, str(live)]
    await asyncio.to_thread(subprocess.run, crash, check=True, timeout=60)
    left_wal = wal.read_bytes()
    live.write_bytes(b"\x00" * 8192)

    result = await asyncio.to_thread(restore_backup, settings, good)

    assert result is not None
    assert result.safety_is_byte_copy
    assert result.safety_copy is not None
    assert result.safety_copy.read_bytes() == b"\x00" * 8192
    assert result.safety_copy.with_name(result.safety_copy.name + "-wal").read_bytes() == left_wal
    assert not wal.exists()
    check_sqlite_backup(live)
    assert _names(live) == ["Ada Backup", "Bob Backup"]
