"""Settings: the plan's defaults, invalid values named by variable, generated secrets."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from linkedin_bot.core.secrets import resolve_secrets
from linkedin_bot.core.settings import (
    Settings,
    describe_validation_error,
    legacy_data_dir_hint,
    unknown_variables,
)


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_defaults_follow_the_plan(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Out of the box: 15/day, 100/7 days, 15/run, 90-180 s, 07-19 Europe/Paris, 10 days
    late; the database in the user's data directory."""
    for name in list(__import__("os").environ):
        if name.startswith("LINKEDIN_BOT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    s = _settings()
    assert (s.daily_message_limit, s.weekly_message_limit, s.per_run_message_limit) == (15, 100, 15)
    assert (s.min_delay_s, s.max_delay_s) == (90, 180)
    assert (s.working_hours_start, s.working_hours_end, s.timezone) == (7, 19, "Europe/Paris")
    assert s.max_days_late == 10
    assert s.effective_database_url == (
        f"sqlite+aiosqlite:///{tmp_path}/share/linkedin-bot/linkedin.db"
    )


def test_env_variables_are_read_with_the_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    """LINKEDIN_BOT_<NAME> sets <name>; PostgreSQL URLs get the async driver."""
    monkeypatch.setenv("LINKEDIN_BOT_DAILY_MESSAGE_LIMIT", "7")
    monkeypatch.setenv("LINKEDIN_BOT_DATABASE_URL", "postgresql://u@db/x")
    s = _settings()
    assert s.daily_message_limit == 7
    assert s.effective_database_url == "postgresql+asyncpg://u@db/x"


def test_the_scheduled_occasions_are_read_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """The morning job's occasions: in the order given, each once, `new-job` as `new_job`;
    empty means none."""
    monkeypatch.setenv(
        "LINKEDIN_BOT_SCHEDULED_OCCASIONS", " anniversary, birthday,new-job,birthday"
    )
    assert _settings().occasions_scheduled == ("anniversary", "birthday", "new_job")
    monkeypatch.setenv("LINKEDIN_BOT_SCHEDULED_OCCASIONS", "")
    assert _settings().occasions_scheduled == ()


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
        ({"LINKEDIN_BOT_SCHEDULED_OCCASIONS": "birthday,wedding"}, "SCHEDULED_OCCASIONS"),
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


def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(__import__("os").environ):
        if name.startswith("LINKEDIN_BOT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def test_the_data_directory_is_the_same_from_any_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without LINKEDIN_BOT_DATA_DIR, every command finds the same data (the platform's user
    data directory), whatever directory it runs from: `auth api-key` from elsewhere no
    longer creates a second instance with another key."""
    _clean_env(monkeypatch, tmp_path)
    places = []
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        monkeypatch.chdir(tmp_path / folder)
        places.append(Settings().data_dir)
    assert places[0] == places[1] == tmp_path / "share" / "linkedin-bot"
    monkeypatch.setenv("LINKEDIN_BOT_DATA_DIR", str(tmp_path / "mine"))
    assert Settings().data_dir == tmp_path / "mine"


def test_env_files_in_the_config_directory_and_here(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A .env in the configuration directory is read from anywhere; one in the working
    directory is read too and wins on a shared name; the environment wins over both."""
    _clean_env(monkeypatch, tmp_path)
    config = tmp_path / "config" / "linkedin-bot"
    config.mkdir(parents=True)
    (config / ".env").write_text(
        "LINKEDIN_BOT_DAILY_MESSAGE_LIMIT=5\nLINKEDIN_BOT_MAX_DAYS_LATE=3\n"
    )
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert (Settings().daily_message_limit, Settings().max_days_late) == (5, 3)
    (work / ".env").write_text("LINKEDIN_BOT_MAX_DAYS_LATE=4\n")
    assert (Settings().daily_message_limit, Settings().max_days_late) == (5, 4)
    monkeypatch.setenv("LINKEDIN_BOT_MAX_DAYS_LATE", "6")
    assert Settings().max_days_late == 6


def test_a_misspelt_variable_is_named_with_the_closest_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """LINKEDIN_BOT_DAILY_MESAGE_LIMIT (environment or .env) is reported, with the setting
    it probably means; known ones are not."""
    _clean_env(monkeypatch, tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("LINKEDIN_BOT_TIMEZONNE=Europe/Paris\n")
    warnings = unknown_variables(
        {"LINKEDIN_BOT_DAILY_MESAGE_LIMIT": "3", "LINKEDIN_BOT_TIMEZONE": "UTC", "HOME": "/"}
    )
    assert warnings == [
        "unknown setting LINKEDIN_BOT_DAILY_MESAGE_LIMIT is ignored "
        "(did you mean LINKEDIN_BOT_DAILY_MESSAGE_LIMIT?)",
        "unknown setting LINKEDIN_BOT_TIMEZONNE is ignored (did you mean LINKEDIN_BOT_TIMEZONE?)",
    ]


def test_an_old_data_directory_here_is_pointed_out(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Someone who used ./data (the old default) is told where it is and how to keep it,
    until they choose; nothing is moved for them."""
    _clean_env(monkeypatch, tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "linkedin.db").write_bytes(b"x")
    hint = legacy_data_dir_hint(Settings(), {})
    assert hint is not None
    assert f"LINKEDIN_BOT_DATA_DIR={tmp_path / 'data'}" in hint
    assert legacy_data_dir_hint(Settings(), {"LINKEDIN_BOT_DATA_DIR": "x"}) is None
