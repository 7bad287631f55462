"""The browser session (start-up, blocking, double entry) and failure artifacts."""

from __future__ import annotations

import asyncio
import os
from datetime import timedelta
from pathlib import Path

import psutil
import pytest
from playwright.async_api import Browser, async_playwright

from linkedin_bot.core.clock import FrozenClock
from linkedin_bot.core.errors import ConfigurationError, ElementNotFound
from linkedin_bot.linkedin.artifacts import ArtifactStore
from linkedin_bot.linkedin.auth import load_session
from linkedin_bot.linkedin.browser import (
    ENABLED_FEATURES,
    TRIM_ABOVE_BYTES,
    BrowserSession,
    find_executable,
    launch_flags,
)
from tests.linkedin.conftest import NOW, Harness

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="module")]


async def test_executable_and_flags() -> None:
    """A configured executable must exist; otherwise the system's Chromium headless shell
    is used headless, and the full Chromium with a window; the sandbox (and with it the
    zygote) is only disabled for root."""
    with pytest.raises(ConfigurationError):
        find_executable(Path("/nonexistent/chrome"))
    headless = find_executable(None)
    assert headless is not None
    assert Path(headless).name == "chromium-headless-shell"  # installed by `make test`
    windowed = find_executable(None, headless=False)
    assert windowed is not None
    assert Path(windowed).name == "chromium"
    assert "--no-sandbox" not in launch_flags(as_root=False)
    assert "--no-zygote" not in launch_flags(as_root=False)
    assert {"--no-sandbox", "--no-zygote"} <= set(launch_flags(as_root=True))
    assert "--disable-dev-shm-usage" in launch_flags(as_root=False)


def _chromium_processes(root: psutil.Process) -> list[list[str]]:
    """The command lines of the Chromium processes under ``root`` (this test process)."""
    found = []
    for process in root.children(recursive=True):
        try:
            if "chrom" in process.name():
                found.append(process.cmdline())
        except psutil.Error:
            continue
    return found


def _features(cmdline: list[str], switch: str) -> set[str]:
    """The features of the last ``switch`` (Chromium keeps only the last one)."""
    values = [arg.split("=", 1)[1] for arg in cmdline if arg.startswith(switch + "=")]
    return set(values[-1].split(",")) if values else set()


async def test_playwright_features_survive_our_flags() -> None:
    """Chromium keeps only the last --enable-features: ours repeats every feature the
    installed Playwright enables, and we pass no --disable-features that would replace
    Playwright's (which carries, among others, its fix for intercepted redirects)."""
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=find_executable(None))
        [playwright_line] = [
            line for line in _chromium_processes(psutil.Process()) if "--type" not in str(line)
        ][:1]
        await browser.close()
    assert _features(playwright_line, "--enable-features") <= set(ENABLED_FEATURES)
    assert _features(playwright_line, "--disable-features")  # Playwright's own list
    ours = launch_flags(as_root=os.geteuid() == 0)
    assert not [flag for flag in ours if flag.startswith("--disable-features")]


async def test_browser_runs_without_gpu_network_or_zygote_processes(harness: Harness) -> None:
    """On a Pi every process counts: with a page open, the browser is one browser process
    and its renderer; the GPU and network services live inside the browser process, and
    (as root, without the sandbox) there is no zygote."""
    async with BrowserSession(harness.settings, load_session(harness.settings)) as session:
        await session.page.goto("/feed/")
        lines = _chromium_processes(psutil.Process())
    kinds = [next((a for a in line if a.startswith("--type=")), "browser") for line in lines]
    subtypes = {a for line in lines for a in line if a.startswith("--utility-sub-type=")}
    assert "--type=renderer" in kinds
    assert "--type=gpu-process" not in kinds
    assert not [s for s in subtypes if "network" in s.lower()]
    if os.geteuid() == 0:
        assert "--type=zygote" not in kinds


async def test_renderer_garbage_is_collected_when_its_heap_grows(harness: Harness) -> None:
    """trim_memory has the renderer collect its garbage once its heaps pass the threshold
    (here: ~60 MB kept alive by the page), then only after they grow by half again."""
    async with BrowserSession(
        harness.settings, load_session(harness.settings), browser=harness.browser
    ) as session:
        await session.page.goto("/feed/")
        assert await session.trim_memory() is False  # a small page: nothing to do
        await session.page.evaluate(
            "() => { window.kept = Array.from({length: 3_000_000}, (_, i) => ({i})); }"
        )
        cdp = await session.context.new_cdp_session(session.page)
        held = (await cdp.send("Runtime.getHeapUsage"))["usedSize"]
        assert held > TRIM_ABOVE_BYTES
        assert await session.trim_memory() is True
        assert await session.trim_memory() is False  # no growth since the collection
        assert await session.page.evaluate("() => window.kept.length") == 3_000_000


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
