"""Apply and check Alembic migrations from code (CLI `db upgrade`, `serve` start, CI)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Migrations are named by date: 2026_11_21_0001_initial_schema.py
FILE_TEMPLATE = "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("file_template", FILE_TEMPLATE)
    # ConfigParser interpolation: a literal % in a password must be doubled.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (blocking; runs its own event loop)."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def check(url: str) -> None:
    """Fail if the models and the migrations disagree (``alembic check``)."""
    command.check(alembic_config(url))


async def upgrade_async(url: str, revision: str = "head") -> None:
    """:func:`upgrade` from inside a running event loop (it runs in a worker thread)."""
    await asyncio.to_thread(upgrade, url, revision)
