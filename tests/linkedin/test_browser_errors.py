"""The browser's failures reach the user as errors saying what happened and what to do."""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from linkedin_bot.core.clock import FrozenClock
from linkedin_bot.core.errors import (
    AccountRestricted,
    BrowserFailed,
    LinkedInUnreachable,
    PageFailed,
)
from linkedin_bot.linkedin.browser_errors import browser_error
from linkedin_bot.linkedin.driver import LinkedInDriver
from linkedin_bot.linkedin.selector_engine import MemorySelectorStore
from linkedin_bot.linkedin.timeouts import FAST_TIMEOUTS
from linkedin_bot.safety.breaker import LocalCircuitBreaker
from tests.helpers import make_settings

NOW = datetime(2026, 6, 15, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("message", "kind", "words"),
    [
        (
            "Page.goto: net::ERR_NAME_NOT_RESOLVED at https://www.linkedin.com/feed/\nCall log:",
            LinkedInUnreachable,
            "LinkedIn unreachable (ERR_NAME_NOT_RESOLVED): check the network",
        ),
        (
            "net::ERR_CONNECTION_REFUSED at http://127.0.0.1:9/feed/",
            LinkedInUnreachable,
            "ERR_CONNECTION_REFUSED",
        ),
        ("net::ERR_INTERNET_DISCONNECTED", LinkedInUnreachable, "check the network"),
        (
            "Page.goto: net::ERR_TOO_MANY_REDIRECTS at https://www.linkedin.com/feed/",
            AccountRestricted,
            "redirects every page in a loop",
        ),
        ("Target page, context or browser has been closed", BrowserFailed, "closed or crashed"),
        ("net::ERR_ABORTED at https://x/", PageFailed, "could not load the page (ERR_ABORTED)"),
        ("Element is not attached to the DOM", PageFailed, "failed in the browser"),
    ],
)
def test_playwright_errors_become_errors_a_user_can_act_on(
    message: str, kind: type[Exception], words: str
) -> None:
    """Each failure of the browser maps to the domain error whose message says what to do
    (no Playwright call log in it)."""
    error = browser_error(PlaywrightError(message), action="validate_session")
    assert isinstance(error, kind)
    assert words in error.detail
    assert "Call log" not in error.detail


def test_a_redirect_loop_is_a_restriction_signal() -> None:
    """A loop of redirects (a throttled session cookie) starts a cool-down like a 999."""
    error = browser_error(
        PlaywrightError("net::ERR_TOO_MANY_REDIRECTS at https://www.linkedin.com/feed/"),
        action="open /feed/",
    )
    assert error.context["signal"] == "redirect_loop"
    assert error.context["url"] == "https://www.linkedin.com/feed/"


def test_a_timeout_names_the_wait() -> None:
    """A Playwright timeout says LinkedIn did not answer in time."""
    error = browser_error(PlaywrightTimeoutError("Timeout 30000ms exceeded."), action="search")
    assert isinstance(error, PageFailed)
    assert "did not answer in time" in error.detail


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.browser
async def test_real_chromium_with_linkedin_unreachable(tmp_path: Path) -> None:
    """Real Chromium against a LinkedIn that refuses connections: the session check ends
    with LinkedInUnreachable naming the network error, not a Playwright traceback."""
    base = f"http://127.0.0.1:{_closed_port()}"
    settings = make_settings(
        tmp_path / "data", "sqlite+aiosqlite:///unused", linkedin_base_url=base
    )
    clock = FrozenClock(NOW)
    driver = LinkedInDriver(
        settings,
        clock,
        LocalCircuitBreaker(clock),
        MemorySelectorStore(),
        {"cookies": [], "origins": []},
        timeouts=FAST_TIMEOUTS,
    )
    async with driver:
        with pytest.raises(LinkedInUnreachable, match=r"ERR_CONNECTION_REFUSED\): check"):
            await driver.validate_session()
