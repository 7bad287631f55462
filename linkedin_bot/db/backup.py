"""Database backups, and the checks a backup file passes before it may be restored.

SQLite: the sqlite3 online backup API copies a consistent snapshot while the service runs
(one read transaction on a WAL database: writers are not blocked and are never seen half
done). PostgreSQL: ``pg_dump``/``pg_restore``, given the password through ``PGPASSWORD`` in
their environment, never on their command line (which every local user can read in ``ps``).

Everything here blocks (sqlite3, subprocesses, ``asyncio.run``): call it from a worker
thread, never from a running event loop.
"""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, table, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncConnection

from linkedin_bot.core.errors import Conflict, InvalidInput, LinkedInBotError, NextAction
from linkedin_bot.db.engine import SQLITE_BUSY_TIMEOUT_MS, create_engine
from linkedin_bot.db.enums import ACTIVE_RUN_STATUSES
from linkedin_bot.db.migrate import alembic_config
from linkedin_bot.db.models import CampaignRun

EXPECTED_TABLES = frozenset(
    {"contacts", "interactions", "campaign_runs", "linkedin_selectors", "alembic_version"}
)
SQLITE_MAGIC = b"SQLite format 3\x00"
PRIVATE_FILE_MODE = 0o600
# pg_restore --list: "3371; 0 16390 TABLE DATA public contacts postgres"
_TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (?:DATA )?(\S+) (\S+) ")
_COPY_START = re.compile(r"^COPY (?:(\S+)\.)?(\S+) \(.*\) FROM stdin;$")


class BackupInvalid(InvalidInput):
    """The file is not a backup this code can restore; nothing was changed."""

    code = "backup_invalid"


class BackupFailed(LinkedInBotError):
    """Taking or restoring a backup failed; the message says at which step."""

    code = "backup_failed"
    action: ClassVar[NextAction] = "retry_later"


class RestoreRefused(Conflict):
    """A restore would pull the database from under an active campaign run."""

    code = "restore_refused"
    action: ClassVar[NextAction] = "retry_later"


@dataclass(frozen=True)
class BackupInfo:
    """What a verified backup file holds: its schema revision and its row counts."""

    revision: str
    tables: dict[str, int] = field(default_factory=dict)


# --- files ---------------------------------------------------------------------------------


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600; fail if it exists (never overwrite a backup)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))


def fsync_path(path: Path) -> None:
    """Flush a file's (or a directory's entries') data to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def known_revisions() -> frozenset[str]:
    """Every Alembic revision this code ships (any of them is at or below head)."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return frozenset(rev.revision for rev in script.walk_revisions())


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    return head or "base"


def _check_revision(revisions: list[str], where: str) -> str:
    if len(revisions) != 1:
        raise BackupInvalid(f"{where}: alembic_version holds {len(revisions)} revisions, not 1")
    revision = revisions[0]
    if revision not in known_revisions():
        raise BackupInvalid(
            f"{where}: schema revision {revision!r} is unknown to this version of linkedin-bot "
            f"(head is {head_revision()!r}): it comes from a newer version; upgrade first"
        )
    return revision


def _check_tables(tables: set[str], where: str) -> None:
    missing = sorted(EXPECTED_TABLES - tables)
    if missing:
        raise BackupInvalid(f"{where}: not a linkedin-bot backup (missing tables: {missing})")


# --- SQLite --------------------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
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


