"""One message for an occasion (a birthday, a work anniversary, a new job), from template to
verified delivery, with its intent recorded first.

Each campaign says what its occasion is (``Occasion``: the message type and its quota, the
template kind and variables, the de-duplication key); the sending is the same for all.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.clock import Clock
from linkedin_bot.core.errors import (
    AutomationError,
)
from linkedin_bot.core.logging import get_logger, log_fields
from linkedin_bot.core.metrics import BIRTHDAY_MESSAGES_SENT, CONTACTS_PROCESSED
from linkedin_bot.core.names import clean_display_name, greeting_name, names_agree
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.enums import InteractionType
from linkedin_bot.db.queries import birthdays as q
from linkedin_bot.db.queries import conversations
from linkedin_bot.db.retry import retry_db
from linkedin_bot.linkedin.pacing import Pacing
from linkedin_bot.linkedin.types import (
    ComposeFromThread,
    Delivery,
    OccasionCard,
    SendResult,
    ThreadMessage,
)
from linkedin_bot.safety.quota import AlreadyHandled, Also, QuotaLedger
from linkedin_bot.services.birthday_dates import MIN_DAYS_BETWEEN_WISHES
from linkedin_bot.services.campaign import CampaignBase, CampaignDeps, OptionsT, RunContext
from linkedin_bot.services.language import detect_locale
from linkedin_bot.services.messages import (
    COMMON_VARIABLES,
    TemplateBook,
    TemplateKind,
    UnresolvedVariable,
    render,
)
from linkedin_bot.services.ports import Driver
from linkedin_bot.services.runs import RunHandle
from linkedin_bot.services.thread_reading import Reply, replies_to, wrote_by_hand

log = get_logger("linkedin_bot.birthday")
KIND = InteractionType.BIRTHDAY_MESSAGE.value
# How long the outcome of a message already clicked is retried while the database is away.
OUTCOME_DEADLINE_S = 120.0
OUTCOMES = {
    Delivery.DELIVERED: "sent",
    Delivery.NOT_DELIVERED: "failed",
    Delivery.UNCERTAIN: "in_doubt",
}


# The run kind each message type belongs to (the metrics' campaign label).
CAMPAIGN_OF = {
    InteractionType.BIRTHDAY_MESSAGE.value: "birthday",
    InteractionType.ANNIVERSARY_MESSAGE.value: "anniversary",
    InteractionType.NEW_JOB_MESSAGE.value: "new_job",
}


@dataclass(frozen=True)
class Occasion:
    """What one message is about, as its campaign decides it."""

    interaction_type: str  # the message's type (all of them share the message quota)
    day: date  # the day it happened (a message written by hand since then answers it)
    template_kind: TemplateKind
    dedup_key: str  # one message per key, ever (per contact and occurrence)
    seed: str  # the template's choice: the same for the same person and occurrence
    variables: Mapping[str, str] = field(default_factory=dict)  # {years}, {company}, {title}
    payload: Mapping[str, Any] = field(default_factory=dict)  # kept with the message
    not_within: timedelta | None = None  # no second message of the type to them that soon


@dataclass
class ThreadFindings:
    """What reading the conversation before writing found, for the outcome's transaction."""

    text: str  # the text to send
    payload: dict[str, Any]
    replies: list[Reply] = field(default_factory=list)
    locale: str | None = None  # their language, detected (kept on the contact)
    new_replies: int = 0  # of ``replies``, those not kept before


@dataclass(frozen=True)
class Candidate:
    card: OccasionCard
    contact: dict[str, Any]  # id, first_name, full_name, locale (a detached snapshot)
    occasion: Occasion

    @property
    def name(self) -> str:
        """The person's name as the run's results show it (the card's, cleaned)."""
        return clean_display_name(self.card.full_name) or self.card.full_name


def greeting_for(contact: dict[str, Any], card: OccasionCard) -> str | None:
    """The first name to greet, or None (the contact is skipped: ``name_uncertain``).

    The name LinkedIn shows on the card must give a plausible first name (never "Photo",
    "🔥" or an initial); a first name we already knew (the user's own connections export)
    must agree with it, else we cannot tell which is right and send nothing.
    """
    shown = greeting_name(card.full_name)
    known = (contact.get("first_name") or "").strip()
    if known and known == (contact.get("full_name") or "").partition(" ")[0]:
        known = ""  # our own split of a displayed name ("🔥" of "🔥 Nicolas"): no second source
    if not known:
        return shown
    imported = greeting_name(known)
    if imported is None or shown is None:
        return None
    return imported if names_agree(known, card.full_name) else None


