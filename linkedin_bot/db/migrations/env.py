"""Alembic environment: runs migrations on the async engine of the configured database."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

from linkedin_bot.db import models  # registers the tables on Base.metadata
from linkedin_bot.db.base import Base
from linkedin_bot.db.engine import create_engine

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from linkedin_bot.core.settings import get_settings  # noqa: PLC0415  (only for the CLI)

    return get_settings().effective_database_url


def _include_name(dialect: str) -> Callable[[str | None, str, Any], bool]:
    """What autogenerate compares: not SQLite's FTS5 search table and its shadow tables
    (created by migration 0004 with raw SQL; SQLAlchemy cannot describe a virtual table)."""

    def include(name: str | None, type_: str, _parents: Any) -> bool:
        search_table = models.SQLITE_SEARCH_TABLE
        return not (
            dialect == "sqlite"
            and type_ == "table"
            and name is not None
            and (name == search_table or name.startswith(f"{search_table}_"))
        )

    return include


def _include_object(dialect: str) -> Callable[[Any, str | None, str, bool, Any], bool]:
    """An object of the models marked ``info={"only_on": dialect}`` exists on that backend
    only (the PostgreSQL trigram index of the search)."""

    def include(obj: Any, _name: str | None, _type: str, _reflected: bool, _other: Any) -> bool:
        only_on = getattr(obj, "info", {}).get("only_on")
        return only_on is None or only_on == dialect

    return include


def _configure(connection: Connection) -> None:
    dialect = connection.dialect.name
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=dialect == "sqlite",
        compare_type=True,
        compare_server_default=True,
        include_name=_include_name(dialect),
        include_object=_include_object(dialect),
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    engine = create_engine(_url(), pool_size=1)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_configure)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())
