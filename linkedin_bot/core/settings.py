"""Settings: one env prefix (``LINKEDIN_BOT_``), ``.env`` support, one cached instance.

Everything the service reads from its environment is declared here, with the defaults of
the production plan. Code never instantiates :class:`Settings` itself: it receives the
instance built once by :func:`get_settings` at the edge (CLI entry, app lifespan).
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "LINKEDIN_BOT_"
APP_NAME = "linkedin-bot"
# Variables of ours that are not settings of the service (read by the test suite).
OTHER_VARIABLES = frozenset({f"{ENV_PREFIX}TEST_POSTGRES_URL"})


def default_data_dir() -> Path:
    """Where the bot keeps its data when ``LINKEDIN_BOT_DATA_DIR`` is not set: the
    platform's place for a user's application data (``~/.local/share/linkedin-bot`` on
    Linux), the same from whatever directory a command runs."""
    return platformdirs.user_data_path(APP_NAME)


def config_dir() -> Path:
    """Where a ``.env`` of the user's is read from (``~/.config/linkedin-bot`` on Linux)."""
    return platformdirs.user_config_path(APP_NAME)


def env_files() -> tuple[Path, ...]:
    """The ``.env`` files read, in order (a later one wins): the configuration
    directory's, then the working directory's."""
    return (config_dir() / ".env", Path(".env"))


Hour = Annotated[int, Field(ge=0, le=24)]
_CLOCK_TIME = re.compile(r"^(?P<hour>[01]?[0-9]|2[0-3]):(?P<minute>[0-5][0-9])$")
PositiveInt = Annotated[int, Field(ge=1)]


# The occasions the morning job may congratulate (run kinds).
OCCASION_KINDS = ("birthday", "anniversary", "new_job")


