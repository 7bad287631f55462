"""What a conversation told us: the messages we sent a person, the replies they wrote."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.db.enums import MESSAGE_TYPES, InteractionStatus, InteractionType
from linkedin_bot.db.models import Contact, Interaction


async def sent_messages(session: AsyncSession, contact_id: int) -> list[tuple[int, str]]:
    """Our messages to this person that reached them (or may have): (interaction id, text),
    oldest first (the contact's interactions index)."""
    stmt = (
        select(Interaction.id, Interaction.payload)
        .where(
            Interaction.contact_id == contact_id,
            Interaction.type.in_(MESSAGE_TYPES),
            Interaction.status.in_((InteractionStatus.SENT.value, InteractionStatus.UNKNOWN.value)),
        )
        .order_by(Interaction.id)
    )
    rows = (await session.execute(stmt)).all()
    return [(i, str(p["message"])) for i, p in rows if p and p.get("message")]


def reply_key(contact_id: int, text: str, day: date | None) -> str:
    """One row per reply, however many times the conversation is read."""
    digest = hashlib.sha256(f"{day}|{' '.join(text.split())}".encode()).hexdigest()[:24]
    return f"{InteractionType.REPLY.value}:{contact_id}:{digest}"


async def record_replies(
    session: AsyncSession,
    contact_id: int,
    replies: Sequence[tuple[str, date | None, int]],
    run_id: int | None,
    now: datetime,
) -> int:
    """Keep the replies (text, day, the id of our message they answer) not kept yet;
    returns how many are new."""
    keys = {reply_key(contact_id, text, day): (text, day, after) for text, day, after in replies}
    if not keys:
        return 0
    known = set(
        (
            await session.scalars(
                select(Interaction.dedup_key).where(Interaction.dedup_key.in_(list(keys)))
            )
        ).all()
    )
    new = 0
    for key, (text, day, after) in keys.items():
        if key in known:
            continue
        payload: dict[str, Any] = {"text": text[:4000], "in_reply_to": after}
        if day is not None:
            payload["day"] = day.isoformat()
        session.add(
            Interaction(
                contact_id=contact_id,
                run_id=run_id,
                type=InteractionType.REPLY.value,
                status=InteractionStatus.RECEIVED.value,
                dedup_key=key,
                payload=payload,
                created_at=now,
            )
        )
        new += 1
    await session.flush()
    return new


async def set_locale(session: AsyncSession, contact_id: int, locale: str) -> None:
    """The contact's language, detected: only where the user set none."""
    await session.execute(
        update(Contact)
        .where(Contact.id == contact_id, Contact.locale.is_(None))
        .values(locale=locale)
    )
