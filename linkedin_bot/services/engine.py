"""The run engine: it owns a run from end to end, whatever its kind.

open (the options resolved against the settings, recorded as they run; one active run per
account) -> start -> working-hours gate -> cool-down gate -> reap -> open the browser and
validate the session -> reconcile messages in doubt -> ``plan()`` -> for each item: stop
check, ``act()``, pause -> finish with one status and reason.

A campaign (``occasions.py``, ``sourcing.py``) is a small object with ``plan`` and ``act``;
adding a kind is one module plus its templates. What ends a run is carried by the errors
(``ends_run``/``ends_run_as``, see ``core/errors.py``) and by quota exhaustion, and is
interpreted here and in ``runs.settle`` only, the way scrapy's ``CloseSpider`` or crawlee's
``SessionError`` work.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.clock import Clock, local_date
from linkedin_bot.core.errors import QuotaExhausted, ServiceStopping
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.metrics import CAMPAIGN_RUN_DURATION, CAMPAIGN_RUNS, ERRORS, QUOTA_EXHAUSTED
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.enums import RunStatus
from linkedin_bot.db.models import CampaignRun
from linkedin_bot.db.queries import runs as q
from linkedin_bot.db.retry import is_transient
from linkedin_bot.linkedin.pacing import Pacing
from linkedin_bot.safety.cooldown import Cooldowns
from linkedin_bot.safety.quota import QuotaLedger
from linkedin_bot.services.campaign import Campaign, CampaignDeps, RunContext
from linkedin_bot.services.campaign_kinds import campaign_for
from linkedin_bot.services.messages import TemplateBook
from linkedin_bot.services.options import RunOptions
from linkedin_bot.services.ports import DriverFactory
from linkedin_bot.services.progress import Progress
from linkedin_bot.services.reconcile import reconcile_in_doubt
from linkedin_bot.services.runs import RunHandle, open_run, refused_outside_hours, settle
from linkedin_bot.services.template_files import TemplateFiles

if TYPE_CHECKING:  # redis-py is loaded only when Redis is configured (wiring.py)
    from linkedin_bot.safety.run_lock import RedisRunLock

log = get_logger("linkedin_bot.engine")

# On SIGTERM, how long a run may take to finish the contact it is on (a send, verified).
SHUTDOWN_GRACE_S = 90.0


def _failure_text(exc: Exception) -> str:
    """What the run records when an unexpected error ended it: a database that stayed
    unreachable says so plainly; anything else names the error."""
    if is_transient(exc):
        return f"the database was unreachable ({type(exc).__name__}); try again once it is back"
    return f"{type(exc).__name__}: {exc}"[:2000]


@dataclass
class RunEngine:
    """Opens, carries out and ends runs: in the background (API, schedule) or now (CLI)."""

    sessions: async_sessionmaker[AsyncSession]
    ledger: QuotaLedger
    driver_factory: DriverFactory
    clock: Clock
    settings: Settings
    templates: TemplateBook
    # Where ``templates`` comes from: asked again as each run opens (edited files are used
    # from the next run, without a restart).
    template_files: TemplateFiles | None = None
    account: str = "default"
    run_lock: RedisRunLock | None = None
    cooldowns: Cooldowns | None = None
    read_sessions: async_sessionmaker[AsyncSession] | None = None
    rng: random.Random = field(default_factory=random.Random)
    # Told each run's id once the run has ended (notifications); never in the run's way.
    on_run_end: Callable[[int], Awaitable[None]] | None = None
    _tasks: dict[int, asyncio.Task[RunStatus]] = field(default_factory=dict)
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def deps(self) -> CampaignDeps:
        return CampaignDeps(
            self.sessions, self.ledger, self.clock, self.settings, self.templates, self.rng
        )

    def _campaign(self, options: RunOptions) -> Campaign:
        return campaign_for(self.deps, options)

    # --- Open, start, run ---------------------------------------------------------------

    async def open(self, options: RunOptions, trigger: str) -> CampaignRun:
        """Record a queued run with its options as it will run them (409 if a run is
        active, 503 while stopping or during a cool-down)."""
        self._refuse_if_stopping()
        await self.check_cooldown()
        if self.template_files is not None:
            self.templates = self.template_files.current()
        campaign = self._campaign(options)
        return await open_run(
            self.sessions,
            self.clock,
            kind=campaign.kind,
            params=options.resolved_params(self.settings),
            dry_run=campaign.dry_run,
            trigger=trigger,
            account=self.account,
            run_lock=self.run_lock,
        )

    async def start(self, options: RunOptions, trigger: str) -> CampaignRun:
        """Open the run and carry it out in the background."""
        run = await self.open(options, trigger)
        task = asyncio.create_task(self._execute(run.id, options, None), name=f"run-{run.id}")
        self._tasks[run.id] = task
        task.add_done_callback(lambda _t: self._tasks.pop(run.id, None))
        return run

    async def run(
        self, options: RunOptions, trigger: str, progress: Progress | None = None
    ) -> CampaignRun:
        """Open the run and carry it out now; returns the finished run."""
        run = await self.open(options, trigger)
        await self._execute(run.id, options, progress)
        return await self.get(run.id)

    async def get(self, run_id: int) -> CampaignRun:
        async with (self.read_sessions or self.sessions)() as session:
            run = await q.get_run(session, run_id)
        assert run is not None
        return run

    # --- One run, end to end ------------------------------------------------------------

    async def _execute(
        self, run_id: int, options: RunOptions, progress: Progress | None
    ) -> RunStatus:
        """The run wrapper: binds the run id to every log line; any error ends the run with
        a status (never left "running"), and the process goes on."""
        campaign = self._campaign(options)
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
        with structlog.contextvars.bound_contextvars(run_id=run_id, campaign=campaign.kind):
            try:
                status = await self._carry_out(handle, campaign, progress)
            except asyncio.CancelledError:
                status = RunStatus.INTERRUPTED
                await asyncio.shield(self._end(handle, status, "the service stopped"))
                raise
            except Exception as exc:  # the run wrapper: every error ends the run with a status
                log.exception("run.failed")
                ERRORS.labels(type(exc).__name__, campaign.kind).inc()
                await self._end(handle, RunStatus.FAILED, _failure_text(exc))
            finally:
                await handle.close()
                CAMPAIGN_RUNS.labels(campaign.kind, status.value).inc()
                CAMPAIGN_RUN_DURATION.labels(campaign.kind).observe(time.perf_counter() - started)
                await self._tell_ended(run_id)
        return status

    async def _carry_out(
        self, handle: RunHandle, campaign: Campaign, progress: Progress | None
    ) -> RunStatus:
        await handle.start()
        if (
            not campaign.dry_run
            and not campaign.force
            and await refused_outside_hours(
                handle, self.clock, self.settings, nothing_done=campaign.nothing_done
            )
        ):
            return RunStatus.OUTSIDE_HOURS
        return await settle(handle, self._with_browser(handle, campaign, progress))

    async def _with_browser(
        self, handle: RunHandle, campaign: Campaign, progress: Progress | None
    ) -> RunStatus:
        if self.cooldowns is not None:  # before any browser: a cool-down forbids LinkedIn
            await self.cooldowns.check()
        if not campaign.dry_run:  # a dry run changes nothing, the leases of others included
            released, doubted = await self.ledger.reap()
            handle.stats.update(reaped_released=released, reaped_in_doubt=doubted)
        async with self.driver_factory(handle.run_id) as driver:
            ctx = RunContext(
                handle, driver, local_date(self.clock.now(), self.settings.tz), progress
            )
            await driver.validate_session()
            ctx.emit("session.valid")
            if not campaign.dry_run and campaign.reconciles is not None:
                handle.stats["reconciled"] = await reconcile_in_doubt(
                    handle.readers, self.ledger, driver, campaign.reconciles
                )
            items = await campaign.plan(ctx)
            await handle.beat()
            return await self._act_on(ctx, campaign, items)

    async def _act_on(self, ctx: RunContext, campaign: Campaign, items: Sequence[Any]) -> RunStatus:
        handle = ctx.handle
        pacing = Pacing(self.settings, self.clock, self.rng)
        acted = 0
        for index, item in enumerate(items):
            if acted >= campaign.limit:
                handle.stats["stop_reason"] = f"run limit of {campaign.limit} reached"
                break
            stop = await handle.should_stop()
            if stop is not None:
                handle.stats["stop_reason"] = (
                    "cancelled" if stop is RunStatus.CANCELLED else "the service is stopping"
                )
                return stop
            try:
                done = await campaign.act(ctx, item)
            except QuotaExhausted as exc:
                QUOTA_EXHAUSTED.labels(campaign.quota_kind, str(exc.context.get("window"))).inc()
                handle.stats["stop_reason"] = exc.detail
                ctx.emit("quota.exhausted", detail=exc.detail)
                break
            ctx.emit("contact.done", name=campaign.name_of(item))
            if done:
                acted += 1
                more = acted < campaign.limit and index < len(items) - 1
                if more and not campaign.dry_run:
                    await handle.pause(campaign.pause(pacing))
        return RunStatus.SUCCEEDED

    @staticmethod
    async def _end(handle: RunHandle, status: RunStatus, error: str) -> None:
        """Finish the run; if even the retried write fails, the run is left to the stale-run
        reaper (its heartbeat has stopped: any process ends it within a minute)."""
        try:
            await handle.finish(status, error)
        except Exception:  # logged; the stale-run reaper ends the run
            log.exception("run.end_not_recorded", status=status.value)

    async def _tell_ended(self, run_id: int) -> None:
        if self.on_run_end is None:
            return
        try:
            await self.on_run_end(run_id)
        except Exception:  # a notifier never breaks a run
            log.exception("run.end_not_told")

    # --- Gates and stopping -------------------------------------------------------------

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
        its next item (a send already clicked is verified first), as interrupted."""
        self._stopping.set()

    async def shutdown(self, grace: float = SHUTDOWN_GRACE_S) -> None:
        """Stop: accept no new run, let each run finish the item it is on (it then ends as
        interrupted), and cancel what is still running after ``grace`` seconds."""
        self.request_stop()
        tasks = list(self._tasks.values())
        if not tasks:
            return
        _done, pending = await asyncio.wait(tasks, timeout=grace)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
