"""Schemathesis against our own OpenAPI schema, over HTTP, on a populated database: SQLite,
then PostgreSQL (whose 32-bit ids and text without NUL are where 500s hid)."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from linkedin_bot.api.app import create_app
from linkedin_bot.db.engine import create_engine, create_session_factory
from tests.builders import contact, interaction
from tests.conftest import _truncate_all
from tests.helpers import TEST_API_KEY, make_settings
from tests.live_server import LiveServer


async def _populate(url: str) -> None:
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        people = [
            contact(fit_score=float(n * 9), birth_month=n + 1, birth_day=n + 1) for n in range(10)
        ]
        session.add_all(people)
        await session.flush()
        session.add_all([interaction(p.id) for p in people for _ in range(3)])
    await engine.dispose()


async def _empty(url: str) -> None:
    engine = create_engine(url)
    await _truncate_all(engine)
    await engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def live_api(
    request: pytest.FixtureRequest,
    sqlite_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """The app served over HTTP on a populated SQLite file, then on PostgreSQL."""
    directory = tmp_path_factory.mktemp("fuzz")
    if request.param == "sqlite":
        shutil.copyfile(sqlite_template, directory / "linkedin.db")
        url = f"sqlite+aiosqlite:///{directory / 'linkedin.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
        asyncio.run(_empty(url))
    asyncio.run(_populate(url))
    app = create_app(make_settings(directory / "data", url), migrate=False)
    with LiveServer(app) as base_url:
        yield base_url


@pytest.mark.slow
@pytest.mark.timeout(300)  # schemathesis' run: about a minute, several on a loaded machine
def test_api_conforms_to_its_schema(live_api: str, tmp_path: Path) -> None:
    """Schemathesis' generated requests, valid and invalid, with and without the key, never
    get a 5xx, and every response matches the documented schema, codes and content types."""
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "schemathesis"),
            "run",
            f"{live_api}/openapi.json",
            "--header",
            f"X-API-Key: {TEST_API_KEY}",
            "--checks",
            "all",
            # A cursor is an opaque token handed out by the API: any string fits its schema,
            # but only ours decode, so "schema-valid request rejected" cannot hold for it.
            "--exclude-checks",
            "positive_data_acceptance",
            # 30 generated requests per operation and check kind, with a fixed seed: the
            # same cases every run (60 took two minutes per backend on a 2-core machine).
            "--max-examples",
            "30",
            "--workers",
            "1",
            "--seed",
            "20261121",
            "--suppress-health-check",
            "all",
            "--warnings",
            "off",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
