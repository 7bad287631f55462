"""SQLite backups, the checks a file passes before it may be restored, and the swap.

A backup is the sqlite3 online backup API: one read transaction on the WAL database, so the
copy is one committed state while the service writes. A restore (done by the service layer
under the database's exclusive "in use" lock) stages the candidate beside the database,
checks the staged copy, keeps a safety copy of what is there, and renames the stage over
the database file. Everything here blocks: call it from a worker thread.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from linkedin_bot.db.backup import (
    BackupFailed,
    BackupInfo,
    BackupInvalid,
    check_revision,
    check_tables,
    locked_partial,
    removed_on_error,
)
from linkedin_bot.db.engine import SQLITE_BUSY_TIMEOUT_MS
from linkedin_bot.db.files import companions, create_private_file, fsync_path
from linkedin_bot.db.in_use import hold_shared
from linkedin_bot.db.sqlite_schema import compare, describe, reference_schema

SQLITE_MAGIC = b"SQLite format 3\x00"
_MAX_LISTED = 3


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    # Table names come from the file's own catalogue, quoted: not user input.
    return {
        name: int(conn.execute(f"SELECT count(*) FROM {_quote(name)}").fetchone()[0])  # noqa: S608
        for name in sorted(names)
    }


def _integrity_errors(conn: sqlite3.Connection) -> list[str]:
    rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


# --- backup -----------------------------------------------------------------------------------


def sqlite_backup(source: Path, target: Path) -> dict[str, int]:
    """Copy the live database ``source`` into ``target`` (an empty file, created 0600 by the
    caller); return its row counts per table.

    One ``sqlite3_backup_step(-1)``: a single read transaction, so the copy is a snapshot of
    one committed state even while other processes write. The copy is switched to
    rollback-journal mode (one self-contained file), checked with ``PRAGMA
    integrity_check`` and fsynced. The database is marked in use meanwhile: a restore cannot
    swap it under the copy.
    """
    with hold_shared(source):
        try:
            src = sqlite3.connect(source, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
            try:
                with closing(sqlite3.connect(target)) as dst:
                    src.backup(dst)
                    dst.execute("PRAGMA journal_mode=DELETE")
                    errors = _integrity_errors(dst)
                    if errors:
                        raise BackupFailed(
                            f"the copy of {source} fails its integrity check: {errors[:5]}"
                        )
                    counts = _counts(dst)
            finally:
                src.close()
        except sqlite3.Error as exc:
            raise BackupFailed(f"SQLite backup of {source} failed: {exc}") from exc
    fsync_path(target)
    return counts


# --- checks -----------------------------------------------------------------------------------


def _size(n: int) -> str:
    return f"{n} bytes" if n < 1024 else f"{n / 1024:.0f} KiB"


def _check_self_contained(path: Path, where: str) -> None:
    """Refuse a file whose committed data is partly in a ``-wal`` (or whose last transaction
    is in a hot ``-journal``) beside it: the file alone, which is what would be copied in,
    lacks those writes or holds half a transaction."""
    wal, _shm, journal = companions(path)
    for companion, what in ((wal, "committed writes"), (journal, "an unfinished transaction")):
        size = companion.stat().st_size if companion.is_file() else 0
        if size:
            raise BackupInvalid(
                f"{where}: {companion.name} beside it holds {what} ({_size(size)}) that the "
                "file alone lacks; restore a file written by `linkedin-bot db backup`, or "
                f"first fold it in with: sqlite3 {path} 'PRAGMA wal_checkpoint(TRUNCATE)'"
            )


def _check_schema(conn: sqlite3.Connection, revision: str, where: str) -> None:
    problems = compare(describe(conn), reference_schema(revision))
    if problems:
        more = f" (and {len(problems) - 1} more differences)" if len(problems) > 1 else ""
        raise BackupInvalid(
            f"{where}: its schema is not that of revision {revision!r}: {problems[0]}{more}"
        )


def _check_foreign_keys(conn: sqlite3.Connection, where: str) -> None:
    rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    if rows:
        examples = ", ".join(f"{r[0]} row {r[1]} -> {r[2]}" for r in rows[:_MAX_LISTED])
        raise BackupInvalid(f"{where}: {len(rows)} rows point to missing rows ({examples})")


def _revisions(conn: sqlite3.Connection, where: str) -> list[str]:
    kind = conn.execute("SELECT type FROM sqlite_master WHERE name = 'alembic_version'").fetchone()
    if kind is None or kind[0] != "table":
        raise BackupInvalid(f"{where}: not a linkedin-bot backup (no alembic_version table)")
    return [str(r[0]) for r in conn.execute("SELECT version_num FROM alembic_version")]


def check_sqlite_backup(path: Path) -> BackupInfo:
    """Verify a SQLite backup without writing anything, or raise :class:`BackupInvalid`.

    The file must be self-contained (no non-empty ``-wal`` or ``-journal`` beside it); it is
    then opened read-only and immutable (no lock, no journal, no -wal/-shm created, no
    trigger or view run): ``PRAGMA integrity_check`` must answer ok, its schema revision
    must be one this code knows, its schema exactly that of the revision (see
    :mod:`linkedin_bot.db.sqlite_schema`), and ``PRAGMA foreign_key_check`` clean.
    """
    where = str(path)
    if not path.is_file():
        raise BackupInvalid(f"{where}: no such file")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise BackupInvalid(f"{where}: not a SQLite database")
    _check_self_contained(path, where)
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            conn.execute("PRAGMA trusted_schema=OFF")
            errors = _integrity_errors(conn)
            if errors:
                raise BackupInvalid(f"{where}: integrity check failed: {errors[:5]}")
            counts = _counts(conn)
            check_tables(set(counts), where)
            revision = check_revision(_revisions(conn, where), where)
            _check_schema(conn, revision, where)
            _check_foreign_keys(conn, where)
    except sqlite3.Error as exc:
        raise BackupInvalid(f"{where}: unreadable SQLite database ({exc})") from exc
    return BackupInfo(revision, counts)


# --- restore steps (the caller holds the database's exclusive lock) --------------------------


@dataclass(frozen=True)
class CurrentState:
    """The database about to be replaced: its row counts, or why it cannot be read."""

    counts: dict[str, int] | None
    problem: str | None = None


def current_state(live: Path) -> CurrentState:
    if not live.is_file():
        return CurrentState({})
    try:
        with closing(sqlite3.connect(live, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)) as conn:
            return CurrentState(_counts(conn))
    except sqlite3.Error as exc:
        return CurrentState(None, str(exc))


def stage(file: Path, live: Path, stamp: str, expected: BackupInfo) -> Path:
    """Copy ``file`` beside the database as a hidden 0600 file, on disk, checked again: what
    is installed is what was verified, even if ``file`` changed since the first check."""
    staged = live.parent / f".{live.name}.restore-{stamp}.tmp"
    create_private_file(staged)
    with removed_on_error(staged):
        shutil.copyfile(file, staged)
        fsync_path(staged)
        if check_sqlite_backup(staged) != expected:
            raise BackupInvalid(f"{file} changed while it was being restored: try again")
    return staged


def remove_stale_stages(live: Path) -> list[Path]:
    """Stages left by a restore that was killed (only called under the exclusive lock)."""
    stale = sorted(live.parent.glob(f".{live.name}.restore-*.tmp"))
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def _byte_copy(source: Path, target: Path) -> None:
    with locked_partial(target.with_name(f".{target.name}.partial")) as partial:
        shutil.copyfile(source, partial)
        fsync_path(partial)
        partial.rename(target)


def keep_safety_copy(live: Path, target: Path) -> bool:
    """Copy the current database to ``target`` (0600); True for a SQLite copy, False for a
    byte copy of the file and its ``-wal``/``-journal`` (kept beside the copy under the same
    names, so that SQLite reads them together), when it cannot be read as SQLite."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        with locked_partial(partial):
            sqlite_backup(live, partial)
            partial.rename(target)
    except BackupFailed:
        _byte_copy(live, target)
        for source, copy in zip(companions(live), companions(target), strict=True):
            if source.is_file() and not source.name.endswith("-shm"):
                _byte_copy(source, copy)
        fsync_path(target.parent)
        return False
    fsync_path(target.parent)
    return True


def swap_in(staged: Path, live: Path) -> None:
    """Put ``staged`` in place of the database: its old ``-wal``/``-shm``/``-journal`` go
    first (replayed onto the new file they would corrupt it; the safety copy holds their
    content), then one atomic rename, each step flushed to disk."""
    for stale in companions(live):
        stale.unlink(missing_ok=True)
    fsync_path(live.parent)
    staged.replace(live)
    fsync_path(live.parent)
