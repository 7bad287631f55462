"""Contacts for an export: the list's filters, read in keyset batches so that memory stays
flat whatever the number of contacts."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

from sqlalchemy import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.db.models import Contact
from linkedin_bot.db.queries.contacts import LIST_COLUMNS, ContactFilters, filtered_contacts

EXPORT_BATCH = 500
EXPORT_COLUMNS: tuple[str, ...] = tuple(c.name for c in LIST_COLUMNS)


async def export_batch(
    session: AsyncSession, filters: ContactFilters, *, before_id: int | None, size: int
) -> Sequence[RowMapping]:
    """Up to ``size`` contacts below ``before_id`` (all when None), newest first."""
    stmt = filtered_contacts(filters, session.get_bind().dialect.name)
    if before_id is not None:
        stmt = stmt.where(Contact.id < before_id)
    result = await session.execute(stmt.order_by(Contact.id.desc()).limit(size))
    rows: Sequence[RowMapping] = result.mappings().all()
    return rows


async def iter_contacts(
    sessions: async_sessionmaker[AsyncSession],
    filters: ContactFilters,
    batch: int | None = None,
) -> AsyncIterator[Sequence[RowMapping]]:
    """Every matching contact, batch by batch; each batch is its own short read, so no
    transaction stays open while a slow client reads the stream."""
    batch = batch or EXPORT_BATCH
    before: int | None = None
    while True:
        async with sessions() as session:
            rows = await export_batch(session, filters, before_id=before, size=batch)
        if not rows:
            return
        yield rows
        if len(rows) < batch:
            return
        before = int(rows[-1]["id"])
