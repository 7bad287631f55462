"""What a campaign is to the run engine (``engine.py``): a small object with ``plan`` and
``act``, given what it may use (``CampaignDeps``) and, while it runs, its ``RunContext``."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.clock import Clock
from linkedin_bot.core.settings import Settings
from linkedin_bot.linkedin.pacing import Pacing
from linkedin_bot.safety.quota import QuotaLedger
from linkedin_bot.services.messages import TemplateBook
from linkedin_bot.services.ports import Driver
from linkedin_bot.services.progress import Progress, ProgressEvent
from linkedin_bot.services.runs import RunHandle


@dataclass(frozen=True)
class CampaignDeps:
    """What every campaign may use (handed in, never built by a campaign)."""

    sessions: async_sessionmaker[AsyncSession]
    ledger: QuotaLedger
    clock: Clock
    settings: Settings
    templates: TemplateBook
    rng: random.Random


@dataclass
class RunContext:
    """One run as a campaign sees it while planning and acting."""

    handle: RunHandle
    driver: Driver
    today: date  # in the user's timezone
    progress: Progress | None = None

    def emit(self, kind: str, **data: Any) -> None:
        if self.progress is not None:
            self.progress(ProgressEvent(kind, data))


class Campaign(Protocol):
    """A kind of run: what to do (``plan``) and doing it for one item (``act``)."""

    kind: str  # a RunKind value
    quota_kind: str  # the InteractionType its quota counts (metrics)
    reconciles: str | None  # the InteractionType whose messages in doubt are reconciled
    nothing_done: str  # said when the run ends before acting ("nothing sent")

    @property
    def dry_run(self) -> bool: ...

    @property
    def force(self) -> bool:
        """Run outside working hours."""
        ...

    @property
    def limit(self) -> int:
        """Items acted on, at most."""
        ...

    async def plan(self, ctx: RunContext) -> Sequence[Any]:
        """Read LinkedIn and the database; the items to act on, in order."""
        ...

    async def act(self, ctx: RunContext, item: Any) -> bool:
        """Act on one item; True when something was done (or, dry, planned): a pause
        follows and it counts towards ``limit``. Raises the errors that end the run."""
        ...

    def name_of(self, item: Any) -> str:
        """The item as the live view names it (a person's name)."""
        ...

    def pause(self, pacing: Pacing) -> float:
        """Seconds to pause after an item acted on."""
        ...


class RunLimits(Protocol):
    """What every kind's resolved options say (read by the engine through the campaign)."""

    @property
    def dry_run(self) -> bool: ...

    @property
    def force(self) -> bool: ...

    @property
    def limit(self) -> int: ...


OptionsT = TypeVar("OptionsT", bound=RunLimits)


@dataclass
class CampaignBase(Generic[OptionsT]):
    """A campaign's handed-in dependencies and resolved options; the engine's view of
    them (``dry_run``, ``force``, ``limit``) in one place for every kind."""

    deps: CampaignDeps
    options: OptionsT

    @property
    def dry_run(self) -> bool:
        return self.options.dry_run

    @property
    def force(self) -> bool:
        return self.options.force

    @property
    def limit(self) -> int:
        return self.options.limit
