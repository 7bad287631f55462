"""The daily schedule of `serve`: birthdays every day at a random minute inside working
hours, a backup every night, optional sourcing. APScheduler runs it in the service's loop.

"auto" for birthdays means: at the start of working hours plus a random delay (jitter) that
keeps the run inside them, drawn again every day, so the bot never wishes at the same minute
two days in a row.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from linkedin_bot.core.errors import LinkedInBotError
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.settings import Settings

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
            scheduler.add_job(
                _guarded(name, job),
                trigger,
                id=name,
                name=name,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=MISFIRE_GRACE_S,
            )
        scheduler.start()
        self._scheduler = scheduler
        log.info("scheduler.started", next_runs={k: _iso(v) for k, v in self.next_runs().items()})

    def next_runs(self) -> dict[str, datetime | None]:
        if self._scheduler is None:
            return dict.fromkeys(self.jobs)
        return {job.id: job.next_run_time for job in self._scheduler.get_jobs()}

    def shutdown(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None


def _guarded(name: str, job: Job) -> Callable[[], Awaitable[None]]:
    """A scheduled job logs its failure and lets the next one run."""

    async def run() -> None:
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
