"""Short-lived engines on the seeded database for the in-process scenarios."""

from __future__ import annotations

import asyncio
from typing import Any

from bench.targets import Target, resolve
from linkedin_bot.db.engine import create_engine


async def _resolve(url: str) -> tuple[list[Target], dict[str, Any]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return await resolve(conn)
    finally:
        await engine.dispose()


def resolve_targets(url: str) -> tuple[list[Target], dict[str, Any]]:
    return asyncio.run(_resolve(url))
