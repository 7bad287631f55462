"""Dashboard fixtures.

- ``web``: the app in this process (its lifespan run, a real SQLite file) with a client that
  signed in through the sign-in form, for the pages' logic and their forms' errors.
- ``live``: the real thing, once per test module: the simulator, `linkedin-bot serve` as a
  process against it (the session imported with `auth import`), and headless Chromium.
  ``page`` is a fresh browser context on it; at its end the test fails if the page logged a
  console error or a request failed (the issue: "no console error and no failed request").
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Request, sync_playwright

from linkedin_bot.linkedin.browser import find_executable, launch_flags
from sim import SimServer, SimState
from tests.api.conftest import Api, start_api
from tests.helpers import TEST_API_KEY, Database, make_settings
from tests.processes import bot_env, import_session, serving

PARIS = ZoneInfo("Europe/Paris")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# `make screenshots` sets this to docs/screenshots; otherwise they go to the test's tmp dir.
SHOTS_ENV = "DASHBOARD_SCREENSHOTS"


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found is not None, "no CSRF field on the page"
    return found.group(1)


@dataclass
class Web:
    api: Api
    client: httpx.AsyncClient  # signed in through the form (no API key header)
    anonymous: httpx.AsyncClient

    async def csrf(self, path: str = "/") -> str:
        page = await self.client.get(path)
        assert page.status_code == 200, page.text
        return csrf_of(page.text)

    async def post(self, path: str, data: dict[str, Any], page: str = "/") -> httpx.Response:
        """A form posted as the browser posts it: this session's CSRF token, same origin."""
        token = await self.csrf(page)
        return await self.client.post(
            path, data={"csrf": token, **data}, headers={"Origin": "http://test"}
        )


async def sign_in(client: httpx.AsyncClient, credential: str = TEST_API_KEY) -> httpx.Response:
    return await client.post(
        "/sign-in", data={"credential": credential, "next": "/"}, headers={"Origin": "http://test"}
    )


@pytest.fixture
async def web(sqlite_db: Database, tmp_path: Path) -> AsyncIterator[Web]:
    settings = make_settings(tmp_path / "data", sqlite_db.url)
    async for api in start_api(settings):
        transport = httpx.ASGITransport(app=api.app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            signed = await sign_in(client)
            assert signed.status_code == 303, signed.text
            yield Web(api, client, api.anonymous)


def local_today() -> Any:
    return datetime.now(PARIS).date()


@dataclass
class Live:
    base_url: str
    sim: SimServer
    env: dict[str, str]
    data: Path
    browser: Browser
    log: Path


@pytest.fixture(scope="module")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def live(
    tmp_path_factory: pytest.TempPathFactory, playwright_instance: Playwright
) -> Iterator[Live]:
    """Simulator + `serve` process + Chromium, for the whole module. Working hours are the
    whole day (the suite runs at any hour), the pauses between people are off."""
    root = tmp_path_factory.mktemp("dashboard")
    state = SimState.from_seed(5, today=local_today(), variant="sdui")
    with SimServer(state) as sim:
        env = bot_env(
            root / "data",
            f"sqlite+aiosqlite:///{root / 'data' / 'bot.db'}",
            linkedin_base_url=sim.base_url,
            working_hours_start="0",
            working_hours_end="24",
            process_late_birthdays="true",
        )
        import_session(env, root, state.valid_li_at)
        log = root / "serve.log"
        with serving(env, root, log) as client:
            browser = playwright_instance.chromium.launch(
                executable_path=find_executable(None), args=launch_flags(as_root=os.geteuid() == 0)
            )
            try:
                yield Live(str(client.base_url).rstrip("/"), sim, env, root / "data", browser, log)
            finally:
                browser.close()


@dataclass
class Watched:
    """What went wrong on a page: console errors, failed requests, 5xx answers."""

    problems: list[str] = field(default_factory=list)
    expected: set[int] = field(default_factory=set)

    def allow(self, *statuses: int) -> None:
        """The test expects pages answering these statuses (a refused form, a wrong key):
        the browser's "Failed to load resource" for them is not a problem."""
        self.expected.update(statuses)

    def console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        status = re.search(r"status of (\d{3})", message.text)
        if status is not None and int(status.group(1)) in self.expected:
            return
        self.problems.append(f"console error: {message.text}")

    def failed(self, request: Request) -> None:
        # A stream the page closes when it leaves (server-sent events), or a page load cut
        # short by going to another page (a person clicking on), is not a failure.
        aborted = bool(request.failure) and "ERR_ABORTED" in (request.failure or "")
        if aborted and ("/events" in request.url or request.is_navigation_request()):
            return
        self.problems.append(f"request failed: {request.url} ({request.failure})")


@pytest.fixture
def watched() -> Watched:
    return Watched()


@pytest.fixture
def page(live: Live, watched: Watched) -> Iterator[Page]:
    """A fresh browser context (no cookie) on the live dashboard; fails the test on a
    console error or a failed request (``watched.allow(403)`` where a test expects one)."""
    context = live.browser.new_context(base_url=live.base_url, viewport=DESKTOP, locale="en-GB")
    opened = context.new_page()
    opened.on("console", watched.console)
    opened.on("requestfailed", watched.failed)
    opened.on("pageerror", lambda exc: watched.problems.append(f"page error: {exc}"))
    try:
        yield opened
    finally:
        context.close()
    assert not watched.problems, watched.problems


def sign_in_page(page: Page, credential: str = TEST_API_KEY) -> None:
    page.goto("/sign-in")
    page.get_by_label("API key or password").fill(credential)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/(\?.*)?$|/(runs|people|templates|sourcing|settings).*"))


@pytest.fixture
def signed_in(page: Page) -> Page:
    sign_in_page(page)
    return page


def screenshot(page: Page, name: str, fallback: Path) -> list[Path]:
    """The page at desktop then phone width (``<name>-desktop.png``, ``<name>-phone.png``),
    in $DASHBOARD_SCREENSHOTS (the docs' folder, with `make screenshots`) or ``fallback``.
    At phone width nothing may be wider than the screen (no sideways scrolling)."""
    folder = Path(os.environ.get(SHOTS_ENV) or fallback)
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        if label == "phone":
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{name}: {overflow}px wider than a phone's screen"
        path = folder / f"{name}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        made.append(path)
    page.set_viewport_size(DESKTOP)
    return made
