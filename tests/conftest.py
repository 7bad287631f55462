"""Shared fixtures: real SQLite files and the real PostgreSQL, migrated by Alembic.

SQLite: the schema is migrated once into a template file, copied for every test.
PostgreSQL: a database of our own on the server named by LINKEDIN_BOT_TEST_POSTGRES_URL
(default: the local server's ``test`` database as ``postgres``) is created and migrated
once per session; every test starts from empty tables. A missing server is an error, never a
skip: CI must not go green without having run these tests.
"""

from __future__ import annotations

import asyncio
import faulthandler
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import structlog
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from linkedin_bot.core.settings import Settings
from linkedin_bot.db.base import Base
from linkedin_bot.db.engine import create_engine, create_session_factory
from linkedin_bot.db.migrate import upgrade
from tests.helpers import Database, make_settings

POSTGRES_ADMIN_URL = os.environ.get(
    "LINKEDIN_BOT_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)


def _pg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def _recreate_pg_database(name: str) -> str:
    admin = await asyncpg.connect(_pg_dsn(POSTGRES_ADMIN_URL), timeout=10)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "linkedin.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    name = f"linkedin_bot_test_{os.getpid()}"
    try:
        url = asyncio.run(_recreate_pg_database(name))
    except (OSError, asyncpg.PostgresError) as exc:
        pytest.fail(f"PostgreSQL is required for these tests ({POSTGRES_ADMIN_URL}): {exc}")
    upgrade(url)
    yield url

    async def _drop() -> None:
        admin = await asyncpg.connect(_pg_dsn(POSTGRES_ADMIN_URL), timeout=10)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()

    asyncio.run(_drop())


async def _truncate_all(engine: AsyncEngine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    async with engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


async def _sqlite_database(template: Path, tmp_path: Path) -> Database:
    path = tmp_path / "linkedin.db"
    shutil.copyfile(template, path)
    url = f"sqlite+aiosqlite:///{path}"
    engine = create_engine(url)
    return Database("sqlite", url, engine, create_session_factory(engine))


@pytest.fixture
async def sqlite_db(sqlite_template: Path, tmp_path: Path) -> AsyncIterator[Database]:
    """A fresh, migrated SQLite file."""
    db = await _sqlite_database(sqlite_template, tmp_path)
    yield db
    await db.engine.dispose()


@pytest.fixture
async def postgres_db(postgres_url: str) -> AsyncIterator[Database]:
    """The session's migrated PostgreSQL database, with every table empty."""
    engine = create_engine(postgres_url)
    await _truncate_all(engine)
    yield Database("postgres", postgres_url, engine, create_session_factory(engine))
    await engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Database:
    """The same test on a SQLite file and on PostgreSQL."""
    fixture = "sqlite_db" if request.param == "sqlite" else "postgres_db"
    database: Database = request.getfixturevalue(fixture)
    return database


@pytest.fixture
def settings(sqlite_db: Database, tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data", sqlite_db.url)


# structlog caches a logger's processors at its first use (the product's setting, for speed):
# a logger first used by an earlier test of this process would then escape the
# `structlog.testing.capture_logs()` of a later one, and a test reading logs would pass or
# fail by the order tests ran in. In the test processes, loggers are never cached.
_structlog_configure = structlog.configure


def _configure_uncached(*args: Any, **kwargs: Any) -> None:
    kwargs["cache_logger_on_first_use"] = False
    _structlog_configure(*args, **kwargs)


structlog.configure = _configure_uncached
structlog.configure(cache_logger_on_first_use=False)


# Seconds a test process may take to exit once its tests are done. A process that does not
# (a thread or a child left running by a failed test) would keep the whole run waiting
# forever: its stacks are printed and it is ended. faulthandler's watchdog is a C thread,
# so it fires even while some C code holds the GIL, where pytest-timeout cannot.
EXIT_GRACE_S = 180


def pytest_unconfigure(config: pytest.Config) -> None:
    faulthandler.dump_traceback_later(EXIT_GRACE_S, exit=True)
