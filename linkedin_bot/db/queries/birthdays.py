"""SQL for the birthday campaign: contacts seen on the birthdays list, message history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.db.enums import ContactStatus, InteractionStatus
from linkedin_bot.db.models import Contact, Interaction
from linkedin_bot.db.queries.contacts import get_or_create_contact

# Messages that reached, or may have reached, the person.
DELIVERED_OR_DOUBTFUL = (
    InteractionStatus.SENT.value,
    InteractionStatus.SENDING.value,
    InteractionStatus.UNKNOWN.value,
)


async def upsert_birthday_contact(
    session: AsyncSession,
    *,
    public_id: str,
    profile_url: str,
    full_name: str,
    birthday: date,
    keep_known: Callable[[int, int, date], bool] = lambda _m, _d, _seen: False,
) -> Contact:
    """The contact for this profile, created if new, with its birthday's month and day set.
    What we already knew (names from an import, blacklist, fit score, locale) is kept, and
    so is a known birthday when ``keep_known(month, day, birthday)`` says the date read is
    the same one (a day off because two calendars disagree is not a new birthday)."""
    contact = await get_or_create_contact(
        session,
        public_id=public_id,
        profile_url=profile_url,
        full_name=full_name,
        status=ContactStatus.CONNECTION.value,
        source="birthday",
    )
    if not contact.full_name:
        contact.full_name = full_name
    month, day = contact.birth_month, contact.birth_day
    if month is not None and day is not None and keep_known(month, day, birthday):
        await session.flush()
        return contact
    contact.birth_month, contact.birth_day = birthday.month, birthday.day
    if contact.birth_date is not None and (
        contact.birth_date.month,
        contact.birth_date.day,
    ) != (birthday.month, birthday.day):
        contact.birth_date = None  # the stored year no longer matches the list: drop it
    await session.flush()
    return contact


async def template_history(
    session: AsyncSession, contact_id: int, kind: str
) -> dict[str, datetime]:
    """Per template id, when it was last sent (or maybe sent) to this person, for messages
    of ``kind`` (index on contact, type, id)."""
    stmt = select(Interaction.payload, Interaction.created_at).where(
        Interaction.contact_id == contact_id,
        Interaction.type == kind,
        Interaction.status.in_(DELIVERED_OR_DOUBTFUL),
    )
    history: dict[str, datetime] = {}
    for payload, created_at in (await session.execute(stmt)).all():
        template_id = payload.get("template_id") if payload else None
        if template_id and (template_id not in history or history[template_id] < created_at):
            history[str(template_id)] = created_at
    return history


async def record_dry_run(
    session: AsyncSession,
    *,
    kind: str,
    contact_id: int,
    run_id: int,
    payload: dict[str, Any],
    quota_day: date,
) -> Interaction:
    """What would have been sent: visible to the user, counted by no quota, blocks nothing."""
    row = Interaction(
        contact_id=contact_id,
        run_id=run_id,
        type=kind,
        status=InteractionStatus.DRY_RUN.value,
        payload=payload,
        quota_day=quota_day,
    )
    session.add(row)
    await session.flush()
    return row


async def contacts_by_public_id(session: AsyncSession, public_ids: list[str]) -> dict[str, Contact]:
    if not public_ids:
        return {}
    rows = await session.scalars(select(Contact).where(Contact.public_id.in_(public_ids)))
    return {c.public_id: c for c in rows}