def sqlite_backup(source: Path, target: Path) -> dict[str, int]:
    """Copy the live database ``source`` into the new file ``target`` (mode 0600).

    The copy is one ``sqlite3_backup_step(-1)``: a single read transaction, so the file is a
    snapshot of one committed state even while other processes write. The copy is switched to
    rollback-journal mode (one self-contained file), checked with ``PRAGMA integrity_check``
    and fsynced. Returns its row counts per table.
    """
    create_private_file(target)
    src = sqlite3.connect(source, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    try:
        with closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            errors = _integrity_errors(dst)
            if errors:
                raise BackupFailed(f"the backup copy fails its integrity check: {errors[:5]}")
            counts = _sqlite_counts(dst)
    except sqlite3.Error as exc:
        raise BackupFailed(f"SQLite backup of {source} failed: {exc}") from exc
    finally:
        src.close()
    fsync_path(target)
    return counts


def sqlite_checkpoint(path: Path) -> None:
    """Move the WAL's content into the main file and empty the WAL."""
    with closing(sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def check_sqlite_backup(path: Path) -> BackupInfo:
    """Verify a SQLite backup without writing anything, or raise :class:`BackupInvalid`.

    The file is opened read-only and immutable (no lock, no journal, no -wal/-shm created):
    ``PRAGMA integrity_check`` must answer ok, the expected tables must exist, and the schema
    revision must be one this code knows.
    """
    where = str(path)
    if not path.is_file():
        raise BackupInvalid(f"{where}: no such file")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise BackupInvalid(f"{where}: not a SQLite database")
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            errors = _integrity_errors(conn)
            if errors:
                raise BackupInvalid(f"{where}: integrity check failed: {errors[:5]}")
            counts = _sqlite_counts(conn)
            _check_tables(set(counts), where)
            revisions = [str(r[0]) for r in conn.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.Error as exc:
        raise BackupInvalid(f"{where}: unreadable SQLite database ({exc})") from exc
    return BackupInfo(_check_revision(revisions, where), counts)


# --- the live database, either backend -----------------------------------------------------


async def _table_names(conn: AsyncConnection) -> list[str]:
    return await conn.run_sync(lambda sync: sorted(inspect(sync).get_table_names()))


async def _counts(conn: AsyncConnection) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name in await _table_names(conn):
        counts[name] = int(await conn.scalar(select(func.count()).select_from(table(name))) or 0)
    return counts


async def _table_counts(url: str) -> dict[str, int]:
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.connect() as conn:
            return await _counts(conn)
    finally:
        await engine.dispose()


def table_counts(url: str) -> dict[str, int]:
    """The live database's row counts per table."""
    return asyncio.run(_table_counts(url))


async def _active_runs(url: str, since: datetime) -> list[int]:
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.connect() as conn:
            if "campaign_runs" not in await _table_names(conn):
                return []
            beat = func.coalesce(CampaignRun.heartbeat_at, CampaignRun.created_at)
            stmt = select(CampaignRun.id).where(
                CampaignRun.status.in_(ACTIVE_RUN_STATUSES), beat >= since
            )
            return list((await conn.scalars(stmt)).all())
    finally:
        await engine.dispose()


def active_runs(url: str, since: datetime) -> list[int]:
    """Ids of the runs queued or running whose last heartbeat (or creation, before the
    first beat) is not older than ``since``: a process is still working on them."""
    return asyncio.run(_active_runs(url, since))


# --- PostgreSQL ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PgTarget:
    """How the client tools reach the database: a password-free libpq URL plus environment
    variables (the password among them). Its ``repr`` shows neither."""

    conninfo: str = field(repr=False)
    env: dict[str, str] = field(repr=False)
    description: str

    @classmethod
    def from_url(cls, url: str) -> PgTarget:
        parsed = make_url(url)
        env: dict[str, str] = {}
        if parsed.password is not None:
            env["PGPASSWORD"] = str(parsed.password)
        sslmode = parsed.query.get("sslmode") or parsed.query.get("ssl")
        if isinstance(sslmode, str):
            env["PGSSLMODE"] = sslmode
        # Query arguments are asyncpg's, not libpq's: they are dropped (ssl mapped above).
        # Built anew: URL.set(password=None) would keep the password.
        libpq = URL.create(
            "postgresql",
            username=parsed.username,
            host=parsed.host,
            port=parsed.port,
            database=parsed.database,
        )
        where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
        return cls(
            conninfo=libpq.render_as_string(hide_password=False),
            env=env,
            description=f'PostgreSQL database "{parsed.database}" on {where}',
        )

    def scrub(self, message: str) -> str:
        password = self.env.get("PGPASSWORD")
        return message.replace(password, "***") if password else message


def _run_tool(args: list[str], target: PgTarget | None, what: str) -> str:
    env = {**os.environ, **(target.env if target else {})}
    try:
        # An argv list, no shell: paths and the URL are arguments, never parsed as commands.
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except OSError as exc:
        raise BackupFailed(f"{what}: cannot run {args[0]} ({exc})") from exc
    if done.returncode != 0:
        detail = done.stderr.strip()[-2000:]
        raise BackupFailed(f"{what} failed: {target.scrub(detail) if target else detail}")
    return done.stdout


async def _pg_backup(url: str, target: Path) -> dict[str, int]:
    pg = PgTarget.from_url(url)
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.connect() as conn:
            # One REPEATABLE READ transaction exports its snapshot to pg_dump: the row counts
            # reported are exactly those of the dump, even while the service writes.
            await conn.execution_options(isolation_level="REPEATABLE READ")
            snapshot = str(await conn.scalar(text("SELECT pg_export_snapshot()")))
            counts = await _counts(conn)
            args = ["pg_dump", "--format=custom", "--no-password", f"--snapshot={snapshot}"]
            args += [f"--file={target}", f"--dbname={pg.conninfo}"]
            await asyncio.to_thread(_run_tool, args, pg, "pg_dump")
            await conn.rollback()
    finally:
        await engine.dispose()
    fsync_path(target)
    return counts


def pg_backup(url: str, target: Path) -> dict[str, int]:
    """``pg_dump --format=custom`` of the database into the new file ``target`` (mode 0600);
    returns the row counts of the dumped snapshot."""
    create_private_file(target)
    return asyncio.run(_pg_backup(url, target))


def _dump_rows(path: Path) -> tuple[dict[str, int], list[str]]:
    """Row counts per table in a custom-format dump, and the alembic_version rows."""
    counts: dict[str, int] = {}
    revisions: list[str] = []
    args = ["pg_restore", "--data-only", "--file=-", str(path)]
    with subprocess.Popen(  # noqa: S603  (an argv list, no shell)
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None  # PIPE was asked for
        current: str | None = None
        for line in proc.stdout:
            line = line.rstrip("\n")  # noqa: PLW2901  (the same line, without its newline)
            if current is None:
                match = _COPY_START.match(line)
                if match:
                    current = match.group(2).strip('"')
                    counts[current] = 0
            elif line == "\\.":
                current = None
            else:  # COPY text format: one line per row (newlines inside values are escaped)
                counts[current] += 1
                if current == "alembic_version":
                    revisions.append(line)
        stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        raise BackupInvalid(f"{path}: pg_restore cannot read its data ({stderr.strip()[-500:]})")
    return counts, revisions


def check_pg_dump(path: Path) -> BackupInfo:
    """Verify a ``pg_dump`` custom-format file without touching any database, or raise
    :class:`BackupInvalid`: ``pg_restore --list`` must read it, it must hold the expected
    tables and a schema revision this code knows."""
    where = str(path)
    if not path.is_file():
        raise BackupInvalid(f"{where}: no such file")
    try:
        listing = _run_tool(["pg_restore", "--list", str(path)], None, "pg_restore --list")
    except BackupFailed as exc:
        raise BackupInvalid(f"{where}: not a readable pg_dump archive ({exc.detail})") from exc
    tables = {m.group(2) for m in map(_TOC_TABLE.match, listing.splitlines()) if m}
    _check_tables(tables, where)
    counts, revisions = _dump_rows(path)
    return BackupInfo(_check_revision(revisions, where), counts)


def pg_restore(url: str, path: Path) -> None:
    """Replace the database's objects with the dump's, all or nothing (one transaction)."""
    pg = PgTarget.from_url(url)
    args = ["pg_restore", "--clean", "--if-exists", "--single-transaction", "--no-owner"]
    args += ["--no-privileges", "--no-password", f"--dbname={pg.conninfo}", str(path)]
    _run_tool(args, pg, "pg_restore")


@contextmanager
def removed_on_error(path: Path) -> Iterator[Path]:
    """Yield ``path``; delete it if the block fails (a half-written file is no backup)."""
    try:
        yield path
    except BaseException:
        path.unlink(missing_ok=True)
        raise
