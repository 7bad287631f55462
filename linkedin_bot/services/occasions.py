"""The other occasions of LinkedIn's catch-up pages: work anniversaries and new jobs.

``plan`` reads the catch-up list of the kind (``/mynetwork/catch-up/work_anniversaries/`` or
``/job_changes/``), keeps the occasions up to ``max_days_ago`` days old, knows each person as
a contact, and passes over those the user blocked; ``act`` sends one message through the
same sender as birthdays (``birthday_send.py``), with its own templates (``{years}``,
``{company}``, ``{title}`` where the card says them) and de-duplication: one anniversary
message per person and year, one congratulation per new position.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from linkedin_bot.core.names import clean_display_name
from linkedin_bot.db.enums import ContactStatus, InteractionType, RunKind
from linkedin_bot.db.queries.contacts import get_or_create_contact
from linkedin_bot.linkedin.types import OccasionCard, OccasionKind
from linkedin_bot.services.birthday_send import Candidate, MessageCampaign, Occasion
from linkedin_bot.services.campaign import RunContext
from linkedin_bot.services.messages import TemplateKind
from linkedin_bot.services.options import ResolvedOccasion
from linkedin_bot.services.runs import RunHandle


@dataclass(frozen=True)
class OccasionSpec:
    """What differs between the catch-up occasions."""

    run_kind: str  # a RunKind value
    card_kind: OccasionKind  # what the driver reads (the catch-up page)
    interaction_type: str  # the message's type (sharing the message quota)
    template_kind: TemplateKind
    found_words: str  # the live view's event


ANNIVERSARY = OccasionSpec(
    RunKind.ANNIVERSARY.value,
    "work_anniversary",
    InteractionType.ANNIVERSARY_MESSAGE.value,
    "work_anniversary",
    "anniversaries.found",
)
NEW_JOB = OccasionSpec(
    RunKind.NEW_JOB.value,
    "job_change",
    InteractionType.NEW_JOB_MESSAGE.value,
    "new_job",
    "new_jobs.found",
)


def _fold(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def occasion_for(spec: OccasionSpec, contact_id: int, card: OccasionCard, today: date) -> Occasion:
    """The message's occasion: its key says which occurrence it congratulates."""
    happened = today - timedelta(days=card.days_ago)
    variables = {
        "years": str(card.years) if card.years else "",
        "company": (card.company or "").strip(),
        "title": (card.title or "").strip(),
    }
    if spec is ANNIVERSARY:
        # One per person and year: the year the anniversary fell in.
        key = f"{spec.interaction_type}:{contact_id}:{happened.year}"
    else:
        # One per new position: the company and title as the card says them (or, when it
        # says neither, the month it started).
        position = f"{_fold(card.company)}|{_fold(card.title)}"
        if position == "|":
            position = happened.strftime("%Y-%m")
        digest = hashlib.sha256(position.encode()).hexdigest()[:16]
        key = f"{spec.interaction_type}:{contact_id}:{digest}"
    payload: dict[str, Any] = {
        "days_ago": card.days_ago,
        "occurred_on": happened.isoformat(),
        **{name: value for name, value in variables.items() if value},
    }
    return Occasion(
        interaction_type=spec.interaction_type,
        day=happened,
        template_kind=spec.template_kind,
        dedup_key=key,
        seed=f"{contact_id}:{key}",
        variables=variables,
        payload=payload,
    )


@dataclass
class OccasionCampaign(MessageCampaign[ResolvedOccasion]):
    spec: OccasionSpec = ANNIVERSARY
    kind: str = field(default="", init=False)
    quota_kind: str = field(default="", init=False)
    reconciles: str | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.kind = self.spec.run_kind
        self.quota_kind = self.spec.interaction_type
        self.reconciles = self.spec.interaction_type

    async def plan(self, ctx: RunContext) -> list[Candidate]:
        """The occasions of the catch-up page up to ``max_days_ago`` days old, the most
        recent first; each person known as a contact; those blocked passed over."""
        cards = await ctx.driver.occasions(self.spec.card_kind)
        recent = sorted(
            (c for c in cards if c.days_ago <= self.options.max_days_ago),
            key=lambda c: c.days_ago,
        )
        ctx.handle.stats["found"] = len(cards)
        candidates = await self._candidates(recent, ctx.today, ctx.handle)
        ctx.handle.stats["eligible"] = len(candidates)
        ctx.emit(self.spec.found_words, count=len(candidates))
        return candidates

    async def _candidates(
        self, cards: list[OccasionCard], today: date, handle: RunHandle
    ) -> list[Candidate]:
        found: list[Candidate] = []
        seen: set[str] = set()
        async with self.deps.sessions.begin() as session:
            for card in cards:
                if card.public_id in seen:  # one message per person per run
                    continue
                seen.add(card.public_id)
                contact = await get_or_create_contact(
                    session,
                    public_id=card.public_id,
                    profile_url=card.profile_url,
                    full_name=card.full_name,
                    status=ContactStatus.CONNECTION.value,
                    source="catch_up",
                )
                if not contact.full_name:
                    contact.full_name = card.full_name
                if contact.blacklisted:
                    handle.count("skipped_blacklisted")
                    name = clean_display_name(card.full_name) or card.full_name
                    handle.note(name, "skipped", public_id=card.public_id, reason="blacklisted")
                    continue
                snapshot = {
                    "id": contact.id,
                    "first_name": contact.first_name,
                    "full_name": contact.full_name,
                    "locale": contact.locale,
                }
                occasion = occasion_for(self.spec, contact.id, card, today)
                found.append(Candidate(card, snapshot, occasion))
        return found
