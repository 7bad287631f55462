"""Starting campaigns: in the background (API, schedule) or in the foreground (CLI).

The run wrapper is the one place where any error of a campaign ends up: it is recorded on
the run, which ends with a status, and the process goes on.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.clock import Clock
from linkedin_bot.core.errors import ServiceStopping
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.metrics import CAMPAIGN_RUN_DURATION, CAMPAIGN_RUNS, ERRORS
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.enums import RunKind, RunStatus
from linkedin_bot.db.models import CampaignRun
from linkedin_bot.db.queries import runs as q
from linkedin_bot.db.retry import is_transient
from linkedin_bot.safety.cooldown import Cooldowns
from linkedin_bot.safety.quota import QuotaLedger
from linkedin_bot.services.birthday import BirthdayCampaign
from linkedin_bot.services.messages import TemplateBook
from linkedin_bot.services.options import BirthdayOptions, SourcingOptions
from linkedin_bot.services.ports import DriverFactory
from linkedin_bot.services.progress import Progress
from linkedin_bot.services.runs import RunHandle, open_run
from linkedin_bot.services.sourcing import SourcingCampaign

if TYPE_CHECKING:  # redis-py is loaded only when Redis is configured (wiring.py)
    from linkedin_bot.safety.run_lock import RedisRunLock

log = get_logger("linkedin_bot.campaigns")


def _failure_text(exc: Exception) -> str:
    """What the run records when an unexpected error ended it: a database that stayed
    unreachable says so plainly; anything else names the error."""
    if is_transient(exc):
        return f"the database was unreachable ({type(exc).__name__}); try again once it is back"
    return f"{type(exc).__name__}: {exc}"[:2000]


# On SIGTERM, how long a run may take to finish the contact it is on (a send, verified).
SHUTDOWN_GRACE_S = 90.0


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
    cooldowns: Cooldowns | None = None
    read_sessions: async_sessionmaker[AsyncSession] | None = None
    rng: random.Random = field(default_factory=random.Random)
    _tasks: dict[int, asyncio.Task[RunStatus]] = field(default_factory=dict)
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)

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
            self.cooldowns,
        )

    async def open_birthday(self, options: BirthdayOptions, trigger: str) -> CampaignRun:
        self._refuse_if_stopping()
        await self.check_cooldown()
        return await open_run(
            self.sessions,
            self.clock,
            kind=RunKind.BIRTHDAY.value,
            params=options.resolved(self.settings).params(),
            dry_run=options.dry_run,
            trigger=trigger,
            account=self.account,
            run_lock=self.run_lock,
        )

    async def start_birthday(self, options: BirthdayOptions, trigger: str) -> CampaignRun:
        """Open the run (409 if one is active) and carry it out in the background."""
        run = await self.open_birthday(options, trigger)
        task = asyncio.create_task(
            self._execute(run.id, RunKind.BIRTHDAY.value, self._birthday(None).run, options),
            name=f"run-{run.id}",
        )
        self._tasks[run.id] = task
        task.add_done_callback(lambda _t: self._tasks.pop(run.id, None))
        return run

    async def run_birthday(
        self, options: BirthdayOptions, trigger: str, progress: Progress | None = None
    ) -> CampaignRun:
        """Open the run and carry it out now; returns the finished run."""
        run = await self.open_birthday(options, trigger)
        await self._execute(run.id, RunKind.BIRTHDAY.value, self._birthday(progress).run, options)
        return await self.get(run.id)

    def _sourcing(self, progress: Progress | None) -> SourcingCampaign:
        return SourcingCampaign(
            self.sessions,
            self.ledger,
            self.driver_factory,
            self.clock,
            self.settings,
            self.rng,
            progress,
            self.cooldowns,
        )

    async def open_sourcing(self, options: SourcingOptions, trigger: str) -> CampaignRun:
        self._refuse_if_stopping()
        await self.check_cooldown()
        return await open_run(
            self.sessions,
            self.clock,
            kind=RunKind.SOURCING.value,
            params=options.params(),
            dry_run=options.dry_run,
            trigger=trigger,
            account=self.account,
            run_lock=self.run_lock,
        )

    async def start_sourcing(self, options: SourcingOptions, trigger: str) -> CampaignRun:
        """Open a sourcing run (409 if one is active) and carry it out in the background."""
        run = await self.open_sourcing(options, trigger)
        task = asyncio.create_task(
            self._execute(run.id, RunKind.SOURCING.value, self._sourcing(None).run, options),
            name=f"run-{run.id}",
        )
        self._tasks[run.id] = task
        task.add_done_callback(lambda _t: self._tasks.pop(run.id, None))
        return run

    async def run_sourcing(
        self, options: SourcingOptions, trigger: str, progress: Progress | None = None
    ) -> CampaignRun:
        """Open a sourcing run and carry it out now; returns the finished run."""
        run = await self.open_sourcing(options, trigger)
        await self._execute(run.id, RunKind.SOURCING.value, self._sourcing(progress).run, options)
        return await self.get(run.id)

    async def get(self, run_id: int) -> CampaignRun:
        async with self.sessions() as session:
            run = await q.get_run(session, run_id)
        assert run is not None
        return run

    async def _execute(self, run_id: int, kind: str, campaign: Any, options: Any) -> RunStatus:
        """The run wrapper: binds the run id to every log line, records the outcome."""
        handle = RunHandle(
            self.sessions,
            self.clock,
            run_id,
            run_lock=self.run_lock,
            stop=self._stopping,
            read_sessions=self.read_sessions,
        )
        started = time.perf_counter()
        status = RunStatus.FAILED
        with structlog.contextvars.bound_contextvars(run_id=run_id, campaign=kind):
            try:
                status = await campaign(handle, options)
            except asyncio.CancelledError:
                status = RunStatus.INTERRUPTED
                await asyncio.shield(self._end(handle, status, "the service stopped"))
                raise
            except Exception as exc:  # the run wrapper: every error ends the run with a status
                log.exception("run.failed")
                ERRORS.labels(type(exc).__name__, kind).inc()
                await self._end(handle, RunStatus.FAILED, _failure_text(exc))
            finally:
                await handle.close()
                CAMPAIGN_RUNS.labels(kind, status.value).inc()
                CAMPAIGN_RUN_DURATION.labels(kind).observe(time.perf_counter() - started)
        return status

    @staticmethod
    async def _end(handle: RunHandle, status: RunStatus, error: str) -> None:
        """Finish the run; if even the retried write fails, the run is left to the stale-run
        reaper (its heartbeat has stopped: any process ends it within a minute)."""
        try:
            await handle.finish(status, error)
        except Exception:  # logged; the stale-run reaper ends the run
            log.exception("run.end_not_recorded", status=status.value)

    async def check_cooldown(self) -> None:
        """Raise :class:`CooldownActive` when a cool-down forbids LinkedIn now (the API and
        the CLI refuse up front; the run checks again before opening a browser)."""
        if self.cooldowns is not None:
            await self.cooldowns.check()

    def _refuse_if_stopping(self) -> None:
        if self._stopping.is_set():
            raise ServiceStopping("the service is stopping: no new run is accepted")

    def active_task_ids(self) -> list[int]:
        return list(self._tasks)

    async def wait(self, run_id: int) -> None:
        """Wait for a background run of this process to end (tests, shutdown)."""
        task = self._tasks.get(run_id)
        if task is not None:
            await asyncio.wait({task})

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def request_stop(self) -> None:
        """Stop soon: accept no new run; each run ends its pause at once and stops before
        its next contact (a send already clicked is verified first), as interrupted."""
        self._stopping.set()

    async def shutdown(self, grace: float = SHUTDOWN_GRACE_S) -> None:
        """Stop: accept no new run, let each run finish the contact it is on (it then ends
        as interrupted), and cancel what is still running after ``grace`` seconds."""
        self.request_stop()
        tasks = list(self._tasks.values())
        if not tasks:
            return
        _done, pending = await asyncio.wait(tasks, timeout=grace)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
