"""What every page object shares: the page, the selector engine, signals, pacing, timeouts.

:meth:`PageKit.goto` is the one way the driver navigates, so that every navigation is
followed by the restriction/expiry checks and the pop-up sweep.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from linkedin_bot.core.errors import PageFailed
from linkedin_bot.core.profiles import public_id_from_url
from linkedin_bot.linkedin.browser_errors import browser_error
from linkedin_bot.linkedin.pacing import Pacing
from linkedin_bot.linkedin.pages.popups import dismiss_popups
from linkedin_bot.linkedin.selector_engine import SelectorEngine
from linkedin_bot.linkedin.signals import SignalMonitor, check_page_text, check_status, check_url
from linkedin_bot.linkedin.timeouts import Timeouts


def normalized(text: str | None) -> str:
    """Text as a person reads it: runs of whitespace (new lines included) as one space."""
    return " ".join((text or "").split())


@dataclass
class PageKit:
    page: Page
    engine: SelectorEngine
    monitor: SignalMonitor
    pacing: Pacing
    timeouts: Timeouts
    base_url: str
    popups_swept_at: float = field(default=-math.inf)  # time.monotonic() of the last sweep

    async def goto(self, path: str) -> int:
        """Open ``path``; raise on restriction or expiry; dismiss pop-ups; the HTTP status."""
        try:
            response = await self.page.goto(
                path, wait_until="domcontentloaded", timeout=self.timeouts.navigation_ms
            )
        except PlaywrightTimeoutError:
            raise PageFailed(
                f"{path} did not load within {self.timeouts.navigation_ms / 1000:.0f}s",
                url=path,
            ) from None
        except PlaywrightError as exc:  # DNS, refused connection, redirect loop, crash...
            raise browser_error(exc, action=f"open {path}", url=path) from exc
        status = response.status if response is not None else 200
        self.check_signals()
        check_status(status, self.page.url)
        await check_page_text(self.page)
        await self.sweep_popups()
        return status

    async def sweep_popups(self, *, unless_within_s: float = 0.0) -> None:
        """Dismiss the pop-ups showing now, unless the page was swept less than
        ``unless_within_s`` ago (each sweep looks for every pop-up by every selector,
        fallbacks included: on a long list that is tens of milliseconds)."""
        if time.monotonic() - self.popups_swept_at < unless_within_s:
            return
        await dismiss_popups(self.engine)
        self.popups_swept_at = time.monotonic()

    def public_id_of(self, href: str) -> str:
        """The canonical public id of a profile link found on a page (relative, on this
        LinkedIn's host, or with tracking parameters); raises InvalidInput otherwise."""
        host = (urlsplit(self.base_url).hostname or "").lower()
        return public_id_from_url(urljoin(self.base_url + "/", href), extra_hosts=frozenset({host}))

    def check_signals(self) -> None:
        """After an action: a 999/429/401 seen on any request, a checkpoint or login URL."""
        self.monitor.raise_if_signaled()
        check_url(self.page.url)
