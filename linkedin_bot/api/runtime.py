"""What the app builds once in its lifespan and hands down to requests."""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from linkedin_bot.core.secrets import ResolvedSecrets
from linkedin_bot.core.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    secrets: ResolvedSecrets
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    redis: Redis | None = None
