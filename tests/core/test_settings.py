"""Settings: the plan's defaults, invalid values named by variable, generated secrets."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from linkedin_bot.core.secrets import resolve_secrets
from linkedin_bot.core.settings import Settings, describe_validation_error


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_defaults_follow_the_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    """Out of the box: 15/day, 100/7 days, 15/run, 90-180 s, 07-19 Europe/Paris, 10 days late."""
    for name in list(__import__("os").environ):
        if name.startswith("LINKEDIN_BOT_"):
            monkeypatch.delenv(name)
    s = _settings()
    assert (s.daily_message_limit, s.weekly_message_limit, s.per_run_message_limit) == (15, 100, 15)
    assert (s.min_delay_s, s.max_delay_s) == (90, 180)
    assert (s.working_hours_start, s.working_hours_end, s.timezone) == (7, 19, "Europe/Paris")
    assert s.max_days_late == 10
    assert s.effective_database_url == "sqlite+aiosqlite:///data/linkedin.db"


def test_env_variables_are_read_with_the_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    """LINKEDIN_BOT_<NAME> sets <name>; PostgreSQL URLs get the async driver."""
    monkeypatch.setenv("LINKEDIN_BOT_DAILY_MESSAGE_LIMIT", "7")
    monkeypatch.setenv("LINKEDIN_BOT_DATABASE_URL", "postgresql://u@db/x")
    s = _settings()
    assert s.daily_message_limit == 7
    assert s.effective_database_url == "postgresql+asyncpg://u@db/x"


def test_dotenv_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A .env file in the working directory configures the service."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("LINKEDIN_BOT_TIMEZONE=America/New_York\n")
    assert Settings().timezone == "America/New_York"


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"LINKEDIN_BOT_DAILY_MESSAGE_LIMIT": "lots"}, "LINKEDIN_BOT_DAILY_MESSAGE_LIMIT"),
        ({"LINKEDIN_BOT_TIMEZONE": "Mars/Olympus"}, "LINKEDIN_BOT_TIMEZONE"),
        ({"LINKEDIN_BOT_PORT": "70000"}, "LINKEDIN_BOT_PORT"),
        ({"LINKEDIN_BOT_DATABASE_URL": "mysql://x"}, "LINKEDIN_BOT_DATABASE_URL"),
        ({"LINKEDIN_BOT_MIN_DELAY_S": "200"}, "LINKEDIN_BOT_MIN_DELAY_S"),
        ({"LINKEDIN_BOT_WORKING_HOURS_START": "20"}, "LINKEDIN_BOT_WORKING_HOURS_START"),
    ],
)
def test_invalid_values_are_named(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], variable: str
) -> None:
    """An invalid value stops start-up with a message naming the variable to fix."""
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ValidationError) as caught:
        _settings()
    assert variable in describe_validation_error(caught.value)


def test_secrets_are_generated_once_with_mode_0600(tmp_path: Path) -> None:
    """Without configured keys, both are generated into the data dir (0600) and then reused."""
    settings = _settings(data_dir=tmp_path)
    first = resolve_secrets(settings)
    assert first.api_key_generated
    for name in ("api_key", "encryption.key"):
        mode = stat.S_IMODE((tmp_path / "secrets" / name).stat().st_mode)
        assert mode == 0o600
    assert stat.S_IMODE((tmp_path / "secrets").stat().st_mode) == 0o700
    second = resolve_secrets(settings)
    assert not second.api_key_generated
    assert second.api_key.get_secret_value() == first.api_key.get_secret_value()
    assert second.encryption_key.get_secret_value() == first.encryption_key.get_secret_value()


def test_configured_secrets_win_and_never_print(tmp_path: Path) -> None:
    """A configured API key is used as is, writes no file, and does not appear in reprs."""
    settings = _settings(data_dir=tmp_path, api_key="configured-key-1234567890")
    resolved = resolve_secrets(settings)
    assert resolved.api_key.get_secret_value() == "configured-key-1234567890"
    assert not (tmp_path / "secrets" / "api_key").exists()
    assert "configured-key-1234567890" not in repr(settings)
    assert "configured-key-1234567890" not in repr(resolved)
