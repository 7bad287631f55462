"""Who uses a SQLite database: a shared lock per process, an exclusive one for a restore.

Every process that opens the database through :func:`linkedin_bot.db.engine.create_engine`
(the service, a CLI ``run``, ``db backup``, a migration) holds a shared ``flock`` on the file
``<database>.lock`` beside it for as long as its engine lives. ``db restore`` needs the
exclusive lock, without waiting: it cannot get it while any other process has the database
open, and no process can open the database while a restore holds it.

Why a lock file and ``flock``: the kernel releases the lock when its process ends, however it
ends (SIGKILL, power loss aside), so a crashed service never blocks a restore and there is no
stale pid file to judge. It is advisory: a process that opens the file without this module
(a ``sqlite3`` shell) is not seen. Like SQLite's WAL, it needs every process on one machine
(a network filesystem does not carry ``flock`` reliably).

Within one process, leases are counted: an engine built while this process holds the
exclusive lock (the restore's own migration) nests under it, and an exclusive lock is
refused while this process itself has the database open.

The holders are named from ``/proc/locks`` (Linux; a process in another PID namespace shows
without its pid).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal

from linkedin_bot.core.errors import Conflict, NextAction
from linkedin_bot.db.files import PRIVATE_FILE_MODE, make_private_dir

LOCK_SUFFIX = ".lock"
_PROC_LOCKS = Path("/proc/locks")
_MAX_COMMAND_CHARS = 120
_CLI_NAME = "linkedin-bot"

Mode = Literal["shared", "exclusive"]


class DatabaseInUse(Conflict):
    """Another process has the database open (or is restoring it); nothing was changed."""

    code = "database_in_use"
    action: ClassVar[NextAction] = "retry_later"


@dataclass(frozen=True)
class Holder:
    """A process holding the lock: its pid (0 when not visible from here) and command."""

    pid: int
    command: str | None

    def describe(self) -> str:
        if self.pid <= 0:
            return "a process whose pid is not visible from here (another container?)"
        return f"pid {self.pid} ({self.command})" if self.command else f"pid {self.pid}"


def lock_path(database: Path) -> Path:
    """The lock file of a database file: ``linkedin.db`` -> ``linkedin.db.lock``."""
    return database.with_name(database.name + LOCK_SUFFIX)


# --- naming the holders ---------------------------------------------------------------------


def _command_of(pid: int) -> str | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    args = [part.decode(errors="replace") for part in raw.split(b"\0") if part]
    # `python .../bin/linkedin-bot serve --port 8000` reads better as `linkedin-bot serve ...`.
    for i, arg in enumerate(args):
        if Path(arg).name == _CLI_NAME:
            args = [_CLI_NAME, *args[i + 1 :]]
            break
    command = " ".join(" ".join(args).split())  # one line, even for `python -c "..."`
    if len(command) > _MAX_COMMAND_CHARS:
        command = command[: _MAX_COMMAND_CHARS - 3] + "..."
    return command or None


def _parse_proc_locks(text: str, device: tuple[int, int], inode: int) -> list[int]:
    """Pids holding a lock on the file (device, inode), from ``/proc/locks``' lines such as
    ``4: FLOCK  ADVISORY  READ 18350 fe:00:2146399 0 EOF`` (waiters, ``->``, are skipped)."""
    exact: list[int] = []
    same_inode: list[int] = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 6 or parts[1] == "->":
            continue
        try:
            major, minor, ino = parts[5].split(":")
            pid, where = int(parts[4]), (int(major, 16), int(minor, 16))
            if int(ino) != inode:
                continue
        except ValueError:
            continue
        (exact if where == device else same_inode).append(pid)
    # Overlay filesystems (containers) report the underlying device: the inode alone then.
    return exact or same_inode


def lock_holders(path: Path) -> list[Holder]:
    """The processes holding a lock on ``path`` other than this one, as far as the system
    tells (empty when it does not: then the caller says "another process")."""
    try:
        st = path.stat()
        text = _PROC_LOCKS.read_text()
    except OSError:
        return []
    device = (os.major(st.st_dev), os.minor(st.st_dev))
    pids = sorted(set(_parse_proc_locks(text, device, st.st_ino)) - {os.getpid()})
    return [Holder(pid, _command_of(pid) if pid > 0 else None) for pid in pids]


def describe_holders(path: Path) -> str:
    holders = lock_holders(path)
    if not holders:
        return "another process"
    return ", ".join(holder.describe() for holder in holders)


# --- leases ---------------------------------------------------------------------------------


@dataclass
class _Held:
    fd: int
    mode: Mode
    count: int = 0


_registry: dict[str, _Held] = {}
_registry_lock = threading.Lock()


class Lease:
    """One hold on a database's lock; :meth:`release` once (further calls do nothing)."""

    def __init__(self, key: str, *, exclusive: bool = False) -> None:
        self._key: str | None = key
        self._exclusive = exclusive

    @property
    def held(self) -> bool:
        return self._key is not None

    def release(self) -> None:
        with _registry_lock:
            key, self._key = self._key, None
            if key is None:
                return
            held = _registry[key]
            held.count -= 1
            if held.count == 0:
                del _registry[key]
                os.close(held.fd)  # closing the last descriptor releases the flock
            elif self._exclusive:
                # Engines opened under the exclusive lock outlive it: this process keeps the
                # database open, shared. A downgrade never conflicts (nobody else holds it).
                fcntl.flock(held.fd, fcntl.LOCK_SH)
                held.mode = "shared"

    def __enter__(self) -> Lease:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def _key(path: Path) -> str:
    # One entry per file, however it is named: two descriptors of one process on the same
    # file would conflict with each other (flock belongs to the open file, not the process).
    return str(path.resolve())


