"""Who uses a PostgreSQL database: the same contract as :mod:`linkedin_bot.db.in_use`, with a
session-level advisory lock instead of a file lock.

Every connection our engines open takes the shared advisory lock ``(LOCK_CLASS,
LOCK_OBJECT)`` for its whole life and names its process in ``application_name``; a restore
takes the exclusive one on a session of its own (:func:`linkedin_bot.db.pg_backup.
exclusive_session`), which it gets only when no connection of any linkedin-bot process is
open, and which makes every new connection fail until the restore ends. The server releases
a session's locks when the session ends, however its process ended.

Connections the restore process opens itself while it holds the exclusive lock (its safety
dump, its migration) are let through.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from linkedin_bot.db.in_use import DatabaseInUse

LOCK_CLASS = 0x6C6B_6462  # "lkdb"
LOCK_OBJECT = 1
_APPLICATION_NAME_MAX = 63  # NAMEDATALEN - 1

_exclusive: set[str] = set()
_exclusive_lock = threading.Lock()


def database_key(url: str) -> str:
    """One database, however its URL is written (driver, password and options aside)."""
    parsed = make_url(url)
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database}"


def process_label() -> str:
    """``linkedin-bot serve (pid 123 on pi)``: what other processes see as our
    ``application_name`` (cut to PostgreSQL's 63 characters)."""
    argv = sys.argv
    command = "linkedin-bot"
    if argv and Path(argv[0]).name == "linkedin-bot" and len(argv) > 1:
        command += " " + " ".join(a for a in argv[1:3] if not a.startswith("-"))
    label = f"{command} (pid {os.getpid()} on {socket.gethostname()})"
    return label[:_APPLICATION_NAME_MAX]


def set_exclusive(url: str, held: bool) -> None:
    with _exclusive_lock:
        (_exclusive.add if held else _exclusive.discard)(database_key(url))


def _held_exclusively(url: str) -> bool:
    with _exclusive_lock:
        return database_key(url) in _exclusive


def mark_in_use_handler(url: str) -> Any:
    """A ``connect`` event handler for an engine on ``url``: the new connection takes the
    shared lock, or is closed with :class:`DatabaseInUse` while a restore runs."""
    description = database_key(url)

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        if _held_exclusively(url):
            return
        cursor = dbapi_connection.cursor()
        try:
            # Constants, not input: there is nothing to bind.
            cursor.execute(f"SELECT pg_try_advisory_lock_shared({LOCK_CLASS}, {LOCK_OBJECT})")
            granted = bool(cursor.fetchone()[0])
        finally:
            cursor.close()
        dbapi_connection.rollback()  # a session-level lock outlives the transaction
        if not granted:
            dbapi_connection.close()
            raise DatabaseInUse(
                f"the PostgreSQL database {description} is being restored: try again when "
                "the restore has finished"
            )

    return on_connect
