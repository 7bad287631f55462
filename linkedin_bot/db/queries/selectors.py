"""Learned LinkedIn selectors (``linkedin_selectors``): what worked, how often, how lately.

One row per (element, selector), upserted with the dialect's ``INSERT ... ON CONFLICT``
so that two processes learning the same selector never collide. A success adds one to the
score; a failure halves it and takes one off, so a selector that worked for months but no
longer does drops out within a few runs instead of a hundred.

Each call is its own short transaction: the selector engine calls the store rarely (once
per selector and run, see ``linkedin/selector_engine.py``) and must not hold a write lock
on SQLite while the browser works.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.clock import utc_now
from linkedin_bot.core.logging import get_logger
from linkedin_bot.db.models import LinkedInSelector

log = get_logger("linkedin_bot.selectors")

MIN_LEARNED_SCORE = 0.0  # a selector at or below this is not tried ahead of the defaults
MAX_LEARNED_PER_ELEMENT = 5


def _table() -> Table:
    table = LinkedInSelector.__table__
    assert isinstance(table, Table)
    return table


def _insert(session: AsyncSession) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (SQLite and PostgreSQL alike)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(_table())
    return sqlite.insert(_table())


async def learned_selectors(session: AsyncSession, element: str) -> list[str]:
    """The element's learned selectors worth trying first: best score, then most recent."""
    stmt = (
        select(LinkedInSelector.selector)
        .where(LinkedInSelector.element == element)
        .where(LinkedInSelector.score > MIN_LEARNED_SCORE)
        .order_by(
            LinkedInSelector.score.desc(),
            LinkedInSelector.last_success_at.desc(),
            LinkedInSelector.id,
        )
        .limit(MAX_LEARNED_PER_ELEMENT)
    )
    return list((await session.scalars(stmt)).all())


async def record_selector_success(
    session: AsyncSession, element: str, selector: str, source: str
) -> None:
    now = utc_now()
    table = _table()
    stmt = _insert(session).values(
        element=element,
        selector=selector,
        source=source,
        score=1.0,
        success_count=1,
        failure_count=0,
        last_success_at=now,
        created_at=now,
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["element", "selector"],
        set_={
            "score": table.c.score + 1.0,
            "success_count": table.c.success_count + 1,
            "last_success_at": now,
        },
    )
    await session.execute(stmt)


async def record_selector_failure(session: AsyncSession, element: str, selector: str) -> None:
    now = utc_now()
    table = _table()
    stmt = _insert(session).values(
        element=element,
        selector=selector,
        source="learned",
        score=-1.0,
        success_count=0,
        failure_count=1,
        last_failure_at=now,
        created_at=now,
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["element", "selector"],
        set_={
            "score": table.c.score / 2.0 - 1.0,
            "failure_count": table.c.failure_count + 1,
            "last_failure_at": now,
        },
    )
    await session.execute(stmt)


class SqlSelectorStore:
    """The selector engine's store on the SQL database (SQLite or PostgreSQL).

    Best effort: what was learned is an optimisation, so a database that cannot be read or
    written at that moment (locked, unreachable, full) never fails the browser action that
    was learning; it is logged, and the defaults are used.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        read_sessions: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        self._sessions = sessions
        self._read_sessions = read_sessions or sessions  # reads never take the write lock

    async def learned(self, element: str) -> list[str]:
        try:
            async with self._read_sessions() as session:
                return await learned_selectors(session, element)
        except (SQLAlchemyError, OSError) as exc:
            _unavailable("read", element, exc)
            return []

    async def record_success(self, element: str, selector: str, source: str) -> None:
        try:
            async with self._sessions.begin() as session:
                await record_selector_success(session, element, selector, source)
        except (SQLAlchemyError, OSError) as exc:
            _unavailable("record_success", element, exc)

    async def record_failure(self, element: str, selector: str) -> None:
        try:
            async with self._sessions.begin() as session:
                await record_selector_failure(session, element, selector)
        except (SQLAlchemyError, OSError) as exc:
            _unavailable("record_failure", element, exc)


def _unavailable(what: str, element: str, exc: Exception) -> None:
    log.warning(
        "selector_store.unavailable",
        operation=what,
        element=element,
        error=f"{type(exc).__name__}: {exc}"[:300],
    )
