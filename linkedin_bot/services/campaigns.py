"""Starting campaigns: in the background (API, schedule) or in the foreground (CLI).

The run wrapper is the one place where any error of a campaign ends up: it is recorded on
the run, which ends with a status, and the process goes on.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.clock import Clock
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.enums import RunKind, RunStatus
from linkedin_bot.db.models import CampaignRun
from linkedin_bot.db.queries import runs as q
from linkedin_bot.safety.quota import QuotaLedger
from linkedin_bot.safety.run_lock import RedisRunLock
from linkedin_bot.services.birthday import BirthdayCampaign, BirthdayOptions
from linkedin_bot.services.messages import TemplateBook
from linkedin_bot.services.ports import DriverFactory
from linkedin_bot.services.progress import Progress
from linkedin_bot.services.runs import RunHandle, open_run

log = get_logger("linkedin_bot.campaigns")


@dataclass
class CampaignRunner:
    sessions: async_sessionmaker[AsyncSession]
    ledger: QuotaLedger
    driver_factory: DriverFactory
    clock: Clock
    settings: Settings
    templates: TemplateBook
    account: str = "default"
    run_lock: RedisRunLock | None = None
    rng: random.Random = field(default_factory=random.Random)
    _tasks: dict[int, asyncio.Task[RunStatus]] = field(default_factory=dict)

    def _birthday(self, progress: Progress | None) -> BirthdayCampaign:
        return BirthdayCampaign(
            self.sessions,
            self.ledger,
            self.driver_factory,
            self.clock,
            self.settings,
            self.templates,
            self.rng,
            progress,
        )

    async def open_birthday(self, options: BirthdayOptions, trigger: str) -> CampaignRun:
        return await open_run(
            self.sessions,
            self.clock,
            kind=RunKind.BIRTHDAY.value,
            params=asdict(options),
            dry_run=options.dry_run,
            trigger=trigger,
            account=self.account,
            run_lock=self.run_lock,
        )

    async def start_birthday(self, options: BirthdayOptions, trigger: str) -> CampaignRun:
        """Open the run (409 if one is active) and carry it out in the background."""
        run = await self.open_birthday(options, trigger)
        task = asyncio.create_task(
            self._execute(run.id, self._birthday(None).run, options), name=f"run-{run.id}"
        )
        self._tasks[run.id] = task
        task.add_done_callback(lambda _t: self._tasks.pop(run.id, None))
        return run

    async def run_birthday(
        self, options: BirthdayOptions, trigger: str, progress: Progress | None = None
    ) -> CampaignRun:
        """Open the run and carry it out now; returns the finished run."""
        run = await self.open_birthday(options, trigger)
        await self._execute(run.id, self._birthday(progress).run, options)
        return await self.get(run.id)

    async def get(self, run_id: int) -> CampaignRun:
        async with self.sessions() as session:
            run = await q.get_run(session, run_id)
        assert run is not None
        return run

    async def _execute(self, run_id: int, campaign: Any, options: Any) -> RunStatus:
        handle = RunHandle(self.sessions, self.clock, run_id, run_lock=self.run_lock)
        try:
            status: RunStatus = await campaign(handle, options)
        except asyncio.CancelledError:
            await asyncio.shield(handle.finish(RunStatus.INTERRUPTED, "the service stopped"))
            raise
        except Exception as exc:  # the run wrapper: every error ends the run with a status
            log.exception("run.failed", run_id=run_id)
            await handle.finish(RunStatus.FAILED, f"{type(exc).__name__}: {exc}"[:2000])
            return RunStatus.FAILED
        return status

    def active_task_ids(self) -> list[int]:
        return list(self._tasks)

    async def wait(self, run_id: int) -> None:
        """Wait for a background run of this process to end (tests, shutdown)."""
        task = self._tasks.get(run_id)
        if task is not None:
            await asyncio.wait({task})

    async def shutdown(self) -> None:
        """Stop background runs: each ends as interrupted."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)
