"""`linkedin-bot auth import|status`: the session goes in, and its value never comes out."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linkedin_bot.cli import app
from linkedin_bot.core.settings import get_settings
from linkedin_bot.linkedin.auth import SESSION_FILE

LI_AT = "AQEDARcliSECRET-value_0123456789abcdefghij"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Settings from the environment only, with a data directory under tmp_path."""
    for name in list(os.environ):
        if name.startswith("LINKEDIN_BOT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    monkeypatch.setenv("LINKEDIN_BOT_DATA_DIR", str(data))
    monkeypatch.setenv("LINKEDIN_BOT_LOG_FORMAT", "json")
    get_settings.cache_clear()
    yield data
    get_settings.cache_clear()


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["auth", *args], input=stdin)
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes else "")


def test_import_from_stdin_then_status(data_dir: Path) -> None:
    """`auth import -` saves the session; `auth status` shows it and exits 0; the value
    appears in no output."""
    code, out = invoke("import", "-", stdin=LI_AT + "\n")
    assert code == 0, out
    assert "saved" in out
    assert (data_dir / "secrets" / SESSION_FILE).exists()
    code, status_out = invoke("status")
    assert code == 0, status_out
    assert "Saved" in status_out
    assert "never checked" in status_out
    assert LI_AT not in out + status_out


def test_import_prompts_hidden_when_no_value_is_given(data_dir: Path) -> None:
    """Without VALUE or --file, the value is asked for with hidden input, never echoed."""
    code, out = invoke("import", stdin=LI_AT + "\n")
    assert code == 0, out
    assert LI_AT not in out


def test_import_from_file(data_dir: Path, tmp_path: Path) -> None:
    """`--file cookies.json` reads a browser export."""
    export = tmp_path / "cookies.json"
    export.write_text(
        json.dumps([{"name": "li_at", "value": LI_AT, "domain": ".linkedin.com", "path": "/"}])
    )
    code, out = invoke("import", "--file", str(export))
    assert code == 0, out
    assert LI_AT not in out


def test_bad_input_exits_2_and_writes_nothing(data_dir: Path) -> None:
    """A cookie export without li_at: exit 2, a clear message, no file."""
    code, out = invoke("import", "-", stdin='[{"name": "x", "value": "y", "domain": "a.b"}]')
    assert code == 2
    assert "no li_at cookie" in " ".join(out.split())
    assert not (data_dir / "secrets" / SESSION_FILE).exists()


def test_status_without_session_exits_1(data_dir: Path) -> None:
    """No session saved: status says so and exits 1."""
    code, out = invoke("status")
    assert code == 1
    assert "auth import" in out


def test_api_key_command_still_works(data_dir: Path) -> None:
    """The existing `auth api-key` command is untouched."""
    code, out = invoke("api-key")
    assert code == 0
    assert len(out.strip()) >= 16