class Settings(BaseSettings):
    """The service's configuration. Each field is the env variable ``LINKEDIN_BOT_<NAME>``."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_file=".env",  # replaced at each instantiation by env_files() (see __init__)
        env_file_encoding="utf-8",
        extra="ignore",
        validate_default=True,
    )

    # Storage
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Where the data lives; default: the platform's user data directory",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy async URL; default: SQLite file <data_dir>/linkedin.db",
    )
    redis_url: str | None = Field(default=None, description="redis://... to share state")
    backup_dir: Path | None = Field(
        default=None, description="Where `db backup` writes; default: <data_dir>/backups"
    )
    backup_retention: Annotated[int, Field(ge=1, le=365)] = Field(
        default=14, description="How many backup files of this database's kind are kept"
    )

    # HTTP API
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8000
    api_key: SecretStr | None = Field(default=None, min_length=16)
    metrics_require_api_key: bool = False
    max_request_body_bytes: Annotated[int, Field(ge=1024, le=64 * 1024 * 1024)] = 1024 * 1024

    # Web dashboard (served by `serve` at /, beside the API)
    dashboard_enabled: bool = Field(default=True, description="serve the web dashboard at /")
    dashboard_session_hours: Annotated[int, Field(ge=1, le=24 * 30)] = Field(
        default=12, description="a dashboard sign-in lasts this long, then asks again"
    )
    dashboard_secure_cookie: bool = Field(
        default=False,
        description="mark the sign-in cookie Secure even when the request came as plain HTTP "
        "(behind a reverse proxy that terminates HTTPS)",
    )

    # Secrets
    encryption_key: SecretStr | None = None

    # Contacts import (`linkedin-bot contacts import`): past either limit nothing is imported
    import_max_bytes: Annotated[int, Field(ge=1024, le=1024 * 1024 * 1024)] = Field(
        default=64 * 1024 * 1024, description="Largest connections file accepted, in bytes"
    )
    import_max_rows: Annotated[int, Field(ge=1, le=1_000_000)] = Field(
        default=100_000, description="Most data rows accepted in one connections file"
    )

    # Quotas (plan defaults)
    daily_message_limit: Annotated[int, Field(ge=0, le=500)] = 15
    weekly_message_limit: Annotated[int, Field(ge=0, le=3500)] = 100
    per_run_message_limit: Annotated[int, Field(ge=0, le=500)] = 15
    daily_visit_limit: Annotated[int, Field(ge=0, le=2000)] = 50

    # Pacing between messages, seconds
    min_delay_s: Annotated[float, Field(ge=0)] = 90.0
    max_delay_s: Annotated[float, Field(ge=0)] = 180.0
    pacing_enabled: bool = True

    # Working hours, in the user's timezone
    timezone: str = "Europe/Paris"
    working_hours_start: Hour = 7
    working_hours_end: Hour = 19

    # Birthdays
    process_late_birthdays: bool = False
    max_days_late: Annotated[int, Field(ge=0, le=10)] = 10
    avoid_repetition_years: Annotated[int, Field(ge=0, le=10)] = 2
    templates_dir: Path | None = Field(
        default=None, description="Directory of <locale>.toml message templates (overrides)"
    )
    default_locale: Literal["en", "fr"] = "en"

    # Sourcing: the pause between two profile visits, seconds
    min_visit_delay_s: Annotated[float, Field(ge=0)] = 8.0
    max_visit_delay_s: Annotated[float, Field(ge=0)] = 30.0
    sourcing_revisit_days: Annotated[int, Field(ge=0, le=3650)] = Field(
        default=30, description="A profile visited this many days ago or less is not revisited"
    )

    # Safety: how long no process touches LinkedIn after a restriction signal (999, 429,
    # checkpoint, redirect loop, "limit reached"); never less than a day
    restriction_cooldown_hours: Annotated[float, Field(ge=24, le=24 * 30)] = Field(
        default=48.0,
        description="Hours of cool-down after LinkedIn pushes back (24 to 720)",
    )

    # LinkedIn / browser
    linkedin_base_url: str = "https://www.linkedin.com"
    browser_executable: Path | None = None
    headless: bool = True

    # Schedule (serve): "auto" = a random minute early in working hours; "off"; or a crontab
    scheduler_enabled: bool = True
    birthday_schedule: str = "auto"
    backup_schedule: str = "30 3 * * *"
    scheduled_occasions: str = Field(
        default="birthday",
        description="What the morning job (birthday_schedule) congratulates, in order: "
        "birthday, anniversary, new_job (comma-separated; empty: nothing)",
    )

    # Notifications (docs/notifications.md): Apprise URLs, secrets (they hold tokens and
    # passwords); unset, nothing is sent
    notify_urls: SecretStr | None = Field(
        default=None,
        description="Apprise URLs (mailtos://, ntfy://, tgram://, json://...), "
        "separated by spaces, commas or new lines",
    )
    notify_daily_summary: bool = Field(
        default=False, description="Also send, every day, who was wished and who replied"
    )
    notify_daily_summary_time: str = Field(
        default="20:00", description="When the daily summary is sent (HH:MM, your timezone)"
    )
    notify_timeout_s: Annotated[float, Field(ge=1, le=120)] = Field(
        default=10.0, description="The longest a notification may take, per URL, seconds"
    )

    # Logs
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["auto", "json", "console"] = "auto"
    log_levels: dict[str, Literal["DEBUG", "INFO", "WARNING", "ERROR"]] = Field(
        default_factory=dict,
        description='Level per logger, as JSON: {"sqlalchemy.engine": "INFO"}',
    )

    def __init__(self, **values: Any) -> None:
        # The .env files are looked up when settings are built, not when this module is
        # imported: the configuration directory depends on the environment of that moment.
        values.setdefault("_env_file", env_files())
        super().__init__(**values)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA timezone {value!r}") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if value.startswith(("postgresql://", "postgres://")):
            return "postgresql+asyncpg://" + value.split("://", 1)[1]
        if value.startswith("sqlite:///"):
            return "sqlite+aiosqlite:///" + value.removeprefix("sqlite:///")
        if not value.startswith(("postgresql+asyncpg://", "sqlite+aiosqlite://")):
            raise ValueError("must be sqlite+aiosqlite:///PATH or postgresql+asyncpg://...")
        return value

    @field_validator("scheduled_occasions")
    @classmethod
    def _occasions(cls, value: str) -> str:
        kinds = [k.strip().replace("-", "_") for k in value.split(",") if k.strip()]
        unknown = [k for k in kinds if k not in OCCASION_KINDS]
        if unknown:
            raise ValueError(
                f"unknown occasion {', '.join(unknown)}: choose among {', '.join(OCCASION_KINDS)}"
            )
        return ",".join(dict.fromkeys(kinds))

    @property
    def occasions_scheduled(self) -> tuple[str, ...]:
        """The kinds of run the morning job starts, in order."""
        return tuple(k for k in self.scheduled_occasions.split(",") if k)

    @field_validator("birthday_schedule", "backup_schedule")
    @classmethod
    def _crontab(cls, value: str) -> str:
        spec = value.strip()
        if spec in {"auto", "off"}:
            return spec
        from apscheduler.triggers.cron import CronTrigger  # noqa: PLC0415  (only to check)

        try:
            CronTrigger.from_crontab(spec)
        except ValueError as exc:
            raise ValueError(f"not a crontab expression ({exc}); or use auto / off") from exc
        return spec

    @field_validator("notify_urls")
    @classmethod
    def _apprise_urls(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        from linkedin_bot.core.notify_urls import notify_targets  # noqa: PLC0415  (Apprise)

        notify_targets(value.get_secret_value())  # registers them as secrets, checks each
        return value

    @field_validator("notify_daily_summary_time")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        match = _CLOCK_TIME.match(value.strip())
        if match is None:
            raise ValueError("must be a time of day as HH:MM (24 h), e.g. 20:00")
        return f"{int(match['hour']):02d}:{match['minute']}"

    @field_validator("linkedin_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _ranges(self) -> Settings:
        if self.min_delay_s > self.max_delay_s:
            raise ValueError(
                f"{ENV_PREFIX}MIN_DELAY_S ({self.min_delay_s}) must not exceed "
                f"{ENV_PREFIX}MAX_DELAY_S ({self.max_delay_s})"
            )
        if self.min_visit_delay_s > self.max_visit_delay_s:
            raise ValueError(
                f"{ENV_PREFIX}MIN_VISIT_DELAY_S ({self.min_visit_delay_s}) must not exceed "
                f"{ENV_PREFIX}MAX_VISIT_DELAY_S ({self.max_visit_delay_s})"
            )
        if self.working_hours_start >= self.working_hours_end:
            raise ValueError(
                f"{ENV_PREFIX}WORKING_HOURS_START ({self.working_hours_start}) must be before "
                f"{ENV_PREFIX}WORKING_HOURS_END ({self.working_hours_end})"
            )
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'linkedin.db').as_posix()}"

    @property
    def is_sqlite(self) -> bool:
        return self.effective_database_url.startswith("sqlite")

    @property
    def secrets_dir(self) -> Path:
        return self.data_dir / "secrets"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once from the environment and ``.env``."""
    return Settings()


