"""`python -m sim` and `linkedin-bot demo --variant` as a user runs them (real processes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

LINKEDIN_BOT = Path(sys.executable).parent / "linkedin-bot"


@pytest.mark.parametrize("argv", [["--variant", "nope"], ["--variant", ""]])
def test_unknown_variant_is_refused(argv: list[str]) -> None:
    """`python -m sim --variant nope` exits non-zero naming the valid variants, and does
    not start serving."""
    done = subprocess.run(
        [sys.executable, "-m", "sim", "--port", "0", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "unknown variant" in done.stderr
    assert "A, B, classic, sdui" in done.stderr
    assert "base_url=" not in done.stdout


def test_impossible_counts_are_refused() -> None:
    """More unnamed birthdays than birthdays today: a clear error, no traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "sim", "--birthdays-today", "1", "--unnamed-birthdays", "3"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "unnamed" in done.stderr
    assert "Traceback" not in done.stderr


def test_sim_prints_its_url_and_cookie_then_serves_the_variant() -> None:
    """`python -m sim --variant sdui --port 0` prints base_url= and li_at= on start and
    serves the sdui pages with that cookie."""
    process = subprocess.Popen(
        [sys.executable, "-m", "sim", "--port", "0", "--variant", "SDUI", "--seed", "3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = dict(process.stdout.readline().strip().split("=", 1) for _ in range(3))
        assert lines["variant"] == "sdui"
        cookies = {"li_at": lines["li_at"]}
        page = httpx.get(f"{lines['base_url']}/feed/", cookies=cookies, timeout=30)
        assert page.status_code == 200
        assert "data-sdui-screen" in page.text
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
        if process.stderr is not None:
            process.stderr.close()


def test_demo_refuses_an_unknown_variant(tmp_path: Path) -> None:
    """`linkedin-bot demo --variant nope` is a usage error naming the valid variants, and
    starts nothing."""
    done = subprocess.run(
        [str(LINKEDIN_BOT), "demo", "--variant", "nope"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    flat = " ".join((done.stdout + done.stderr).split())
    assert "unknown variant 'nope'" in flat
    assert "classic, sdui" in flat
    assert list(tmp_path.iterdir()) == []