def _count(candidate: Candidate, outcome: str) -> None:
    kind = candidate.occasion.interaction_type
    if kind == KIND:
        BIRTHDAY_MESSAGES_SENT.labels(outcome).inc()
    CONTACTS_PROCESSED.labels(CAMPAIGN_OF.get(kind, kind), outcome).inc()


def birthday_occasion(contact_id: int, birthday: date, days_ago: int) -> Occasion:
    """A birthday wish: today's or a late one, one per birthday occurrence, and never two
    within :data:`MIN_DAYS_BETWEEN_WISHES` days."""
    return Occasion(
        interaction_type=KIND,
        day=birthday,
        template_kind="birthday" if days_ago == 0 else "late",
        dedup_key=dedup_key(contact_id, birthday),
        seed=f"{contact_id}:{birthday.isoformat()}",
        payload={"days_late": days_ago, "birthday": birthday.isoformat()},
        not_within=timedelta(days=MIN_DAYS_BETWEEN_WISHES),
    )


def dedup_key(contact_id: int, birthday: date) -> str:
    """One message per contact per birthday occurrence (``birthday`` is the occurrence
    nearest to the card's date, see ``birthday_dates.py``): keyed by its year, so that a
    day's disagreement between two calendars gives the same key."""
    return f"{KIND}:{contact_id}:{birthday.year}"


