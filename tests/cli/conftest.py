"""CLI fixtures: commands read their settings from the environment only."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from linkedin_bot.core.settings import get_settings


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Settings from the environment only: data dir and a SQLite file under tmp_path (not
    created: the command under test does that)."""
    for name in list(os.environ):
        if name.startswith("LINKEDIN_BOT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "data" / "bot.db"
    monkeypatch.setenv("LINKEDIN_BOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LINKEDIN_BOT_DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


def flat(output: str) -> str:
    """The output with Rich's line wrapping undone."""
    return " ".join(output.split())
