"""Campaign runs: creation under the one-active-run-per-account index, reads, updates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.db.enums import ACTIVE_RUN_STATUSES
from linkedin_bot.db.models import CampaignRun
from linkedin_bot.db.pagination import Page, decode_cursor, page_from_rows


async def active_run(session: AsyncSession, account: str) -> CampaignRun | None:
    stmt = select(CampaignRun).where(
        CampaignRun.account == account, CampaignRun.status.in_(ACTIVE_RUN_STATUSES)
    )
    return await session.scalar(stmt)


async def get_run(session: AsyncSession, run_id: int) -> CampaignRun | None:
    return await session.get(CampaignRun, run_id)


async def list_runs(
    session: AsyncSession, *, kind: str | None, status: str | None, limit: int, cursor: str | None
) -> Page[CampaignRun]:
    stmt = select(CampaignRun)
    if kind is not None:
        stmt = stmt.where(CampaignRun.kind == kind)
    if status is not None:
        stmt = stmt.where(CampaignRun.status == status)
    if cursor is not None:
        stmt = stmt.where(CampaignRun.id < decode_cursor(cursor))
    rows = (await session.scalars(stmt.order_by(CampaignRun.id.desc()).limit(limit + 1))).all()
    return page_from_rows(rows, limit, lambda r: r.id)


async def last_run(
    session: AsyncSession, kind: str, statuses: tuple[str, ...] | None = None
) -> CampaignRun | None:
    stmt = select(CampaignRun).where(CampaignRun.kind == kind)
    if statuses:
        stmt = stmt.where(CampaignRun.status.in_(statuses))
    return await session.scalar(stmt.order_by(CampaignRun.id.desc()).limit(1))


async def update_run(session: AsyncSession, run_id: int, **values: Any) -> None:
    await session.execute(
        update(CampaignRun)
        .where(CampaignRun.id == run_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


async def update_active_run(session: AsyncSession, run_id: int, **values: Any) -> bool:
    """Update the run only while it is active; False when it was already ended (by the
    stale-run reaper of another process, a cancel of a dead run...)."""
    result = await session.execute(
        update(CampaignRun)
        .where(CampaignRun.id == run_id, CampaignRun.status.in_(ACTIVE_RUN_STATUSES))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def interrupt_stale(
    session: AsyncSession, account: str, stale_before: datetime, now: datetime
) -> list[int]:
    """Active runs whose process stopped beating before ``stale_before`` become interrupted
    (their process died: the lock they held must not block the account forever)."""
    stmt = select(CampaignRun.id).where(
        CampaignRun.account == account,
        CampaignRun.status.in_(ACTIVE_RUN_STATUSES),
        or_(
            CampaignRun.heartbeat_at < stale_before,
            (CampaignRun.heartbeat_at.is_(None)) & (CampaignRun.created_at < stale_before),
        ),
    )
    ids = list((await session.scalars(stmt)).all())
    if ids:
        await session.execute(
            update(CampaignRun)
            .where(CampaignRun.id.in_(ids), CampaignRun.status.in_(ACTIVE_RUN_STATUSES))
            .values(
                status="interrupted",
                finished_at=now,
                error="the process running it stopped (no heartbeat)",
            )
            .execution_options(synchronize_session=False)
        )
    return ids
