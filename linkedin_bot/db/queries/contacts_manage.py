"""Writing what the user decides about a contact: blacklist, language, note."""

from __future__ import annotations

from typing import Any

from sqlalchemy import RowMapping, select
from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.db.enums import ContactStatus
from linkedin_bot.db.models import Contact

# A person blocked before we knew them (by profile URL): kept so that no campaign acts.
MANUAL_SOURCE = "manual"
EDITABLE = frozenset({"blacklisted", "locale", "note"})


async def contact_by_public_id(session: AsyncSession, public_id: str) -> Contact | None:
    return await session.scalar(select(Contact).where(Contact.public_id == public_id))


async def add_blocked_person(session: AsyncSession, public_id: str, profile_url: str) -> Contact:
    """A contact for a profile not known yet, blacklisted from the start (flushed)."""
    contact = Contact(
        public_id=public_id,
        profile_url=profile_url,
        status=ContactStatus.PROSPECT.value,
        source=MANUAL_SOURCE,
        blacklisted=True,
    )
    session.add(contact)
    await session.flush()
    return contact


async def apply_changes(session: AsyncSession, contact: Contact, changes: dict[str, Any]) -> bool:
    """Set the given editable fields; whether anything changed (flushed)."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    changed = False
    for name, value in changes.items():
        if getattr(contact, name) != value:
            setattr(contact, name, value)
            changed = True
    if changed:
        await session.flush()
    return changed


async def blocked_contacts(session: AsyncSession) -> list[RowMapping]:
    """The blacklisted contacts, newest first (what ``contacts blocked`` lists)."""
    stmt = (
        select(Contact.id, Contact.public_id, Contact.full_name, Contact.profile_url, Contact.note)
        .where(Contact.blacklisted.is_(True))
        .order_by(Contact.id.desc())
    )
    return list((await session.execute(stmt)).mappings().all())
