"""Failure artifacts show people's pages: they are private files whatever the umask."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# A process of its own, started with umask 000, saving one artifact of a real page.
CAPTURE = """
import asyncio, os, sys
from pathlib import Path
from playwright.async_api import async_playwright
from linkedin_bot.core.clock import SystemClock
from linkedin_bot.linkedin.artifacts import ArtifactStore
from linkedin_bot.linkedin.browser import find_executable, launch_flags

async def main() -> None:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=find_executable(None), args=launch_flags(as_root=os.geteuid() == 0)
        )
        page = await browser.new_page()
        await page.set_content("<h1>Ada Lovelace</h1><p>Happy birthday!</p>")
        saved = await ArtifactStore(Path(sys.argv[1]), SystemClock(), "run-7").capture(page, "x")
        await browser.close()
    print(saved)

os.umask(0)
asyncio.run(main())
"""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_artifacts_are_0600_in_a_0700_directory_under_umask_000(tmp_path: Path) -> None:
    """A screenshot and a page dump saved by a process whose umask is 000 are 0600, in an
    artifacts directory (and a data directory) created 0700; no temporary file is left."""
    directory = tmp_path / "data" / "artifacts"
    result = subprocess.run(
        [sys.executable, "-c", CAPTURE, str(directory)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    png = Path(result.stdout.strip().splitlines()[-1])
    html = png.with_suffix(".html")
    assert png.read_bytes().startswith(b"\x89PNG")
    assert "Ada Lovelace" in html.read_text()
    assert mode(directory) == 0o700
    assert mode(directory.parent) == 0o700
    assert mode(png) == 0o600
    assert mode(html) == 0o600
    assert sorted(p.name for p in directory.iterdir()) == sorted([png.name, html.name])
