"""The run lifecycle: open (one active run per account), beat, honour cancellation, finish.

The database's partial unique index on active runs is the account lock: two processes, on
one machine or several, cannot both open a run for the same account.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.clock import Clock
from linkedin_bot.core.errors import (
    AutomationError,
    CooldownActive,
    LinkedInBotError,
    RepeatedFailures,
    RunConflict,
    RunNotFound,
)
from linkedin_bot.core.logging import get_logger, log_fields
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.enums import ACTIVE_RUN_STATUSES, RunStatus
from linkedin_bot.db.models import CampaignRun
from linkedin_bot.db.queries import runs as q
from linkedin_bot.db.retry import retry_db
from linkedin_bot.safety.working_hours import within_working_hours

if TYPE_CHECKING:  # redis-py is loaded only when Redis is configured (wiring.py)
    from linkedin_bot.safety.run_lock import RedisRunLock

log = get_logger("linkedin_bot.runs")
# A run whose process has not beaten for this long is considered dead (its heartbeat task
# beats every HEARTBEAT_INTERVAL_S, whatever the run is doing).
HEARTBEAT_INTERVAL_S = 15.0
STALE_AFTER = timedelta(seconds=60)
START_DEADLINE_S = 30.0  # a run that cannot even start within this fails at once
# The same cause this many contacts in a row ends the run.
FAILURE_STREAK = 3
# A pause between two contacts is slept in slices this long, so that a stop request (SIGTERM,
# Ctrl-C, the service stopping) ends it within a slice; a cancel request made through the
# API is looked at every PAUSE_CANCEL_CHECK_S.
PAUSE_SLICE_S = 0.5
PAUSE_CANCEL_CHECK_S = 5.0
# Each person a run acted on or passed over is listed in its stats ("results", what the
# API returns and the CLI's summary shows); past this many, they are only counted.
RESULTS_KEPT = 500


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
    """What a campaign uses to report on its own run.

    While the run is active, a heartbeat task stamps ``heartbeat_at`` every
    :data:`HEARTBEAT_INTERVAL_S` seconds, pauses and long page reads included: a run whose
    process died is recognised (and ended) by any other process within
    :data:`STALE_AFTER`, not hours later. Its end is written with retries, so that a
    database that blinks at that moment does not leave the run "running".
    """

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    run_id: int
    stats: dict[str, Any] = field(default_factory=dict)
    run_lock: RedisRunLock | None = None
    stop: asyncio.Event | None = None  # set when the service is stopping
    read_sessions: async_sessionmaker[AsyncSession] | None = None
    _heart: asyncio.Task[None] | None = None
    _taken_over: bool = False  # another process ended this run as stale: stop at once
    _streak: tuple[str, int] = ("", 0)  # the last failure's code, and how many in a row

    async def start(self) -> None:
        now = self.clock.now()
        await retry_db(
            lambda: self._update(status=RunStatus.RUNNING.value, started_at=now, heartbeat_at=now),
            what="run start",
            deadline_s=START_DEADLINE_S,
        )
        if self._heart is None:
            self._heart = asyncio.create_task(self._heartbeat(), name=f"run-{self.run_id}-beat")

    async def _heartbeat(self) -> None:
        """Every HEARTBEAT_INTERVAL_S: the counts so far and the proof of life, in one write
        (a contact's own writes stay within three: reserve, sending, commit)."""
        while True:
            await asyncio.sleep(HEARTBEAT_INTERVAL_S)
            await self.beat()
            if self._taken_over:
                log.error("run.taken_over", detail="the run was ended by another process")
                return

    async def _stamp(self, **values: Any) -> bool:
        """Update the run if it is still active; False when something else ended it."""
        async with self.sessions.begin() as session:
            return await q.update_active_run(session, self.run_id, **values)

    async def beat(self) -> None:
        """Save the counts so far and show the run is alive (best effort: a database that
        blinks between two contacts does not end the run)."""
        try:
            alive = await self._stamp(stats=dict(self.stats), heartbeat_at=self.clock.now())
        except Exception as exc:  # noqa: BLE001  (the counts are saved again at the end)
            log.warning("run.beat_failed", error=f"{type(exc).__name__}: {exc}"[:300])
            return
        if not alive:
            self._taken_over = True
        if self.run_lock is not None:
            await self.run_lock.renew(self.run_id)

    @property
    def readers(self) -> async_sessionmaker[AsyncSession]:
        """Sessions for the run's reads (cancel check, template history): on SQLite they
        begin DEFERRED and never take the write lock."""
        return self.read_sessions or self.sessions

    async def cancel_requested(self) -> bool:
        async with self.readers() as session:
            run = await q.get_run(session, self.run_id)
        return run is not None and run.cancel_requested_at is not None

    async def should_stop(self) -> RunStatus | None:
        """Checked between contacts: CANCELLED when the user asked, INTERRUPTED when the
        service is stopping or another process ended the run, None to go on."""
        if self.stop is not None and self.stop.is_set():
            return RunStatus.INTERRUPTED
        if self._taken_over:
            return RunStatus.INTERRUPTED
        try:
            if await self.cancel_requested():
                return RunStatus.CANCELLED
        except Exception as exc:  # noqa: BLE001  (the next write will tell if the DB is gone)
            log.warning("run.cancel_check_failed", error=f"{type(exc).__name__}: {exc}"[:300])
        return None

    async def pause(self, seconds: float) -> float:
        """Sleep ``seconds`` (the human pause between two contacts) unless the run is asked
        to stop meanwhile: a stop request ends the pause within :data:`PAUSE_SLICE_S`, a
        cancel request within :data:`PAUSE_CANCEL_CHECK_S`. Returns the seconds slept; the
        caller's next :meth:`should_stop` says why it was cut short."""
        slept = 0.0
        since_check = 0.0
        while slept < seconds:
            if self._stop_requested():
                break
            if since_check >= PAUSE_CANCEL_CHECK_S:
                since_check = 0.0
                with contextlib.suppress(Exception):  # the next should_stop says if the DB is gone
                    if await self.cancel_requested():
                        break
            step = min(PAUSE_SLICE_S, seconds - slept)
            await self.clock.sleep(step)
            slept += step
            since_check += step
        return slept

    def _stop_requested(self) -> bool:
        return self._taken_over or (self.stop is not None and self.stop.is_set())

    def contact_failed(self, error: AutomationError) -> None:
        """A contact failed with ``error``. The same cause :data:`FAILURE_STREAK` times in
        a row ends the run (:class:`RepeatedFailures`): the next one would fail too."""
        code, count = self._streak
        count = count + 1 if code == error.code else 1
        self._streak = (error.code, count)
        if count >= FAILURE_STREAK:
            raise RepeatedFailures(
                f"{count} contacts in a row failed the same way, the run stops: {error.detail}",
                cause=error.code,
            )

    def contact_done(self) -> None:
        self._streak = ("", 0)

    async def finish(self, status: RunStatus, error: str | None = None) -> None:
        """Record the run's end, retrying while the database is unreachable (bounded)."""
        await self.close()
        now = self.clock.now()
        try:
            await retry_db(
                lambda: self._update(
                    status=status.value,
                    stats=dict(self.stats),
                    error=error,
                    finished_at=now,
                    heartbeat_at=now,
                ),
                what="run end",
            )
        finally:
            if self.run_lock is not None:
                await self.run_lock.release(self.run_id)
        counts = {k: v for k, v in self.stats.items() if k != "results"}  # no names in logs
        log.info("run.finished", **log_fields(counts, run_id=self.run_id, status=status.value))

    async def close(self) -> None:
        """Stop the heartbeat (the run is ending, or its task is going away)."""
        heart, self._heart = self._heart, None
        if heart is not None:
            heart.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heart

    def count(self, key: str, by: int = 1) -> None:
        self.stats[key] = int(self.stats.get(key, 0)) + by

    def note(
        self,
        name: str,
        outcome: str,
        *,
        public_id: str | None = None,
        reason: str | None = None,
        text: str | None = None,
    ) -> None:
        """List a person in the run's results: ``outcome`` (``sent``, ``would_send``,
        ``skipped``, ``failed``, ``in_doubt``), why (a skip's reason, a failure's cause) and
        the message's exact text when there is one."""
        results: list[dict[str, str]] = self.stats.setdefault("results", [])
        if len(results) >= RESULTS_KEPT:
            self.count("results_not_listed")
            return
        entry = {"name": name, "outcome": outcome}
        for key, value in (("public_id", public_id), ("reason", reason), ("text", text)):
            if value is not None:
                entry[key] = value
        results.append(entry)

    async def _update(self, **values: Any) -> None:
        async with self.sessions.begin() as session:
            await q.update_run(session, self.run_id, **values)


async def request_cancel(
    sessions: async_sessionmaker[AsyncSession], clock: Clock, run_id: int
) -> CampaignRun:
    """Ask an active run to stop after its current contact; a queued run stops at once."""
    now = clock.now()
    async with sessions.begin() as session:
        run = await q.get_run(session, run_id)
        if run is None:
            raise RunNotFound(f"no run with id {run_id}", run_id=run_id)
        if run.status in ACTIVE_RUN_STATUSES and run.cancel_requested_at is None:
            run.cancel_requested_at = now
        beat = run.heartbeat_at or run.created_at
        if run.status in ACTIVE_RUN_STATUSES and beat < now - STALE_AFTER:
            # Nothing runs it any more (its process died or lost its task): end it now.
            run.status = RunStatus.CANCELLED.value
            run.finished_at = now
            run.error = "cancelled; the process running it had stopped (no heartbeat)"
    return run


AUTH_HINT = "run `linkedin-bot auth import`"


def _ending(exc: LinkedInBotError) -> tuple[RunStatus, str]:
    """The status and reason of a run that ``exc`` ended: the error says (``ends_run_as``)."""
    status, reason = exc.ends_run_as()
    return RunStatus(status), reason


def _with_failures(status: RunStatus, stats: dict[str, Any]) -> tuple[RunStatus, str | None]:
    """A run that went to its end with failed or doubtful contacts is ``partial``."""
    failed, in_doubt = int(stats.get("failed", 0)), int(stats.get("in_doubt", 0))
    if status is not RunStatus.SUCCEEDED or not (failed or in_doubt):
        return status, None
    parts = [f"{failed} failed"] if failed else []
    if in_doubt:
        parts.append(f"{in_doubt} in doubt (never re-sent blindly; settled at the next run)")
    return RunStatus.PARTIAL, "finished with problems: " + ", ".join(parts)


async def settle(handle: RunHandle, body: Awaitable[RunStatus]) -> RunStatus:
    """Carry out a campaign's body and finish its run: the errors that end a run (expired
    session, restriction, cool-down, open breaker, a changed page, repeated failures,
    LinkedIn unreachable) become its status, with what to do next; a run with failed
    contacts is ``partial``, never ``succeeded``."""
    error: str | None
    try:
        status = await body
        status, error = _with_failures(status, handle.stats)
        error = error or handle.stats.get("error")
    except (AutomationError, CooldownActive) as exc:
        status, error = _ending(exc)
    await handle.finish(status, error)
    return status


async def refused_outside_hours(
    handle: RunHandle, clock: Clock, settings: Settings, *, nothing_done: str
) -> bool:
    """End the run as outside_hours (True) when now is outside the user's working hours;
    the message says the hours, their zone and the time it is there."""
    now = clock.now()
    if within_working_hours(now, settings):
        return False
    handle.stats["stop_reason"] = "outside working hours"
    hours = f"{settings.working_hours_start:02d}:00-{settings.working_hours_end:02d}:00"
    local = now.astimezone(settings.tz)
    await handle.finish(
        RunStatus.OUTSIDE_HOURS,
        f"outside working hours ({hours} {settings.timezone}; it is {local:%H:%M} there): "
        f"{nothing_done}; run later or pass --force",
    )
    return True
