"""End-to-end fixtures: the simulator served locally, and the bot's runtime wired to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from linkedin_bot.core.clock import FrozenClock
from linkedin_bot.core.settings import Settings
from linkedin_bot.linkedin.auth import import_session
from linkedin_bot.linkedin.timeouts import FAST_TIMEOUTS
from linkedin_bot.wiring import Runtime, build_runtime
from sim import SimServer, SimState
from tests.helpers import Database, make_settings

TODAY = date(2026, 6, 15)
# 10:00 in Paris (summer time), inside working hours.
MORNING = datetime.combine(TODAY, time(8, 0), tzinfo=UTC)


@dataclass
class Bot:
    sim: SimServer
    state: SimState
    runtime: Runtime
    settings: Settings
    clock: FrozenClock


@pytest.fixture
def sim_server() -> Iterator[SimServer]:
    # LinkedIn's 2026 markup by default; a test on another variant says so.
    with SimServer(SimState(today=TODAY, variant="sdui")) as server:
        yield server


BotFactory = Callable[..., Any]


@pytest.fixture
async def make_bot(
    sim_server: SimServer, sqlite_db: Database, tmp_path: Path
) -> AsyncIterator[BotFactory]:
    """Builds the bot against the simulator; keyword arguments override settings."""
    opened: list[Runtime] = []

    async def factory(database: Database | None = None, **overrides: Any) -> Bot:
        db = database or sqlite_db
        values: dict[str, Any] = {
            "linkedin_base_url": sim_server.base_url,
            "process_late_birthdays": True,
        }
        values.update(overrides)
        settings = make_settings(tmp_path / "data", db.url, **values)
        import_session(settings, sim_server.state.valid_li_at)
        clock = FrozenClock(MORNING)
        runtime = await build_runtime(settings, clock=clock, timeouts=FAST_TIMEOUTS)
        opened.append(runtime)
        return Bot(sim_server, sim_server.state, runtime, settings, clock)

    yield factory
    for runtime in opened:
        await runtime.close()
