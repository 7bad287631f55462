"""The birthday campaign: find today's (and recent) birthdays, wish each person once.

The order of a send is what makes it safe (DESIGN.md, invariant 1): reserve the quota unit
and the intent in one transaction, type the message, record "sending" right before the
click, click, then read the thread: only a message seen there is "sent". A crash anywhere
leaves a state the next run can settle without sending twice.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.clock import Clock, local_date
from linkedin_bot.core.errors import (
    QuotaExhausted,
)
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.metrics import QUOTA_EXHAUSTED
from linkedin_bot.core.names import clean_display_name
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.enums import InteractionType, RunStatus
from linkedin_bot.db.models import Contact
from linkedin_bot.db.queries import birthdays as q
from linkedin_bot.linkedin.pacing import Pacing
from linkedin_bot.linkedin.types import BirthdayCard
from linkedin_bot.safety.cooldown import Cooldowns
from linkedin_bot.safety.quota import QuotaLedger
from linkedin_bot.services.birthday_dates import nearest_occurrence, same_birthday
from linkedin_bot.services.birthday_send import KIND, Candidate, SendStep
from linkedin_bot.services.messages import TemplateBook
from linkedin_bot.services.options import BirthdayOptions, ResolvedBirthday
from linkedin_bot.services.ports import Driver, DriverFactory
from linkedin_bot.services.progress import Progress, ProgressEvent
from linkedin_bot.services.reconcile import reconcile_in_doubt
from linkedin_bot.services.runs import RunHandle, refused_outside_hours, settle

log = get_logger("linkedin_bot.birthday")


@dataclass
class BirthdayCampaign:
    sessions: async_sessionmaker[AsyncSession]
    ledger: QuotaLedger
    driver_factory: DriverFactory
    clock: Clock
    settings: Settings
    templates: TemplateBook
    rng: random.Random = field(default_factory=random.Random)
    progress: Progress | None = None
    cooldowns: Cooldowns | None = None

    def _emit(self, kind: str, **data: Any) -> None:
        if self.progress is not None:
            self.progress(ProgressEvent(kind, data))

    async def run(self, handle: RunHandle, asked: BirthdayOptions) -> RunStatus:
        """Run the campaign to its end; the run's final status is returned (and stored)."""
        options = asked.resolved(self.settings)
        await handle.start()
        if (
            not options.dry_run
            and not options.force
            and await refused_outside_hours(
                handle, self.clock, self.settings, nothing_done="nothing sent"
            )
        ):
            return RunStatus.OUTSIDE_HOURS
        released, doubted = await self.ledger.reap()
        handle.stats.update(reaped_released=released, reaped_in_doubt=doubted)
        return await settle(handle, self._with_browser(handle, options))

    async def _with_browser(self, handle: RunHandle, options: ResolvedBirthday) -> RunStatus:
        if self.cooldowns is not None:  # before any browser: a cool-down forbids LinkedIn
            await self.cooldowns.check()
        async with self.driver_factory(handle.run_id) as driver:
            await driver.validate_session()
            self._emit("session.valid")
            if not options.dry_run:
                handle.stats["reconciled"] = await reconcile_in_doubt(
                    self.sessions, self.ledger, driver, InteractionType.BIRTHDAY_MESSAGE
                )
            today = local_date(self.clock.now(), self.settings.tz)
            cards = await driver.birthdays(today, options.max_days_late)
            handle.stats["found"] = len(cards)
            self._emit("birthdays.found", count=len(cards))
            candidates = await self._candidates(cards, today, handle)
            handle.stats["eligible"] = len(candidates)
            await handle.beat()
            return await self._send_all(driver, handle, candidates, options)

    async def _candidates(
        self, cards: list[BirthdayCard], today: date, handle: RunHandle
    ) -> list[Candidate]:
        ordered = sorted(cards, key=lambda c: c.days_ago)
        found: list[Candidate] = []
        async with self.sessions.begin() as session:
            for card in ordered:
                seen = today - timedelta(days=card.days_ago)
                contact = await q.upsert_birthday_contact(
                    session,
                    public_id=card.public_id,
                    profile_url=card.profile_url,
                    full_name=card.full_name,
                    birthday=seen,
                    keep_known=same_birthday,
                )
                if contact.blacklisted:
                    handle.count("skipped_blacklisted")
                    name = clean_display_name(card.full_name) or card.full_name
                    handle.note(name, "skipped", public_id=card.public_id, reason="blacklisted")
                    continue
                month, day = contact.birth_month or seen.month, contact.birth_day or seen.day
                birthday = nearest_occurrence(month, day, seen)
                found.append(Candidate(card, _snapshot(contact), birthday))
        return found

    async def _send_all(
        self,
        driver: Driver,
        handle: RunHandle,
        candidates: list[Candidate],
        options: ResolvedBirthday,
    ) -> RunStatus:
        limit = options.limit
        step = SendStep(
            self.sessions,
            self.ledger,
            self.clock,
            self.settings,
            self.templates,
            self.rng,
            handle,
            options.dry_run,
        )
        pacing = Pacing(self.settings, self.clock, self.rng)
        sent_or_planned = 0
        for index, candidate in enumerate(candidates):
            if sent_or_planned >= limit:
                handle.stats["stop_reason"] = f"run limit of {limit} reached"
                break
            stop = await handle.should_stop()
            if stop is not None:
                handle.stats["stop_reason"] = (
                    "cancelled" if stop is RunStatus.CANCELLED else "the service is stopping"
                )
                return stop
            try:
                acted = await step.wish(driver, candidate)
            except QuotaExhausted as exc:
                QUOTA_EXHAUSTED.labels(KIND, str(exc.context.get("window"))).inc()
                handle.stats["stop_reason"] = exc.detail
                self._emit("quota.exhausted", detail=exc.detail)
                break
            self._emit("contact.done", name=candidate.card.full_name, stats=dict(handle.stats))
            if acted:
                sent_or_planned += 1
                more_to_do = sent_or_planned < limit and index < len(candidates) - 1
                if more_to_do and not options.dry_run:
                    await handle.pause(pacing.message_pause())
        return RunStatus.SUCCEEDED


def _snapshot(contact: Contact) -> dict[str, Any]:
    return {
        "id": contact.id,
        "first_name": contact.first_name,
        "full_name": contact.full_name,
        "locale": contact.locale,
    }
