"""Gauges of shared state, computed from the database when /metrics is scraped.

Quotas left, messages in doubt, the breaker, the session, the last successful runs: these
are facts about the account, not about one process. Reading them at scrape time makes every
process that serves /metrics report the same, true values, however many there are.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.metrics import (
    ACTIVE_RUNS,
    CIRCUIT_BREAKER_STATE,
    COOLDOWN_ACTIVE,
    COOLDOWN_UNTIL,
    LAST_SUCCESSFUL_RUN,
    MESSAGES_IN_DOUBT,
    RATE_LIMIT_REMAINING,
    SESSION_EXPIRES,
    SESSION_VALID,
    VISITS_REMAINING,
)
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.enums import (
    ACTIVE_RUN_STATUSES,
    CooldownKind,
    InteractionStatus,
    InteractionType,
    RunKind,
    RunStatus,
)
from linkedin_bot.db.models import CampaignRun, Interaction
from linkedin_bot.db.queries import runs as q
from linkedin_bot.linkedin.auth import session_status
from linkedin_bot.safety.breaker import BreakerState, CircuitBreaker
from linkedin_bot.safety.cooldown import Cooldowns
from linkedin_bot.safety.quota import QuotaLedger

BREAKER_VALUE = {BreakerState.CLOSED: 0, BreakerState.HALF_OPEN: 1, BreakerState.OPEN: 2}
PERIOD_NAMES = {"day": "daily", "7d": "weekly"}


async def refresh_state_gauges(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    ledger: QuotaLedger,
    breaker: CircuitBreaker,
    cooldowns: Cooldowns | None = None,
) -> None:
    for window in await ledger.usage(InteractionType.BIRTHDAY_MESSAGE.value):
        RATE_LIMIT_REMAINING.labels(PERIOD_NAMES.get(window.window, window.window)).set(
            window.remaining
        )
    for window in await ledger.usage(InteractionType.PROFILE_VISIT.value):
        if window.window == "day":
            VISITS_REMAINING.set(window.remaining)
    async with sessions() as session:
        in_doubt = await session.scalar(
            select(func.count()).where(
                Interaction.type == InteractionType.BIRTHDAY_MESSAGE.value,
                Interaction.status == InteractionStatus.UNKNOWN.value,
            )
        )
        active = await session.scalar(
            select(func.count()).where(CampaignRun.status.in_(ACTIVE_RUN_STATUSES))
        )
        for kind in RunKind:
            last = await q.last_run(session, kind.value, (RunStatus.SUCCEEDED.value,))
            if last is not None and last.finished_at is not None:
                LAST_SUCCESSFUL_RUN.labels(kind.value).set(last.finished_at.timestamp())
    MESSAGES_IN_DOUBT.set(in_doubt or 0)
    ACTIVE_RUNS.set(active or 0)
    cooldown = await cooldowns.current() if cooldowns is not None else None
    for cooldown_kind in CooldownKind:
        active_kind = cooldown is not None and cooldown.kind == cooldown_kind
        COOLDOWN_ACTIVE.labels(cooldown_kind.value).set(1 if active_kind else 0)
    COOLDOWN_UNTIL.set(cooldown.until.timestamp() if cooldown and cooldown.until else 0)
    state = (await breaker.snapshot()).state
    if cooldown is not None and cooldown.kind == CooldownKind.RESTRICTION:
        state = BreakerState.OPEN  # a cool-down is the breaker open for a restriction
    CIRCUIT_BREAKER_STATE.set(BREAKER_VALUE[state])
    status = session_status(settings)
    SESSION_VALID.set(
        1 if status.present and not status.expired and status.valid is not False else 0
    )
    SESSION_EXPIRES.set(status.expires_at.timestamp() if status.expires_at else 0)
