"""The checker that proves "nothing over-sent": counts every quota window from the rows
themselves, whoever wrote them. Tested against a naive ledger to show that it bites."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.db.models import Interaction
from linkedin_bot.db.queries.ledger import COUNTED


@dataclass(frozen=True)
class Limits:
    per_day: int
    per_7_days: int | None = None
    per_run: int | None = None


async def violations(
    sessions: async_sessionmaker[AsyncSession], kind: str, limits: Limits
) -> list[str]:
    """Every window that holds more live intents than its limit, and every duplicate key."""
    async with sessions() as session:
        rows = (
            await session.execute(
                select(Interaction.quota_day, Interaction.run_id, Interaction.dedup_key).where(
                    Interaction.type == kind, Interaction.status.in_(COUNTED)
                )
            )
        ).all()
    problems: list[str] = []
    per_day = Counter(r.quota_day for r in rows)
    problems += [
        f"day {d}: {n} > {limits.per_day}" for d, n in per_day.items() if n > limits.per_day
    ]
    if limits.per_7_days is not None:
        for day in per_day:
            n = sum(c for d, c in per_day.items() if day - timedelta(days=6) <= d <= day)
            if n > limits.per_7_days:
                problems.append(f"7 days to {day}: {n} > {limits.per_7_days}")
    if limits.per_run is not None:
        per_run = Counter(r.run_id for r in rows if r.run_id is not None)
        problems += [f"run {r}: {n}" for r, n in per_run.items() if n > limits.per_run]
    keys = Counter(r.dedup_key for r in rows if r.dedup_key)
    problems += [f"key {k} held {n} times" for k, n in keys.items() if n > 1]
    return problems
