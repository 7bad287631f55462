"""Pausing the schedule without editing the environment: ``linkedin-bot schedule
pause|resume|status`` and ``/schedule``.

A pause is a row in the database, so it survives restarts and reaches every process: a
pause given from the CLI is honoured by a ``serve`` already running, whose schedule reads
it at each job's time (:class:`linkedin_bot.services.scheduler.Schedule`). A pause affects
the schedule only: ``linkedin-bot run birthday`` and ``POST /campaigns/birthday`` still run
when asked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.clock import Clock
from linkedin_bot.core.errors import InvalidInput
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.enums import ScheduledJob
from linkedin_bot.db.queries import schedule as q

JOBS: tuple[str, ...] = tuple(job.value for job in ScheduledJob)
NextRuns = Callable[[], dict[str, datetime | None]]


def jobs_named(job: str | None) -> list[str]:
    """The jobs a command is about: one by name, or all of them (None)."""
    if job is None:
        return list(JOBS)
    if job not in JOBS:
        raise InvalidInput(f"job: {job!r} is not one of {', '.join(JOBS)}", field="job")
    return [job]


def _spec(settings: Settings, job: str) -> str:
    """The job's schedule as configured: "auto", "off" or a crontab."""
    return settings.birthday_schedule if job == ScheduledJob.BIRTHDAY else settings.backup_schedule


async def schedule_state(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    next_runs: NextRuns | None = None,
) -> list[dict[str, Any]]:
    """Each job: its schedule, whether it is paused (since when, by whom) and, in a process
    that runs the schedule, its next run."""
    async with sessions() as session:
        paused = await q.pauses(session)
    upcoming = next_runs() if next_runs is not None else {}
    state = []
    for job in JOBS:
        pause = paused.get(job)
        state.append(
            {
                "job": job,
                "schedule": _spec(settings, job),
                "enabled": settings.scheduler_enabled and _spec(settings, job) != "off",
                "paused": pause is not None,
                "paused_at": pause.paused_at if pause else None,
                "paused_by": pause.paused_by if pause else None,
                "next_run": upcoming.get(job),
            }
        )
    return state


async def pause_jobs(
    sessions: async_sessionmaker[AsyncSession], jobs: Sequence[str], clock: Clock, by: str
) -> list[str]:
    """Pause ``jobs``; the ones newly paused."""
    async with sessions.begin() as session:
        return await q.pause(session, jobs, at=clock.now(), by=by)


async def resume_jobs(sessions: async_sessionmaker[AsyncSession], jobs: Sequence[str]) -> list[str]:
    """Resume ``jobs``; the ones that were paused."""
    async with sessions.begin() as session:
        return await q.resume(session, jobs)


async def job_paused(sessions: async_sessionmaker[AsyncSession], job: str) -> bool:
    async with sessions() as session:
        return await q.is_paused(session, job)
