"""The run lifecycle: open (one active run per account), beat, honour cancellation, finish.

The database's partial unique index on active runs is the account lock: two processes, on
one machine or several, cannot both open a run for the same account.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.clock import Clock
from linkedin_bot.core.errors import (
    AccountRestricted,
    CircuitOpen,
    RunConflict,
    RunNotFound,
    SessionExpired,
)
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.enums import ACTIVE_RUN_STATUSES, RunStatus
from linkedin_bot.db.models import CampaignRun
from linkedin_bot.db.queries import runs as q
from linkedin_bot.safety.working_hours import within_working_hours

if TYPE_CHECKING:  # redis-py is loaded only when Redis is configured (wiring.py)
    from linkedin_bot.safety.run_lock import RedisRunLock

log = get_logger("linkedin_bot.runs")
# A run whose process has not beaten for this long is considered dead.
STALE_AFTER = timedelta(minutes=15)


async def open_run(
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    *,
    kind: str,
    params: dict[str, Any],
    dry_run: bool,
    trigger: str,
    account: str = "default",
    run_lock: RedisRunLock | None = None,
) -> CampaignRun:
    """Create a queued run, or raise :class:`RunConflict` naming the active one. The
    database's index is the lock; with Redis, the run also takes the Redis lease."""
    now = clock.now()
    async with sessions() as session:
        async with session.begin():
            stale = await q.interrupt_stale(session, account, now - STALE_AFTER, now)
        if stale:
            log.warning("run.interrupted_stale", run_ids=stale)
        try:
            async with session.begin():
                run = CampaignRun(
                    kind=kind,
                    status=RunStatus.QUEUED.value,
                    account=account,
                    dry_run=dry_run,
                    trigger=trigger,
                    params=params,
                    stats={},
                    created_at=now,
                    heartbeat_at=now,
                )
                session.add(run)
        except IntegrityError:
            async with session.begin():
                active = await q.active_run(session, account)
            active_id = active.id if active else None
            raise RunConflict(
                f"a run is already active for this account (run {active_id})",
                active_run_id=active_id,
            ) from None
    if run_lock is not None:
        try:
            await run_lock.acquire(run.id)
        except RunConflict:
            async with sessions.begin() as session:
                await q.update_run(
                    session,
                    run.id,
                    status=RunStatus.CANCELLED.value,
                    finished_at=clock.now(),
                    error="another run holds the account's lock",
                )
            raise
    log.info("run.opened", run_id=run.id, kind=kind, dry_run=dry_run, trigger=trigger)
    return run


@dataclass
class RunHandle:
    """What a campaign uses to report on its own run."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    run_id: int
    stats: dict[str, Any] = field(default_factory=dict)
    run_lock: RedisRunLock | None = None
    stop: asyncio.Event | None = None  # set when the service is stopping

    async def start(self) -> None:
        now = self.clock.now()
        await self._update(status=RunStatus.RUNNING.value, started_at=now, heartbeat_at=now)

    async def beat(self) -> None:
        """Save the counts so far and show the run is alive."""
        await self._update(stats=dict(self.stats), heartbeat_at=self.clock.now())
        if self.run_lock is not None:
            await self.run_lock.renew(self.run_id)

    async def cancel_requested(self) -> bool:
        async with self.sessions() as session:
            run = await q.get_run(session, self.run_id)
        return run is not None and run.cancel_requested_at is not None

    async def should_stop(self) -> RunStatus | None:
        """Checked between contacts: CANCELLED when the user asked, INTERRUPTED when the
        service is stopping, None to go on."""
        if self.stop is not None and self.stop.is_set():
            return RunStatus.INTERRUPTED
        if await self.cancel_requested():
            return RunStatus.CANCELLED
        return None

    async def finish(self, status: RunStatus, error: str | None = None) -> None:
        await self._update(
            status=status.value,
            stats=dict(self.stats),
            error=error,
            finished_at=self.clock.now(),
            heartbeat_at=self.clock.now(),
        )
        if self.run_lock is not None:
            await self.run_lock.release(self.run_id)
        log.info("run.finished", run_id=self.run_id, status=status.value, **self.stats)

    def count(self, key: str, by: int = 1) -> None:
        self.stats[key] = int(self.stats.get(key, 0)) + by

    async def _update(self, **values: Any) -> None:
        async with self.sessions.begin() as session:
            await q.update_run(session, self.run_id, **values)


async def request_cancel(
    sessions: async_sessionmaker[AsyncSession], clock: Clock, run_id: int
) -> CampaignRun:
    """Ask an active run to stop after its current contact; a queued run stops at once."""
    async with sessions.begin() as session:
        run = await q.get_run(session, run_id)
        if run is None:
            raise RunNotFound(f"no run with id {run_id}", run_id=run_id)
        if run.status in ACTIVE_RUN_STATUSES and run.cancel_requested_at is None:
            run.cancel_requested_at = clock.now()
    return run


AUTH_HINT = "run `linkedin-bot auth import`"


async def settle(handle: RunHandle, body: Awaitable[RunStatus]) -> RunStatus:
    """Carry out a campaign's body and finish its run: the automation errors that end a run
    (expired session, restriction, open breaker) become its status, with what to do next."""
    error: str | None
    try:
        status = await body
        error = handle.stats.get("error")
    except SessionExpired as exc:
        status = RunStatus.AUTH_REQUIRED
        error = exc.detail if "auth import" in exc.detail else f"{exc.detail}: {AUTH_HINT}"
    except AccountRestricted as exc:
        status, error = RunStatus.RESTRICTED, exc.detail
    except CircuitOpen as exc:
        # The breaker stopped us: a restriction keeps its status, plain failures fail.
        status = RunStatus.RESTRICTED if exc.context.get("restricted") else RunStatus.FAILED
        error = f"stopped by the circuit breaker: {exc.detail}"
    await handle.finish(status, error)
    return status


async def refused_outside_hours(
    handle: RunHandle, clock: Clock, settings: Settings, *, nothing_done: str
) -> bool:
    """End the run as outside_hours (True) when now is outside the user's working hours."""
    if within_working_hours(clock.now(), settings):
        return False
    handle.stats["stop_reason"] = "outside working hours"
    await handle.finish(RunStatus.OUTSIDE_HOURS, f"outside working hours; {nothing_done}")
    return True
