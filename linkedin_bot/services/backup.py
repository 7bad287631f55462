"""Backups on demand (`db backup`) or daily (the scheduler), retention, and a restore that
checks a file before it replaces anything.

Both entry points are **blocking** (sqlite3, subprocesses, their own short event loops):
the scheduler calls ``await asyncio.to_thread(create_backup, settings)``; they must never be
called directly from a running event loop.

Backup files are named ``linkedin-<UTC timestamp>.db`` (SQLite) or ``.dump`` (PostgreSQL),
with a fixed-width timestamp so that name order is time order: retention keeps the newest
``backup_retention`` files of the database's kind and deletes the older ones, never any
other file.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from linkedin_bot.core.clock import Clock, SystemClock
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.settings import Settings
from linkedin_bot.db import backup as db
from linkedin_bot.db.backup import BackupFailed, BackupInfo, BackupInvalid, RestoreRefused
from linkedin_bot.db.engine import sqlite_path
from linkedin_bot.db.migrate import upgrade
from linkedin_bot.services.runs import STALE_AFTER

log = get_logger("linkedin_bot.backup")

BACKUP_PREFIX = "linkedin-"
SAFETY_PREFIX = "pre-restore-"
SQLITE_SUFFIX = ".db"
POSTGRES_SUFFIX = ".dump"
TIMESTAMP_FORMAT = "%Y%m%dT%H%M%S.%fZ"  # fixed width: name order is time order
_TIMESTAMP_RE = r"\d{8}T\d{6}\.\d{6}Z"
PRIVATE_DIR_MODE = 0o700


@dataclass(frozen=True)
class BackupResult:
    """A backup written: its file, its size in bytes, its row counts per table."""

    path: Path
    bytes: int
    tables: dict[str, int]


@dataclass(frozen=True)
class RestorePlan:
    """What a restore is about to do, shown to the user before it happens."""

    file: Path
    target: str  # the database, described without credentials
    backup: BackupInfo
    current: dict[str, int]  # row counts of the database now


@dataclass(frozen=True)
class RestoreResult:
    file: Path
    revision: str  # the backup's schema revision (migrated to head afterwards)
    safety_copy: Path | None
    before: dict[str, int]
    after: dict[str, int] = field(default_factory=dict)


def backup_dir(settings: Settings) -> Path:
    return settings.backup_dir or settings.data_dir / "backups"


def _suffix(settings: Settings) -> str:
    return SQLITE_SUFFIX if settings.is_sqlite else POSTGRES_SUFFIX


def _ensure_dir(directory: Path) -> None:
    """Create the backup directory 0700. An existing one keeps its mode: it may be shared
    (``--dir /mnt/usb``), and tightening it behind the user's back would be a surprise."""
    if not directory.is_dir():
        directory.mkdir(parents=True, exist_ok=True)
        directory.chmod(PRIVATE_DIR_MODE)


def _live_sqlite_file(settings: Settings) -> Path:
    path = sqlite_path(settings.effective_database_url)
    if path is None:
        raise BackupFailed("an in-memory SQLite database cannot be backed up or restored")
    return path


def create_backup(
    settings: Settings, *, directory: Path | None = None, clock: Clock | None = None
) -> BackupResult:
    """Back the configured database up, then apply retention. Blocking: from async code, run
    it with ``asyncio.to_thread``. A failed backup leaves no file and deletes no old one."""
    directory = directory or backup_dir(settings)
    _ensure_dir(directory)
    stamp = (clock or SystemClock()).now().strftime(TIMESTAMP_FORMAT)
    name = f"{BACKUP_PREFIX}{stamp}{_suffix(settings)}"
    final = directory / name
    with db.removed_on_error(directory / f".{name}.partial") as partial:
        if settings.is_sqlite:
            source = _live_sqlite_file(settings)
            if not source.is_file():
                raise BackupFailed(f"no database at {source}: nothing to back up")
            tables = db.sqlite_backup(source, partial)
        else:
            tables = db.pg_backup(settings.effective_database_url, partial)
        # Renamed only once complete and on disk: a visible backup file is a whole one.
        partial.rename(final)
    db.fsync_path(directory)
    result = BackupResult(final, final.stat().st_size, tables)
    log.info("db.backup.created", path=str(final), bytes=result.bytes, tables=tables)
    prune_backups(directory, _suffix(settings), settings.backup_retention)
    return result


