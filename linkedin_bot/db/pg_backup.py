"""PostgreSQL backups and restores: ``pg_dump``/``pg_restore``, given the password through
``PGPASSWORD`` in their environment, never on their command line (which every local user can
read in ``ps``), and the exclusive session a restore holds while it runs.

Everything here blocks (subprocesses, ``asyncio.run``): call it from a worker thread.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, func, inspect, select, table, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection

from linkedin_bot.db import models  # noqa: F401  (registers the tables on Base.metadata)
from linkedin_bot.db.backup import (
    BackupFailed,
    BackupInfo,
    BackupInvalid,
    check_revision,
    check_tables,
)
from linkedin_bot.db.base import Base
from linkedin_bot.db.engine import create_engine
from linkedin_bot.db.files import fsync_path
from linkedin_bot.db.in_use import DatabaseInUse
from linkedin_bot.db.pg_in_use import LOCK_CLASS, LOCK_OBJECT, set_exclusive

# pg_restore --list: "3371; 0 16390 TABLE DATA public contacts postgres"
_TOC_ENTRY = re.compile(r"^\d+; \d+ \d+ (?P<rest>.+)$")
_COPY_START = re.compile(r"^COPY (?:(\S+)\.)?(\S+) \(.*\) FROM stdin;$")
# What `pg_dump` writes for our schema. Anything else (a TRIGGER, FUNCTION, VIEW, RULE,
# POLICY, EXTENSION...) would run code or change behaviour once restored: refused.
# Longest first: "TABLE DATA public contacts ..." is table data, not a table named DATA.
# COMMENT and ACL entries are inert (ACLs are skipped: --no-privileges); the public schema
# itself may be listed by some pg_dump versions.
ALLOWED_TOC_KINDS = (
    "SEQUENCE OWNED BY",
    "SEQUENCE SET",
    "FK CONSTRAINT",
    "TABLE DATA",
    "CONSTRAINT",
    "SEQUENCE",
    "EXTENSION",
    "DEFAULT",
    "COMMENT",
    "SCHEMA",
    "TABLE",
    "INDEX",
    "ACL",
)
_INERT_KINDS = frozenset({"COMMENT", "ACL"})
# The extensions our migrations create (0004: trigram indexes for the contact search); any
# other extension in a dump is refused.
ALLOWED_EXTENSIONS = frozenset({"pg_trgm"})
# A restore waits this long for a table lock that another (non linkedin-bot) session holds,
# then fails and rolls back, rather than hang.
RESTORE_LOCK_TIMEOUT = "10s"
_HOLDERS_SQL = text(
    "SELECT a.pid, coalesce(a.application_name, ''), coalesce(host(a.client_addr), 'local')"
    " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
    " WHERE l.locktype = 'advisory' AND l.classid = :cls AND l.objid = :obj"
    " AND l.objsubid = 2 AND l.granted AND l.pid <> pg_backend_pid()"
    " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    " ORDER BY a.pid"
)


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


def _run_tool(
    args: list[str], target: PgTarget | None, what: str, extra_env: dict[str, str] | None = None
) -> str:
    env = {**os.environ, **(target.env if target else {}), **(extra_env or {})}
    try:
        # An argv list, no shell: paths and the URL are arguments, never parsed as commands.
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except OSError as exc:
        raise BackupFailed(f"{what}: cannot run {args[0]} ({exc})") from exc
    if done.returncode != 0:
        detail = done.stderr.strip()[-2000:]
        raise BackupFailed(f"{what} failed: {target.scrub(detail) if target else detail}")
    return done.stdout


# --- the live database -------------------------------------------------------------------------


async def _counts(conn: AsyncConnection) -> dict[str, int]:
    names = await conn.run_sync(lambda sync: sorted(inspect(sync).get_table_names()))
    counts: dict[str, int] = {}
    for name in names:
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
    """``pg_dump --format=custom`` of the database into ``target`` (an empty file created
    0600 by the caller); returns the row counts of the dumped snapshot."""
    return asyncio.run(_pg_backup(url, target))


# --- checks ------------------------------------------------------------------------------------


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


def _check_toc(listing: str, where: str) -> set[str]:
    """The dump's tables; refuses an object of a kind our schema never has (a function, a
    trigger, a view, a rule...), or outside the ``public`` schema."""
    tables: set[str] = set()
    for line in listing.splitlines():
        if not line or line.startswith(";"):
            continue
        match = _TOC_ENTRY.match(line)
        rest = match.group("rest") if match else line
        kind = next((k for k in ALLOWED_TOC_KINDS if rest.startswith(k + " ")), None)
        if kind is None:
            raise BackupInvalid(
                f"{where}: the dump holds {_short(rest)!r}, which a linkedin-bot database never "
                "has (only tables, sequences, defaults, constraints, indexes and their rows)"
            )
        if kind in _INERT_KINDS:
            continue
        schema, _, name = rest.removeprefix(kind + " ").partition(" ")
        name = name.split(" ")[0]
        if kind == "SCHEMA" and (schema, name) != ("-", "public"):
            raise BackupInvalid(f"{where}: the dump creates the schema {name!r}")
        if kind == "EXTENSION":
            if schema != "-" or name not in ALLOWED_EXTENSIONS:
                raise BackupInvalid(f"{where}: the dump creates the extension {name!r}")
            continue
        if kind != "SCHEMA" and schema != "public":
            raise BackupInvalid(f"{where}: {kind.lower()} {name!r} in schema {schema!r}")
        if kind == "TABLE":
            tables.add(name)
    return tables


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_pg_dump(path: Path) -> BackupInfo:
    """Verify a ``pg_dump`` custom-format file without touching any database, or raise
    :class:`BackupInvalid`: ``pg_restore --list`` must read it; it may hold tables,
    sequences, defaults, constraints, indexes and data only, all in ``public``; its tables
    must be ours, and its schema revision one this code knows."""
    where = str(path)
    if not path.is_file():
        raise BackupInvalid(f"{where}: no such file")
    try:
        listing = _run_tool(["pg_restore", "--list", str(path)], None, "pg_restore --list")
    except BackupFailed as exc:
        raise BackupInvalid(f"{where}: not a readable pg_dump archive ({exc.detail})") from exc
    tables = _check_toc(listing, where)
    check_tables(tables, where)
    counts, revisions = _dump_rows(path)
    return BackupInfo(check_revision(revisions, where), counts)


def pg_restore(url: str, path: Path) -> None:
    """Replace the database's objects with the dump's, all or nothing (one transaction)."""
    pg = PgTarget.from_url(url)
    args = ["pg_restore", "--clean", "--if-exists", "--single-transaction", "--no-owner"]
    args += ["--no-privileges", "--no-password", f"--dbname={pg.conninfo}", str(path)]
    options = f"-c lock_timeout={RESTORE_LOCK_TIMEOUT}"
    _run_tool(args, pg, "pg_restore", {"PGOPTIONS": options})


# --- after a restore ----------------------------------------------------------------------------


def _describe_diff(diff: Any) -> str:
    """One Alembic autogenerate difference, readable: add_* is in our models but not in the
    database, remove_* the other way round, modify_* a column that differs."""
    op = diff[0][0] if isinstance(diff, list) else diff[0]
    item = diff[0] if isinstance(diff, list) else diff
    if op.startswith("modify_"):
        _op, _schema, table_name, column, _kw, have, want = item
        return f"column {table_name}.{column}: {op.removeprefix('modify_')} {have}, expected {want}"
    obj = item[-1] if op.startswith(("add_column", "remove_column")) else item[1]
    what = op.split("_", 1)[1]
    name = getattr(obj, "name", obj)
    where = f"{item[2]}." if op.endswith("_column") else ""
    return f"{'missing' if op.startswith('add_') else 'unexpected'} {what} {where}{name}"


def _differences(sync: Connection) -> list[str]:
    context = MigrationContext.configure(
        sync, opts={"compare_type": True, "compare_server_default": True}
    )
    return [_describe_diff(d) for d in compare_metadata(context, Base.metadata)]


async def _schema_differences(url: str) -> list[str]:
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(_differences)
    finally:
        await engine.dispose()


def schema_differences(url: str) -> list[str]:
    """How the database's schema differs from our models at head (``alembic check``): after
    a restore and its migration, there must be none."""
    return asyncio.run(_schema_differences(url))


# --- the restore's exclusive session ----------------------------------------------------------


class _ExclusiveSession(threading.Thread):
    """A thread with its own event loop, holding one session with the exclusive advisory
    lock until told to stop (the restore's other steps run their own short loops)."""

    def __init__(self, url: str) -> None:
        super().__init__(name="restore-exclusive-session", daemon=True)
        self.url = url
        self.ready = threading.Event()
        self.stop = threading.Event()
        self.error: Exception | None = None

    def run(self) -> None:
        asyncio.run(self._hold())

    async def _hold(self) -> None:
        engine = create_engine(self.url, pool_size=1)
        try:
            async with engine.connect() as conn:
                params = {"cls": LOCK_CLASS, "obj": LOCK_OBJECT}
                got = await conn.scalar(text("SELECT pg_try_advisory_lock(:cls, :obj)"), params)
                rows = [] if got else (await conn.execute(_HOLDERS_SQL, params)).all()
                holders = [(int(pid), str(name), str(addr)) for pid, name, addr in rows]
                await conn.commit()  # idle, not idle in transaction, while the lock is held
                if not got:
                    self.error = _in_use(self.url, holders)
                    return
                self.ready.set()
                await asyncio.to_thread(self.stop.wait)
        except (SQLAlchemyError, OSError) as exc:
            target = PgTarget.from_url(self.url)
            self.error = BackupFailed(f"cannot reach the {target.description}: {exc}")
        except DatabaseInUse as exc:  # another restore holds it: our own connect was refused
            self.error = exc
        finally:
            await engine.dispose()
            self.ready.set()


def _in_use(url: str, holders: list[tuple[int, str, str]]) -> DatabaseInUse:
    named = [f"{name or 'a client'} (session {pid} from {addr})" for pid, name, addr in holders]
    who = ", ".join(named) if named else "another restore"
    return DatabaseInUse(
        f"the {PgTarget.from_url(url).description} is in use by {who}: stop the service "
        "(and any running `linkedin-bot` command) first, then restore"
    )


@contextmanager
def exclusive_session(url: str) -> Iterator[None]:
    """The database for this process alone while the block runs, or
    :class:`DatabaseInUse` naming the linkedin-bot processes connected to it."""
    session = _ExclusiveSession(url)
    session.start()
    session.ready.wait()
    if session.error is not None:
        session.join()
        raise session.error
    set_exclusive(url, True)
    try:
        yield
    finally:
        set_exclusive(url, False)
        session.stop.set()
        session.join()
