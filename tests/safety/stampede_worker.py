"""One process of the stampede: wait for the start signal, then reserve as fast as it can."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from linkedin_bot.core.clock import FrozenClock
from linkedin_bot.core.errors import QuotaExhausted
from linkedin_bot.safety.quota import AlreadyHandled
from linkedin_bot.wiring import build_runtime
from tests.helpers import make_settings
from tests.safety.naive_ledger import NaiveLedger

NOON = datetime(2026, 1, 15, 11, 0, tzinfo=UTC)


async def _run(spec: dict[str, object], ready: object, start: object) -> int:
    settings = make_settings(
        Path(str(spec["data_dir"])),
        str(spec["url"]),
        daily_message_limit=15,
        redis_url=spec.get("redis_url"),
    )
    runtime = await build_runtime(settings, clock=FrozenClock(NOON))
    naive = NaiveLedger(runtime.engine, settings, runtime.clock) if spec.get("naive") else None
    won = 0
    try:
        ready.put(os.getpid())  # type: ignore[attr-defined]
        await asyncio.to_thread(start.wait)  # type: ignore[attr-defined]
        for contact_id in list(spec["contact_ids"]):  # type: ignore[call-overload]
            key = f"stampede:{contact_id}"
            try:
                if naive is not None:
                    await naive.reserve(
                        kind="birthday_message", contact_id=contact_id, dedup_key=key
                    )
                else:
                    await runtime.ledger.reserve(
                        kind="birthday_message",
                        contact_id=contact_id,
                        dedup_key=key,
                        run_id=None,
                        payload={"pid": os.getpid()},
                    )
                won += 1
            except (QuotaExhausted, AlreadyHandled, IntegrityError):
                continue  # the naive ledger meets the unique key as an IntegrityError
    finally:
        await runtime.close()
    return won


def reserve_in_process(
    spec: dict[str, object], ready: object, start: object, results: object
) -> None:
    """Signal readiness (connected, runtime built), wait for the common start, race."""
    results.put(asyncio.run(_run(spec, ready, start)))  # type: ignore[attr-defined]
