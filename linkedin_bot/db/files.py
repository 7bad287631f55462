"""Private files for personal data: the SQLite database, its companions, backups.

The database and its backups hold the user's contacts and messages: files are 0600 and the
directories created for them 0700, whatever the umask (the mode is given at creation and
set again, since a umask can only take bits away and the user's may be 000). A directory
that already exists keeps its mode: it may be the user's (``--dir /mnt/usb``, a home).

SQLite creates ``-wal``, ``-shm`` and ``-journal`` with the mode of the database file, so a
database file created here 0600 before SQLite first opens it gives private companions too.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def companions(database: Path) -> list[Path]:
    """The files SQLite keeps beside a database: ``-wal``, ``-shm``, ``-journal``."""
    return [database.with_name(database.name + suffix) for suffix in SQLITE_COMPANIONS]


def make_private_dir(directory: Path) -> None:
    """Create ``directory`` and its missing parents, each 0700; existing ones are kept."""
    missing: list[Path] = []
    current = directory.absolute()
    while not current.exists():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it meanwhile
            path.mkdir(mode=PRIVATE_DIR_MODE)
            path.chmod(PRIVATE_DIR_MODE)


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600; fail if it exists (never overwrite a backup)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, PRIVATE_FILE_MODE)
    try:
        os.fchmod(fd, PRIVATE_FILE_MODE)
    finally:
        os.close(fd)


def make_private(path: Path) -> None:
    """Set an existing file of ours to 0600 (another user's file is left as it is)."""
    with contextlib.suppress(FileNotFoundError, PermissionError):
        if path.stat().st_mode & 0o777 != PRIVATE_FILE_MODE:
            path.chmod(PRIVATE_FILE_MODE)


def prepare_sqlite_file(database: Path) -> None:
    """Before SQLite opens ``database``: its directory exists (0700 if created here), the file
    exists 0600 (an empty file is a new database to SQLite), and so are its companions."""
    make_private_dir(database.parent)
    with contextlib.suppress(FileExistsError):
        create_private_file(database)
    for path in (database, *companions(database)):
        make_private(path)


def fsync_path(path: Path) -> None:
    """Flush a file's (or a directory's entries') data to disk."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
