"""A deliberately naive check-then-act ledger (count, then insert, no lock): the race the
real ledger exists to prevent. Kept only to prove that the checker catches over-sends."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from linkedin_bot.core.clock import Clock, local_date
from linkedin_bot.core.errors import QuotaExhausted
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.engine import SQLITE_BEGIN_OPTION
from linkedin_bot.db.models import Interaction
from linkedin_bot.db.queries.ledger import COUNTED


@dataclass
class NaiveLedger:
    engine: AsyncEngine
    settings: Settings
    clock: Clock

    async def reserve(self, *, kind: str, contact_id: int, dedup_key: str) -> int:
        deferred = self.engine.execution_options(**{SQLITE_BEGIN_OPTION: "DEFERRED"})
        sessions = async_sessionmaker(deferred, expire_on_commit=False)
        today = local_date(self.clock.now(), self.settings.tz)
        async with sessions() as session:
            used = await session.scalar(
                select(func.count()).where(
                    Interaction.type == kind,
                    Interaction.quota_day == today,
                    Interaction.status.in_(COUNTED),
                )
            )
        if (used or 0) >= self.settings.daily_message_limit:
            raise QuotaExhausted("day quota used up", window="day")
        await asyncio.sleep(0.05)  # the gap where another process reads the same count
        async with sessions.begin() as session:
            row = Interaction(
                contact_id=contact_id,
                type=kind,
                status="reserved",
                dedup_key=dedup_key,
                quota_day=today,
                payload={},
            )
            session.add(row)
            await session.flush()
            return row.id
