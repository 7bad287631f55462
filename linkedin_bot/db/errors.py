"""What a database or storage failure means for the user, decided in one place.

The API's error handlers and the CLI's entry point both ask :func:`storage_error` what an
exception from SQLAlchemy, a driver or the filesystem means: the database is busy (SQLite's
write lock held past the busy timeout; PostgreSQL out of connections), unreachable, or the
disk is full. Each becomes a domain error with a message a person can act on; anything else
is not a storage condition we know, and stays the bug it is.
"""

from __future__ import annotations

import socket
import sqlite3

from sqlalchemy import exc as sa

from linkedin_bot.core.errors import (
    DatabaseBusy,
    DatabaseUnavailable,
    LinkedInBotError,
    StorageFull,
)
from linkedin_bot.core.private_files import is_disk_full

# SQLite result codes (https://sqlite.org/rescode.html): primary codes, extended & 0xFF.
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14

# PostgreSQL SQLSTATE codes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
PG_DISK_FULL = frozenset({"53100"})
PG_BUSY = frozenset(
    {
        "53300",  # too_many_connections
        "53400",  # configuration_limit_exceeded
        "55P03",  # lock_not_available
        "57014",  # query_canceled (statement timeout)
        "40001",  # serialization_failure
        "40P01",  # deadlock_detected
    }
)
PG_UNAVAILABLE_CLASSES = ("08",)  # connection_exception
PG_UNAVAILABLE = frozenset(
    {"57P01", "57P02", "57P03", "53200"}  # shutdown, crash, cannot connect now, out of memory
)

BUSY_DETAIL = "the database is busy (another process holds it); try again in a few seconds"
UNAVAILABLE_DETAIL = "the database cannot be reached; try again when it is back"
DISK_FULL_DETAIL = "the disk is full: nothing was written; free some space and try again"


def _sqlite_error(error: sqlite3.Error) -> LinkedInBotError | None:
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(error).lower()
    if primary == SQLITE_FULL or "database or disk is full" in text:
        return StorageFull(DISK_FULL_DETAIL)
    if primary in (SQLITE_BUSY, SQLITE_LOCKED) or "database is locked" in text:
        return DatabaseBusy(BUSY_DETAIL)
    if primary in (SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_READONLY):
        return DatabaseUnavailable(f"the database file cannot be used ({error})")
    return None


def _postgres_error(sqlstate: str) -> LinkedInBotError | None:
    if sqlstate in PG_DISK_FULL:
        return StorageFull(DISK_FULL_DETAIL)
    if sqlstate in PG_BUSY:
        return DatabaseBusy(BUSY_DETAIL)
    if sqlstate in PG_UNAVAILABLE or sqlstate.startswith(PG_UNAVAILABLE_CLASSES):
        return DatabaseUnavailable(UNAVAILABLE_DETAIL)
    return None


def _os_error(error: OSError) -> LinkedInBotError | None:
    if is_disk_full(error):
        return StorageFull(DISK_FULL_DETAIL)
    # A driver that cannot connect raises the socket's own error (asyncpg does).
    if isinstance(error, ConnectionError | socket.gaierror | TimeoutError):
        return DatabaseUnavailable(UNAVAILABLE_DETAIL)
    return None


def _dbapi_error(error: sa.DBAPIError) -> LinkedInBotError | None:
    original = error.orig
    if isinstance(original, sqlite3.Error):
        return _sqlite_error(original)
    sqlstate = getattr(original, "sqlstate", None)
    if isinstance(sqlstate, str) and (known := _postgres_error(sqlstate)):
        return known
    if error.connection_invalidated:
        return DatabaseUnavailable(UNAVAILABLE_DETAIL)
    cause = original.__cause__ if original is not None else None
    return _os_error(cause) if isinstance(cause, OSError) else None


def storage_error(error: BaseException) -> LinkedInBotError | None:
    """The domain error ``error`` amounts to, or None when it is not a storage condition."""
    known: LinkedInBotError | None = None
    if isinstance(error, sa.TimeoutError):  # every pooled connection is in use
        known = DatabaseBusy(BUSY_DETAIL)
    elif isinstance(error, sa.DisconnectionError):
        known = DatabaseUnavailable(UNAVAILABLE_DETAIL)
    elif isinstance(error, sa.DBAPIError):
        known = _dbapi_error(error)
    elif isinstance(error, sqlite3.Error):
        known = _sqlite_error(error)
    elif isinstance(error, OSError):
        known = _os_error(error)
    return known
