"""Backups on demand (`db backup`) or daily (the scheduler), retention, and a restore that
cannot corrupt: it replaces the database only when no other process uses it, with a file
whose schema is exactly that of its revision, keeping a safety copy first.

Both entry points are **blocking** (sqlite3, subprocesses, their own short event loops):
the scheduler calls ``await asyncio.to_thread(create_backup, settings)``; they must never be
called directly from a running event loop.

Backup files are named ``linkedin-<UTC timestamp>.db`` (SQLite) or ``.dump`` (PostgreSQL),
with a fixed-width timestamp so that name order is time order: retention keeps the newest
``backup_retention`` files of the database's kind and deletes the older ones, never any
other file. A backup is written as a hidden ``.partial`` file, locked while it is written;
one left by a killed backup is deleted by the next backup (or restore).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from alembic.util import CommandError
from sqlalchemy.exc import SQLAlchemyError

from linkedin_bot.core.clock import Clock, SystemClock
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.settings import Settings
from linkedin_bot.db import pg_backup as pg
from linkedin_bot.db import sqlite_backup as sqlite
from linkedin_bot.db.backup import (
    BackupFailed,
    BackupInfo,
    BackupInvalid,
    head_revision,
    locked_partial,
    remove_stale_partials,
    removed_on_error,
)
from linkedin_bot.db.engine import sqlite_path
from linkedin_bot.db.files import fsync_path, make_private_dir
from linkedin_bot.db.in_use import hold_exclusive
from linkedin_bot.db.migrate import upgrade

log = get_logger("linkedin_bot.backup")

BACKUP_PREFIX = "linkedin-"
SAFETY_PREFIX = "pre-restore-"
SQLITE_SUFFIX = ".db"
POSTGRES_SUFFIX = ".dump"
TIMESTAMP_FORMAT = "%Y%m%dT%H%M%S.%fZ"  # fixed width: name order is time order
_TIMESTAMP_RE = r"\d{8}T\d{6}\.\d{6}Z"


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
    current: dict[str, int] | None  # row counts of the database now; None: unreadable
    current_problem: str | None = None  # why the current database cannot be read


@dataclass(frozen=True)
class RestoreResult:
    file: Path
    revision: str  # the backup's schema revision
    safety_copy: Path | None  # None: there was no database to keep
    before: dict[str, int] | None
    after: dict[str, int] = field(default_factory=dict)
    migrated_to: str | None = None  # the revision it was migrated to, when it was older
    safety_is_byte_copy: bool = False  # the current database could not be read as SQLite


def backup_dir(settings: Settings) -> Path:
    return settings.backup_dir or settings.data_dir / "backups"


def _suffix(settings: Settings) -> str:
    return SQLITE_SUFFIX if settings.is_sqlite else POSTGRES_SUFFIX


def _live_sqlite_file(settings: Settings) -> Path:
    path = sqlite_path(settings.effective_database_url)
    if path is None:
        raise BackupFailed("an in-memory SQLite database cannot be backed up or restored")
    return path


@contextmanager
def _file_errors(what: str) -> Iterator[None]:
    """A file system failure (disk full, permission denied) as a clear error, not a trace."""
    try:
        yield
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise BackupFailed(f"{what} failed: {exc.strerror or exc}{where}") from exc


def _prepare_dir(directory: Path) -> None:
    """The backup directory, 0700 when created here (an existing one keeps its mode: it may
    be shared, ``--dir /mnt/usb``), without the leftovers of killed backups."""
    make_private_dir(directory)
    stale = remove_stale_partials(directory)
    if stale:
        log.info("db.backup.stale_partials_removed", files=[p.name for p in stale])


def create_backup(
    settings: Settings, *, directory: Path | None = None, clock: Clock | None = None
) -> BackupResult:
    """Back the configured database up, then apply retention. Blocking: from async code, run
    it with ``asyncio.to_thread``. A failed backup leaves no file and deletes no old one."""
    directory = directory or backup_dir(settings)
    stamp = (clock or SystemClock()).now().strftime(TIMESTAMP_FORMAT)
    name = f"{BACKUP_PREFIX}{stamp}{_suffix(settings)}"
    final = directory / name
    with _file_errors("the backup"):
        _prepare_dir(directory)
        with locked_partial(directory / f".{name}.partial") as partial:
            if settings.is_sqlite:
                source = _live_sqlite_file(settings)
                if not source.is_file():
                    raise BackupFailed(f"no database at {source}: nothing to back up")
                tables = sqlite.sqlite_backup(source, partial)
            else:
                tables = pg.pg_backup(settings.effective_database_url, partial)
            # Renamed only once complete and on disk: a visible backup file is a whole one.
            partial.rename(final)
        fsync_path(directory)
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
        return sqlite.check_sqlite_backup(file)
    return pg.check_pg_dump(file)


Confirm = Callable[[RestorePlan], bool]


def restore_backup(
    settings: Settings,
    file: Path,
    *,
    confirm: Confirm = lambda _plan: True,
    clock: Clock | None = None,
) -> RestoreResult | None:
    """Replace the configured database with the backup ``file``; None if not confirmed.

    In order, stopping at the first failure with nothing changed: take the database for
    this process alone (:class:`~linkedin_bot.db.in_use.DatabaseInUse` names who uses it),
    verify the file, ask ``confirm``. Then keep a safety copy of the current database, put
    the backup in its place, and migrate it to head when it is older. Blocking.
    """
    stamp = (clock or SystemClock()).now().strftime(TIMESTAMP_FORMAT)
    with _file_errors("the restore"):
        if settings.is_sqlite:
            return _restore_sqlite(settings, file, confirm, stamp)
        return _restore_postgres(settings, file, confirm, stamp)


def _restore_sqlite(
    settings: Settings, file: Path, confirm: Confirm, stamp: str
) -> RestoreResult | None:
    live = _live_sqlite_file(settings)
    if file.exists() and live.exists() and live.resolve() == file.resolve():
        raise BackupInvalid(f"{file} is the current database itself")
    with hold_exclusive(live):
        backup = sqlite.check_sqlite_backup(file)
        state = sqlite.current_state(live)
        if not confirm(RestorePlan(file, str(live), backup, state.counts, state.problem)):
            return None
        directory = backup_dir(settings)
        _prepare_dir(directory)
        sqlite.remove_stale_stages(live)
        staged = sqlite.stage(file, live, stamp, backup)
        safety, readable = None, True
        with removed_on_error(staged):
            if live.is_file():
                safety = directory / f"{SAFETY_PREFIX}{stamp}{SQLITE_SUFFIX}"
                readable = sqlite.keep_safety_copy(live, safety)
            sqlite.swap_in(staged, live)
        try:
            migrated = _migrate(settings, file, backup)
        except BackupFailed as exc:
            kept = f"; the previous database is in {safety}" if safety is not None else ""
            raise BackupFailed(f"{exc.detail}: run `linkedin-bot db upgrade`{kept}") from exc
        after = sqlite.current_state(live).counts or {}
    log.info(
        "db.restore.done",
        file=str(file),
        revision=backup.revision,
        safety_copy=str(safety),
        safety_is_byte_copy=not readable,
    )
    return RestoreResult(file, backup.revision, safety, state.counts, after, migrated, not readable)


def _restore_postgres(
    settings: Settings, file: Path, confirm: Confirm, stamp: str
) -> RestoreResult | None:
    url = settings.effective_database_url
    with pg.exclusive_session(url):
        backup = pg.check_pg_dump(file)
        current = pg.table_counts(url)
        target = pg.PgTarget.from_url(url).description
        if not confirm(RestorePlan(file, target, backup, current)):
            return None
        directory = backup_dir(settings)
        _prepare_dir(directory)
        safety = directory / f"{SAFETY_PREFIX}{stamp}{POSTGRES_SUFFIX}"
        with locked_partial(directory / f".{safety.name}.partial") as partial:
            pg.pg_backup(url, partial)
            partial.rename(safety)
        fsync_path(directory)
        pg.pg_restore(url, file)
        try:
            migrated = _migrate(settings, file, backup)
        except BackupFailed as exc:
            pg.pg_restore(url, safety)
            raise BackupFailed(f"{exc.detail}; the previous database was put back") from exc
        _verify_restored_schema(url, file, backup, safety)
        after = pg.table_counts(url)
    log.info("db.restore.done", file=str(file), revision=backup.revision, safety_copy=str(safety))
    return RestoreResult(file, backup.revision, safety, current, after, migrated)


def _verify_restored_schema(url: str, file: Path, backup: BackupInfo, safety: Path) -> None:
    """A dump's columns are only checked once restored (pg_dump's SQL is not compared before):
    a schema other than ours at head puts the previous database back, and refuses."""
    problems = pg.schema_differences(url)
    if not problems:
        return
    pg.pg_restore(url, safety)
    more = f" (and {len(problems) - 1} more differences)" if len(problems) > 1 else ""
    raise BackupInvalid(
        f"{file}: its schema is not that of revision {backup.revision!r}: {problems[0]}{more}; "
        "the previous database was put back"
    )


def _migrate(settings: Settings, file: Path, backup: BackupInfo) -> str | None:
    """Bring the restored database to head when the backup is older; the head, or None."""
    head = head_revision()
    if backup.revision == head:
        return None
    try:
        upgrade(settings.effective_database_url, head)
    except (SQLAlchemyError, CommandError, OSError) as exc:
        raise BackupFailed(
            f"{file} was restored at revision {backup.revision}, but migrating it to {head} "
            f"failed ({exc})"
        ) from exc
    return head
