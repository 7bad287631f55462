"""One Chromium per run, sized for a 4 GB Raspberry Pi.

:class:`BrowserSession` starts Playwright and Chromium once, opens one context carrying
the saved LinkedIn session, and blocks images, fonts and media (the driver reads text,
and these are most of a LinkedIn page's weight). The executable is the configured one,
else the system's (Debian and Raspberry Pi OS ship arm64 builds; Playwright's own download
does not exist for every arm64 system), else Playwright's. Headless, the system's
``chromium-headless-shell`` comes first: the same engine without the desktop browser
around it, a third less memory.

Memory (measured by ``bench/``, campaign scenario): the GPU and network services run
inside the browser process instead of two more processes, there is no zygote process when
the sandbox is off anyway, Playwright's Node.js driver runs without JIT and with a small
young generation, and :meth:`BrowserSession.trim_memory` has the page's renderer collect
its garbage once its heap has grown (V8 otherwise lets a long list page grow by hundreds
of MB before it does).
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path
from types import TracebackType
from typing import Any

from playwright.async_api import (
    Browser,
    BrowserContext,
    CDPSession,
    Page,
    Playwright,
    StorageState,
    async_playwright,
)
from playwright.async_api import Error as PlaywrightError

from linkedin_bot.core.errors import ConfigurationError, PageFailed
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.settings import Settings

log = get_logger(__name__)

HEADLESS_SHELLS = ("chromium-headless-shell",)
SYSTEM_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# DevTools resource types the browser fails at once (never sent: no traffic, no memory).
BLOCKED_RESOURCES = ("Image", "Font", "Media")
STARTUP_TIMEOUT_S = 60.0  # a Pi 4 on an SD card takes a few seconds; a hung start, forever
VIEWPORT = {"width": 1280, "height": 900}
# Flags for a small machine: no GPU, no background services, /tmp instead of a small
# /dev/shm, nothing that phones home or updates itself during a run, as few processes as
# Chromium supports (the GPU and network services inside the browser process).
LAUNCH_FLAGS = (
    "--disable-gpu",
    "--in-process-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--disable-translate",
    "--no-first-run",
    "--no-default-browser-check",
    "--mute-audio",
    "--metrics-recording-only",
    "--password-store=basic",
    "--renderer-process-limit=2",
)
# Chromium keeps only the last --enable-features it is given, and Playwright passes its
# own before ours: ours repeats Playwright's (tests/linkedin/test_browser_and_artifacts.py
# checks them against the installed Playwright) and adds the network service in process.
# (--disable-features is left to Playwright for the same reason: its list is longer and
# already has what we would add.)
PLAYWRIGHT_ENABLED_FEATURES = ("CDPScreenshotNewSurface", "SkipListAccountsWithoutGaiaCookies")
ENABLED_FEATURES = (*PLAYWRIGHT_ENABLED_FEATURES, "NetworkServiceInProcess2")
# Playwright's driver is a Node.js process. Without V8's JIT (it only relays messages
# between this process and Chromium) and with a small young generation (1 MB semi-spaces
# instead of 16) it takes ~25 MB less, for ~5% more time per action (measured by bench/).
# A NODE_OPTIONS set by the user wins.
DRIVER_NODE_OPTIONS = "--max-semi-space-size=1 --jitless"
# The renderer collects its garbage (trim_memory) once its heaps together have grown past
# this, or past 1.5 times what they held after the last collection, whichever is larger.
TRIM_ABOVE_BYTES = 32 * 1024 * 1024
TRIM_GROWTH = 1.5


def launch_flags(*, as_root: bool) -> list[str]:
    """Chromium's sandbox cannot start as root (containers); anywhere else it stays on.

    Without the sandbox there is no need for the zygote process either.
    """
    flags = [*LAUNCH_FLAGS, "--enable-features=" + ",".join(ENABLED_FEATURES)]
    return [*flags, "--no-sandbox", "--no-zygote"] if as_root else flags


def find_executable(configured: Path | None, *, headless: bool = True) -> str | None:
    """The browser to launch: configured, else the system's (its headless shell first when
    headless), else None (Playwright's own)."""
    if configured is not None:
        if not configured.exists():
            raise ConfigurationError(
                f"LINKEDIN_BOT_BROWSER_EXECUTABLE points to {configured}, which does not exist"
            )
        return str(configured)
    for name in (*HEADLESS_SHELLS, *SYSTEM_BROWSERS) if headless else SYSTEM_BROWSERS:
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
        self._cdp: CDPSession | None = None
        self._trim_above = float(TRIM_ABOVE_BYTES)
        self._entered = False

    @property
    def page(self) -> Page:
        if self._page is None:
            raise RuntimeError("BrowserSession is not open")
        return self._page

    @property
    def cdp(self) -> CDPSession:
        """The DevTools session of :attr:`page` (network events, memory)."""
        if self._cdp is None:
            raise RuntimeError("BrowserSession is not open")
        return self._cdp

    @property
    def context(self) -> BrowserContext:
        if self._context is None:
            raise RuntimeError("BrowserSession is not open")
        return self._context

    async def new_page(self) -> Page:
        """Another tab in the same context (same cookies, same blocking)."""
        page = await self.context.new_page()
        await self._block_heavy(await self.context.new_cdp_session(page))
        return page

    @staticmethod
    async def _block_heavy(cdp: CDPSession) -> None:
        """Images, fonts and media are failed by the browser before they leave it.

        Through DevTools' Fetch domain, paused only for those resource types, rather than a
        Playwright route: a route sees every request of the page (a round trip to this
        process each) and Playwright keeps each one's objects until the page closes.
        """

        async def fail(event: dict[str, Any]) -> None:
            try:
                await cdp.send(
                    "Fetch.failRequest",
                    {"requestId": event["requestId"], "errorReason": "BlockedByClient"},
                )
            except PlaywrightError as exc:  # the page went away meanwhile
                log.debug("browser.block_failed", error=str(exc).splitlines()[0])

        cdp.on("Fetch.requestPaused", fail)
        patterns = [{"urlPattern": "*", "resourceType": kind} for kind in BLOCKED_RESOURCES]
        await cdp.send("Fetch.enable", {"patterns": patterns})

    async def trim_memory(self) -> bool:
        """Have the page's renderer collect its garbage if its heaps have grown (True then).

        Cheap when nothing is due (one heap reading). A failure is logged, never raised: it
        costs memory, not the action.
        """
        if self._cdp is None:
            return False
        try:
            held = await self._heap_bytes()
            if held <= self._trim_above:
                return False
            await self._cdp.send("HeapProfiler.collectGarbage")
            after = await self._heap_bytes()
        except PlaywrightError as exc:
            log.warning("browser.trim_failed", error=str(exc).splitlines()[0])
            return False
        self._trim_above = max(float(TRIM_ABOVE_BYTES), after * TRIM_GROWTH)
        log.debug(
            "browser.trimmed", heap_mb=round(held / 2**20, 1), after_mb=round(after / 2**20, 1)
        )
        return True

    async def _heap_bytes(self) -> float:
        assert self._cdp is not None
        usage = await self._cdp.send("Runtime.getHeapUsage")
        return float(usage["usedSize"]) + float(usage.get("embedderHeapUsedSize", 0))

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
            # The driver inherits this process's environment when it starts.
            os.environ.setdefault("NODE_OPTIONS", DRIVER_NODE_OPTIONS)
            self._playwright = await async_playwright().start()
            executable = find_executable(
                self._settings.browser_executable, headless=self._settings.headless
            )
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
        self._page = await self._context.new_page()
        self._cdp = await self._context.new_cdp_session(self._page)
        await self._block_heavy(self._cdp)

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
        self._page = self._context = self._cdp = None
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
