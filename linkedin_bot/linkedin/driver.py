"""The LinkedIn driver: what the services use to act on LinkedIn, and nothing else.

``async with LinkedInDriver(...) as driver:`` owns one browser session for the run. Every
public method is one browser action passed through the circuit breaker (see
``guard.py``): a restriction trips it, an expired session is reported as such, plain
failures count towards its backoff and leave a screenshot and the page's HTML in
``<data_dir>/artifacts/``. Methods return plain data (``types.py``), never browser objects.

Sourcing (``visit_profile``, ``search_people``) plugs in the same way: a page object
under ``pages/`` and a method here running it through :meth:`_act`.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from datetime import date
from functools import partial
from types import TracebackType
from typing import TypeVar

from playwright.async_api import Browser, Locator, StorageState

from linkedin_bot.core.clock import Clock, local_date
from linkedin_bot.core.errors import AutomationError, SessionExpired
from linkedin_bot.core.logging import get_logger, log_fields
from linkedin_bot.core.settings import Settings
from linkedin_bot.linkedin.artifacts import ArtifactStore
from linkedin_bot.linkedin.auth import record_validation
from linkedin_bot.linkedin.browser import BrowserSession
from linkedin_bot.linkedin.guard import ActionGuard
from linkedin_bot.linkedin.pacing import Pacing
from linkedin_bot.linkedin.pages import birthdays as birthdays_page
from linkedin_bot.linkedin.pages import feed, messaging, own_profile, profile
from linkedin_bot.linkedin.pages import search as search_page
from linkedin_bot.linkedin.pages.base import PageKit
from linkedin_bot.linkedin.selector_engine import SelectorEngine, SelectorStore
from linkedin_bot.linkedin.signals import SignalMonitor
from linkedin_bot.linkedin.timeouts import Timeouts
from linkedin_bot.linkedin.types import (
    AcceptResults,
    BeforeClick,
    BirthdayCard,
    ComposeFromThread,
    Delivery,
    OccasionCard,
    OccasionKind,
    ProfileData,
    SearchResult,
    SearchWalk,
    SendResult,
    ThreadMessage,
)
from linkedin_bot.safety.breaker import CircuitBreaker
from linkedin_bot.safety.cooldown import CooldownGate

T = TypeVar("T")
log = get_logger(__name__)


class LinkedInDriver:
    """One run's hands on LinkedIn."""

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        breaker: CircuitBreaker,
        selector_store: SelectorStore,
        storage_state: StorageState | None,
        *,
        run_id: str = "run",
        timeouts: Timeouts | None = None,
        rng: random.Random | None = None,
        browser: Browser | None = None,
        cooldowns: CooldownGate | None = None,
    ) -> None:
        self._settings = settings
        self._clock = clock
        self._store = selector_store
        self._run_id = run_id
        self._timeouts = timeouts or Timeouts()
        self.pacing = Pacing(settings, clock, rng)
        self._session = BrowserSession(
            settings,
            storage_state,
            browser=browser,
            default_timeout_ms=self._timeouts.navigation_ms,
        )
        self.artifacts = ArtifactStore(settings.data_dir / "artifacts", clock, run_id)
        self._guard = ActionGuard(breaker, self._on_failure, cooldowns)
        self._kit: PageKit | None = None

    async def __aenter__(self) -> LinkedInDriver:
        await self._session.__aenter__()
        page = self._session.page
        monitor = SignalMonitor(self._settings.linkedin_base_url)
        await monitor.attach(self._session.cdp)
        self._kit = PageKit(
            page=page,
            engine=SelectorEngine(page, self._store),
            monitor=monitor,
            pacing=self.pacing,
            timeouts=self._timeouts,
            base_url=self._settings.linkedin_base_url,
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._kit = None
        await self._session.__aexit__(exc_type, exc, tb)

    @property
    def kit(self) -> PageKit:
        if self._kit is None:
            raise RuntimeError("LinkedInDriver is not open: use `async with`")
        return self._kit

    async def _on_failure(self, action: str, error: AutomationError) -> None:
        path = await self.artifacts.capture(self.kit.page, f"{action}-{error.code}")
        if path is not None:
            error.context["artifact"] = str(path)
        log.warning(
            "linkedin.action_failed",
            **log_fields(
                error.context,
                action=action,
                error=error.code,
                detail=error.detail,
                run_id=self._run_id,
            ),
        )

    async def _act(
        self,
        name: str,
        action: Callable[[], Awaitable[T]],
        failed: Callable[[T], str | None] | None = None,
    ) -> T:
        result = await self._guard.run(name, action, failed=failed)
        await self._session.trim_memory()  # between actions, while nothing waits on the page
        return result

    async def validate_session(self) -> None:
        """Prove the saved session signs us in (feed); remember the result for `auth status`."""
        try:
            await self._act("validate_session", lambda: feed.validate_session(self.kit))
        except SessionExpired:
            record_validation(self._settings, False, self._clock.now())
            raise
        record_validation(self._settings, True, self._clock.now())
        log.info("linkedin.session_valid", run_id=self._run_id)

    async def birthdays(self, today: date, max_days_late: int) -> list[BirthdayCard]:
        """Today's birthdays and those up to ``max_days_late`` days ago, each person once.

        Raises :class:`PageChanged` (the drift canary) when the list does not read as one:
        a card without a person, a name or an occasion, or no cards and no empty state.
        """
        return await self._act(
            "birthdays",
            lambda: birthdays_page.read_birthdays(self.kit, today, max_days_late),
        )

    async def occasions(self, kind: OccasionKind) -> list[OccasionCard]:
        """Every card of a catch-up list (``birthday``, ``work_anniversary``,
        ``job_change``), with what it says (days ago, years, company, title)."""
        today = local_date(self._clock.now(), self._settings.tz)
        return await self._act(
            f"occasions_{kind}",
            lambda: birthdays_page.read_occasions(self.kit, kind, today),
        )

    async def send_message(
        self, card: OccasionCard, text: str | ComposeFromThread, before_click: BeforeClick
    ) -> SendResult:
        """Send a text to the card's person once; ``before_click`` runs right before Send.
        ``text`` is the text, or decides it from the conversation's messages once it is
        open (None: send nothing, ``skipped="already_wished"``).

        Nothing is sent (``skipped="name_uncertain"``) when the conversation's header names
        the person differently from the card."""
        today = local_date(self._clock.now(), self._settings.tz)
        result = await self._act(
            "send_message",
            lambda: messaging.send_message(self.kit, card, text, before_click, today),
            failed=lambda r: None if r.delivery is Delivery.DELIVERED or r.skipped else r.detail,
        )
        delivered = result.delivery is Delivery.DELIVERED
        log.info(
            "linkedin.message.delivered" if delivered else "linkedin.message.unconfirmed",
            public_id=card.public_id,
            delivery=result.delivery.value,
            detail=result.detail,
            skipped=result.skipped,
            run_id=self._run_id,
        )
        return result

    async def thread_messages(self, public_id: str) -> list[ThreadMessage]:
        """The messages (sender, text) of the conversation with ``public_id``, oldest
        first, to reconcile one in doubt."""
        today = local_date(self._clock.now(), self._settings.tz)
        return await self._act(
            "thread_messages", lambda: messaging.thread_messages(self.kit, public_id, today)
        )

    async def own_profile_id(self) -> str | None:
        """The member's own public id, from the signed-in page open now (its Me menu's
        profile link), None if it links none."""
        return await self._act("own_profile", lambda: own_profile.own_profile_id(self.kit))

    async def conversation_at(self, url: str) -> list[ThreadMessage]:
        """The messages of the conversation page at ``url`` (a ``/messaging/thread/<id>/``
        LinkedIn gave), oldest first: what ``inspect thread`` shows."""
        today = local_date(self._clock.now(), self._settings.tz)
        return await self._act(
            "conversation_page", lambda: messaging.conversation_page(self.kit, url, today)
        )

    async def visit_profile(self, public_id: str) -> ProfileData:
        """Open ``/in/<public_id>/`` (and its skills details page when skills are cut) and
        read it; missing sections are empty values."""
        today = local_date(self._clock.now(), self._settings.tz)
        return await self._act(
            "visit_profile", lambda: profile.read_profile(self.kit, public_id, today)
        )

    async def search_people(
        self,
        search_url: str,
        *,
        wanted: int,
        accept: AcceptResults | None = None,
        max_pages: int = search_page.MAX_PAGES,
    ) -> SearchWalk:
        """Walk the search's result pages until ``wanted`` people are kept (``accept`` picks
        them from each page) or the results end; each page is one guarded action."""
        kept: dict[str, SearchResult] = {}
        seen: set[str] = set()
        number = 1
        cards = await self._act(
            "search_page", partial(search_page.open_page, self.kit, search_url, 1)
        )
        while cards is not None:
            found = await self._act(
                "search_read", partial(search_page.read_page, self.kit, cards, number)
            )
            fresh = [r for r in found if r.public_id not in seen]
            seen.update(r.public_id for r in fresh)
            for result in await accept(fresh) if accept is not None else fresh:
                if len(kept) < wanted:
                    kept.setdefault(result.public_id, result)
            if len(kept) >= wanted or number >= max_pages:
                reason = "enough" if len(kept) >= wanted else "page limit"
                return SearchWalk(tuple(kept.values()), number, len(seen), reason)
            moved = await self._act(
                "search_next", partial(self._next_page, search_url, cards, number + 1)
            )
            if moved is None:
                return SearchWalk(tuple(kept.values()), number, len(seen), "last page")
            cards = moved
            number += 1
        return SearchWalk(tuple(kept.values()), number, len(seen), "no results")

    async def _next_page(self, search_url: str, cards: Locator, number: int) -> Locator | None:
        """The Next button first; the ``page=`` parameter when there is none or it is stuck.
        None when that was the last page (a page without results is one too)."""
        outcome = await search_page.click_next(self.kit, cards)
        if outcome.outcome == "last":
            return None
        if outcome.outcome == "moved":
            return outcome.cards
        log.info("linkedin.search.page_parameter", page=number, run_id=self._run_id)
        return await search_page.open_page(self.kit, search_url, number)
