"""A campaign worker that kills itself (SIGKILL) at a chosen point of the first send.

    python -m tests.safety.crash_worker '{"url": ..., "data_dir": ..., "base_url": ...,
                                          "now": ISO, "crash_at": "after_click" | ...}'

Crash points: before_reserve_commit (inside the reservation's transaction), after_reserve,
after_sending (intent recorded, before the click), after_click (delivered, not recorded),
after_commit. With no crash point it runs the campaign to its end.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from linkedin_bot.core.clock import FrozenClock
from linkedin_bot.db.models import Interaction
from linkedin_bot.linkedin.driver import LinkedInDriver
from linkedin_bot.linkedin.timeouts import FAST_TIMEOUTS
from linkedin_bot.safety.quota import QuotaLedger
from linkedin_bot.services.options import AnniversaryOptions, BirthdayOptions, NewJobOptions
from linkedin_bot.wiring import build_runtime
from tests.helpers import make_settings

OPTIONS = {"birthday": BirthdayOptions, "anniversary": AnniversaryOptions, "new_job": NewJobOptions}


def _die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def _after(owner: Any, name: str) -> None:
    original = getattr(owner, name)

    async def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = await original(*args, **kwargs)
        _die()
        return result

    setattr(owner, name, wrapped)


def _before_commit_of_a_reservation(session: Session, _flush_context: Any) -> None:
    if any(isinstance(o, Interaction) and o.status == "reserved" for o in session.new):
        _die()


def install(crash_at: str | None) -> None:
    if crash_at == "before_reserve_commit":
        event.listen(Session, "after_flush", _before_commit_of_a_reservation)
    elif crash_at == "after_reserve":
        _after(QuotaLedger, "reserve")
    elif crash_at == "after_sending":
        _after(QuotaLedger, "mark_sending")
    elif crash_at == "after_click":
        _after(LinkedInDriver, "send_message")
    elif crash_at == "after_commit":
        _after(QuotaLedger, "commit")
    elif crash_at is not None:
        raise ValueError(f"unknown crash point {crash_at}")


async def main(spec: dict[str, Any]) -> None:
    settings = make_settings(
        Path(spec["data_dir"]),
        spec["url"],
        linkedin_base_url=spec["base_url"],
        encryption_key=None,
    )
    install(spec.get("crash_at"))
    clock = FrozenClock(datetime.fromisoformat(spec["now"]))
    runtime = await build_runtime(settings, clock=clock, timeouts=FAST_TIMEOUTS)
    try:
        options = OPTIONS[str(spec.get("kind", "birthday"))]()
        run = await runtime.campaigns.run(options, "test")
        print(json.dumps({"status": run.status, "stats": run.stats, "error": run.error}))
    finally:
        await runtime.close()


if __name__ == "__main__":
    asyncio.run(main(json.loads(sys.argv[1])))
