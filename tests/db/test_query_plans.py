"""The queries that run every day read an index, on both backends (checked with EXPLAIN)."""

from __future__ import annotations

import pytest
from sqlalchemy import Select, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite

from linkedin_bot.db.models import Contact, Interaction
from linkedin_bot.db.queries.contacts import ContactFilters, filtered_contacts
from tests.builders import BASE_TIME
from tests.helpers import Database


def _sql(db: Database, stmt: Select) -> str:  # type: ignore[type-arg]
    dialect = sqlite.dialect() if db.backend == "sqlite" else postgresql.dialect()
    return str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


ROWS = 5000


@pytest.fixture
async def populated(db: Database) -> Database:
    """5,000 contacts and 5,000 interactions, analysed, so the planners see real statistics."""
    contacts = [
        {
            "public_id": f"p{i}",
            "profile_url": f"https://www.linkedin.com/in/p{i}/",
            "first_name": "F",
            "last_name": "L",
            "full_name": f"F L{i}",
            "status": "prospect" if i % 10 == 0 else "connection",  # a selective filter
            "birth_month": i % 12 + 1,
            "birth_day": i % 28 + 1,
            "blacklisted": False,
            "source": "import",
            "created_at": BASE_TIME,
            "updated_at": BASE_TIME,
        }
        for i in range(ROWS)
    ]
    async with db.engine.begin() as conn:
        await conn.execute(insert(Contact), contacts)
        ids = (await conn.execute(select(Contact.id))).scalars().all()
        await conn.execute(
            insert(Interaction),
            [
                {
                    "contact_id": cid,
                    "type": "profile_visit" if n % 10 == 0 else "birthday_message",
                    "status": "sent",
                    "payload": {},
                    "created_at": BASE_TIME,
                    "updated_at": BASE_TIME,
                }
                for n, cid in enumerate(ids)
            ],
        )
        await conn.execute(text("ANALYZE"))
    return db


async def _plan(db: Database, sql: str) -> str:
    async with db.engine.connect() as conn:
        if db.backend == "sqlite":
            rows = await conn.execute(text(f"EXPLAIN QUERY PLAN {sql}"))
            return "\n".join(str(r[-1]) for r in rows)
        rows = await conn.execute(text(f"EXPLAIN {sql}"))
        return "\n".join(str(r[0]) for r in rows)


async def test_todays_birthdays_use_the_month_day_index(populated: Database) -> None:
    """Finding today's birthdays (any year) is an index lookup, not a table scan."""
    stmt = Contact.__table__.select().where(Contact.birth_month == 3, Contact.birth_day == 14)
    plan = await _plan(populated, _sql(populated, stmt))
    assert "ix_contacts_birth_month_birth_day" in plan


async def test_contact_pages_read_in_index_order(populated: Database) -> None:
    """A deep page of contacts is one seek in the primary key, with no sort step."""
    stmt = filtered_contacts(ContactFilters()).where(Contact.id < 5000)
    stmt = stmt.order_by(Contact.id.desc()).limit(51)
    plan = await _plan(populated, _sql(populated, stmt))
    assert "TEMP B-TREE" not in plan.upper()
    assert "Sort" not in plan
    assert ("USING INTEGER PRIMARY KEY" in plan) or ("pk_contacts" in plan)


async def test_status_filter_reads_the_status_index_in_order(populated: Database) -> None:
    """The status filter of /contacts reads idx_contact_status in id order, without sorting."""
    stmt = filtered_contacts(ContactFilters(status="prospect")).where(Contact.id < 5000)
    stmt = stmt.order_by(Contact.id.desc()).limit(51)
    plan = await _plan(populated, _sql(populated, stmt))
    assert "idx_contact_status" in plan
    assert "TEMP B-TREE" not in plan.upper()
    assert "Sort" not in plan


async def test_interaction_type_filter_reads_in_order(populated: Database) -> None:
    """/interactions?type=... reads its index in id order, without sorting."""
    table = Interaction.__table__
    stmt = (
        table.select()
        .where(table.c.type == "profile_visit", table.c.id < 5000)
        .order_by(table.c.id.desc())
        .limit(51)
    )
    plan = await _plan(populated, _sql(populated, stmt))
    assert "ix_interactions_type_id" in plan
    assert "TEMP B-TREE" not in plan.upper()
    assert "Sort" not in plan
