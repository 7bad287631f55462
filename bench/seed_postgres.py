"""Create, migrate and fill the ``linkedin_bot_bench`` database with binary COPY (asyncpg).

The secondary indexes (those that back no constraint) are dropped before the COPY and
rebuilt from ``pg_indexes`` afterwards; sequences are moved past the seeded ids; then
``VACUUM ANALYZE`` leaves the visibility map and statistics of a settled database.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from bench import datagen
from bench.config import BENCH_DATABASE, BenchConfig
from linkedin_bot.db.migrate import upgrade

SEEDED_TABLES = ("campaign_runs", "contacts", "interactions")
_SECONDARY_INDEXES = """
SELECT i.indexname, i.indexdef FROM pg_indexes i
WHERE i.schemaname = 'public' AND i.tablename = ANY($1::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
"""


def bench_url(server_url: str) -> str:
    return make_url(server_url).set(database=BENCH_DATABASE).render_as_string(hide_password=False)


def dsn(url: str) -> str:
    """The plain libpq DSN asyncpg takes, from a SQLAlchemy URL."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _admin(server_url: str, *statements: str) -> str:
    conn = await asyncpg.connect(dsn(server_url))
    try:
        for statement in statements:
            await conn.execute(statement)
        return str(await conn.fetchval("SHOW server_version"))
    finally:
        await conn.close()


def create_database(server_url: str) -> str:
    """A fresh, empty bench database; returns the server version."""
    return asyncio.run(
        _admin(
            server_url,
            f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)",
            f"CREATE DATABASE {BENCH_DATABASE}",
        )
    )


def drop_database(server_url: str) -> None:
    asyncio.run(_admin(server_url, f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)"))


async def _copy(conn: Any, table: str, columns: tuple[str, ...], rows: Any) -> None:
    await conn.copy_records_to_table(table, records=rows, columns=list(columns))


async def _load(url: str, cfg: BenchConfig, timeline: datagen.Timeline) -> dict[str, float]:
    timings: dict[str, float] = {}
    conn = await asyncpg.connect(dsn(url))
    try:
        await conn.execute("SET maintenance_work_mem = '512MB'; SET synchronous_commit = off")
        mark = time.perf_counter()
        indexes = await conn.fetch(_SECONDARY_INDEXES, list(SEEDED_TABLES))
        for row in indexes:
            await conn.execute(f'DROP INDEX "{row["indexname"]}"')
        ts, day = datagen.pg_ts, (lambda value: value)
        await _copy(conn, "campaign_runs", datagen.RUN_COLUMNS, datagen.runs(timeline, ts))
        for chunk in datagen.contacts(cfg.contacts, timeline, ts, day, cfg.seed):
            await _copy(conn, "contacts", datagen.CONTACT_COLUMNS, chunk)
        timings["contacts_s"] = time.perf_counter() - mark

        mark = time.perf_counter()
        rows = datagen.interactions(cfg.interactions, cfg.contacts, timeline, ts, cfg.seed)
        for chunk in rows:
            await _copy(conn, "interactions", datagen.INTERACTION_COLUMNS, chunk)
        timings["interactions_s"] = time.perf_counter() - mark

        mark = time.perf_counter()
        for row in indexes:
            await conn.execute(row["indexdef"])
        for table in SEEDED_TABLES:
            await conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        timings["indexes_s"] = time.perf_counter() - mark
        mark = time.perf_counter()
        await conn.execute("VACUUM ANALYZE")
        timings["analyze_s"] = time.perf_counter() - mark
        size = await conn.fetchval("SELECT pg_database_size(current_database())")
        timings["database_mb"] = size / 1e6
    finally:
        await conn.close()
    return timings


def seed(
    server_url: str, cfg: BenchConfig, timeline: datagen.Timeline
) -> tuple[str, dict[str, float]]:
    """Create, migrate and fill the bench database; return its URL and step timings."""
    url = bench_url(server_url)
    started = time.perf_counter()
    upgrade(url)
    timings = {"migrate_s": time.perf_counter() - started}
    timings |= asyncio.run(_load(url, cfg, timeline))
    timings["total_s"] = time.perf_counter() - started
    return url, timings
