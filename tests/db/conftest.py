"""Fixtures of the database tests: a scratch PostgreSQL database of a test's own."""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import Iterator

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from linkedin_bot.db.migrate import upgrade

ADMIN_URL = os.environ.get(
    "LINKEDIN_BOT_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
# Trust authentication ignores it; it is here so that the tests can look for it in argv.
FAKE_PASSWORD = "pw-Must-Never-Show-7f3a"


async def _admin(sql: str) -> None:
    dsn = make_url(ADMIN_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn, timeout=10)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture
def scratch_pg() -> Iterator[str]:
    """A migrated PostgreSQL database of this test's own, dropped afterwards."""
    name = f"linkedin_bot_backup_{os.getpid()}_{secrets.token_hex(4)}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    url = make_url(ADMIN_URL).set(database=name)
    if url.password is None:
        url = url.set(password=FAKE_PASSWORD)
    rendered = url.render_as_string(hide_password=False)
    try:
        upgrade(rendered)
        yield rendered
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
