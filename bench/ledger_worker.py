"""One process of the ledger scenario: build a ledger, say it is ready, wait for the common
start, then reserve its keys as fast as it can (the forkserver preloads this module)."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, date, datetime
from datetime import time as day_time
from pathlib import Path
from typing import Any

from linkedin_bot.core.clock import FrozenClock
from linkedin_bot.core.errors import QuotaExhausted
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.engine import create_engine
from linkedin_bot.safety.quota import AlreadyHandled, QuotaLedger

KIND = "birthday_message"
ENCRYPTION_KEY = "It6tytdFDY09FeO3uy0dL7xpATOOYPU9FpUHZs2pJfI="
UNLIMITED = 10**9


def ledger_settings(spec: dict[str, Any]) -> Settings:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=Path(spec["data_dir"]),
        database_url=spec["url"],
        encryption_key=ENCRYPTION_KEY,
        pacing_enabled=False,
        scheduler_enabled=False,
        log_level="WARNING",
        log_format="json",
    )
    limit = spec["limit"]
    if limit is None:
        # Throughput runs: no window may refuse. The settings cap the limits (500 a day),
        # so they are raised past validation here, for the measurement only.
        limit = UNLIMITED
    return settings.model_copy(
        update={
            "daily_message_limit": limit,
            "weekly_message_limit": UNLIMITED,
            "per_run_message_limit": UNLIMITED,
        }
    )


async def _run(spec: dict[str, Any], ready: Any, start: Any) -> dict[str, Any]:
    settings = ledger_settings(spec)
    engine = create_engine(spec["url"])
    day = date.fromisoformat(spec["day"])
    clock = FrozenClock(datetime.combine(day, day_time(9, 0), tzinfo=UTC))
    ledger = QuotaLedger(engine, settings, clock)
    contact_ids: list[int] = spec["contact_ids"]
    won = refused = 0
    try:
        await ledger.usage(KIND)  # connect (and warm the pool) before the start signal
        ready.put(spec["worker"])
        await asyncio.to_thread(start.wait)
        started = time.monotonic()
        for i in range(int(spec["count"])):
            try:
                await ledger.reserve(
                    kind=KIND,
                    contact_id=contact_ids[i % len(contact_ids)],
                    dedup_key=f"{spec['key_prefix']}:{spec['worker']}:{i}",
                    run_id=None,
                    payload={"bench": True},
                )
                won += 1
            except (QuotaExhausted, AlreadyHandled):
                refused += 1
        ended = time.monotonic()
    finally:
        await engine.dispose()
    return {"won": won, "refused": refused, "started": started, "ended": ended}


def reserve_in_process(spec: dict[str, Any], ready: Any, start: Any, results: Any) -> None:
    results.put(asyncio.run(_run(spec, ready, start)))
