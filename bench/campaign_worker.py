"""The bot's side of the campaign scenario, as its own process: ``python -m bench.campaign_worker``.

Reads a spec on stdin (``{"sim_url", "li_at", "data_dir", "database_url", "today",
"runs": [{"day_offset", "max_days_late"}], "max_scrolls", "milestones"}``), runs the
birthday campaign against the simulator once per entry of ``runs`` (each run opens its own
browser, as in production), and prints one JSON line per event on stdout, prefixed
``BENCH `` (logs go to stderr): ``{"event": "sent", "n": <messages sent so far, all runs>,
"t": <monotonic>, "memory": <on the milestones, else null>}`` after every delivered
message, plus ``run.start``, ``session.valid``, ``birthdays.found`` and ``run.end``.

The process carries what ``linkedin-bot serve`` carries (the API application is built,
though not served), so that its memory is the service's, not a lighter script's; it loads
nothing the service does not (the simulator's date is set with the standard library).

The clock is frozen at 08:00 UTC of the simulator's day (10:00 in Paris: working hours);
a run with ``day_offset`` 1 moves it to the next day, because the daily message limit is
at most 500 (the settings' maximum) and 1,000 wishes need two days of quota.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
import urllib.request
from dataclasses import asdict, replace
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_time
from pathlib import Path
from typing import Any

import psutil

from bench.memory import Snapshot, pss_by_kind
from linkedin_bot.api.app import create_app
from linkedin_bot.core.clock import FrozenClock
from linkedin_bot.core.logging import configure_logging
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.migrate import upgrade_async
from linkedin_bot.linkedin.auth import import_session
from linkedin_bot.linkedin.timeouts import FAST_TIMEOUTS
from linkedin_bot.services.options import BirthdayOptions
from linkedin_bot.services.progress import ProgressEvent
from linkedin_bot.wiring import build_runtime

ENCRYPTION_KEY = "It6tytdFDY09FeO3uy0dL7xpATOOYPU9FpUHZs2pJfI="
PREFIX = "BENCH "
MORNING_UTC = day_time(8, 0)


def emit(event: str, **data: Any) -> None:
    line = json.dumps({"event": event, "t": time.monotonic(), **data})
    sys.stdout.write(PREFIX + line + "\n")
    sys.stdout.flush()


def bot_settings(spec: dict[str, Any]) -> Settings:
    """The limits at their maxima, pacing off, no scheduler, the simulator as LinkedIn."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=Path(spec["data_dir"]),
        database_url=spec["database_url"],
        api_key="bench-api-key-0123456789abcdef",
        encryption_key=ENCRYPTION_KEY,
        linkedin_base_url=spec["sim_url"],
        pacing_enabled=False,
        scheduler_enabled=False,
        daily_message_limit=500,
        weekly_message_limit=3500,
        per_run_message_limit=500,
        process_late_birthdays=True,
        log_level="WARNING",
        log_format="json",
    )


class Counter:
    """The progress callback: one ``sent`` event per delivered message, all runs together,
    with the memory of this process and its browser on the milestones (measured here, in
    the callback, while the run waits: the browser of the run is still open)."""

    def __init__(self, milestones: set[int]) -> None:
        self.sent_before_run = 0
        self.sent = 0
        self.milestones = milestones
        self.me = psutil.Process()

    def __call__(self, event: ProgressEvent) -> None:
        if event.kind == "contact.done":
            sent = self.sent_before_run + int(event.data["stats"].get("sent", 0))
            if sent > self.sent:
                self.sent = sent
                memory = None
                if sent in self.milestones:
                    snap = Snapshot.take(self.me)
                    memory = {"snapshot": asdict(snap) if snap else None}
                    memory["by_type_pss_mb"] = pss_by_kind(self.me)
                emit("sent", n=sent, memory=memory)
        elif event.kind in {"session.valid", "birthdays.found"}:
            emit(event.kind, **event.data)


def set_sim_today(sim_url: str, day: date) -> None:
    request = urllib.request.Request(
        f"{sim_url}/__sim/today",
        data=json.dumps({"today": day.isoformat()}).encode(),
        headers={"Content-Type": "application/json"},
        method="PUT",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()


async def campaign(spec: dict[str, Any]) -> None:
    settings = bot_settings(spec)
    create_app(settings)  # what the service holds in memory besides the runtime
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    configure_logging(settings.log_level, settings.log_format)
    await upgrade_async(settings.effective_database_url)
    import_session(settings, spec["li_at"])
    today = date.fromisoformat(spec["today"])
    clock = FrozenClock(datetime.combine(today, MORNING_UTC, tzinfo=UTC))
    timeouts = replace(FAST_TIMEOUTS, max_scrolls=int(spec["max_scrolls"]))
    runtime = await build_runtime(settings, clock=clock, timeouts=timeouts)
    counter = Counter(set(spec["milestones"]))
    try:
        for number, plan in enumerate(spec["runs"], start=1):
            day = today + timedelta(days=int(plan["day_offset"]))
            clock.set(datetime.combine(day, MORNING_UTC, tzinfo=UTC))
            await asyncio.to_thread(set_sim_today, spec["sim_url"], day)
            emit("run.start", run=number, day=day.isoformat())
            options = BirthdayOptions(
                force=True, process_late=True, max_days_late=int(plan["max_days_late"])
            )
            run = await runtime.campaigns.run(options, trigger="bench", progress=counter)
            counter.sent_before_run = counter.sent
            emit("run.end", run=number, status=run.status, stats=run.stats, error=run.error)
    finally:
        await runtime.close()


def main() -> None:
    asyncio.run(campaign(json.load(sys.stdin)))


if __name__ == "__main__":
    main()