def prune_backups(directory: Path, suffix: str, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest ``linkedin-<timestamp><suffix>`` files; return the
    deleted ones. Other files (safety copies, the user's own) are never touched."""
    pattern = re.compile(rf"{re.escape(BACKUP_PREFIX)}{_TIMESTAMP_RE}{re.escape(suffix)}")
    backups = sorted(p for p in directory.iterdir() if pattern.fullmatch(p.name))
    doomed = backups[: max(len(backups) - keep, 0)]
    for path in doomed:
        path.unlink(missing_ok=True)
    if doomed:
        log.info("db.backup.pruned", deleted=[p.name for p in doomed], kept=keep)
    return doomed


def inspect_backup(settings: Settings, file: Path) -> BackupInfo:
    """Verify ``file`` as a backup of this database's kind, changing nothing; raise
    :class:`BackupInvalid` with the reason otherwise."""
    if settings.is_sqlite:
        return db.check_sqlite_backup(file)
    return db.check_pg_dump(file)


def restore_backup(
    settings: Settings,
    file: Path,
    *,
    force: bool = False,
    confirm: Callable[[RestorePlan], bool] = lambda _plan: True,
    clock: Clock | None = None,
) -> RestoreResult | None:
    """Replace the configured database with the backup ``file``; None if not confirmed.

    In order, stopping at the first failure with nothing changed: verify the file, refuse
    while a run is active (unless ``force``), ask ``confirm``. Then keep a safety copy of
    the current database, put the backup in its place, and migrate it to head. Blocking.
    """
    clock = clock or SystemClock()
    backup = inspect_backup(settings, file)
    url = settings.effective_database_url
    live = _live_sqlite_file(settings) if settings.is_sqlite else None
    if live is not None and live.exists() and live.resolve() == file.resolve():
        raise BackupInvalid(f"{file} is the current database itself")
    exists = live is None or live.is_file()
    active = db.active_runs(url, clock.now() - STALE_AFTER) if exists else []
    if active and not force:
        raise RestoreRefused(
            f"campaign run(s) {active} are active: wait for them to end, stop the service, "
            "or pass --force"
        )
    current = db.table_counts(url) if exists else {}
    target = str(live) if live is not None else db.PgTarget.from_url(url).description
    if not confirm(RestorePlan(file, target, backup, current)):
        return None
    directory = backup_dir(settings)
    _ensure_dir(directory)
    stamp = clock.now().strftime(TIMESTAMP_FORMAT)
    if live is not None:
        safety = _restore_sqlite(live, file, directory, stamp, keep_current=exists)
    else:
        safety = directory / f"{SAFETY_PREFIX}{stamp}{POSTGRES_SUFFIX}"
        db.pg_backup(url, safety)
        db.pg_restore(url, file)
    upgrade(url)
    after = db.table_counts(url)
    log.info("db.restore.done", file=str(file), revision=backup.revision, safety_copy=str(safety))
    return RestoreResult(file, backup.revision, safety, current, after)


def _restore_sqlite(
    live: Path, file: Path, directory: Path, stamp: str, *, keep_current: bool
) -> Path | None:
    """Stage, re-verify, keep a safety copy, swap atomically; the safety copy's path."""
    live.parent.mkdir(parents=True, exist_ok=True)
    staged = live.parent / f".{live.name}.restore-{stamp}.tmp"
    with db.removed_on_error(staged):
        db.create_private_file(staged)
        shutil.copyfile(file, staged)
        db.fsync_path(staged)
        # What is installed is what was verified, even if FILE changed since the first check.
        db.check_sqlite_backup(staged)
        safety = None
        if keep_current:
            safety = directory / f"{SAFETY_PREFIX}{stamp}{SQLITE_SUFFIX}"
            db.sqlite_backup(live, safety)
            staged.chmod(stat.S_IMODE(live.stat().st_mode))
            # An emptied WAL: no frame of the old database can ever be replayed onto the new.
            db.sqlite_checkpoint(live)
        os.replace(staged, live)
    for stale in (live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")):
        stale.unlink(missing_ok=True)
    db.fsync_path(live.parent)
    return safety
