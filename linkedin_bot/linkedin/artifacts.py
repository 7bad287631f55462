"""Failure artifacts: a screenshot and the page's HTML, so a broken selector can be fixed.

Written to ``<data_dir>/artifacts/<timestamp>-<run>-<what>.{png,html}`` with the path in
the log line. Retention is bounded (the newest :data:`KEEP_ARTIFACTS` failures): a Pi's SD
card must not fill up with screenshots of a page that fails every morning. Cookies live in
the browser context, not in the page's HTML or pixels, so neither file carries them; the
pages do show people's names and messages, so the directory is 0700 and the files 0600
whatever the umask, written atomically (never a half-written dump).
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from linkedin_bot.core.clock import Clock
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.private_files import ensure_private_dir, write_private_file

KEEP_ARTIFACTS = 50  # failures kept (each one a .png and an .html)
SCREENSHOT_TIMEOUT_MS = 5_000
log = get_logger(__name__)
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")  # no dots: stems take a suffix


def _safe(part: str) -> str:
    return _UNSAFE.sub("-", part).strip("-")[:60] or "x"


class ArtifactStore:
    """Saves what the page looked like when an action failed."""

    def __init__(
        self, directory: Path, clock: Clock, run_id: str = "run", keep: int = KEEP_ARTIFACTS
    ) -> None:
        self.directory = directory
        self._clock = clock
        self._run = _safe(run_id)
        self._keep = keep

    async def capture(self, page: Page, what: str) -> Path | None:
        """Screenshot and HTML of ``page``; the .png path, or None if the page is gone."""
        stamp = self._clock.now().strftime("%Y%m%dT%H%M%S%fZ")
        stem = self.directory / f"{stamp}-{self._run}-{_safe(what)}"
        try:
            html = await page.content()
            # The bytes, not a path: Playwright would write the file with the umask's mode.
            png = await page.screenshot(timeout=SCREENSHOT_TIMEOUT_MS)
            await asyncio.to_thread(self._save, stem, html.encode("utf-8"), png)
        except (PlaywrightError, OSError) as exc:
            log.warning("linkedin.artifact.failed", what=what, error=str(exc).splitlines()[0])
            return None
        finally:
            self.prune()
        path = stem.with_suffix(".png")
        log.info("linkedin.artifact.saved", what=what, path=str(path), url=page.url)
        return path

    def _save(self, stem: Path, html: bytes, png: bytes) -> None:
        ensure_private_dir(self.directory)
        write_private_file(stem.with_suffix(".html"), html)
        write_private_file(stem.with_suffix(".png"), png)

    def prune(self) -> None:
        """Keep the newest ``keep`` failures (names start with a sortable timestamp); remove
        what an interrupted write left (hidden ``.tmp`` files)."""
        if not self.directory.is_dir():
            return
        for leftover in self.directory.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)
        files = [p for p in self.directory.iterdir() if p.suffix in (".png", ".html")]
        stems = sorted({p.with_suffix("") for p in files}, key=lambda s: s.name, reverse=True)
        for stale in stems[self._keep :]:
            for suffix in (".png", ".html"):
                stale.with_suffix(suffix).unlink(missing_ok=True)
