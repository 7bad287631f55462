"""What the daily summary tells: today's wishes (sent, in doubt), replies and runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.db.enums import InteractionStatus, InteractionType
from linkedin_bot.db.models import CampaignRun, Contact, Interaction

# A person's reply to a wish, as the replies feature records it (an interaction of this
# type). Until that feature lands, there is none and the summary says so.
REPLY_TYPE = "reply"
MESSAGE_SUFFIX = "_message"  # birthday_message, and the other occasions' messages


def message_types() -> list[str]:
    """Every kind of message the bot sends on an occasion (birthday, and the others)."""
    return [kind.value for kind in InteractionType if kind.value.endswith(MESSAGE_SUFFIX)]


@dataclass(frozen=True)
class DayActivity:
    """One day of the account, for a person to read: names, not ids."""

    wished: list[str] = field(default_factory=list)
    in_doubt: list[str] = field(default_factory=list)
    replied: list[str] = field(default_factory=list)
    runs: dict[str, int] = field(default_factory=dict)  # run status -> how many


def _name() -> ColumnElement[Any]:
    return func.coalesce(
        func.nullif(Contact.full_name, ""),
        func.nullif(func.trim(Contact.first_name + " " + Contact.last_name), ""),
        Contact.public_id,
    )


async def _messages(
    session: AsyncSession, day: date, types: Sequence[str], status: str
) -> list[str]:
    """Names of the contacts with a message of ``types`` in ``status`` on the quota day
    ``day`` (the index on type and quota_day)."""
    stmt = (
        select(_name())
        .select_from(Interaction)
        .join(Contact, Contact.id == Interaction.contact_id)
        .where(
            Interaction.type.in_(types),
            Interaction.quota_day == day,
            Interaction.status == status,
        )
        .order_by(Interaction.id)
    )
    return [str(name) for name in (await session.scalars(stmt)).all()]


async def _replies(session: AsyncSession, start: datetime, end: datetime) -> list[str]:
    stmt = (
        select(_name())
        .select_from(Interaction)
        .join(Contact, Contact.id == Interaction.contact_id)
        .where(
            Interaction.type == REPLY_TYPE,
            Interaction.created_at >= start,
            Interaction.created_at < end,
        )
        .order_by(Interaction.id)
    )
    return [str(name) for name in (await session.scalars(stmt)).all()]


async def _runs(
    session: AsyncSession, account: str, start: datetime, end: datetime
) -> dict[str, int]:
    stmt = (
        select(CampaignRun.status, func.count())
        .where(
            CampaignRun.account == account,
            CampaignRun.created_at >= start,
            CampaignRun.created_at < end,
        )
        .group_by(CampaignRun.status)
    )
    return {str(status): int(count) for status, count in (await session.execute(stmt)).all()}


async def day_activity(
    session: AsyncSession, *, account: str, day: date, start: datetime, end: datetime
) -> DayActivity:
    """The quota day ``day`` (the user's calendar day), which runs from ``start`` to
    ``end`` in UTC: who was wished, whose message is in doubt, who replied, the runs."""
    types = message_types()
    return DayActivity(
        wished=await _messages(session, day, types, InteractionStatus.SENT.value),
        in_doubt=await _messages(session, day, types, InteractionStatus.UNKNOWN.value),
        replied=await _replies(session, start, end),
        runs=await _runs(session, account, start, end),
    )
