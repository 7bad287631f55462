"""Migration 0004 gives the contacts already stored their search text, and its index finds
them, on SQLite and PostgreSQL; downgrading removes what it added."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text

from linkedin_bot.db.engine import create_engine, create_session_factory
from linkedin_bot.db.migrate import downgrade, upgrade
from linkedin_bot.db.queries.contacts import ContactFilters, list_contacts

INSERT = text(
    "INSERT INTO contacts (public_id, profile_url, first_name, last_name, full_name, "
    "headline, company, status, blacklisted, source, created_at, updated_at) VALUES "
    "(:p, '', :f, :l, :n, :h, :c, 'connection', false, 'import', "
    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)
PEOPLE = [
    ("p1", "Étienne", "Lefèvre", "Étienne Lefèvre", "Ingénieur", "Société Générale"),
    ("p2", "Agnieszka", "Łęcka", "Agnieszka Łęcka", None, "Żabka"),
    ("p3", "Иван", "Петров", "Иван Петров", "Руководитель", None),
]


async def _fill_and_search(url: str, queries: list[str]) -> list[list[str]]:
    engine = create_engine(url)
    try:
        found = []
        sessions = create_session_factory(engine)
        for q in queries:
            async with sessions() as session:
                page = await list_contacts(session, ContactFilters(q=q), limit=50, cursor=None)
            found.append(sorted(str(row["full_name"]) for row in page.items))
        return found
    finally:
        await engine.dispose()


async def _insert(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            for p, f, last, n, h, c in PEOPLE:
                await conn.execute(
                    INSERT,
                    {"p": p, "f": f, "l": last, "n": n, "h": h, "c": c},
                )
    finally:
        await engine.dispose()


def _check_backfill(url: str) -> None:
    upgrade(url, "0003")
    asyncio.run(_insert(url))
    upgrade(url)
    found = asyncio.run(_fill_and_search(url, ["etienne", "lecka zabka", "иван", "ingenieur"]))
    assert found == [
        ["Étienne Lefèvre"],
        ["Agnieszka Łęcka"],
        ["Иван Петров"],
        ["Étienne Lefèvre"],
    ]
    downgrade(url, "0003")
    upgrade(url)
    assert asyncio.run(_fill_and_search(url, ["petrov", "петров"])) == [[], ["Иван Петров"]]


def test_backfill_on_sqlite(tmp_path: Path) -> None:
    """Contacts stored before 0004 are found by the search after the upgrade (SQLite: the
    FTS5 index rebuilt from the backfilled column), and again after a downgrade and
    upgrade."""
    _check_backfill(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")


@pytest.mark.postgres
def test_backfill_on_postgres(scratch_pg: str) -> None:
    """The same on PostgreSQL (the pg_trgm index built over the backfilled column)."""
    downgrade(scratch_pg, "0003")
    _check_backfill(scratch_pg)
