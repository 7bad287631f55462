"""What backups of either backend share: errors, what a verified backup holds, schema
revisions, and the ``.partial`` files a backup is written to before it is renamed.

SQLite: :mod:`linkedin_bot.db.sqlite_backup`; PostgreSQL: :mod:`linkedin_bot.db.pg_backup`.
Everything here blocks: call it from a worker thread, never from a running event loop.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from alembic.script import ScriptDirectory

from linkedin_bot.core.errors import InvalidInput, LinkedInBotError, NextAction
from linkedin_bot.db.files import PRIVATE_FILE_MODE
from linkedin_bot.db.migrate import alembic_config

EXPECTED_TABLES = frozenset(
    {"contacts", "interactions", "campaign_runs", "linkedin_selectors", "alembic_version"}
)
PARTIAL_SUFFIX = ".partial"
# The hidden files our backups and safety copies are written to: .linkedin-<stamp>.db.partial
_OUR_PARTIAL = re.compile(r"\.(?:linkedin|pre-restore)-.+\.partial")


class BackupInvalid(InvalidInput):
    """The file is not a backup this code can restore; nothing was changed."""

    code = "backup_invalid"


class BackupFailed(LinkedInBotError):
    """Taking or restoring a backup failed; the message says at which step."""

    code = "backup_failed"
    action: ClassVar[NextAction] = "retry_later"


@dataclass(frozen=True)
class BackupInfo:
    """What a verified backup file holds: its schema revision and its row counts."""

    revision: str
    tables: dict[str, int] = field(default_factory=dict)


# --- schema revisions ------------------------------------------------------------------------


def known_revisions() -> frozenset[str]:
    """Every Alembic revision this code ships (any of them is at or below head)."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return frozenset(rev.revision for rev in script.walk_revisions())


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    return head or "base"


def check_revision(revisions: list[str], where: str) -> str:
    """The one revision a backup's ``alembic_version`` holds, if this code knows it."""
    if len(revisions) != 1:
        raise BackupInvalid(f"{where}: alembic_version holds {len(revisions)} revisions, not 1")
    revision = revisions[0]
    if revision not in known_revisions():
        raise BackupInvalid(
            f"{where}: schema revision {revision!r} is unknown to this version of linkedin-bot "
            f"(its newest is {head_revision()!r}): the backup comes from a newer version; "
            "upgrade linkedin-bot first"
        )
    return revision


def check_tables(tables: set[str], where: str) -> None:
    missing = sorted(EXPECTED_TABLES - tables)
    if missing:
        raise BackupInvalid(f"{where}: not a linkedin-bot backup (missing tables: {missing})")


# --- partial files ---------------------------------------------------------------------------


@contextmanager
def removed_on_error(path: Path) -> Iterator[Path]:
    """Yield ``path``; delete it if the block fails (a half-written file is no backup)."""
    try:
        yield path
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _same_file(path: Path, fd: int) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


@contextmanager
def locked_partial(path: Path) -> Iterator[Path]:
    """Create ``path`` empty (0600) and hold an exclusive ``flock`` on it while the block
    writes it: :func:`remove_stale_partials` leaves it alone until then. A process killed
    mid-backup loses its lock with its life, and its file is removed at the next backup.
    The file is deleted if the block fails."""
    for _attempt in range(3):
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, PRIVATE_FILE_MODE)
        os.fchmod(fd, PRIVATE_FILE_MODE)
        # Blocks only while a cleaner that saw the file before we locked it deletes it.
        fcntl.flock(fd, fcntl.LOCK_EX)
        if _same_file(path, fd):
            break
        os.close(fd)  # removed by a cleaner in between: create it again
    else:
        raise BackupFailed(f"cannot create {path}: it keeps disappearing")
    try:
        with removed_on_error(path):
            yield path
    finally:
        os.close(fd)


def remove_stale_partials(directory: Path) -> list[Path]:
    """Delete the ``.partial`` files of our backups and safety copies that no live process
    is writing (no lock on them: their writer was killed); return them."""
    removed: list[Path] = []
    if not directory.is_dir():
        return removed
    for path in sorted(directory.iterdir()):
        if not _OUR_PARTIAL.fullmatch(path.name):
            continue
        try:
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
        except OSError:  # gone meanwhile, or a symlink: not ours to follow
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a backup in progress
            if _same_file(path, fd):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed.append(path)
        finally:
            os.close(fd)
    return removed
