"""`linkedin-bot demo`: a whole campaign against the local simulator, on a fresh setup."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linkedin_bot.cli import app
from linkedin_bot.core.settings import get_settings

pytestmark = pytest.mark.browser


@pytest.fixture
def fresh_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for name in list(os.environ):
        if name.startswith("LINKEDIN_BOT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    get_settings.cache_clear()
    yield work
    get_settings.cache_clear()


def test_demo_wishes_the_simulated_birthdays(fresh_directory: Path) -> None:
    """With no configuration and no LinkedIn account, the demo sends one wish to each
    simulated birthday, then congratulates the work anniversaries and new jobs, shows what
    the simulated LinkedIn received, and writes nothing in the user's directory."""
    result = CliRunner().invoke(
        app, ["demo", "--birthdays-today", "2", "--birthdays-late", "1", "--delay", "0"]
    )
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "Birthday run 1: succeeded" in flat
    assert "3 birthdays found; 3 to wish" in flat
    assert re.search(r"Sent to 3: [^,]+, [^,]+, [^,]+ ", flat), flat
    assert "Work anniversary run 2: succeeded 2 work anniversaries found" in flat
    assert "New job run 3: succeeded 2 new positions found" in flat
    assert "what the simulated LinkedIn received" in flat
    assert flat.lower().count("birthday") >= 3
    assert list(fresh_directory.iterdir()) == []
