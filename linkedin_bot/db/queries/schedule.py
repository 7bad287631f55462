"""The paused jobs of the schedule (``schedule_pauses``): one row per paused job."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.db.models import SchedulePause


async def pauses(session: AsyncSession) -> dict[str, SchedulePause]:
    """Every paused job, by name."""
    rows = await session.scalars(select(SchedulePause))
    return {row.job: row for row in rows}


async def is_paused(session: AsyncSession, job: str) -> bool:
    """Whether ``job`` is paused (a primary-key lookup)."""
    return await session.get(SchedulePause, job) is not None


async def pause(session: AsyncSession, jobs: Iterable[str], *, at: datetime, by: str) -> list[str]:
    """Pause these jobs; those paused already keep their first pause. The jobs newly
    paused (flushed)."""
    known = await pauses(session)
    added = [job for job in jobs if job not in known]
    session.add_all(SchedulePause(job=job, paused_at=at, paused_by=by) for job in added)
    await session.flush()
    return added


async def resume(session: AsyncSession, jobs: Iterable[str]) -> list[str]:
    """Resume these jobs; the ones that were paused."""
    wanted = list(jobs)
    stmt = delete(SchedulePause).where(SchedulePause.job.in_(wanted)).returning(SchedulePause.job)
    return sorted((await session.scalars(stmt)).all())
