"""Engine and session factory: built once at the edge (app lifespan, CLI command).

SQLite runs in WAL mode with a busy timeout and foreign keys on; it is for one machine
(WAL needs every process on the same host). Its file is created 0600 (in a 0700 directory
when that is created too) before SQLite first opens it, and every engine holds the
database's shared "in use" lock while it lives (:mod:`linkedin_bot.db.in_use`): a restore
never swaps the file under an open engine. PostgreSQL is reached through asyncpg.
"""

from __future__ import annotations

import time
import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from linkedin_bot.core.metrics import DB_QUERY_DURATION
from linkedin_bot.db.files import make_private_dir, prepare_sqlite_file
from linkedin_bot.db.in_use import Lease, hold_shared
from linkedin_bot.db.pg_in_use import mark_in_use_handler, process_label

SQLITE_BUSY_TIMEOUT_MS = 15_000


# Execution option naming the BEGIN mode of a SQLite transaction. Transactions begin
# IMMEDIATE by default: the write lock is taken at BEGIN, so a transaction that reads then
# writes waits its turn (busy timeout) instead of failing with "database is locked" when
# another process wrote in between, and two processes can never both read the quota counts
# and then both write. Read-only work (the API's GET requests) uses
# ``read_only_sessions``: DEFERRED, so readers never wait for a writer (WAL).
SQLITE_BEGIN_OPTION = "sqlite_begin"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own implicit transactions are switched off; SQLAlchemy emits BEGIN itself
    # (see _sqlite_begin), so transactions start exactly when and how we say.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get(SQLITE_BEGIN_OPTION, "IMMEDIATE")
    if mode not in {"DEFERRED", "IMMEDIATE", "EXCLUSIVE"}:
        raise ValueError(f"unknown SQLite BEGIN mode {mode!r}")
    conn.exec_driver_sql(f"BEGIN {mode}")


_OPERATIONS = frozenset({"select", "insert", "update", "delete", "with", "pragma", "begin"})


def _before_execute(conn: Connection, *_args: Any) -> None:
    conn.info.setdefault("query_started", []).append(time.perf_counter())


def _after_execute(conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
    started = conn.info.get("query_started")
    if not started:
        return
    word = statement.lstrip().split(None, 1)[0].lower() if statement.strip() else "other"
    DB_QUERY_DURATION.labels(word if word in _OPERATIONS else "other").observe(
        time.perf_counter() - started.pop()
    )


def _instrument(engine: AsyncEngine) -> None:
    """Every statement's duration goes to linkedin_db_query_duration_seconds."""
    event.listen(engine.sync_engine, "before_cursor_execute", _before_execute)
    event.listen(engine.sync_engine, "after_cursor_execute", _after_execute)


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for another backend or an in-memory database."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


class _EngineLease:
    """The shared "in use" lock of one engine's SQLite file: taken when the engine is built,
    released by ``dispose()`` (or when the engine is garbage-collected), taken again before
    a disposed engine connects anew."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lease: Lease = hold_shared(path)

    def ensure(self, *_args: Any) -> None:
        if not self._lease.held:
            self._lease = hold_shared(self._path)

    def release(self, *_args: Any) -> None:
        self._lease.release()


def _hold_while_alive(engine: AsyncEngine, path: Path) -> None:
    lease = _EngineLease(path)
    sync_engine = engine.sync_engine
    # do_connect runs before the driver opens the file: a connection is never opened while
    # a restore holds the database.
    event.listen(sync_engine, "do_connect", lease.ensure)
    event.listen(sync_engine, "engine_disposed", lease.release)
    weakref.finalize(sync_engine, lease.release)


def create_engine(url: str, *, echo: bool = False, pool_size: int = 5) -> AsyncEngine:
    """An async engine for ``url``, with the SQLite pragmas installed on every connection.

    SQLite: raises :class:`~linkedin_bot.db.in_use.DatabaseInUse` while a restore holds the
    database; otherwise the engine marks the database in use until it is disposed.
    PostgreSQL: each connection marks the database in use while it is open (and fails with
    ``DatabaseInUse`` while a restore holds it), see :mod:`linkedin_bot.db.pg_in_use`.
    """
    path = sqlite_path(url)
    if path is not None:
        make_private_dir(path.parent)
        engine = create_async_engine(
            url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        )
        _hold_while_alive(engine, path)
        prepare_sqlite_file(path)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        _instrument(engine)
        return engine
    engine = create_async_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        # Named, so that a refused restore can say which process holds the database.
        connect_args={"server_settings": {"application_name": process_label()}},
    )
    event.listen(engine.sync_engine, "connect", mark_in_use_handler(url))
    _instrument(engine)
    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def create_read_only_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for reads: on SQLite they begin DEFERRED and never wait for a writer."""
    reader = engine.execution_options(**{SQLITE_BEGIN_OPTION: "DEFERRED"})
    return async_sessionmaker(reader, expire_on_commit=False)
