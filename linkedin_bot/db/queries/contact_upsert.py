"""Bulk upsert of imported contacts, keyed on ``contacts.public_id``.

An import only knows a few columns (name, profile URL, email, company, position, connection
date, and when the file has them the user's own columns: blacklist, locale, note). It
overwrites a column only with a non-empty new value, and never touches what it does not
know: birthday, fit score, sourcing data, and the status of a contact (except that a
prospect now in the export has become a connection).

Every row written gets its search text (``contacts.search_text``) from its values after
the merge: an inserted row from its own values, an updated one from what the upsert
returns (a kept company or a visit's headline are part of it), rewritten only where it
changed, in the same transaction.

A row whose values are all already stored is not written at all: the ``DO UPDATE`` has a
``WHERE`` comparing every column (``IS DISTINCT FROM`` on PostgreSQL, ``IS NOT`` on
SQLite), so a second import of the same file reports everything unchanged and leaves
``updated_at`` alone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Table, bindparam, case, func, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.core.clock import utc_now
from linkedin_bot.db.enums import ContactStatus
from linkedin_bot.db.models import SEARCH_FIELDS, Contact, contact_search_text

# SQLite before 3.32 accepts 999 bound variables per statement, 32766 since; asyncpg 32767.
SQLITE_MAX_VARIABLES = 32766 if sqlite3.sqlite_version_info >= (3, 32, 0) else 999
POSTGRES_MAX_VARIABLES = 32767
MAX_ROWS_PER_STATEMENT = 1000
IMPORT_SOURCE = "import"

# The text columns an import knows; each is overwritten only by a non-empty value.
_TEXT_COLUMNS = ("profile_url", "first_name", "last_name", "email", "company", "position")
# The user's columns: set on insert; on an existing contact, changed by a given value only.
USER_FIELDS = ("blacklisted", "locale", "note")


@dataclass(frozen=True, slots=True)
class ContactRow:
    """One contact as an import knows it."""

    public_id: str
    profile_url: str
    first_name: str = ""
    last_name: str = ""
    email: str | None = None
    company: str | None = None
    position: str | None = None
    connected_on: date | None = None
    # The user's columns (optional in the file): None leaves the stored value alone.
    blacklisted: bool | None = None
    locale: str | None = None
    note: str | None = None

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


@dataclass(frozen=True, slots=True)
class UpsertResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: UpsertResult) -> UpsertResult:
        return UpsertResult(
            self.inserted + other.inserted,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
        )

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.unchanged


def _table() -> Table:
    table = Contact.__table__
    assert isinstance(table, Table)
    return table


def _values(row: ContactRow, now: Any) -> dict[str, Any]:
    values = {
        "public_id": row.public_id,
        "profile_url": row.profile_url,
        "first_name": row.first_name,
        "last_name": row.last_name,
        "full_name": row.full_name,
        "email": row.email or None,
        "company": row.company or None,
        "position": row.position or None,
        "connected_on": row.connected_on,
        "status": ContactStatus.CONNECTION.value,
        "blacklisted": bool(row.blacklisted),
        "locale": row.locale,
        "note": row.note,
        "source": IMPORT_SOURCE,
        "created_at": now,
        "updated_at": now,
    }
    values["search_text"] = contact_search_text(values)
    return values


def rows_per_statement(dialect_name: str, columns: int) -> int:
    """How many rows one batch holds without passing the backend's bound-variable limit
    (the batch's ``IN (...)`` lookup, and its multi-row VALUES pages)."""
    limit = SQLITE_MAX_VARIABLES if dialect_name == "sqlite" else POSTGRES_MAX_VARIABLES
    return max(1, min(MAX_ROWS_PER_STATEMENT, limit // columns))


def _upsert_statement(dialect_name: str) -> Any:
    """One row's upsert; executed with many parameter sets, SQLAlchemy sends it as
    multi-row VALUES pages ("insertmanyvalues") from one cached compilation."""
    table = _table()
    insert = postgresql.insert if dialect_name == "postgresql" else sqlite.insert
    stmt = insert(table)
    new = stmt.excluded
    old = table.c

    merged: dict[str, ColumnElement[Any]] = {
        name: func.coalesce(func.nullif(new[name], ""), old[name]) for name in _TEXT_COLUMNS
    }
    merged["connected_on"] = func.coalesce(new.connected_on, old.connected_on)
    names_change = or_(
        merged["first_name"].is_distinct_from(old.first_name),
        merged["last_name"].is_distinct_from(old.last_name),
    )
    full_name = case(
        (names_change, func.trim(merged["first_name"] + literal(" ") + merged["last_name"])),
        else_=old.full_name,
    )
    becomes_connection = old.status == ContactStatus.PROSPECT.value
    status = case((becomes_connection, literal(ContactStatus.CONNECTION.value)), else_=old.status)
    changed = or_(
        becomes_connection,
        *(value.is_distinct_from(old[name]) for name, value in merged.items()),
    )
    return stmt.on_conflict_do_update(
        index_elements=[old.public_id],
        set_={
            **merged,
            "full_name": full_name,
            "status": status,
            "updated_at": new.updated_at,
        },
        where=changed,
    ).returning(old.id, old.public_id, old.search_text, *(old[name] for name in SEARCH_FIELDS))


async def upsert_contacts(session: AsyncSession, rows: Sequence[ContactRow]) -> UpsertResult:
    """Insert new contacts, update changed ones, leave the others untouched; flush only.

    Rows are keyed on ``public_id``; when the same id appears twice, the last row wins.
    ``inserted + updated + unchanged`` is the number of distinct ids. The caller commits.
    """
    latest: dict[str, ContactRow] = {}
    for row in rows:
        latest.pop(row.public_id, None)
        latest[row.public_id] = row
    if not latest:
        return UpsertResult()
    await session.flush()
    dialect_name = session.get_bind().dialect.name
    now = utc_now()
    unique_rows = list(latest.values())
    batch_size = rows_per_statement(dialect_name, len(_values(unique_rows[0], now)))
    result = UpsertResult()
    for start in range(0, len(unique_rows), batch_size):
        batch = unique_rows[start : start + batch_size]
        result += await _upsert_batch(session, dialect_name, batch, now)
    return result


async def _upsert_batch(
    session: AsyncSession, dialect_name: str, batch: list[ContactRow], now: Any
) -> UpsertResult:
    ids = [row.public_id for row in batch]
    # Read in the same transaction as the write: which ids exist tells inserts from updates.
    stored = {
        row.public_id: row
        for row in (
            await session.execute(
                select(Contact.public_id, *(Contact.__table__.c[f] for f in USER_FIELDS)).where(
                    Contact.public_id.in_(ids)
                )
            )
        ).all()
    }
    existing = set(stored)
    statement = _upsert_statement(dialect_name)
    returned = (await session.execute(statement, [_values(row, now) for row in batch])).all()
    await _refresh_search_text(session, returned)
    written = {row.public_id for row in returned}
    written |= await _apply_user_fields(session, batch, stored)
    inserted = len(written - existing)
    updated = len(written & existing)
    return UpsertResult(inserted, updated, len(batch) - inserted - updated)


async def _refresh_search_text(session: AsyncSession, rows: Sequence[Any]) -> None:
    """The search text of the rows an upsert wrote, from their merged values, where it
    differs from the stored one (an update keeps the columns the import did not know)."""
    stale = [
        {"row_id": row.id, "text": text}
        for row in rows
        if (text := contact_search_text(row._mapping)) != row.search_text
    ]
    if stale:
        table = _table()
        await session.execute(
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values(search_text=bindparam("text")),
            stale,
        )


async def _apply_user_fields(
    session: AsyncSession, batch: list[ContactRow], stored: dict[str, Any]
) -> set[str]:
    """Write the user's columns the file gives for contacts that existed before the batch,
    where they differ; the public ids changed."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in batch:
        old = stored.get(row.public_id)
        if old is None:
            continue  # inserted with them
        changes = {
            name: value
            for name in USER_FIELDS
            if (value := getattr(row, name)) is not None and value != getattr(old, name)
        }
        if changes:
            values = {f"new_{name}": value for name, value in changes.items()}
            groups.setdefault(tuple(changes), []).append({"pid": row.public_id, **values})
    table = _table()
    for names, params in groups.items():
        await session.execute(
            update(table)
            .where(table.c.public_id == bindparam("pid"))
            .values({name: bindparam(f"new_{name}") for name in names}),
            params,
        )
    return {p["pid"] for params in groups.values() for p in params}
