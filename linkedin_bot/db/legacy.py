"""The V1 application's SQLite database, read as an import source; and the queries of its import.

The V1 tables are described on a metadata of their own: our migrations never create them,
and nothing here ever writes to the V1 file (it is opened read-only, ``?mode=ro``, with
``PRAGMA query_only``). Their shape is V1's ``Database.init_database`` (schema 2.1.0)::

    contacts(id INTEGER PK, name TEXT NOT NULL, linkedin_url TEXT UNIQUE, ...)
    birthday_messages(id INTEGER PK, contact_id INTEGER -> contacts.id,
                      contact_name TEXT NOT NULL, message_text TEXT NOT NULL,
                      sent_at TEXT NOT NULL,  -- datetime.now().isoformat(): naive local time
                      is_late BOOLEAN DEFAULT 0, days_late INTEGER DEFAULT 0,
                      response_received BOOLEAN, response_text TEXT, response_date TEXT,
                      script_mode TEXT)
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import (
    Boolean,
    Column,
    Integer,
    MetaData,
    Table,
    Text,
    event,
    func,
    inspect,
    null,
    select,
)
from sqlalchemy.exc import DatabaseError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, create_async_engine
from sqlalchemy.pool import NullPool

from linkedin_bot.core.errors import InvalidInput
from linkedin_bot.db.models import Contact, Interaction

SQLITE_MAGIC = b"SQLite format 3\x00"
LEGACY_DEDUP_PREFIX = "legacy:birthday_messages:"
_IN_CLAUSE_CHUNK = 500  # ids per IN (...): well under every backend's variable limit

legacy_metadata = MetaData()

legacy_contacts = Table(
    "contacts",
    legacy_metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("linkedin_url", Text),
)

legacy_birthday_messages = Table(
    "birthday_messages",
    legacy_metadata,
    Column("id", Integer, primary_key=True),
    Column("contact_id", Integer),
    Column("contact_name", Text, nullable=False),
    Column("message_text", Text, nullable=False),
    # Read as raw text: V1 wrote naive local times, and some rows may hold anything.
    Column("sent_at", Text, nullable=False),
    Column("is_late", Boolean),
    Column("days_late", Integer),
    Column("script_mode", Text),
)
REQUIRED_MESSAGE_COLUMNS = frozenset({"id", "contact_name", "message_text", "sent_at"})


@dataclass(frozen=True, slots=True)
class LegacyMessage:
    """One row of V1's ``birthday_messages``, values as stored (SQLite is loosely typed)."""

    id: int
    contact_id: Any
    contact_name: Any
    message_text: Any
    sent_at: Any
    is_late: Any
    days_late: Any
    script_mode: Any
    contact_url: Any  # the linked V1 contact's linkedin_url, when there is one


def legacy_dedup_key(legacy_id: int) -> str:
    return f"{LEGACY_DEDUP_PREFIX}{legacy_id}"


def _read_only_url(path: Path) -> str:
    location = quote(path.resolve().as_posix())
    return f"sqlite+aiosqlite:///file:{location}?mode=ro&uri=true"


