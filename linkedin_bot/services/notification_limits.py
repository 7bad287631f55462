"""At most one notification per event kind per hour, across the processes of one machine.

The rest are counted: the next notification of that kind says "and 3 more since 10:02",
and `serve` sends the count on its own once the hour is over (``take_pending``), so a burst
is never silently forgotten.

Where the state lives, and why: a small JSON file in the data directory
(``notifications.json``), read and written under an exclusive ``flock`` on a lock file
next to it. The CLI's runs and `serve` share the data directory, so they share the limit,
and the kernel drops a dead process's lock. No database table: a new table needs a
migration, which is not ours to add now; an in-memory limit would let each CLI run notify
again. The limitation: processes on *other* machines (a PostgreSQL fleet) each keep their
own file, so a fleet of N machines sends at most N notifications per kind per hour. A
table (with the same logic) can replace the file later without changing callers.

The file holds no secret: event kinds, times, counts, the title of the last event held back.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.private_files import (
    PRIVATE_FILE_MODE,
    ensure_private_dir,
    write_private_file,
)

log = get_logger("linkedin_bot.notifications")

STATE_FILE = "notifications.json"
LOCK_FILE = ".notifications.lock"
WINDOW = timedelta(hours=1)
_VERSION = 1


@dataclass(frozen=True)
class Admission:
    """The decision for one event: send it (mentioning ``more`` held back since
    ``since``), or hold it back (counted), or drop it (``duplicate``: already told)."""

    kind: str
    send: bool
    at: datetime
    more: int = 0
    since: datetime | None = None
    duplicate: bool = False
    previous: dict[str, Any] | None = None  # the kind's state before: restored if undone
    previous_once: str | None = None
    itself: int = 1  # the event it is about (0: a notice of the held-back ones only)
    recorded: bool = True  # False: the state could not be saved (a full disk): sent anyway


@dataclass(frozen=True)
class Pending:
    """Events of one kind held back for an hour or more, not mentioned yet."""

    admission: Admission
    last_title: str | None


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


class NotificationLimits:
    """The per-kind limit, in ``directory`` (the data directory)."""

    def __init__(self, directory: Path, window: timedelta = WINDOW) -> None:
        self.directory = directory
        self.window = window

    @property
    def path(self) -> Path:
        return self.directory / STATE_FILE

    @contextmanager
    def _state(self) -> Iterator[dict[str, Any]]:
        """The state, locked against every other process; saved when the block ends."""
        ensure_private_dir(self.directory, tighten=False)
        fd = os.open(self.directory / LOCK_FILE, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            state = self._read()
            before = json.dumps(state, sort_keys=True)
            yield state
            after = json.dumps(state, sort_keys=True)
            if after != before:
                write_private_file(self.path, after.encode())
        finally:
            os.close(fd)  # releases the lock

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = None
        except (OSError, ValueError) as exc:  # a damaged file only resets the limits
            log.warning("notify.state_unreadable", path=str(self.path), error=str(exc)[:200])
            data = None
        if not isinstance(data, dict) or data.get("version") != _VERSION:
            data = {"version": _VERSION, "kinds": {}, "once": {}}
        data.setdefault("kinds", {})
        data.setdefault("once", {})
        return data

    def admit(self, kind: str, now: datetime, *, title: str, once: str | None = None) -> Admission:
        """Decide for one event of ``kind``. ``once`` names its occurrence (a cool-down's
        id, a day): the same occurrence again is a duplicate, neither sent nor counted.
        When the state cannot be read or saved (a full disk: just when a backup fails),
        the event is sent: an extra notification is better than a lost one."""
        try:
            with self._state() as state:
                return self._admit(state, kind, now, title, once)
        except OSError as exc:
            log.warning("notify.limit_unavailable", path=str(self.path), error=str(exc)[:200])
            return Admission(kind, send=True, at=now, recorded=False)

    def _admit(
        self, state: dict[str, Any], kind: str, now: datetime, title: str, once: str | None
    ) -> Admission:
        previous_once = state["once"].get(kind)
        if once is not None and previous_once == once:
            return Admission(kind, send=False, at=now, duplicate=True)
        if once is not None:
            state["once"][kind] = once
        entry: dict[str, Any] = state["kinds"].setdefault(kind, {})
        previous = dict(entry)
        last = _time(entry.get("last_sent"))
        if last is not None and now - last < self.window:
            entry["more"] = int(entry.get("more", 0)) + 1
            entry["since"] = entry.get("since") or _iso(now)
            entry["last_title"] = title
            return Admission(kind, send=False, at=now, previous_once=previous_once)
        more, since = int(entry.get("more", 0)), _time(entry.get("since"))
        state["kinds"][kind] = {"last_sent": _iso(now), "more": 0}
        return Admission(kind, True, now, more, since, False, previous, previous_once)

    def undo(self, admission: Admission) -> None:
        """The notification admitted could not be delivered anywhere: count it with the
        ones held back, as if it had not been sent (unless another process sent one of
        this kind meanwhile), so the next one, or the pending sender, mentions it."""
        if not admission.send or not admission.recorded:
            return
        try:
            with self._state() as state:
                self._undo(state, admission)
        except OSError as exc:  # the count is lost, not the next notification
            log.warning("notify.limit_unavailable", path=str(self.path), error=str(exc)[:200])

    @staticmethod
    def _undo(state: dict[str, Any], admission: Admission) -> None:
        entry = state["kinds"].get(admission.kind, {})
        if entry.get("last_sent") != _iso(admission.at):
            return  # another process has sent one since: ours is simply counted there
        restored = dict(admission.previous or {})
        restored["more"] = int(entry.get("more", 0)) + admission.more + admission.itself
        since = [t for t in (admission.since, _time(entry.get("since"))) if t]
        restored["since"] = _iso(min(since, default=admission.at))
        state["kinds"][admission.kind] = restored
        once = state["once"]
        if admission.previous_once is None:
            once.pop(admission.kind, None)
        else:
            once[admission.kind] = admission.previous_once

    def take_pending(self, now: datetime) -> list[Pending]:
        """The kinds with events held back whose hour is over: they are marked as sent
        now (``undo`` each one whose delivery fails)."""
        taken = []
        with self._state() as state:
            for kind, entry in state["kinds"].items():
                more = int(entry.get("more", 0))
                last = _time(entry.get("last_sent"))
                if more <= 0 or (last is not None and now - last < self.window):
                    continue
                admission = Admission(
                    kind,
                    send=True,
                    at=now,
                    more=more,
                    since=_time(entry.get("since")),
                    previous=dict(entry),
                    previous_once=state["once"].get(kind),
                    itself=0,
                )
                taken.append(Pending(admission, entry.get("last_title")))
                state["kinds"][kind] = {"last_sent": _iso(now), "more": 0}
        return taken
