"""The effective configuration as a person may read it: each setting, its value and where
it came from, secrets never shown; and where the bot keeps its files.

For the dashboard's Settings page. Secrets (the API key, the encryption key, the
notification URLs) are said to be set or not, never shown; every other value is redacted
too (a password in a database or Redis URL, a registered secret), as a last net.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy.engine import make_url

from linkedin_bot.core.redaction import redact
from linkedin_bot.core.settings import ENV_PREFIX, Settings, env_files
from linkedin_bot.db.engine import sqlite_path
from linkedin_bot.services.template_files import templates_folder

# The file the `run` commands log to, under the data directory (``cli/live.py``'s).
RUN_LOG_FILE = Path("logs") / "linkedin-bot.log"
URL_SETTINGS = frozenset({"database_url", "redis_url"})


@dataclass(frozen=True)
class SettingRow:
    name: str  # the field
    variable: str  # LINKEDIN_BOT_<NAME>
    value: str  # as shown: secrets hidden, passwords masked
    source: str  # "environment", "file", "default" or "given"
    source_file: str | None  # the .env file, when source is "file"
    secret: bool
    description: str | None


@dataclass(frozen=True)
class PathRow:
    name: str  # "data_dir", "database", ...
    where: str | None  # None: not configured
    exists: bool | None  # None: not a local path (PostgreSQL)


def _dotenv_sources() -> dict[str, str]:
    """Each variable set by a ``.env`` file, with the file that sets it (the later wins)."""
    from dotenv import dotenv_values  # noqa: PLC0415  (pydantic-settings' own dependency)

    found: dict[str, str] = {}
    for path in env_files():
        if path.is_file():
            for key in dotenv_values(path):
                found[str(key).upper()] = str(path.absolute())
    return found


def _shown(name: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, SecretStr):
        return "(hidden)"
    if name in URL_SETTINGS and isinstance(value, str):
        return redact(make_url(value).render_as_string(hide_password=True))
    if isinstance(value, dict):
        return redact(", ".join(f"{k}={v}" for k, v in value.items()))
    if isinstance(value, bool):
        return "true" if value else "false"
    return redact(str(value))


def setting_rows(settings: Settings, environ: Mapping[str, str] | None = None) -> list[SettingRow]:
    """Every setting, in declaration order, as :class:`SettingRow`."""
    env = {k.upper() for k in (environ if environ is not None else os.environ)}
    files = _dotenv_sources()
    rows = []
    for name, info in Settings.model_fields.items():
        variable = ENV_PREFIX + name.upper()
        value = getattr(settings, name)
        if variable in env:
            source, source_file = "environment", None
        elif variable in files:
            source, source_file = "file", files[variable]
        elif name in settings.model_fields_set:
            source, source_file = "given", None
        else:
            source, source_file = "default", None
        rows.append(
            SettingRow(
                name,
                variable,
                _shown(name, value),
                source,
                source_file,
                isinstance(value, SecretStr) or info.annotation == SecretStr | None,
                info.description,
            )
        )
    return rows


def data_paths(settings: Settings) -> list[PathRow]:
    """Where the data, the database, the templates, the backups, the logs and the secrets
    are (nothing is created)."""
    from linkedin_bot.services.backup import backup_dir  # noqa: PLC0415  (alembic: slow)

    url = settings.effective_database_url
    db_file = sqlite_path(url)
    if db_file is not None:
        database = PathRow("database", str(db_file), db_file.is_file())
    else:
        database = PathRow("database", make_url(url).render_as_string(hide_password=True), None)
    backups = backup_dir(settings)
    log_file = settings.data_dir / RUN_LOG_FILE
    templates = templates_folder(settings)  # edits are saved there even when unset
    return [
        PathRow("data_dir", str(settings.data_dir), settings.data_dir.is_dir()),
        database,
        PathRow("templates_dir", str(templates), templates.is_dir()),
        PathRow("backups", str(backups), backups.is_dir()),
        PathRow("log_file", str(log_file), log_file.is_file()),
        PathRow("secrets_dir", str(settings.secrets_dir), settings.secrets_dir.is_dir()),
    ]