def _query_only(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _check_is_sqlite_file(path: Path) -> None:
    if not path.exists():
        raise InvalidInput(f"legacy database not found: {path}")
    if not path.is_file():
        raise InvalidInput(f"legacy database is not a file: {path}")
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from exc
    if magic != SQLITE_MAGIC:
        raise InvalidInput(f"{path} is not a SQLite database")


def _describe(sync_conn: Any) -> tuple[set[str], set[str]]:
    inspector = inspect(sync_conn)
    tables = set(inspector.get_table_names())
    if "birthday_messages" not in tables:
        return set(), set()
    message_columns = {c["name"] for c in inspector.get_columns("birthday_messages")}
    contact_columns = (
        {c["name"] for c in inspector.get_columns("contacts")} if "contacts" in tables else set()
    )
    return message_columns, contact_columns


class LegacyDatabase:
    """An open, read-only V1 database."""

    def __init__(
        self, conn: AsyncConnection, message_columns: set[str], contact_columns: set[str]
    ) -> None:
        self._conn = conn
        self._message_columns = message_columns
        self._has_contacts = {"id", "linkedin_url"} <= contact_columns

    async def count_messages(self) -> int:
        count = await self._conn.scalar(select(func.count()).select_from(legacy_birthday_messages))
        return int(count or 0)

    async def messages(self) -> AsyncIterator[LegacyMessage]:
        """Every ``birthday_messages`` row in id order, with its V1 contact's URL if linked."""
        table = legacy_birthday_messages
        columns = [
            column.label(column.name)
            if column.name in self._message_columns
            else null().label(column.name)
            for column in table.c
        ]
        query = select(*columns)
        if self._has_contacts and "contact_id" in self._message_columns:
            query = query.add_columns(legacy_contacts.c.linkedin_url.label("contact_url"))
            query = query.select_from(
                table.outerjoin(legacy_contacts, legacy_contacts.c.id == table.c.contact_id)
            )
        else:
            query = query.add_columns(null().label("contact_url")).select_from(table)
        query = query.order_by(table.c.id)
        result = await self._conn.stream(query)
        async for row in result.mappings():
            yield LegacyMessage(**row)


@asynccontextmanager
async def open_legacy_database(path: Path) -> AsyncIterator[LegacyDatabase]:
    """Open a V1 database read-only; :class:`InvalidInput` if it is not one."""
    _check_is_sqlite_file(path)
    engine = create_async_engine(_read_only_url(path), poolclass=NullPool)
    event.listen(engine.sync_engine, "connect", _query_only)
    try:
        async with engine.connect() as conn:
            try:
                message_columns, contact_columns = await conn.run_sync(_describe)
            except DatabaseError as exc:
                raise InvalidInput(f"{path} is not a readable SQLite database: {exc.orig}") from exc
            if not message_columns:
                raise InvalidInput(f"{path} has no birthday_messages table: not a V1 database")
            missing = REQUIRED_MESSAGE_COLUMNS - message_columns
            if missing:
                raise InvalidInput(
                    f"{path}: birthday_messages lacks column(s) {', '.join(sorted(missing))}"
                )
            yield LegacyDatabase(conn, message_columns, contact_columns)
    finally:
        await engine.dispose()


# --- the queries of the import, on our own database -------------------------------------


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _IN_CLAUSE_CHUNK):
        yield values[start : start + _IN_CLAUSE_CHUNK]


async def existing_dedup_keys(session: AsyncSession, keys: Sequence[str]) -> set[str]:
    """Which of ``keys`` are already the dedup key of an interaction."""
    found: set[str] = set()
    for chunk in _chunks(keys):
        query = select(Interaction.dedup_key).where(Interaction.dedup_key.in_(chunk))
        found.update(key for key in (await session.scalars(query)).all() if key)
    return found


async def contact_ids_by_public_id(
    session: AsyncSession, public_ids: Sequence[str]
) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(public_ids):
        query = select(Contact.public_id, Contact.id).where(Contact.public_id.in_(chunk))
        for public_id, contact_id in (await session.execute(query)).all():
            found[public_id] = contact_id
    return found


async def contact_full_names(session: AsyncSession) -> list[tuple[int, str]]:
    """(id, full name) of every contact: names are compared in Python, where case folding
    handles every alphabet (SQLite's ``lower()`` only knows ASCII)."""
    query = select(Contact.id, Contact.full_name).order_by(Contact.id)
    return [(id_, name) for id_, name in (await session.execute(query)).all()]


async def add_contact(session: AsyncSession, contact: Contact) -> int:
    session.add(contact)
    await session.flush()
    return contact.id


async def add_interactions(session: AsyncSession, interactions: Sequence[Interaction]) -> None:
    session.add_all(interactions)
    await session.flush()


async def count_interactions_with_keys(session: AsyncSession, keys: Sequence[str]) -> int:
    total = 0
    for chunk in _chunks(keys):
        query = (
            select(func.count()).select_from(Interaction).where(Interaction.dedup_key.in_(chunk))
        )
        total += int(await session.scalar(query) or 0)
    return total


async def count_orphan_legacy_interactions(session: AsyncSession) -> int:
    """Legacy interactions whose contact does not exist (must be 0)."""
    query = (
        select(func.count())
        .select_from(Interaction)
        .outerjoin(Contact, Contact.id == Interaction.contact_id)
        .where(Interaction.dedup_key.startswith(LEGACY_DEDUP_PREFIX, autoescape=True))
        .where(Contact.id.is_(None))
    )
    return int(await session.scalar(query) or 0)
