"""Fixtures for the driver's tests: one Chromium per module, a fresh simulator per test.

Browser test modules declare ``pytestmark = [pytest.mark.browser,
pytest.mark.asyncio(loop_scope="module")]`` so that they share the module's browser (and
its event loop); each test gets a fresh context through its own driver.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import Browser, async_playwright

from linkedin_bot.core.clock import FrozenClock, SystemClock
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.queries.selectors import SqlSelectorStore
from linkedin_bot.linkedin.auth import import_session, load_session
from linkedin_bot.linkedin.browser import find_executable, launch_flags
from linkedin_bot.linkedin.driver import LinkedInDriver
from linkedin_bot.linkedin.timeouts import Timeouts
from linkedin_bot.safety.breaker import LocalCircuitBreaker
from sim import SimServer, SimState
from tests.helpers import Database, make_settings

TODAY = date(2025, 10, 24)
NOW = datetime(2025, 10, 24, 9, 0, tzinfo=UTC)
# Short waits against the local simulator; the logic is the production one.
TEST_TIMEOUTS = Timeouts(
    navigation_ms=10_000, element_s=3.0, present_s=1.0, verify_s=2.0, lazy_idle_s=1.0
)


def seeded_state(seed: int = 11, *, variant: str = "sdui", **generate: int) -> SimState:
    """30 birthdays today and 10 over the last ten days, among 60 connections, served in
    LinkedIn's 2026 markup (sdui) unless a test asks for another variant."""
    params = {"connections": 60, "birthdays_today": 30, "birthdays_late": 10, "prospects": 10}
    return SimState.from_seed(seed, today=TODAY, variant=variant, **{**params, **generate})


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Browser]:
    """One headless Chromium for the whole module, launched as the driver launches it."""
    async with async_playwright() as pw:
        launched = await pw.chromium.launch(
            executable_path=find_executable(None), args=launch_flags(as_root=os.geteuid() == 0)
        )
        yield launched
        await launched.close()


@pytest.fixture
def sim_state() -> SimState:
    return seeded_state()


@pytest.fixture
def sim(sim_state: SimState) -> Iterator[SimServer]:
    """The live simulator (it answers its 999 fault with a real HTTP 999)."""
    with SimServer(sim_state) as server:
        yield server


@dataclass
class Harness:
    """Everything a driver needs, wired to the simulator and a fresh SQLite database."""

    sim: SimServer
    settings: Settings
    db: Database
    browser: Browser
    breaker: LocalCircuitBreaker = field(
        default_factory=lambda: LocalCircuitBreaker(clock=SystemClock())
    )

    @property
    def store(self) -> SqlSelectorStore:
        return SqlSelectorStore(self.db.sessions)

    def driver(self, **overrides: Any) -> LinkedInDriver:
        values: dict[str, Any] = {
            "run_id": "test",
            "timeouts": TEST_TIMEOUTS,
            "browser": self.browser,
        }
        values.update(overrides)
        return LinkedInDriver(
            self.settings,
            FrozenClock(NOW),
            self.breaker,
            self.store,
            load_session(self.settings),
            **values,
        )


@pytest.fixture
def harness(sim: SimServer, sqlite_db: Database, tmp_path: Path, browser: Browser) -> Harness:
    """A signed-in set-up: the simulator's li_at imported the way a user imports it."""
    settings = make_settings(tmp_path / "data", sqlite_db.url, linkedin_base_url=sim.base_url)
    import_session(settings, sim.state.valid_li_at)
    return Harness(sim, settings, sqlite_db, browser)
