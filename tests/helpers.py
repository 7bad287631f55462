"""Shared test helpers: constants, the Database handle, settings for a test."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from linkedin_bot.core.settings import Settings

TEST_API_KEY = "test-api-key-0123456789abcdef"
TEST_ENCRYPTION_KEY = "It6tytdFDY09FeO3uy0dL7xpATOOYPU9FpUHZs2pJfI="


@dataclass
class Database:
    """A migrated, empty database for one test."""

    backend: str
    url: str
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]


def make_settings(data_dir: Path, database_url: str, **overrides: object) -> Settings:
    """Settings for a test: explicit values only, no environment file."""
    values: dict[str, object] = {
        "data_dir": data_dir,
        "database_url": database_url,
        "api_key": TEST_API_KEY,
        "encryption_key": TEST_ENCRYPTION_KEY,
        "pacing_enabled": False,
        "scheduler_enabled": False,
        "log_format": "json",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]
