"""Liveness and readiness probes."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import create_async_engine

from tests.api.conftest import Api


async def test_health_needs_no_key_and_no_database(api: Api) -> None:
    """/health answers 200 without an API key and without touching the database."""
    await api.runtime.engine.dispose()
    api.runtime.engine = create_async_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    response = await api.anonymous.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "healthy"


async def test_ready_reports_the_database(api_any: Api) -> None:
    """/ready is 200 with database ok on SQLite and on PostgreSQL, and needs no key."""
    response = await api_any.anonymous.get("/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["redis"] == "not_configured"
    assert body["status"] == "ready"


async def test_ready_is_503_when_the_database_is_down(api: Api) -> None:
    """/ready answers 503 with a JSON body naming the database when it cannot be reached."""
    await api.runtime.engine.dispose()
    api.runtime.engine = create_async_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    response = await api.anonymous.get("/ready")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert response.json()["status"] == "not_ready"
