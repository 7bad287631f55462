"""The daily schedule of `serve`: birthdays every day at a random minute inside working
hours, a backup every night, optional sourcing. APScheduler runs it in the service's loop.

"auto" for birthdays means: at the start of working hours plus a random delay (jitter) that
keeps the run inside them, drawn again every day, so the bot never wishes at the same minute
two days in a row.

At each job's time the schedule reads whether the user paused it (``linkedin-bot schedule
pause``, stored in the database: a pause given by another process counts): a paused job is
skipped and logged, not run. When that cannot be read (the database is away), the job is
skipped too: a pause must never be missed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.errors import LinkedInBotError
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.errors import storage_error
from linkedin_bot.services.schedule_pause import job_paused

log = get_logger("linkedin_bot.scheduler")
MAX_JITTER_S = 3 * 3600
MISFIRE_GRACE_S = 3600  # a job missed by less than this (service restarting) still runs

Job = Callable[[], Awaitable[object]]


def birthday_trigger(settings: Settings) -> CronTrigger | None:
    """The birthday job's trigger, or None when the schedule is off."""
    spec = settings.birthday_schedule.strip()
    if spec == "off":
        return None
    if spec == "auto":
        hours = settings.working_hours_end - settings.working_hours_start
        jitter = min(MAX_JITTER_S, max(0, (hours - 1) * 3600))
        return CronTrigger(
            hour=settings.working_hours_start, minute=0, jitter=jitter, timezone=settings.tz
        )
    return CronTrigger.from_crontab(spec, timezone=settings.tz)


DEFAULT_BACKUP_CRON = "30 3 * * *"


def backup_trigger(settings: Settings) -> CronTrigger | None:
    spec = settings.backup_schedule.strip()
    if spec == "off":
        return None
    spec = DEFAULT_BACKUP_CRON if spec == "auto" else spec
    return CronTrigger.from_crontab(spec, timezone=settings.tz)


@dataclass
class Schedule:
    settings: Settings
    # Where the user's pauses are read (None: no pauses, e.g. a test of the triggers).
    sessions: async_sessionmaker[AsyncSession] | None = None
    jobs: dict[str, tuple[CronTrigger, Job]] = field(default_factory=dict)
    _scheduler: AsyncIOScheduler | None = None

    def add(self, name: str, trigger: CronTrigger | None, job: Job) -> None:
        if trigger is not None:
            self.jobs[name] = (trigger, job)

    def start(self) -> None:
        """Start in the running event loop (the service's)."""
        if self._scheduler is not None:
            raise RuntimeError("the schedule is already started")
        scheduler = AsyncIOScheduler(
            event_loop=asyncio.get_running_loop(), timezone=self.settings.tz
        )
        for name, (trigger, job) in self.jobs.items():
            self._add_job(scheduler, name, trigger, job)
        scheduler.start()
        self._scheduler = scheduler
        log.info("scheduler.started", next_runs={k: _iso(v) for k, v in self.next_runs().items()})

    def replace(self, prefix: str, jobs: Sequence[tuple[str, CronTrigger | None, Job]]) -> None:
        """Put ``jobs`` in place of the jobs whose name starts with ``prefix``, in a started
        schedule too (the notification jobs, when URLs are saved or removed on the
        dashboard). Nothing changes when the same names are there already."""
        wanted = {name for name, trigger, _job in jobs if trigger is not None}
        current = {name for name in self.jobs if name.startswith(prefix)}
        if wanted == current:
            return
        for name in current:
            del self.jobs[name]
            if self._scheduler is not None:
                self._scheduler.remove_job(name)
        for name, trigger, job in jobs:
            if trigger is not None:
                self.jobs[name] = (trigger, job)
                if self._scheduler is not None:
                    self._add_job(self._scheduler, name, trigger, job)
        log.info("scheduler.jobs_replaced", prefix=prefix, jobs=sorted(wanted))

    def _add_job(
        self, scheduler: AsyncIOScheduler, name: str, trigger: CronTrigger, job: Job
    ) -> None:
        scheduler.add_job(
            self._guarded(name, job),
            trigger,
            id=name,
            name=name,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=MISFIRE_GRACE_S,
        )

    def next_runs(self) -> dict[str, datetime | None]:
        if self._scheduler is None:
            return dict.fromkeys(self.jobs)
        return {job.id: job.next_run_time for job in self._scheduler.get_jobs()}

    def shutdown(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None

    async def _skip_reason(self, name: str) -> str | None:
        """Why the job must not run now ("paused", or the pause state unreadable), or None."""
        if self.sessions is None:
            return None
        try:
            return "paused" if await job_paused(self.sessions, name) else None
        except (SQLAlchemyError, OSError) as exc:
            known = storage_error(exc)
            detail = known.detail if known is not None else type(exc).__name__
            log.warning("scheduler.pause_state_unreadable", job=name, detail=detail)
            return "pause_state_unreadable"

    def _guarded(self, name: str, job: Job) -> Callable[[], Awaitable[None]]:
        """A scheduled job: skipped when paused; its failure logged, the next one runs."""

        async def run() -> None:
            reason = await self._skip_reason(name)
            if reason is not None:
                log.info("scheduler.job.skipped", job=name, reason=reason)
                return
            log.info("scheduler.job.started", job=name)
            try:
                await job()
            except LinkedInBotError as exc:
                log.warning("scheduler.job.refused", job=name, error=exc.code, detail=exc.detail)
            except Exception:  # a scheduled job must never take the scheduler down with it
                log.exception("scheduler.job.failed", job=name)

        return run


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
