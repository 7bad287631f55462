"""The schema revision a database is at (Alembic's ``alembic_version``), read only."""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import AsyncSession

VERSION_TABLE = "alembic_version"


def _has_version_table(connection: Connection) -> bool:
    return inspect(connection).has_table(VERSION_TABLE)


async def schema_revision(session: AsyncSession) -> str | None:
    """The revision the database was migrated to; None when it never was."""
    connection = await session.connection()
    if not await connection.run_sync(_has_version_table):
        return None
    row = await session.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))  # noqa: S608  (a constant table name)
    value = row.scalar()
    return str(value) if value is not None else None
