"""The birthday campaign: find today's (and recent) birthdays, wish each person once.

``plan`` reads the catch-up list and keeps the people to wish (blocked ones listed as
skipped); ``act`` wishes one (``birthday_send.py``). The order of a send is what makes it
safe (DESIGN.md, invariant 1): reserve the quota unit and the intent in one transaction,
type the message, record "sending" right before the click, click, then read the thread:
only a message seen there is "sent". A crash anywhere leaves a state the next run can
settle without sending twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from linkedin_bot.core.names import clean_display_name
from linkedin_bot.db.enums import InteractionType, RunKind
from linkedin_bot.db.models import Contact
from linkedin_bot.db.queries import birthdays as q
from linkedin_bot.linkedin.types import BirthdayCard
from linkedin_bot.services.birthday_dates import nearest_occurrence, same_birthday
from linkedin_bot.services.birthday_send import (
    KIND,
    Candidate,
    MessageCampaign,
    birthday_occasion,
)
from linkedin_bot.services.campaign import RunContext
from linkedin_bot.services.options import ResolvedBirthday
from linkedin_bot.services.runs import RunHandle


@dataclass
class BirthdayCampaign(MessageCampaign[ResolvedBirthday]):
    kind: str = RunKind.BIRTHDAY.value
    quota_kind: str = KIND
    reconciles: str | None = InteractionType.BIRTHDAY_MESSAGE.value

    async def plan(self, ctx: RunContext) -> list[Candidate]:
        """Today's birthdays (and the late ones the options allow), today's first; each
        person known as a contact; those blocked by the user passed over."""
        cards = await ctx.driver.birthdays(ctx.today, self.options.max_days_late)
        ctx.handle.stats["found"] = len(cards)
        candidates = await self._candidates(cards, ctx.today, ctx.handle)
        ctx.handle.stats["eligible"] = len(candidates)
        ctx.emit("birthdays.found", count=len(candidates))
        return candidates

    async def _candidates(
        self, cards: list[BirthdayCard], today: date, handle: RunHandle
    ) -> list[Candidate]:
        ordered = sorted(cards, key=lambda c: c.days_ago)
        found: list[Candidate] = []
        async with self.deps.sessions.begin() as session:
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
                occasion = birthday_occasion(contact.id, birthday, card.days_ago)
                found.append(Candidate(card, _snapshot(contact), occasion))
        return found


def _snapshot(contact: Contact) -> dict[str, Any]:
    return {
        "id": contact.id,
        "first_name": contact.first_name,
        "full_name": contact.full_name,
        "locale": contact.locale,
    }
