"""Who a run acted on: each interaction of the run with the contact's name, in order."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.db.models import Contact, Interaction


@dataclass(frozen=True)
class RunContact:
    name: str
    status: str  # an InteractionStatus
    error: str | None


async def run_contacts(session: AsyncSession, run_id: int) -> list[RunContact]:
    """The contacts a run sent to, visited, failed or left in doubt (reads ``run_id``'s index)."""
    stmt = (
        select(Contact.full_name, Interaction.status, Interaction.error)
        .join(Contact, Contact.id == Interaction.contact_id)
        .where(Interaction.run_id == run_id)
        .order_by(Interaction.id)
    )
    rows = (await session.execute(stmt)).all()
    return [RunContact(name or "(no name)", status, error) for name, status, error in rows]
