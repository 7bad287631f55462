"""The sourcing (visitor) campaign: walk a people search, visit each profile, score it
against the criteria, keep it as a contact.

First the result pages are walked (nothing but search pages is opened) and the people to
visit chosen: not blacklisted, not visited in the last ``sourcing_revisit_days`` days, at
most ``limit``. Then each is visited (see ``sourcing_visit.py``). A dry run stops after
the walk: it lists who it would visit in the run's stats, visits no profile and writes
nothing but the run record.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.clock import Clock
from linkedin_bot.core.errors import QuotaExhausted
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.metrics import QUOTA_EXHAUSTED
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.enums import RunStatus
from linkedin_bot.db.queries import sourcing as q
from linkedin_bot.linkedin.pacing import Pacing
from linkedin_bot.linkedin.types import SearchResult, SearchWalk
from linkedin_bot.safety.cooldown import Cooldowns
from linkedin_bot.safety.quota import QuotaLedger
from linkedin_bot.services.options import SourcingOptions
from linkedin_bot.services.ports import Driver, DriverFactory
from linkedin_bot.services.progress import Progress, ProgressEvent
from linkedin_bot.services.runs import RunHandle, refused_outside_hours, settle
from linkedin_bot.services.sourcing_visit import KIND, VisitStep

log = get_logger("linkedin_bot.sourcing")
MAX_LISTED = 200  # a dry run lists at most this many people in its stats


@dataclass
class SourcingCampaign:
    sessions: async_sessionmaker[AsyncSession]
    ledger: QuotaLedger
    driver_factory: DriverFactory
    clock: Clock
    settings: Settings
    rng: random.Random = field(default_factory=random.Random)
    progress: Progress | None = None
    cooldowns: Cooldowns | None = None

    def _emit(self, kind: str, **data: Any) -> None:
        if self.progress is not None:
            self.progress(ProgressEvent(kind, data))

    async def run(self, handle: RunHandle, options: SourcingOptions) -> RunStatus:
        """Run the campaign to its end; the run's final status is returned (and stored)."""
        await handle.start()
        if (
            not options.dry_run
            and not options.force
            and await refused_outside_hours(
                handle, self.clock, self.settings, nothing_done="nothing visited"
            )
        ):
            return RunStatus.OUTSIDE_HOURS
        if not options.dry_run:
            released, doubted = await self.ledger.reap()
            handle.stats.update(reaped_released=released, reaped_in_doubt=doubted)
        return await settle(handle, self._with_browser(handle, options))

    async def _with_browser(self, handle: RunHandle, options: SourcingOptions) -> RunStatus:
        if self.cooldowns is not None:  # before any browser: a cool-down forbids LinkedIn
            await self.cooldowns.check()
        async with self.driver_factory(handle.run_id) as driver:
            walk = await driver.search_people(
                options.search_url, wanted=options.limit, accept=self._chooser(handle)
            )
            handle.stats.update(
                pages=walk.pages, results_seen=walk.seen, to_visit=len(walk.results)
            )
            self._emit("search.done", count=len(walk.results), pages=walk.pages)
            await handle.beat()
            if options.dry_run:
                self._report_plan(handle, walk)
                return RunStatus.SUCCEEDED
            return await self._visit_all(driver, handle, walk.results, options)

    def _chooser(self, handle: RunHandle) -> Any:
        """Keeps, from each result page, the people neither blacklisted nor seen lately."""
        since = self.clock.now() - timedelta(days=self.settings.sourcing_revisit_days)

        async def accept(results: list[SearchResult]) -> list[SearchResult]:
            async with handle.readers() as session:
                skip = await q.skip_reasons(session, [r.public_id for r in results], since)
            for reason in skip.values():
                handle.count(f"skipped_{reason}")
            self._emit("search.page", found=len(results), kept=len(results) - len(skip))
            return [r for r in results if r.public_id not in skip]

        return accept

    def _report_plan(self, handle: RunHandle, walk: SearchWalk) -> None:
        handle.stats["would_visit_count"] = len(walk.results)
        handle.stats["would_visit"] = [
            {"public_id": r.public_id, "name": r.full_name, "page": r.page}
            for r in walk.results[:MAX_LISTED]
        ]
        handle.stats["stop_reason"] = f"dry run: search walked ({walk.stop_reason})"

    async def _visit_all(
        self,
        driver: Driver,
        handle: RunHandle,
        results: tuple[SearchResult, ...],
        options: SourcingOptions,
    ) -> RunStatus:
        step = VisitStep(self.sessions, self.ledger, self.clock, options.criteria, handle)
        pacing = Pacing(self.settings, self.clock, self.rng)
        for index, result in enumerate(results):
            stop = await handle.should_stop()
            if stop is not None:
                handle.stats["stop_reason"] = (
                    "cancelled" if stop is RunStatus.CANCELLED else "the service is stopping"
                )
                return stop
            try:
                fit = await step.visit(driver, result)
            except QuotaExhausted as exc:
                QUOTA_EXHAUSTED.labels(KIND, str(exc.context.get("window"))).inc()
                handle.stats["stop_reason"] = exc.detail
                self._emit("quota.exhausted", detail=exc.detail)
                break
            score = fit.score if fit is not None else None
            self._emit("contact.done", name=result.full_name, score=score)
            if index < len(results) - 1:
                await handle.pause(pacing.visit_pause())
        return RunStatus.SUCCEEDED
