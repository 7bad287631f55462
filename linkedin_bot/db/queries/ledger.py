"""The SQL of the quota ledger: intents, their counts per window, their transitions.

A unit of quota *is* a live intent row: counts are read from ``interactions`` under the
ledger's lock, so the counters can never drift from the intents they count.
"""

from __future__ import annotations

import zlib
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.db.enums import MESSAGE_TYPES
from linkedin_bot.db.enums import InteractionStatus as S
from linkedin_bot.db.models import Interaction

# Statuses that hold a unit of quota: reserved, being sent, sent (or visited), or in doubt.
COUNTED = (S.RESERVED.value, S.SENDING.value, S.SENT.value, S.VISITED.value, S.UNKNOWN.value)
# A failed attempt may be tried again under the same key (it is known not to have happened).
RETRYABLE = (S.FAILED.value,)


async def lock_quota(session: AsyncSession, account: str, kind: str) -> None:
    """Serialize reservations of one account and kind until the transaction ends.

    PostgreSQL: a transaction-level advisory lock. SQLite: the caller's transaction began
    with BEGIN IMMEDIATE and already holds the database's write lock.
    """
    if session.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(f"quota:{account}:{quota_name(kind)}".encode())
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def counted_together(kind: str) -> tuple[str, ...]:
    """The interaction types whose units share ``kind``'s quota: every kind of message to a
    person (birthday, work anniversary, new job) counts in one daily and weekly quota."""
    return MESSAGE_TYPES if kind in MESSAGE_TYPES else (kind,)


def quota_name(kind: str) -> str:
    """The quota ``kind`` draws from (what its reservations are serialized on)."""
    return "message" if kind in MESSAGE_TYPES else kind


def window_count(kind: str, first_day: date, last_day: date) -> Select[int]:
    """Units of ``kind``'s quota (all messages, or visits) taken from ``first_day`` to
    ``last_day``: reads the (type, quota_day) index, one range per type."""
    return select(func.count()).where(
        Interaction.type.in_(counted_together(kind)),
        Interaction.quota_day >= first_day,
        Interaction.quota_day <= last_day,
        Interaction.status.in_(COUNTED),
    )


async def count_in_window(session: AsyncSession, kind: str, first_day: date, last_day: date) -> int:
    return int(await session.scalar(window_count(kind, first_day, last_day)) or 0)


async def count_in_run(session: AsyncSession, kind: str, run_id: int) -> int:
    stmt = select(func.count()).where(
        Interaction.type.in_(counted_together(kind)),
        Interaction.run_id == run_id,
        Interaction.status.in_(COUNTED),
    )
    return int(await session.scalar(stmt) or 0)


async def last_counted_for_contact(
    session: AsyncSession, kind: str, contact_id: int, since: datetime, since_day: date
) -> Interaction | None:
    """The contact's latest intent of ``kind`` since ``since`` (created then, or reserved
    for a quota day from ``since_day`` on: a failed attempt reserved again keeps its first
    creation time) that holds a unit (reserved, being sent, done or in doubt): a message
    that reached, or may have reached, them."""
    stmt = (
        select(Interaction)
        .where(
            Interaction.contact_id == contact_id,
            Interaction.type == kind,
            Interaction.status.in_(COUNTED),
            or_(Interaction.created_at >= since, Interaction.quota_day >= since_day),
        )
        .order_by(Interaction.id.desc())
        .limit(1)
    )
    return await session.scalar(stmt)


async def find_by_key(session: AsyncSession, dedup_key: str) -> Interaction | None:
    return await session.scalar(select(Interaction).where(Interaction.dedup_key == dedup_key))


async def transition(
    session: AsyncSession,
    interaction_id: int,
    *,
    from_statuses: tuple[str, ...],
    to_status: str,
    values: dict[str, Any] | None = None,
) -> bool:
    """Move an intent from one of ``from_statuses`` to ``to_status``; False if it was not in
    one of them (someone else settled it: the caller must not act as if it had)."""
    stmt = (
        update(Interaction)
        .where(Interaction.id == interaction_id, Interaction.status.in_(from_statuses))
        .values(status=to_status, **(values or {}))
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(stmt)
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def expired_leases(
    session: AsyncSession, status: str, now: datetime, limit: int = 500
) -> list[Interaction]:
    stmt = (
        select(Interaction)
        .where(Interaction.status == status, Interaction.lease_expires_at < now)
        .order_by(Interaction.id)
        .limit(limit)
    )
    return list((await session.scalars(stmt)).all())


async def in_doubt(session: AsyncSession, kind: str, limit: int = 100) -> list[Interaction]:
    stmt = (
        select(Interaction)
        .where(Interaction.type == kind, Interaction.status == S.UNKNOWN.value)
        .order_by(Interaction.id)
        .limit(limit)
    )
    return list((await session.scalars(stmt)).all())
