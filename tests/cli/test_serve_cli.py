"""`linkedin-bot serve`, `db upgrade` and `auth api-key`, as a new user runs them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import httpx
import pytest
from typer.testing import CliRunner

from linkedin_bot.cli import app
from linkedin_bot.core.settings import get_settings

BIN = Path(sys.executable).parent / "linkedin-bot"


@pytest.fixture
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """An environment with no LINKEDIN_BOT_ variable, run from an empty directory; the
    user's data and configuration directories are under tmp_path (the platform's default
    places, never the real home)."""
    for name in list(os.environ):
        if name.startswith("LINKEDIN_BOT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield {k: v for k, v in os.environ.items() if not k.startswith("LINKEDIN_BOT_")}
    get_settings.cache_clear()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_invalid_setting_stops_with_the_variable_named(clean_env: dict[str, str]) -> None:
    """A bad value in the environment stops the command with exit 2, naming the variable."""
    result = CliRunner().invoke(app, ["db", "upgrade"], env={"LINKEDIN_BOT_PORT": "huge"})
    assert result.exit_code == 2
    assert "LINKEDIN_BOT_PORT" in result.output
    assert "Traceback" not in result.output


def test_db_upgrade_creates_the_default_sqlite_file(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    """`db upgrade` with no configuration creates linkedin.db in the user's data directory
    (not in the working directory)."""
    result = CliRunner().invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "share" / "linkedin-bot" / "linkedin.db").exists()
    assert not Path("data").exists()


def test_api_key_command_shows_the_generated_key(
    clean_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`auth api-key` prints the key stored in the data directory, the same each time and
    from whatever directory it runs (it used to create a second instance elsewhere)."""
    first = CliRunner().invoke(app, ["auth", "api-key"])
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    get_settings.cache_clear()
    second = CliRunner().invoke(app, ["auth", "api-key"])
    assert first.exit_code == 0
    key = first.output.strip()
    assert len(key) >= 32
    assert second.output.strip() == key
    stored = tmp_path / "share" / "linkedin-bot" / "secrets" / "api_key"
    assert stored.read_text().strip() == key


@pytest.mark.slow
def test_serve_on_a_fresh_directory(clean_env: dict[str, str], tmp_path: Path) -> None:
    """A fresh `serve` migrates SQLite, says (without printing it on a stdout that is not a
    terminal) that a key was generated and which command shows it, answers /health, 401
    without the key, a page with it, and 422 for limit=1001."""
    port = _free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        _exercise_serve(port, tmp_path, clean_env, log)
    output = log_path.read_text()
    data = tmp_path / "share" / "linkedin-bot"
    key = (data / "secrets" / "api_key").read_text().strip()
    assert key not in output
    assert "linkedin-bot auth api-key" in output
    assert (data / "linkedin.db").exists()


def _exercise_serve(port: int, tmp_path: Path, env: dict[str, str], log: IO[str]) -> None:
    proc = subprocess.Popen(
        [str(BIN), "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, "serve exited"
            assert time.monotonic() < deadline, "serve did not come up"
            time.sleep(0.1)
        key = (tmp_path / "share" / "linkedin-bot" / "secrets" / "api_key").read_text().strip()
        assert httpx.get(f"{base}/ready").status_code == 200
        anonymous = httpx.get(f"{base}/contacts")
        assert anonymous.status_code == 401
        assert anonymous.json()["error"] == "unauthorized"
        page = httpx.get(f"{base}/contacts", headers={"X-API-Key": key})
        assert page.json() == {"items": [], "next_cursor": None, "limit": 50}
        too_many = httpx.get(f"{base}/contacts?limit=1001", headers={"X-API-Key": key})
        assert too_many.status_code == 422
        assert "limit" in too_many.json()["detail"]
    finally:
        proc.terminate()
        proc.wait(timeout=20)
