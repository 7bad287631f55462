"""Reading contacts: filtered, keyset-paginated lists and single contacts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import RowMapping, Select, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.db.enums import ContactStatus, InteractionStatus, InteractionType
from linkedin_bot.db.models import Contact, Interaction
from linkedin_bot.db.pagination import Page, decode_cursor, page_from_rows
from linkedin_bot.db.queries.contacts_birthdays import (
    BirthdayWindow,
    in_window,
    upcoming_birthdays,
)
from linkedin_bot.db.queries.contacts_search import query_terms, search_clause


@dataclass(frozen=True)
class ContactFilters:
    status: str | None = None
    min_fit_score: float | None = None
    has_birthday: bool | None = None
    blacklisted: bool | None = None
    q: str | None = None
    # Known birthdays in the next days: connections only unless a status is given.
    birthday_window: BirthdayWindow | None = None
    # The people this (sourcing) run visited and scored.
    visited_in_run: int | None = None
    # The language of their messages; NO_LOCALE: those without one (detected, or default).
    locale: str | None = None


NO_LOCALE = ""


# What a list shows: every column but the long ones (about, profile_data) and the search
# text, read as plain rows rather than ORM objects (a list page is read-only, and twice as
# fast this way).
LIST_COLUMNS = tuple(
    c for c in Contact.__table__.columns if c.name not in {"about", "profile_data", "search_text"}
)


def filtered_contacts(filters: ContactFilters, backend: str) -> Select[Any]:
    """The contacts matching ``filters`` on ``backend`` (a dialect name: the search is
    served by a different index on SQLite and PostgreSQL); :class:`InvalidInput` for a
    query with nothing to search for."""
    stmt = select(*LIST_COLUMNS)
    status = filters.status
    if status is None and filters.birthday_window is not None:
        status = ContactStatus.CONNECTION.value
    if status is not None:
        stmt = stmt.where(Contact.status == status)
    if filters.birthday_window is not None:
        stmt = stmt.where(in_window(filters.birthday_window))
    if filters.min_fit_score is not None:
        stmt = stmt.where(Contact.fit_score >= filters.min_fit_score)
    if filters.has_birthday is True:
        stmt = stmt.where(Contact.birth_month.is_not(None))
    elif filters.has_birthday is False:
        stmt = stmt.where(Contact.birth_month.is_(None))
    if filters.blacklisted is not None:
        stmt = stmt.where(Contact.blacklisted.is_(filters.blacklisted))
    if filters.locale == NO_LOCALE:
        stmt = stmt.where(Contact.locale.is_(None))
    elif filters.locale is not None:
        stmt = stmt.where(Contact.locale == filters.locale)
    if filters.q is not None:
        stmt = stmt.where(search_clause(query_terms(filters.q), backend))
    if filters.visited_in_run is not None:
        stmt = stmt.where(
            exists().where(
                Interaction.contact_id == Contact.id,
                Interaction.run_id == filters.visited_in_run,
                Interaction.type == InteractionType.PROFILE_VISIT.value,
                Interaction.status == InteractionStatus.VISITED.value,
            )
        )
    return stmt


async def list_contacts(
    session: AsyncSession, filters: ContactFilters, *, limit: int, cursor: str | None
) -> Page[RowMapping] | Page[dict[str, Any]]:
    """A page of contacts (list columns), newest first, read in index order (keyset on id);
    with a birthday window, soonest birthday first (each with its ``next_birthday``)."""
    backend = session.get_bind().dialect.name
    if filters.birthday_window is not None:
        base = filtered_contacts(replace(filters, birthday_window=None), backend)
        if filters.status is None:
            base = base.where(Contact.status == ContactStatus.CONNECTION.value)
        return await upcoming_birthdays(
            session, base, filters.birthday_window, limit=limit, cursor=cursor
        )
    stmt = filtered_contacts(filters, backend)
    if cursor is not None:
        stmt = stmt.where(Contact.id < decode_cursor(cursor))
    stmt = stmt.order_by(Contact.id.desc()).limit(limit + 1)
    rows = (await session.execute(stmt)).mappings().all()
    return page_from_rows(rows, limit, lambda c: int(c["id"]))


async def get_contact(session: AsyncSession, contact_id: int) -> Contact | None:
    return await session.get(Contact, contact_id)


async def recent_interactions(
    session: AsyncSession, contact_id: int, limit: int = 20
) -> list[Interaction]:
    stmt = (
        select(Interaction)
        .where(Interaction.contact_id == contact_id)
        .order_by(Interaction.id.desc())
        .limit(limit)
    )
    return list((await session.scalars(stmt)).all())


BIRTHDAY_COLUMNS = (
    Contact.id,
    Contact.public_id,
    Contact.full_name,
    Contact.first_name,
    Contact.locale,
    Contact.birth_date,
    Contact.blacklisted,
)


async def birthdays_on(session: AsyncSession, month: int, day: int) -> list[RowMapping]:
    """Who was born on this month and day, any year: an index lookup on (month, day),
    reading only what a birthday wish needs."""
    stmt = (
        select(*BIRTHDAY_COLUMNS)
        .where(Contact.birth_month == month, Contact.birth_day == day)
        .order_by(Contact.id)
    )
    return list((await session.execute(stmt)).mappings().all())


async def get_or_create_contact(
    session: AsyncSession,
    *,
    public_id: str,
    profile_url: str,
    full_name: str,
    status: str,
    source: str,
) -> Contact:
    """The contact for this profile; created (flushed) with ``status`` and ``source`` when
    new. An existing contact is returned as it is: what we knew is never overwritten here."""
    contact = await session.scalar(select(Contact).where(Contact.public_id == public_id))
    if contact is None:
        first, _, last = full_name.partition(" ")
        contact = Contact(
            public_id=public_id,
            profile_url=profile_url,
            full_name=full_name,
            first_name=first,
            last_name=last,
            status=status,
            source=source,
        )
        session.add(contact)
        await session.flush()
    return contact
