"""One Chromium per run, sized for a 4 GB Raspberry Pi.

:class:`BrowserSession` starts Playwright and Chromium once, opens one context carrying
the saved LinkedIn session, and blocks images, fonts and media (the driver reads text,
and these are most of a LinkedIn page's weight). The executable is the configured one,
else the system's Chromium or Chrome (Debian and Raspberry Pi OS ship an arm64 build;
Playwright's own download does not exist for every arm64 system), else Playwright's.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path
from types import TracebackType

from playwright.async_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    Route,
    StorageState,
    async_playwright,
)
from playwright.async_api import Error as PlaywrightError

from linkedin_bot.core.errors import ConfigurationError, PageFailed
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.settings import Settings

log = get_logger(__name__)

SYSTEM_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BLOCKED_RESOURCES = frozenset({"image", "font", "media"})
STARTUP_TIMEOUT_S = 60.0  # a Pi 4 on an SD card takes a few seconds; a hung start, forever
VIEWPORT = {"width": 1280, "height": 900}
# Flags for a small machine: no GPU, no background services, /tmp instead of a small
# /dev/shm, nothing that phones home or updates itself during a run.
LAUNCH_FLAGS = (
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--disable-translate",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
    "--no-first-run",
    "--no-default-browser-check",
    "--mute-audio",
    "--metrics-recording-only",
    "--password-store=basic",
    "--renderer-process-limit=2",
)


def launch_flags(*, as_root: bool) -> list[str]:
    """Chromium's sandbox cannot start as root (containers); anywhere else it stays on."""
    return [*LAUNCH_FLAGS, "--no-sandbox"] if as_root else list(LAUNCH_FLAGS)


def find_executable(configured: Path | None) -> str | None:
    """The browser to launch: configured, else the system's, else None (Playwright's own)."""
    if configured is not None:
        if not configured.exists():
            raise ConfigurationError(
                f"LINKEDIN_BOT_BROWSER_EXECUTABLE points to {configured}, which does not exist"
            )
        return str(configured)
    for name in SYSTEM_BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def _user_agent(version: str) -> str:
    """A desktop Chrome user agent: headless Chromium's says "HeadlessChrome"."""
    major = version.split(".", 1)[0]
    return (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Chrome/{major}.0.0.0 Safari/537.36"
    )


async def _block_heavy(route: Route) -> None:
    if route.request.resource_type in BLOCKED_RESOURCES:
        await route.abort()
    else:
        await route.continue_()


class BrowserSession:
    """``async with BrowserSession(settings, state) as session: session.page``."""

    def __init__(
        self,
        settings: Settings,
        storage_state: StorageState | None,
        *,
        browser: Browser | None = None,
        startup_timeout_s: float = STARTUP_TIMEOUT_S,
        default_timeout_ms: float = 30_000,
    ) -> None:
        self._settings = settings
        self._storage_state = storage_state
        self._shared_browser = browser  # a browser owned by someone else (tests)
        self._startup_timeout_s = startup_timeout_s
        self._default_timeout_ms = default_timeout_ms
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._context: BrowserContext | None = None
        self._page: Page | None = None
        self._entered = False

    @property
    def page(self) -> Page:
        if self._page is None:
            raise RuntimeError("BrowserSession is not open")
        return self._page

    @property
    def context(self) -> BrowserContext:
        if self._context is None:
            raise RuntimeError("BrowserSession is not open")
        return self._context

    async def new_page(self) -> Page:
        """Another tab in the same context (same cookies, same blocking)."""
        return await self.context.new_page()

    async def __aenter__(self) -> BrowserSession:
        if self._entered:
            raise RuntimeError("BrowserSession is already open; use one `async with` per run")
        self._entered = True
        try:
            async with asyncio.timeout(self._startup_timeout_s):
                await self._start()
        except TimeoutError:
            await self._close()
            raise PageFailed(
                f"the browser did not start within {self._startup_timeout_s:.0f}s"
            ) from None
        except PlaywrightError as exc:
            await self._close()
            raise PageFailed(f"the browser failed to start: {str(exc).splitlines()[0]}") from exc
        except BaseException:
            await self._close()
            raise
        return self

    async def _start(self) -> None:
        browser = self._shared_browser
        if browser is None:
            self._playwright = await async_playwright().start()
            executable = find_executable(self._settings.browser_executable)
            browser = await self._playwright.chromium.launch(
                executable_path=executable,
                headless=self._settings.headless,
                args=launch_flags(as_root=os.geteuid() == 0),
            )
            self._browser = browser
            log.info("browser.started", executable=executable or "playwright", pid=os.getpid())
        self._context = await browser.new_context(
            base_url=self._settings.linkedin_base_url,
            storage_state=self._storage_state,
            viewport=VIEWPORT,  # type: ignore[arg-type]
            user_agent=_user_agent(browser.version),
            timezone_id=self._settings.timezone,
        )
        self._context.set_default_timeout(self._default_timeout_ms)
        await self._context.route("**/*", _block_heavy)
        self._page = await self._context.new_page()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._close()

    async def _close(self) -> None:
        """Close whatever was opened, innermost first; a failure in one does not stop the rest."""
        context, browser, playwright = self._context, self._browser, self._playwright
        self._page = self._context = None
        self._browser = self._playwright = None
        for closer in (
            context.close if context else None,
            browser.close if browser else None,
            playwright.stop if playwright else None,
        ):
            if closer is None:
                continue
            try:
                await closer()
            except PlaywrightError as error:
                log.warning("browser.close_failed", error=str(error).splitlines()[0])
