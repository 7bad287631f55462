"""The sourcing (visitor) campaign: walk a people search, visit each profile, score it
against the criteria, keep it as a contact.

``plan`` walks the result pages (nothing but search pages is opened) and chooses the people
to visit: not blacklisted, not visited in the last ``sourcing_revisit_days`` days, at most
``limit``. ``act`` visits one (see ``sourcing_visit.py``). A dry run stops after the walk:
it lists who it would visit in the run's stats, visits no profile and writes nothing but
the run record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from linkedin_bot.db.enums import RunKind
from linkedin_bot.db.queries import sourcing as q
from linkedin_bot.linkedin.pacing import Pacing
from linkedin_bot.linkedin.types import AcceptResults, SearchResult, SearchWalk
from linkedin_bot.services.campaign import CampaignBase, RunContext
from linkedin_bot.services.options import SourcingOptions
from linkedin_bot.services.runs import RunHandle
from linkedin_bot.services.sourcing_visit import KIND, VisitStep

MAX_LISTED = 200  # a dry run lists at most this many people in its stats


@dataclass
class SourcingCampaign(CampaignBase[SourcingOptions]):
    kind: str = RunKind.SOURCING.value
    quota_kind: str = KIND
    reconciles: str | None = None  # a visit is never in doubt
    nothing_done: str = "nothing visited"
    _step: VisitStep | None = field(default=None, init=False)

    async def plan(self, ctx: RunContext) -> tuple[SearchResult, ...]:
        """The people of the search to visit, in the order of the results; none in a dry
        run, which lists them in the run's stats instead."""
        walk = await ctx.driver.search_people(
            self.options.search_url, wanted=self.options.limit, accept=self._chooser(ctx)
        )
        ctx.handle.stats.update(
            pages=walk.pages, results_seen=walk.seen, to_visit=len(walk.results)
        )
        ctx.emit("search.done", count=len(walk.results), pages=walk.pages)
        if self.options.dry_run:
            self._report_plan(ctx.handle, walk)
            return ()
        return walk.results

    async def act(self, ctx: RunContext, item: SearchResult) -> bool:
        if self._step is None:
            deps = self.deps
            self._step = VisitStep(
                deps.sessions, deps.ledger, deps.clock, self.options.criteria, ctx.handle
            )
        await self._step.visit(ctx.driver, item)
        return True  # visited, skipped or failed: a person would pause before the next

    def name_of(self, item: SearchResult) -> str:
        return item.full_name

    def pause(self, pacing: Pacing) -> float:
        return pacing.visit_pause()

    def _chooser(self, ctx: RunContext) -> AcceptResults:
        """Keeps, from each result page, the people neither blacklisted nor seen lately."""
        since = self.deps.clock.now() - timedelta(days=self.deps.settings.sourcing_revisit_days)
        handle = ctx.handle

        async def accept(results: list[SearchResult]) -> list[SearchResult]:
            async with handle.readers() as session:
                skip = await q.skip_reasons(session, [r.public_id for r in results], since)
            for reason in skip.values():
                handle.count(f"skipped_{reason}")
            ctx.emit("search.page", found=len(results), kept=len(results) - len(skip))
            return [r for r in results if r.public_id not in skip]

        return accept

    def _report_plan(self, handle: RunHandle, walk: SearchWalk) -> None:
        handle.stats["would_visit_count"] = len(walk.results)
        handle.stats["would_visit"] = [
            {"public_id": r.public_id, "name": r.full_name, "page": r.page}
            for r in walk.results[:MAX_LISTED]
        ]
        handle.stats["stop_reason"] = f"dry run: search walked ({walk.stop_reason})"
