"""The bot's state at a glance: what runs, what ran, breaker, quotas, LinkedIn session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.settings import Settings
from linkedin_bot.db.enums import InteractionType, RunKind
from linkedin_bot.db.queries import runs as q
from linkedin_bot.linkedin.auth import session_status
from linkedin_bot.safety.breaker import CircuitBreaker
from linkedin_bot.safety.cooldown import Cooldowns
from linkedin_bot.safety.quota import QuotaLedger
from linkedin_bot.services.schedule_pause import schedule_state


@dataclass(frozen=True)
class StatusSources:
    sessions: async_sessionmaker[AsyncSession]
    settings: Settings
    ledger: QuotaLedger
    breaker: CircuitBreaker
    cooldowns: Cooldowns | None = None
    account: str = "default"
    next_runs: Callable[[], dict[str, datetime | None]] = dict


async def bot_status(sources: StatusSources) -> dict[str, Any]:
    async with sources.sessions() as session:
        active = await q.active_run(session, sources.account)
        last = {kind.value: await q.last_run(session, kind.value) for kind in RunKind}
    quotas = {
        kind.value: [
            {"window": w.window, "used": w.used, "limit": w.limit, "remaining": w.remaining}
            for w in await sources.ledger.usage(kind.value)
        ]
        for kind in InteractionType
    }
    snapshot = await sources.breaker.snapshot()
    breaker = snapshot.as_dict()
    cooldown = await sources.cooldowns.current() if sources.cooldowns is not None else None
    if cooldown is not None:
        breaker["restricted"] = True
        breaker["state"] = "open"
        breaker["open_until"] = cooldown.until.isoformat() if cooldown.until else None
        breaker["reason"] = cooldown.reason
    return {
        "active_run": active,
        "last_runs": last,
        "circuit_breaker": breaker,
        "cooldown": cooldown.as_dict() if cooldown is not None else None,
        "quotas": quotas,
        "session": session_status(sources.settings).as_dict(),
        "next_runs": sources.next_runs(),
        # Each scheduled job: its schedule, whether the user paused it, its next run here.
        "schedule": await schedule_state(sources.sessions, sources.settings, sources.next_runs),
    }
