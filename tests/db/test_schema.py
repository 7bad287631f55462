"""The migrated schema: the plan's indexes, SQLite pragmas, UTC times, constraints."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError, StatementError

from linkedin_bot.db.models import Contact
from tests.builders import contact
from tests.helpers import Database

PLAN_INDEXES = {
    "contacts": {"idx_contact_birth_date", "idx_contact_status", "idx_contact_created_at"},
    "interactions": {"idx_interaction_contact_type"},
    "linkedin_selectors": {"idx_selector_success"},
}


async def test_plan_indexes_exist_under_their_names(db: Database) -> None:
    """The production plan's five indexes exist after migration, on SQLite and PostgreSQL."""
    async with db.engine.connect() as conn:
        found = await conn.run_sync(
            lambda sync: {
                table: {ix["name"] for ix in inspect(sync).get_indexes(table)}
                for table in PLAN_INDEXES
            }
        )
    for table, names in PLAN_INDEXES.items():
        assert names <= found[table], table


async def test_legacy_table_is_not_created(db: Database) -> None:
    """birthday_messages is only an import source: our migrations never create it."""
    async with db.engine.connect() as conn:
        tables = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    assert "birthday_messages" not in tables
    assert {"contacts", "interactions", "campaign_runs", "linkedin_selectors"} <= set(tables)


async def test_sqlite_runs_in_wal_with_foreign_keys(sqlite_db: Database) -> None:
    """The SQLite file is in WAL mode, with a busy timeout and foreign keys enforced."""
    async with sqlite_db.engine.connect() as conn:
        assert (await conn.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
        assert (await conn.execute(text("PRAGMA foreign_keys"))).scalar() == 1
        assert (await conn.execute(text("PRAGMA busy_timeout"))).scalar() >= 5000


async def test_times_come_back_in_utc(db: Database) -> None:
    """A time stored from any zone is read back as the same instant, in UTC."""
    paris_summer = datetime(2026, 7, 1, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    async with db.sessions.begin() as session:
        session.add(contact(public_id="tz", created_at=paris_summer))
    async with db.sessions() as session:
        stored = await session.scalar(select(Contact.created_at).where(Contact.public_id == "tz"))
    assert stored == paris_summer
    assert stored is not None
    assert stored.tzinfo == UTC


async def test_naive_times_are_refused(db: Database) -> None:
    """A naive datetime is refused rather than stored as an ambiguous time."""
    with pytest.raises(StatementError, match="naive datetime"):
        async with db.sessions.begin() as session:
            session.add(contact(public_id="naive", created_at=datetime(2026, 1, 1)))


async def test_public_id_is_unique(db: Database) -> None:
    """Two contacts can never share a profile: the database refuses the second one."""
    async with db.sessions.begin() as session:
        session.add(contact(public_id="same"))
    with pytest.raises(IntegrityError):
        async with db.sessions.begin() as session:
            session.add(contact(public_id="same"))


async def test_status_is_checked(db: Database) -> None:
    """An unknown contact status is refused by the database itself."""
    with pytest.raises(IntegrityError):
        async with db.sessions.begin() as session:
            session.add(contact(status="friend"))
