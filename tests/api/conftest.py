"""API fixtures: the real app (lifespan run) over a real database, through httpx's ASGI
transport."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from linkedin_bot.api.app import create_app
from linkedin_bot.core.settings import Settings
from linkedin_bot.wiring import Runtime
from tests.helpers import TEST_API_KEY, Database, make_settings


@dataclass
class Api:
    app: FastAPI
    client: httpx.AsyncClient  # sends the API key
    anonymous: httpx.AsyncClient  # sends no key
    runtime: Runtime
    settings: Settings


async def start_api(settings: Settings, **overrides: Any) -> AsyncIterator[Api]:
    """The app's lifespan run, with clients; ``overrides`` go to the runtime (a clock)."""
    app = create_app(settings, migrate=False, runtime_overrides=overrides)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with (
            httpx.AsyncClient(
                transport=transport,
                base_url="http://test",
                headers={"X-API-Key": TEST_API_KEY},
            ) as client,
            httpx.AsyncClient(transport=transport, base_url="http://test") as anonymous,
        ):
            yield Api(app, client, anonymous, app.state.runtime, settings)


@pytest.fixture
async def api(sqlite_db: Database, tmp_path: Path) -> AsyncIterator[Api]:
    """The app on a fresh SQLite file."""
    async for started in start_api(make_settings(tmp_path / "data", sqlite_db.url)):
        yield started


@pytest.fixture
async def api_any(db: Database, tmp_path: Path) -> AsyncIterator[Api]:
    """The app on SQLite, then on PostgreSQL."""
    async for started in start_api(make_settings(tmp_path / "data", db.url)):
        yield started
