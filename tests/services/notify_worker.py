"""A process that tells one failed run, as a CLI run would: `python -m
tests.services.notify_worker DATA_DIR DATABASE_URL NOTIFY_URL RUN_ID`."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from linkedin_bot.core.clock import SystemClock
from linkedin_bot.db.engine import create_engine, create_session_factory
from linkedin_bot.db.queries import runs as q
from linkedin_bot.services.notifications import build_notifier
from tests.helpers import make_settings


async def main(data: str, database_url: str, url: str, run_id: int) -> None:
    settings = make_settings(Path(data), database_url, notify_urls=url)
    engine = create_engine(database_url)
    async with create_session_factory(engine)() as session:
        run = await q.get_run(session, run_id)
    assert run is not None
    notifier = build_notifier(settings, SystemClock())
    await notifier.run_ended(run)
    await notifier.drain()
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
