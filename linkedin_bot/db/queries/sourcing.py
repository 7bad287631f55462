"""SQL for the sourcing campaign: who to skip, the contact a visit is about, what it read.

A visit never loses what we already knew about a person: a birthday, the blacklist flag,
a connection's status, names and company from an import. It adds what the profile says.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.db.enums import ContactStatus
from linkedin_bot.db.models import Contact
from linkedin_bot.db.queries.contacts import get_or_create_contact

SOURCE = "sourcing"


async def skip_reasons(
    session: AsyncSession, public_ids: list[str], visited_since: datetime
) -> dict[str, str]:
    """For each of these people to leave alone: "blacklisted" or "visited_recently"."""
    if not public_ids:
        return {}
    stmt = select(Contact.public_id, Contact.blacklisted).where(
        Contact.public_id.in_(public_ids),
        or_(Contact.blacklisted.is_(True), Contact.last_visited_at >= visited_since),
    )
    rows = (await session.execute(stmt)).all()
    return {
        public_id: "blacklisted" if blacklisted else "visited_recently"
        for public_id, blacklisted in rows
    }


async def ensure_prospect(
    session: AsyncSession, *, public_id: str, profile_url: str, full_name: str
) -> Contact:
    """The contact for this person, created as a prospect when new (a visit's quota unit
    is reserved against a contact); an existing contact is returned as it is."""
    return await get_or_create_contact(
        session,
        public_id=public_id,
        profile_url=profile_url,
        full_name=full_name,
        status=ContactStatus.PROSPECT.value,
        source=SOURCE,
    )


async def record_visit(
    session: AsyncSession,
    contact_id: int,
    *,
    read: dict[str, Any],
    fit_score: float,
    visited_at: datetime,
) -> None:
    """Store what a visit read. ``read`` holds full_name, headline, location, about, skills,
    open_to_work, years_experience, current_company and profile_data; empty values do not
    erase known ones, and status, blacklist and birthday are left alone."""
    contact = await session.get(Contact, contact_id)
    if contact is None:
        return
    if read.get("full_name") and not contact.full_name:
        contact.full_name = read["full_name"]
        contact.first_name, _, contact.last_name = read["full_name"].partition(" ")
    for column in ("headline", "location", "about", "current_company"):
        if read.get(column):
            setattr(contact, column, read[column])
    if read.get("skills"):
        contact.skills = list(read["skills"])
    if read.get("years_experience") is not None:
        contact.years_experience = read["years_experience"]
    contact.open_to_work = bool(read.get("open_to_work"))
    contact.profile_data = read.get("profile_data")
    contact.fit_score = fit_score
    contact.last_visited_at = visited_at
    await session.flush()
