"""Cool-downs: the one gate every process reads before acting on LinkedIn."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.db.models import Cooldown


async def active(session: AsyncSession, account: str, now: datetime) -> list[Cooldown]:
    """The account's cool-downs in force at ``now``, newest first (index on account,
    ended_at)."""
    stmt = (
        select(Cooldown)
        .where(
            Cooldown.account == account,
            Cooldown.ended_at.is_(None),
            or_(Cooldown.until.is_(None), Cooldown.until > now),
        )
        .order_by(Cooldown.id.desc())
    )
    return list((await session.scalars(stmt)).all())


async def end(session: AsyncSession, ids: list[int], now: datetime, by: str) -> None:
    """End these cool-downs (those not ended yet) now, saying who ended them."""
    if not ids:
        return
    await session.execute(
        update(Cooldown)
        .where(Cooldown.id.in_(ids), Cooldown.ended_at.is_(None))
        .values(ended_at=now, ended_by=by)
        .execution_options(synchronize_session=False)
    )


async def latest(session: AsyncSession, account: str) -> Cooldown | None:
    """The account's most recent cool-down, in force or not (for status pages)."""
    stmt = select(Cooldown).where(Cooldown.account == account).order_by(Cooldown.id.desc())
    return await session.scalar(stmt.limit(1))
