"""Cool-downs: after LinkedIn pushes back, no process touches LinkedIn until it is time.

A restriction signal (HTTP 999 or 429, a checkpoint, a redirect loop, a "limit reached"
page) starts a cool-down of ``restriction_cooldown_hours`` (48 h by default, never less
than 24). A login wall starts one with no end: the saved session is dead, and only a new
one (``linkedin-bot auth import``, which changes the session's fingerprint) lifts it. The
user may end either early (``linkedin-bot resume``, ``POST /safety/resume``).

Written here rather than kept in the circuit breaker: the breaker lives in one process's
memory (or in Redis, which may lose writes), while a cool-down must survive restarts and be
honoured by every process and machine sharing the database, which is its authority. Every
browser action reads it first (``check``); a run checks it before opening a browser.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.clock import Clock
from linkedin_bot.core.errors import CooldownActive
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.enums import CooldownEnd, CooldownKind
from linkedin_bot.db.models import Cooldown
from linkedin_bot.db.queries import cooldowns as q

log = get_logger("linkedin_bot.cooldown")
RESUME_HINT = "`linkedin-bot resume` (or POST /safety/resume) ends it early"
IMPORT_HINT = "import a new session: `linkedin-bot auth import`"


@dataclass(frozen=True)
class CooldownInfo:
    """A cool-down as the user sees it (no secret in it)."""

    id: int
    kind: str
    signal: str
    reason: str
    url: str | None
    artifact: str | None
    started_at: datetime
    until: datetime | None
    run_id: int | None

    @classmethod
    def of(cls, row: Cooldown) -> CooldownInfo:
        return cls(
            row.id,
            row.kind,
            row.signal,
            row.reason,
            row.url,
            row.artifact,
            row.started_at,
            row.until,
            row.run_id,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "signal": self.signal,
            "reason": self.reason,
            "url": self.url,
            "artifact": self.artifact,
            "started_at": self.started_at.isoformat(),
            "until": self.until.isoformat() if self.until else None,
            "run_id": self.run_id,
        }

    def explain(self, settings: Settings, now: datetime) -> str:
        """One paragraph: what happened, until when, what to do."""
        started = _local(self.started_at, settings)
        where = f" at {self.url}" if self.url else ""
        if self.kind == CooldownKind.SESSION_EXPIRED:
            return (
                f"LinkedIn signed the saved session out{where} ({started}): nothing runs "
                f"until you {IMPORT_HINT}"
            )
        assert self.until is not None
        hours = max(0.0, (self.until - now).total_seconds() / 3600)
        return (
            f"LinkedIn pushed back ({self.signal}{where}, {started}): no request to LinkedIn "
            f"until {_local(self.until, settings)} (in {hours:.1f} h). "
            f"{self.reason.rstrip('.')}. {RESUME_HINT[0].upper()}{RESUME_HINT[1:]}."
        )


def _local(moment: datetime, settings: Settings) -> str:
    return moment.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M %Z")


class CooldownGate(Protocol):
    """What the driver's guard needs: refuse while cooling down, record what starts one."""

    async def check(self) -> None: ...

    async def restricted(
        self, reason: str, *, signal: str, url: str | None, artifact: str | None
    ) -> CooldownInfo: ...

    async def session_expired(self, reason: str, *, url: str | None) -> CooldownInfo | None: ...


@dataclass
class Cooldowns:
    """The account's cool-downs, in the database shared by every process."""

    sessions: async_sessionmaker[AsyncSession]  # writes
    read_sessions: async_sessionmaker[AsyncSession]  # reads: never the SQLite write lock
    clock: Clock
    settings: Settings
    account: str = "default"
    # A digest of the saved LinkedIn session (None when there is none): a login wall
    # condemns that session only, and a new import lifts it.
    session_fingerprint: Callable[[], str | None] = lambda: None
    run_id: int | None = None

    def for_run(self, run_id: int) -> Cooldowns:
        """The same gate, recording which run met the signal."""
        return Cooldowns(
            self.sessions,
            self.read_sessions,
            self.clock,
            self.settings,
            self.account,
            self.session_fingerprint,
            run_id,
        )

    @property
    def duration(self) -> timedelta:
        return timedelta(hours=self.settings.restriction_cooldown_hours)

    def _applies(self, row: Cooldown, fingerprint: str | None) -> bool:
        if row.kind != CooldownKind.SESSION_EXPIRED:
            return True
        return row.session_fingerprint is None or row.session_fingerprint == fingerprint

    async def current(self) -> CooldownInfo | None:
        """The cool-down in force now, if any (a restriction first, then a dead session)."""
        now = self.clock.now()
        async with self.read_sessions() as session:
            rows = await q.active(session, self.account, now)
        fingerprint = self.session_fingerprint()
        live = [row for row in rows if self._applies(row, fingerprint)]
        live.sort(key=lambda row: (row.kind != CooldownKind.RESTRICTION, -row.id))
        return CooldownInfo.of(live[0]) if live else None

    async def check(self) -> None:
        """Raise :class:`CooldownActive` (saying until when and what to do) if one is on."""
        found = await self.current()
        if found is None:
            return
        now = self.clock.now()
        retry_after = (found.until - now).total_seconds() if found.until else None
        raise CooldownActive(
            found.explain(self.settings, now),
            kind=found.kind,
            signal=found.signal,
            until=found.until.isoformat() if found.until else None,
            retry_after_s=retry_after,
            cooldown_id=found.id,
        )

    async def _record(self, row: Cooldown) -> CooldownInfo:
        async with self.sessions.begin() as session:
            session.add(row)
            await session.flush()
            info = CooldownInfo.of(row)
        log.warning("cooldown.started", **info.as_dict())
        return info

    async def restricted(
        self, reason: str, *, signal: str, url: str | None, artifact: str | None
    ) -> CooldownInfo:
        now = self.clock.now()
        return await self._record(
            Cooldown(
                account=self.account,
                kind=CooldownKind.RESTRICTION.value,
                signal=signal[:40],
                reason=reason,
                url=(url or None) and url[:1000],
                artifact=(artifact or None) and artifact[:500],
                run_id=self.run_id,
                started_at=now,
                until=now + self.duration,
            )
        )

    async def session_expired(self, reason: str, *, url: str | None) -> CooldownInfo | None:
        """Record a login wall against the saved session (None when none is saved)."""
        fingerprint = self.session_fingerprint()
        if fingerprint is None:
            return None
        return await self._record(
            Cooldown(
                account=self.account,
                kind=CooldownKind.SESSION_EXPIRED.value,
                signal="login_wall",
                reason=reason,
                url=(url or None) and url[:1000],
                session_fingerprint=fingerprint,
                run_id=self.run_id,
                started_at=self.clock.now(),
                until=None,
            )
        )

    async def resume(self) -> list[CooldownInfo]:
        """End every cool-down in force now (the user's explicit decision); those ended."""
        now = self.clock.now()
        async with self.sessions.begin() as session:
            rows = await q.active(session, self.account, now)
            ended = [CooldownInfo.of(row) for row in rows]
            await q.end(session, [row.id for row in rows], now, CooldownEnd.RESUMED.value)
        for info in ended:
            log.warning("cooldown.resumed", cooldown_id=info.id, kind=info.kind)
        return ended
