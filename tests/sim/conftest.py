"""Fixtures for the simulator's own tests: state, in-process client, live server, Chromium."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date

import httpx
import pytest
from playwright.async_api import Browser, BrowserContext, async_playwright

from sim import SimServer, SimState, create_app

TODAY = date(2025, 10, 24)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives a real headless Chromium")


def _make_state(seed: int = 7, **generate: int) -> SimState:
    params = {"connections": 40, "birthdays_today": 5, "birthdays_late": 3, "prospects": 60}
    return SimState.from_seed(seed, today=TODAY, **{**params, **generate})


@pytest.fixture
def make_state() -> Callable[..., SimState]:
    """Factory of seeded states on a fixed 'today' (2025-10-24); kwargs go to generate_people."""
    return _make_state


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def sim_state() -> SimState:
    return _make_state()


def asgi_client(state: SimState, *, signed_in: bool = True) -> httpx.AsyncClient:
    cookies = {"li_at": state.valid_li_at} if signed_in else {}
    transport = httpx.ASGITransport(app=create_app(state))
    return httpx.AsyncClient(transport=transport, base_url="http://sim.test", cookies=cookies)


@pytest.fixture
def client_for() -> Callable[[SimState], httpx.AsyncClient]:
    """Factory of signed-in in-process clients for a given state (use with `async with`)."""
    return asgi_client


@pytest.fixture
async def client(sim_state: SimState) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(sim_state) as c:
        yield c


@pytest.fixture
async def anon_client(sim_state: SimState) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(sim_state, signed_in=False) as c:
        yield c


@pytest.fixture
async def sim_server(sim_state: SimState) -> AsyncIterator[SimServer]:
    async with SimServer(sim_state) as server:
        yield server


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as pw:
        launched = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


@pytest.fixture
async def signed_in_context(
    browser: Browser, sim_server: SimServer
) -> AsyncIterator[BrowserContext]:
    """A browser context carrying the valid `li_at` cookie for the live simulator."""
    context = await browser.new_context(base_url=sim_server.base_url)
    cookie = {"name": "li_at", "value": sim_server.state.valid_li_at, "url": sim_server.base_url}
    await context.add_cookies([cookie])  # type: ignore[list-item]
    yield context
    await context.close()
