"""The browser session (start-up, blocking, double entry) and failure artifacts."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.async_api import Browser

from linkedin_bot.core.clock import FrozenClock
from linkedin_bot.core.errors import ConfigurationError, ElementNotFound
from linkedin_bot.linkedin.artifacts import ArtifactStore
from linkedin_bot.linkedin.auth import load_session
from linkedin_bot.linkedin.browser import BrowserSession, find_executable, launch_flags
from tests.linkedin.conftest import NOW, Harness

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="module")]


async def test_executable_and_flags() -> None:
    """A configured executable must exist; otherwise the system's Chromium is used; the
    sandbox is only disabled for root."""
    with pytest.raises(ConfigurationError):
        find_executable(Path("/nonexistent/chrome"))
    assert find_executable(None) is not None  # Debian's chromium in this environment
    assert "--no-sandbox" not in launch_flags(as_root=False)
    assert "--no-sandbox" in launch_flags(as_root=True)
    assert "--disable-dev-shm-usage" in launch_flags(as_root=False)


async def test_own_browser_starts_once_and_closes_cleanly(harness: Harness) -> None:
    """Without a shared browser, the session launches Chromium itself, signed in, and
    refuses a second `async with` on the same object."""
    session = BrowserSession(harness.settings, load_session(harness.settings))
    async with session:
        response = await session.page.goto("/feed/")
        assert response is not None
        assert response.status == 200
        assert session.page.url.endswith("/feed/")
        with pytest.raises(RuntimeError, match="already open"):
            await session.__aenter__()
    with pytest.raises(RuntimeError):
        _ = session.page


async def test_images_fonts_and_media_are_blocked(harness: Harness) -> None:
    """Images, fonts and media never leave the browser; pages and XHRs do."""
    async with BrowserSession(
        harness.settings, load_session(harness.settings), browser=harness.browser
    ) as session:
        await session.page.goto("/feed/")
        await session.page.evaluate(
            """() => {
              const img = new Image(); img.src = '/probe-image.png';
              document.body.appendChild(img);
              const audio = document.createElement('audio'); audio.src = '/probe-media.mp3';
              document.body.appendChild(audio);
              fetch('/probe-xhr');
            }"""
        )
        await asyncio.sleep(0.5)
    paths = {r.path for r in harness.sim.state.requests}
    assert "/feed/" in paths
    assert "/probe-xhr" in paths
    assert "/probe-image.png" not in paths
    assert "/probe-media.mp3" not in paths


def _read_artifact(png: Path) -> tuple[bool, str]:
    return png.exists(), png.with_suffix(".html").read_text(encoding="utf-8")


async def test_element_not_found_leaves_a_screenshot_and_html(harness: Harness) -> None:
    """A conversation that cannot be opened: ElementNotFound with the page URL, and a
    .png + .html pair whose path is in the error's context; the breaker counts a failure."""
    async with harness.driver() as driver:
        with pytest.raises(ElementNotFound) as caught:
            await driver.thread_messages("nobody-at-all")
    artifact = Path(caught.value.context["artifact"])
    png_exists, html = _read_artifact(artifact)
    assert png_exists
    assert artifact.suffix == ".png"
    assert html.startswith("<!DOCTYPE html>")
    assert harness.sim.state.valid_li_at not in html
    assert artifact.parent == harness.settings.data_dir / "artifacts"
    assert "test" in artifact.name  # the run id
    assert caught.value.context["url"].startswith(harness.sim.base_url)
    assert (await harness.breaker.snapshot()).consecutive_failures == 1


async def test_retention_keeps_the_newest(browser: Browser, tmp_path: Path) -> None:
    """Only the newest N failures are kept (png and html together)."""
    clock = FrozenClock(NOW)
    store = ArtifactStore(tmp_path / "artifacts", clock, "run-1", keep=3)
    page = await browser.new_page()
    await page.set_content("<p>failure</p>")
    saved = []
    for index in range(5):
        saved.append(await store.capture(page, f"what{index}"))
        clock.advance(timedelta(seconds=1))
    await page.close()
    files = sorted(p.name for p in (tmp_path / "artifacts").iterdir())
    assert len(files) == 6
    kept = {Path(name).stem for name in files}
    assert kept == {p.stem for p in saved[2:] if p is not None}