def _open_lock_file(path: Path) -> int:
    make_private_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, PRIVATE_FILE_MODE)
    with contextlib.suppress(OSError):  # not ours to change (another user's file): still a lock
        os.fchmod(fd, PRIVATE_FILE_MODE)
    return fd


def _try_flock(fd: int, mode: Mode) -> bool:
    flag = fcntl.LOCK_SH if mode == "shared" else fcntl.LOCK_EX
    try:
        fcntl.flock(fd, flag | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def hold_shared(database: Path) -> Lease:
    """Mark ``database`` as used by this process; :class:`DatabaseInUse` while a restore holds
    it. Never waits: a restore is short, and the caller says "try again" better than a hang."""
    path = lock_path(database)
    key = _key(path)
    with _registry_lock:
        held = _registry.get(key)
        if held is None:
            fd = _open_lock_file(path)
            if not _try_flock(fd, "shared"):
                os.close(fd)
                raise DatabaseInUse(
                    f"the database {database} is being restored by {describe_holders(path)}: "
                    "try again when the restore has finished"
                )
            held = _registry[key] = _Held(fd, "shared")
        held.count += 1
    return Lease(key)


def hold_exclusive(database: Path) -> Lease:
    """The database for this process alone (a restore), or :class:`DatabaseInUse` naming the
    processes that have it open and what to do. Never waits."""
    path = lock_path(database)
    key = _key(path)
    with _registry_lock:
        held = _registry.get(key)
        if held is not None:
            raise DatabaseInUse(
                f"the database {database} is open in this process ({held.mode} lock): "
                "close it before restoring"
            )
        fd = _open_lock_file(path)
        if not _try_flock(fd, "exclusive"):
            os.close(fd)
            raise DatabaseInUse(
                f"the database {database} is in use by {describe_holders(path)}: stop the "
                "service (and any running `linkedin-bot` command) first, then restore"
            )
        _registry[key] = _Held(fd, "exclusive", count=1)
    return Lease(key, exclusive=True)


def held_mode(database: Path) -> Mode | None:
    """How this process holds ``database``'s lock now, if it does."""
    with _registry_lock:
        held = _registry.get(_key(lock_path(database)))
        return held.mode if held is not None else None