def unknown_variables(environ: Mapping[str, str] | None = None) -> list[str]:
    """A warning for each ``LINKEDIN_BOT_*`` variable (environment or ``.env`` files) that
    is no setting, with the closest known name: a misspelt variable is otherwise silently
    ignored."""
    from dotenv import dotenv_values  # noqa: PLC0415  (pydantic-settings' own dependency)

    names = set(environ if environ is not None else os.environ)
    for path in env_files():
        if path.is_file():
            names |= {str(k) for k in dotenv_values(path)}
    known = {ENV_PREFIX + name.upper() for name in Settings.model_fields} | OTHER_VARIABLES
    warnings = []
    for name in sorted(n for n in names if n.upper().startswith(ENV_PREFIX)):
        if name.upper() in known:
            continue
        close = difflib.get_close_matches(name.upper(), sorted(known), n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]}?)" if close else ""
        warnings.append(f"unknown setting {name} is ignored{hint}")
    return warnings


def legacy_data_dir_hint(
    settings: Settings, environ: Mapping[str, str] | None = None
) -> str | None:
    """Before 2026-12 the data lived in ``./data`` of the working directory. When such a
    database is here, the data directory was not chosen explicitly, and the default one
    has no database yet, say how to keep using it (nothing is moved automatically)."""
    env = environ if environ is not None else os.environ
    if f"{ENV_PREFIX}DATA_DIR" in env or f"{ENV_PREFIX}DATABASE_URL" in env:
        return None
    old = Path("data") / "linkedin.db"
    if not old.is_file() or old.resolve() == (settings.data_dir / "linkedin.db").resolve():
        return None
    if (settings.data_dir / "linkedin.db").exists():
        return None
    return (
        f"found a database in {old.parent.resolve()} (where older versions kept their data); "
        f"the data directory is now {settings.data_dir}. Keep using the old one with "
        f"LINKEDIN_BOT_DATA_DIR={old.parent.resolve()}, or move it: "
        f"mv {old.parent.resolve()} {settings.data_dir}"
    )


def describe_validation_error(exc: ValidationError) -> str:
    """One line per invalid value, naming the environment variable to fix."""
    lines = ["invalid configuration:"]
    for error in exc.errors():
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["loc"]:
            lines.append(f"  {ENV_PREFIX}{str(error['loc'][0]).upper()}: {message}")
        else:  # a rule across several variables names them in its message
            lines.append(f"  {message}")
    return "\n".join(lines)