@dataclass
class SendStep:
    """One message to one person, for a run (``deps``: the database, ledger, clock...)."""

    deps: CampaignDeps
    run: RunHandle
    dry_run: bool

    @property
    def sessions(self) -> async_sessionmaker[AsyncSession]:
        return self.deps.sessions

    @property
    def ledger(self) -> QuotaLedger:
        return self.deps.ledger

    @property
    def clock(self) -> Clock:
        return self.deps.clock

    @property
    def settings(self) -> Settings:
        return self.deps.settings

    @property
    def templates(self) -> TemplateBook:
        return self.deps.templates

    async def wish(self, driver: Driver, candidate: Candidate) -> bool:
        """Wish this person; True if a message was sent, attempted or (dry run) planned."""
        message = await self._compose(candidate)
        if message is None:
            return False
        text, payload = message
        occasion = candidate.occasion
        if self.dry_run:
            # The preview: what a real run would do now, the same text (the template's
            # choice is seeded by person and occasion), those already wished passed over.
            handled = await self.ledger.already_handled(
                kind=occasion.interaction_type,
                contact_id=candidate.contact["id"],
                dedup_key=occasion.dedup_key,
                not_within=occasion.not_within,
            )
            if handled is not None:
                self._skip(candidate, "already_wished")
                return False
            async with self.sessions.begin() as session:
                await q.record_dry_run(
                    session,
                    kind=occasion.interaction_type,
                    contact_id=candidate.contact["id"],
                    run_id=self.run.run_id,
                    payload=payload,
                    quota_day=self.ledger.today(),
                )
            self.run.count("dry_run")
            _count(candidate, "dry_run")
            self.run.note(
                candidate.name, "would_send", public_id=candidate.card.public_id, text=text
            )
            return True
        try:
            reservation = await self.ledger.reserve(
                kind=occasion.interaction_type,
                contact_id=candidate.contact["id"],
                dedup_key=occasion.dedup_key,
                run_id=self.run.run_id,
                payload=payload,
                not_within=occasion.not_within,
            )
        except AlreadyHandled:
            self._skip(candidate, "already_wished")
            _count(candidate, "skipped")
            return False
        await self._deliver(driver, candidate, reservation.interaction_id, text, payload)
        return True

    def _skip(self, candidate: Candidate, reason: str) -> None:
        """Pass this person over: counted (``skipped_<reason>``) and listed with the reason."""
        self.run.count(f"skipped_{reason}")
        self.run.note(candidate.name, "skipped", public_id=candidate.card.public_id, reason=reason)

    async def _compose(self, candidate: Candidate) -> tuple[str, dict[str, Any]] | None:
        """The text and its payload (the template chosen for the contact's language); None
        when the person is skipped (counted and listed)."""
        contact, occasion = candidate.contact, candidate.occasion
        fresh_after = self.clock.now() - timedelta(days=365 * self.settings.avoid_repetition_years)
        async with self.run.readers() as session:
            history = await q.template_history(session, contact["id"], occasion.interaction_type)
        given = frozenset(name for name, value in occasion.variables.items() if value.strip())
        template = self.templates.choose(
            occasion.template_kind,
            contact["locale"],
            history,
            seed=occasion.seed,
            fresh_after=fresh_after,
            available=COMMON_VARIABLES | given,
        )
        if template is None:
            self._skip(candidate, "no_template")
            return None
        first = greeting_for(contact, candidate.card)
        if first is None:
            self._skip(candidate, "name_uncertain")
            log.warning(
                "birthday.message.name_uncertain",
                contact_id=contact["id"],
                shown=candidate.card.full_name[:200],
            )
            return None
        full_name = clean_display_name(candidate.card.full_name) or contact["full_name"]
        try:
            text = render(template, **occasion.variables, first_name=first, name=full_name)
        except UnresolvedVariable as exc:
            log.warning("birthday.message.unresolved", contact_id=contact["id"], detail=exc.detail)
            self._skip(candidate, "unresolved_variable")
            return None
        payload = {
            **occasion.payload,
            "message": text,
            "template_id": template.id,
            "locale": template.locale,
            "public_id": candidate.card.public_id,
        }
        return text, payload

    async def _deliver(
        self,
        driver: Driver,
        candidate: Candidate,
        interaction_id: int,
        text: str,
        payload: dict[str, Any],
    ) -> None:
        clicked = False

        async def before_click() -> None:
            nonlocal clicked
            await self.ledger.mark_sending(interaction_id)
            clicked = True

        context = {"run_id": self.run.run_id, "contact_id": candidate.contact["id"]}
        seen = ThreadFindings(text, payload)
        from_thread = await self._thread_reader(candidate, seen)
        try:
            result = await driver.send_message(candidate.card, from_thread, before_click)
        except AutomationError as exc:
            await self._settle_interrupted(interaction_id, clicked, exc.detail)
            if exc.ends_run:
                raise
            outcome = "failed" if not clicked else "in_doubt"
            self.run.count(outcome)
            _count(candidate, outcome)
            self.run.note(
                candidate.name,
                outcome,
                public_id=candidate.card.public_id,
                reason=exc.detail,
                text=text,
            )
            log.warning(
                "birthday.message.error",
                **log_fields(context, error=exc.code, detail=exc.detail),
            )
            self.run.contact_failed(exc)
            return
        except Exception:
            # Not LinkedIn: the database went away (recording the intent right before the
            # click, say). Before the click nothing left: the unit is given back so the
            # person is not held back by a reservation nobody uses; after it, in doubt.
            with contextlib.suppress(Exception):
                await self._settle_interrupted(interaction_id, clicked, "the run failed")
            if clicked:
                self.run.count("in_doubt")
                _count(candidate, "in_doubt")
            raise
        text, payload = seen.text, seen.payload
        also = partial(self._keep_findings, candidate, seen)
        await self._record(candidate, interaction_id, result, payload, context, also)
        if result.skipped is None:
            outcome = OUTCOMES[result.delivery]
            why = None if result.delivery is Delivery.DELIVERED else result.detail
            self.run.note(
                candidate.name, outcome, public_id=candidate.card.public_id, reason=why, text=text
            )
        self._note_replies(candidate, seen)

    async def _thread_reader(self, candidate: Candidate, seen: ThreadFindings) -> ComposeFromThread:
        """What the driver calls once the conversation is open, before typing: it keeps the
        person's replies, sends nothing when the member already wrote about this occasion
        by hand, and learns the person's language (for the next messages: this one is the
        text a dry run previewed) when the user set none."""
        async with self.run.readers() as session:
            ours = {
                " ".join(sent.split()): interaction
                for interaction, sent in await conversations.sent_messages(
                    session, candidate.contact["id"]
                )
            }

        async def from_thread(thread: list[ThreadMessage]) -> str | None:
            seen.replies = replies_to(thread, ours)
            occasion = candidate.occasion
            if wrote_by_hand(thread, occasion.interaction_type, occasion.day, set(ours)):
                return None
            if candidate.contact["locale"] is None:
                # Kept for the next messages; this one stays the text previewed today.
                theirs = [m.text for m in thread if m.from_member is False]
                seen.locale = detect_locale(theirs, self.templates.locales)
            return seen.text

        return from_thread

    async def _keep_findings(
        self, candidate: Candidate, seen: ThreadFindings, session: AsyncSession
    ) -> None:
        """What the conversation told (replies, language), written with the message's
        outcome (one transaction)."""
        contact_id = candidate.contact["id"]
        replies = [(r.text, r.day, r.answers) for r in seen.replies]
        now = self.clock.now()
        seen.new_replies = await conversations.record_replies(
            session, contact_id, replies, self.run.run_id, now
        )
        if seen.locale is not None:
            await conversations.set_locale(session, contact_id, seen.locale)

    def _note_replies(self, candidate: Candidate, seen: ThreadFindings) -> None:
        if not seen.new_replies:
            return
        self.run.count("replies", seen.new_replies)
        for reply in seen.replies[-seen.new_replies :]:
            self.run.note(
                candidate.name, "reply", public_id=candidate.card.public_id, text=reply.text
            )

    async def _record(
        self,
        candidate: Candidate,
        interaction_id: int,
        result: SendResult,
        payload: dict[str, Any],
        context: dict[str, Any],
        also: Also | None = None,
    ) -> None:
        """Write the send's outcome. It happened on LinkedIn already, so the write is
        retried while the database is unreachable; if it still cannot be written, the
        message is counted in doubt (the reaper and the next run's reconciler settle it)."""
        delivery = result.delivery
        if result.skipped is not None:  # nothing typed, nothing clicked: the unit goes back
            await retry_db(
                lambda: self.ledger.release(interaction_id, f"skipped: {result.detail}", also),
                what="message skipped",
                deadline_s=OUTCOME_DEADLINE_S,
            )
            self._skip(candidate, result.skipped)
            _count(candidate, "skipped")
            log.warning("birthday.message.skipped", **log_fields(context, reason=result.skipped))
            return
        try:
            if delivery is Delivery.DELIVERED:
                await retry_db(
                    lambda: self.ledger.commit(interaction_id, payload=payload, also=also),
                    what="message sent",
                    deadline_s=OUTCOME_DEADLINE_S,
                )
            elif delivery is Delivery.NOT_DELIVERED:
                await retry_db(
                    lambda: self.ledger.release(
                        interaction_id, f"not delivered: {result.detail}", also
                    ),
                    what="message not delivered",
                    deadline_s=OUTCOME_DEADLINE_S,
                )
            else:
                await self._mark_unknown(interaction_id, f"in doubt: {result.detail}")
        except Exception:
            self.run.count("in_doubt")
            _count(candidate, "in_doubt")
            log.exception("birthday.message.outcome_not_recorded", **context)
            raise
        outcome = OUTCOMES[delivery]
        self.run.count(outcome)
        _count(candidate, outcome)
        log_call = log.info if delivery is Delivery.DELIVERED else log.warning
        log_call(f"birthday.message.{outcome}", **log_fields(context, detail=result.detail))
        if delivery is Delivery.DELIVERED:
            self.run.contact_done()

    async def _mark_unknown(self, interaction_id: int, reason: str) -> None:
        await retry_db(
            lambda: self.ledger.mark_unknown(interaction_id, reason),
            what="message in doubt",
            deadline_s=OUTCOME_DEADLINE_S,
        )

    async def _settle_interrupted(self, interaction_id: int, clicked: bool, reason: str) -> None:
        """Before the click nothing can have been sent: release. After it: in doubt. Both
        retried while the database is unreachable."""
        if clicked:
            await self._mark_unknown(interaction_id, f"interrupted after the click: {reason}")
            return
        await retry_db(
            lambda: self.ledger.release(interaction_id, f"interrupted before the click: {reason}"),
            what="reservation released",
            deadline_s=OUTCOME_DEADLINE_S,
        )


@dataclass
class MessageCampaign(CampaignBase[OptionsT]):
    """What the campaigns that send a message to each person share (birthdays, work
    anniversaries, new jobs): ``act`` sends one through :class:`SendStep`, a message's
    pause after it. A kind adds its ``plan`` (who, with which :class:`Occasion`)."""

    nothing_done: str = "nothing sent"
    _step: SendStep | None = field(default=None, init=False)

    async def act(self, ctx: RunContext, item: Candidate) -> bool:
        if self._step is None:
            self._step = SendStep(self.deps, ctx.handle, self.dry_run)
        return await self._step.wish(ctx.driver, item)

    def name_of(self, item: Candidate) -> str:
        return item.card.full_name

    def pause(self, pacing: Pacing) -> float:
        return pacing.message_pause()
