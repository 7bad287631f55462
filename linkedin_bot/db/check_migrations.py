"""CI gate: the migrations apply from scratch and match the models (``alembic check``),
on a fresh SQLite file and on a scratch PostgreSQL database; then they downgrade cleanly.

PostgreSQL is taken from LINKEDIN_BOT_TEST_POSTGRES_URL (default: the local server). A
missing server fails the check: CI must not pass without having checked it.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from linkedin_bot.db.migrate import check, downgrade, upgrade

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


async def _admin(sql: str) -> None:
    url = os.environ.get("LINKEDIN_BOT_TEST_POSTGRES_URL", DEFAULT_PG)
    conn = await asyncpg.connect(url.replace("+asyncpg", ""), timeout=10)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def _roundtrip(url: str) -> None:
    upgrade(url)
    check(url)
    downgrade(url, "base")
    upgrade(url)
    check(url)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        _roundtrip(f"sqlite+aiosqlite:///{Path(tmp) / 'check.db'}")
    print("migrations: SQLite ok")  # noqa: T201  (CI output)
    name = f"linkedin_bot_migcheck_{os.getpid()}"
    base = os.environ.get("LINKEDIN_BOT_TEST_POSTGRES_URL", DEFAULT_PG)
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        _roundtrip(make_url(base).set(database=name).render_as_string(hide_password=False))
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    print("migrations: PostgreSQL ok")  # noqa: T201  (CI output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
