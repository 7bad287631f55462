"""Seed a fresh, migrated SQLite file: executemany of plain tuples, one transaction per table.

While seeding, durability is off (``synchronous=OFF``, rollback journal instead of WAL) and
the secondary indexes are dropped and rebuilt from their own DDL afterwards (a sorted build
is much faster than a million random B-tree inserts). The file ends in WAL mode, analysed,
exactly as the migration left it otherwise.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from bench import datagen
from bench.config import BenchConfig
from linkedin_bot.db.migrate import upgrade

SEEDED_TABLES = ("campaign_runs", "contacts", "interactions")


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _drop_secondary_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the explicit indexes of the seeded tables; return their DDL to rebuild them."""
    marks = ",".join("?" * len(SEEDED_TABLES))
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks})",
        SEEDED_TABLES,
    ).fetchall()
    for name, _ in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in rows]


def seed(path: Path, cfg: BenchConfig, timeline: datagen.Timeline) -> tuple[str, dict[str, float]]:
    """Migrate and fill ``path``; return its URL and the seconds each step took."""
    url = f"sqlite+aiosqlite:///{path.as_posix()}"
    timings: dict[str, float] = {}
    started = time.perf_counter()
    upgrade(url)
    timings["migrate_s"] = time.perf_counter() - started

    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in (
            "journal_mode=DELETE",
            "synchronous=OFF",
            "cache_size=-1000000",
            "temp_store=MEMORY",
            "foreign_keys=OFF",
        ):
            conn.execute(f"PRAGMA {pragma}")
        mark = time.perf_counter()
        indexes = _drop_secondary_indexes(conn)
        ts, day = datagen.sqlite_ts, datagen.sqlite_day
        conn.execute("BEGIN")
        conn.executemany(
            _insert_sql("campaign_runs", datagen.RUN_COLUMNS), datagen.runs(timeline, ts)
        )
        for chunk in datagen.contacts(cfg.contacts, timeline, ts, day, cfg.seed):
            conn.executemany(_insert_sql("contacts", datagen.CONTACT_COLUMNS), chunk)
        conn.execute("COMMIT")
        timings["contacts_s"] = time.perf_counter() - mark

        mark = time.perf_counter()
        conn.execute("BEGIN")
        rows = datagen.interactions(cfg.interactions, cfg.contacts, timeline, ts, cfg.seed)
        for chunk in rows:
            conn.executemany(_insert_sql("interactions", datagen.INTERACTION_COLUMNS), chunk)
        conn.execute("COMMIT")
        timings["interactions_s"] = time.perf_counter() - mark

        mark = time.perf_counter()
        for ddl in indexes:
            conn.execute(ddl)
        timings["indexes_s"] = time.perf_counter() - mark
        mark = time.perf_counter()
        conn.execute("ANALYZE")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        timings["analyze_s"] = time.perf_counter() - mark
        problems = conn.execute("PRAGMA foreign_key_check").fetchmany(1)
        if problems:
            raise RuntimeError(f"seeded rows break a foreign key: {problems}")
    finally:
        conn.close()
    timings["total_s"] = time.perf_counter() - started
    timings["file_mb"] = path.stat().st_size / 1e6
    return url, timings


def version() -> str:
    return sqlite3.sqlite_version
