"""The queries that run every day read an index, on both backends (checked with EXPLAIN)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Select, insert, select, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.postgresql import asyncpg

from linkedin_bot.db.models import Contact, Interaction
from linkedin_bot.db.queries.contacts import ContactFilters, filtered_contacts
from linkedin_bot.db.queries.contacts_birthdays import (
    BirthdayWindow,
    birthday_ranges,
    range_statement,
)
from linkedin_bot.db.queries.ledger import window_count
from tests.builders import BASE_TIME
from tests.helpers import Database


def _sql(db: Database, stmt: Select) -> str:  # type: ignore[type-arg]
    dialect = sqlite.dialect() if db.backend == "sqlite" else asyncpg.dialect()
    return str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


ROWS = 5000
# A few contacts a search finds among the 5,000 (the others are "F L<n>" at "Company <n>").
NEEDLES = ("Étienne Lefèvre", "Agnieszka Łęcka", "Иван Петров", "王伟")


def _dialect(db: Database) -> str:
    return "sqlite" if db.backend == "sqlite" else "postgresql"


@pytest.fixture
async def populated(db: Database) -> Database:
    """5,000 contacts and 5,000 interactions, analysed, so the planners see real statistics."""
    contacts = [
        {
            "public_id": f"p{i}",
            "profile_url": f"https://www.linkedin.com/in/p{i}/",
            "first_name": "F",
            "last_name": "L",
            "full_name": NEEDLES[i % 1000] if i % 1000 < len(NEEDLES) else f"F L{i}",
            "company": f"Company {i}",
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
                    "quota_day": date(2026, 1, 1) + timedelta(days=n % 365),
                    "payload": {},
                    "created_at": BASE_TIME,
                    "updated_at": BASE_TIME,
                }
                for n, cid in enumerate(ids)
            ],
        )
        if db.backend == "postgres":
            # What autovacuum does on a live database: the rows inserted after the index
            # was built move from GIN's pending list into the index proper.
            await conn.execute(
                text("SELECT gin_clean_pending_list('ix_contacts_search_text_trgm')")
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
    stmt = filtered_contacts(ContactFilters(), _dialect(populated)).where(Contact.id < 5000)
    stmt = stmt.order_by(Contact.id.desc()).limit(51)
    plan = await _plan(populated, _sql(populated, stmt))
    assert "TEMP B-TREE" not in plan.upper()
    assert "Sort" not in plan
    assert ("USING INTEGER PRIMARY KEY" in plan) or ("pk_contacts" in plan)


async def test_status_filter_reads_the_status_index_in_order(populated: Database) -> None:
    """The status filter of /contacts reads an index in id order, without sorting:
    idx_contact_status, or (PostgreSQL, when it costs it lower for a filter that keeps one
    row in ten, as it does since contacts carry their search text) the primary key
    backwards, stopping at the page's end."""
    stmt = filtered_contacts(ContactFilters(status="prospect"), _dialect(populated))
    stmt = stmt.where(Contact.id < 5000)
    stmt = stmt.order_by(Contact.id.desc()).limit(51)
    plan = await _plan(populated, _sql(populated, stmt))
    if populated.backend == "sqlite":
        assert "idx_contact_status" in plan, plan
    else:
        assert "idx_contact_status" in plan or "Index Scan Backward using pk_contacts" in plan
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


@pytest.mark.parametrize("q", ["etienne", "lecka petr", "иван", "王", "fe"])
async def test_search_reads_the_trigram_index(populated: Database, q: str) -> None:
    """A search (accent-free, several words, Cyrillic, a one-character CJK word, a short
    word start) is served by the search index: the FTS5 trigram table on SQLite, the pg_trgm
    GIN index on PostgreSQL; never a scan of every contact's text."""
    stmt = filtered_contacts(ContactFilters(q=q), _dialect(populated))
    stmt = stmt.order_by(Contact.id.desc()).limit(51)
    plan = await _plan(populated, _sql(populated, stmt))
    if populated.backend == "sqlite":
        assert "VIRTUAL TABLE INDEX 0:M" in plan, plan
        assert "SEARCH contacts USING INTEGER PRIMARY KEY" in plan, plan
        assert "SCAN contacts\n" not in plan + "\n", plan
    else:
        assert "ix_contacts_search_text_trgm" in plan, plan
        assert "Seq Scan" not in plan, plan


async def test_upcoming_birthdays_read_the_month_day_index(populated: Database) -> None:
    """GET /contacts?birthday_within=N reads each (month, day) range from the birthday
    index, in its order, on both backends."""
    window = BirthdayWindow(date(2026, 12, 28), 10)
    base = filtered_contacts(ContactFilters(status="connection"), _dialect(populated))
    for month_days in birthday_ranges(window.today, window.days):
        for after in (None, (12, 30, 4000)):
            stmt = range_statement(base, month_days, after).limit(51)
            plan = await _plan(populated, _sql(populated, stmt))
            assert "ix_contacts_birth_month_birth_day" in plan, plan


async def test_the_shared_message_quota_reads_the_quota_day_index(populated: Database) -> None:
    """Counting a day's messages of every kind (the quota they share) reads the
    (type, quota_day) index, not the whole table."""
    stmt = window_count("anniversary_message", date(2026, 3, 1), date(2026, 3, 7))
    plan = await _plan(populated, _sql(populated, stmt))
    assert "ix_interactions_type_quota_day" in plan, plan
