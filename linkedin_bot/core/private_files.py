"""Files that hold secrets or personal data: mode 0600 in 0700 directories, whatever the
umask, and written atomically.

Atomic means: the bytes go to a temporary file in the same directory (created 0600 by
:func:`tempfile.mkstemp`), which is flushed and fsynced, then renamed over the target, and
the directory is fsynced so that the rename survives a power cut. A crash or a full disk
leaves the previous file or no file, never an empty or truncated one.

Used for the secrets (API key, encryption key, saved LinkedIn session), failure artifacts
(page dumps, screenshots) and CSV exports; ``db/files.py`` builds the database's and the
backups' files on these.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
# Errors of a filesystem that cannot make hard links (FAT, some network filesystems):
# creating a file "only if absent" then falls back to a plain rename.
_NO_HARD_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV})
_DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` is the operating system saying there is no space (or quota) left."""
    return isinstance(exc, OSError) and exc.errno in _DISK_FULL


def ensure_private_dir(path: Path, *, tighten: bool = True) -> None:
    """Create ``path`` and its missing parents with mode 0700 (not left to the umask).

    With ``tighten`` an existing ``path`` is set to 0700 too: use it for the service's own
    directories, not for a directory the user named (an export's destination)."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for directory in reversed(missing):
        with contextlib.suppress(FileExistsError):  # created meanwhile by another process
            os.mkdir(directory, PRIVATE_DIR_MODE)
        os.chmod(directory, PRIVATE_DIR_MODE)  # mkdir's mode is filtered by the umask
    if tighten and not missing:
        os.chmod(path, PRIVATE_DIR_MODE)


def fsync_path(path: Path) -> None:
    """Flush a file's data, or a directory's entries, to the disk."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_temporary(path: Path, data: bytes) -> Path:
    """``data`` in a new 0600 file next to ``path``, flushed to the disk; removed on error."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), PRIVATE_FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def write_private_file(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, mode 0600 from the first byte."""
    temporary = _write_temporary(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_path(path.parent)


def create_private_file(path: Path, data: bytes) -> bool:
    """Create ``path`` with ``data`` atomically if it does not exist yet; False (nothing
    written) if it does. Two processes generating the same secret at once keep one value:
    the second sees the first one's file."""
    temporary = _write_temporary(path, data)
    try:
        os.link(temporary, path)
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    fsync_path(path.parent)
    return True


@contextmanager
def private_text_output(path: Path) -> Iterator[TextIO]:
    """A text file written as a stream (an export), put in place only when complete: the
    lines go to a 0600 temporary file next to ``path``, renamed over it at the end. On any
    error the temporary file is removed and ``path`` is left as it was: never a truncated
    export that looks whole. Missing parent directories are created 0700; existing ones,
    which the user chose, are left alone."""
    ensure_private_dir(path.parent, tighten=False)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
    try:
        os.fchmod(fd, PRIVATE_FILE_MODE)
        yield handle
        handle.flush()
        os.fsync(fd)
        handle.close()
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):  # a full disk fails the last flush too
            handle.close()
        temporary.unlink(missing_ok=True)
        raise
    fsync_path(path.parent)
