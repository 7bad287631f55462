"""A busy, unreachable or full database answers what it is (503 with Retry-After, 507), as
JSON, never a 500: in process here, on the real engines; `serve` itself is exercised in
tests/api/test_serve_limits.py."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from linkedin_bot.db import engine as db_engine
from tests.api.conftest import Api, start_api
from tests.conftest import POSTGRES_ADMIN_URL, _pg_dsn
from tests.helpers import Database, make_settings

SEARCH_URL = "https://www.linkedin.com/search/results/people/?keywords=python"


@pytest.fixture
async def impatient_api(
    sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Api]:
    """The app on a SQLite file whose busy timeout is 200 ms instead of 15 s (the wait is
    the same mechanism, shorter)."""
    monkeypatch.setattr(db_engine, "SQLITE_BUSY_TIMEOUT_MS", 200)
    async for started in start_api(make_settings(tmp_path / "data", sqlite_db.url)):
        yield started


def assert_busy(response: Any) -> None:
    assert response.status_code == 503, response.text
    assert int(response.headers["retry-after"]) >= 1
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["error"] == "database_busy"
    assert "busy" in body["detail"]


async def test_locked_sqlite_is_503_with_retry_after(impatient_api: Api, tmp_path: Path) -> None:
    """While another process holds SQLite's write lock past the busy timeout, a write is a
    503 `database_busy` with Retry-After (it was a 500); reads still answer (WAL), and the
    write works once the lock is released."""
    holder = sqlite3.connect(tmp_path / "linkedin.db", isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        assert_busy(await impatient_api.client.post("/campaigns/birthday", json={"dry_run": True}))
        assert_busy(await impatient_api.client.post("/campaigns/runs/1/cancel"))
        assert (await impatient_api.client.get("/contacts")).status_code == 200
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    response = await impatient_api.client.post("/campaigns/birthday", json={"dry_run": True})
    assert response.status_code == 202
    await impatient_api.runtime.campaigns.wait(response.json()["id"])


def big_criteria() -> dict[str, object]:
    """Criteria at their bounds: a run's parameters of several pages."""
    terms = [f"{n:02d}" + "k" * 98 for n in range(20)]
    return {
        "keywords": terms,
        "excluded_keywords": [t.upper() for t in terms],
        "locations": [t.title() for t in terms],
        "required_skills": [f"{n:02d}" + "s" * 98 for n in range(30)],
    }


async def test_full_sqlite_is_507_and_writes_nothing(api: Api) -> None:
    """When SQLite can grow no more (SQLITE_FULL: a full disk; here its page limit), a write
    is a 507 `storage_full` saying the disk is full, and no run is recorded."""

    def no_new_pages(dbapi_connection: Any, _record: Any) -> None:
        # No free page left either (the migrations' table rebuilds leave some): the next
        # write needs a new page, which the limit refuses.
        dbapi_connection.execute("VACUUM")
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    event.listen(api.runtime.engine.sync_engine, "connect", no_new_pages)
    await api.runtime.engine.dispose()
    body = {"search_url": SEARCH_URL, "criteria": big_criteria(), "dry_run": True}
    response = await api.client.post("/campaigns/sourcing", json=body)
    assert response.status_code == 507, response.text
    assert response.json()["error"] == "storage_full"
    assert "disk is full" in response.json()["detail"]
    assert (await api.client.get("/campaigns/runs")).json()["items"] == []


@pytest.fixture
async def role_without_connections(postgres_url: str) -> AsyncIterator[str]:
    """A database URL whose role may open no connection: PostgreSQL answers "too many
    connections" (SQLSTATE 53300), as when max_connections is reached."""
    role = f"linkedin_bot_noconn_{os.getpid()}"
    admin = await asyncpg.connect(_pg_dsn(POSTGRES_ADMIN_URL), timeout=10)
    try:
        await admin.execute(f'DROP ROLE IF EXISTS "{role}"')
        await admin.execute(f'CREATE ROLE "{role}" LOGIN CONNECTION LIMIT 0')
        yield make_url(postgres_url).set(username=role).render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP ROLE IF EXISTS "{role}"')
        await admin.close()


@pytest.mark.postgres
async def test_postgres_out_of_connections_is_503(
    role_without_connections: str, tmp_path: Path
) -> None:
    """PostgreSQL refusing a connection ("too many connections") is a 503 `database_busy`
    with Retry-After on reads and writes, not a 500; a CSV export says so before it starts
    (not a 200 cut short)."""
    settings = make_settings(tmp_path / "data", role_without_connections)
    async for api in start_api(settings):
        assert_busy(await api.client.get("/contacts"))
        assert_busy(await api.client.get("/contacts", params={"format": "csv"}))
        assert_busy(await api.client.get("/campaigns/runs/7"))
        assert_busy(await api.client.post("/campaigns/birthday", json={"dry_run": True}))
