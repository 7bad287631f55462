"""Reading interactions: filtered, keyset-paginated lists, each with its contact's name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import RowMapping, select
from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.db.models import Contact, Interaction
from linkedin_bot.db.pagination import Page, decode_cursor, page_from_rows


@dataclass(frozen=True)
class InteractionFilters:
    type: str | None = None
    status: str | None = None
    contact_id: int | None = None
    run_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None


async def list_interactions(
    session: AsyncSession, filters: InteractionFilters, *, limit: int, cursor: str | None
) -> Page[RowMapping]:
    """A page of interactions, newest first, read in index order (keyset on id); each row
    carries ``contact_name`` and ``contact_public_id`` (a primary-key lookup per row)."""
    stmt = select(
        *Interaction.__table__.columns,
        Contact.full_name.label("contact_name"),
        Contact.public_id.label("contact_public_id"),
    ).join(Contact, Contact.id == Interaction.contact_id)
    if filters.type is not None:
        stmt = stmt.where(Interaction.type == filters.type)
    if filters.status is not None:
        stmt = stmt.where(Interaction.status == filters.status)
    if filters.contact_id is not None:
        stmt = stmt.where(Interaction.contact_id == filters.contact_id)
    if filters.run_id is not None:
        stmt = stmt.where(Interaction.run_id == filters.run_id)
    if filters.since is not None:
        stmt = stmt.where(Interaction.created_at >= filters.since)
    if filters.until is not None:
        stmt = stmt.where(Interaction.created_at < filters.until)
    if cursor is not None:
        stmt = stmt.where(Interaction.id < decode_cursor(cursor))
    stmt = stmt.order_by(Interaction.id.desc()).limit(limit + 1)
    rows = (await session.execute(stmt)).mappings().all()
    return page_from_rows(rows, limit, lambda i: int(i["id"]))
