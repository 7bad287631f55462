"""One birthday wish, from template to verified delivery, with its intent recorded first."""

from __future__ import annotations

import contextlib
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.clock import Clock
from linkedin_bot.core.errors import (
    AccountRestricted,
    AutomationError,
    CircuitOpen,
    PageChanged,
    SessionExpired,
)
from linkedin_bot.core.logging import get_logger, log_fields
from linkedin_bot.core.metrics import BIRTHDAY_MESSAGES_SENT, CONTACTS_PROCESSED
from linkedin_bot.core.names import clean_display_name, greeting_name, names_agree
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.enums import InteractionType
from linkedin_bot.db.queries import birthdays as q
from linkedin_bot.db.retry import retry_db
from linkedin_bot.linkedin.types import BirthdayCard, Delivery, SendResult
from linkedin_bot.safety.quota import AlreadyHandled, QuotaLedger
from linkedin_bot.services.birthday_dates import MIN_DAYS_BETWEEN_WISHES
from linkedin_bot.services.messages import (
    TemplateBook,
    TemplateKind,
    UnresolvedVariable,
    render,
)
from linkedin_bot.services.ports import Driver
from linkedin_bot.services.runs import RunHandle

log = get_logger("linkedin_bot.birthday")
KIND = InteractionType.BIRTHDAY_MESSAGE.value
# How long the outcome of a message already clicked is retried while the database is away.
OUTCOME_DEADLINE_S = 120.0


@dataclass(frozen=True)
class Candidate:
    card: BirthdayCard
    contact: dict[str, Any]  # id, first_name, full_name, locale (a detached snapshot)
    birthday: date  # this year's birthday date (today, or a few days ago)


def greeting_for(contact: dict[str, Any], card: BirthdayCard) -> str | None:
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


def _count(outcome: str) -> None:
    BIRTHDAY_MESSAGES_SENT.labels(outcome).inc()
    CONTACTS_PROCESSED.labels("birthday", outcome).inc()


def dedup_key(contact_id: int, birthday: date) -> str:
    """One message per contact per birthday occurrence (``birthday`` is the occurrence
    nearest to the card's date, see ``birthday_dates.py``): keyed by its year, so that a
    day's disagreement between two calendars gives the same key."""
    return f"{KIND}:{contact_id}:{birthday.year}"


@dataclass
class SendStep:
    sessions: async_sessionmaker[AsyncSession]
    ledger: QuotaLedger
    clock: Clock
    settings: Settings
    templates: TemplateBook
    rng: random.Random
    run: RunHandle
    dry_run: bool

    async def wish(self, driver: Driver, candidate: Candidate) -> bool:
        """Wish this person; True if a message was sent, attempted or (dry run) planned."""
        message = await self._compose(candidate)
        if message is None:
            return False
        text, payload = message
        if self.dry_run:
            async with self.sessions.begin() as session:
                await q.record_dry_run(
                    session,
                    contact_id=candidate.contact["id"],
                    run_id=self.run.run_id,
                    payload=payload,
                    quota_day=self.ledger.today(),
                )
            self.run.count("dry_run")
            _count("dry_run")
            return True
        try:
            reservation = await self.ledger.reserve(
                kind=KIND,
                contact_id=candidate.contact["id"],
                dedup_key=dedup_key(candidate.contact["id"], candidate.birthday),
                run_id=self.run.run_id,
                payload=payload,
                not_within=timedelta(days=MIN_DAYS_BETWEEN_WISHES),
            )
        except AlreadyHandled:
            self.run.count("skipped_already_wished")
            CONTACTS_PROCESSED.labels("birthday", "skipped").inc()
            return False
        await self._deliver(driver, candidate, reservation.interaction_id, text, payload)
        return True

    async def _compose(self, candidate: Candidate) -> tuple[str, dict[str, Any]] | None:
        contact = candidate.contact
        kind: TemplateKind = "birthday" if candidate.card.days_ago == 0 else "late"
        fresh_after = self.clock.now() - timedelta(days=365 * self.settings.avoid_repetition_years)
        async with self.sessions() as session:
            history = await q.template_history(session, contact["id"], KIND)
        template = self.templates.choose(
            kind,
            contact["locale"],
            history,
            seed=f"{contact['id']}:{candidate.birthday.isoformat()}",
            fresh_after=fresh_after,
        )
        if template is None:
            self.run.count("skipped_no_template")
            return None
        first = greeting_for(contact, candidate.card)
        if first is None:
            self.run.count("skipped_name_uncertain")
            log.warning(
                "birthday.message.name_uncertain",
                contact_id=contact["id"],
                shown=candidate.card.full_name[:200],
            )
            return None
        full_name = clean_display_name(candidate.card.full_name) or contact["full_name"]
        try:
            text = render(template, first_name=first, name=full_name)
        except UnresolvedVariable as exc:
            log.warning("birthday.message.unresolved", contact_id=contact["id"], detail=exc.detail)
            self.run.count("skipped_unresolved_variable")
            return None
        payload = {
            "message": text,
            "template_id": template.id,
            "locale": template.locale,
            "days_late": candidate.card.days_ago,
            "birthday": candidate.birthday.isoformat(),
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
        try:
            result = await driver.send_message(candidate.card, text, before_click)
        except (AccountRestricted, SessionExpired, CircuitOpen, PageChanged) as exc:
            await self._settle_interrupted(interaction_id, clicked, exc.detail)
            raise
        except AutomationError as exc:
            await self._settle_interrupted(interaction_id, clicked, exc.detail)
            outcome = "failed" if not clicked else "in_doubt"
            self.run.count(outcome)
            _count(outcome)
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
                _count("in_doubt")
            raise
        await self._record(interaction_id, result, payload, context)

    async def _record(
        self,
        interaction_id: int,
        result: SendResult,
        payload: dict[str, Any],
        context: dict[str, Any],
    ) -> None:
        """Write the send's outcome. It happened on LinkedIn already, so the write is
        retried while the database is unreachable; if it still cannot be written, the
        message is counted in doubt (the reaper and the next run's reconciler settle it)."""
        delivery = result.delivery
        if result.skipped is not None:  # nothing typed, nothing clicked: the unit goes back
            await retry_db(
                lambda: self.ledger.release(interaction_id, f"skipped: {result.detail}"),
                what="message skipped",
                deadline_s=OUTCOME_DEADLINE_S,
            )
            self.run.count(f"skipped_{result.skipped}")
            CONTACTS_PROCESSED.labels("birthday", "skipped").inc()
            log.warning("birthday.message.skipped", **log_fields(context, reason=result.skipped))
            return
        try:
            if delivery is Delivery.DELIVERED:
                await retry_db(
                    lambda: self.ledger.commit(interaction_id, payload=payload),
                    what="message sent",
                    deadline_s=OUTCOME_DEADLINE_S,
                )
            elif delivery is Delivery.NOT_DELIVERED:
                await retry_db(
                    lambda: self.ledger.release(interaction_id, f"not delivered: {result.detail}"),
                    what="message not delivered",
                    deadline_s=OUTCOME_DEADLINE_S,
                )
            else:
                await self._mark_unknown(interaction_id, f"in doubt: {result.detail}")
        except Exception:
            self.run.count("in_doubt")
            _count("in_doubt")
            log.exception("birthday.message.outcome_not_recorded", **context)
            raise
        outcome = {
            Delivery.DELIVERED: "sent",
            Delivery.NOT_DELIVERED: "failed",
            Delivery.UNCERTAIN: "in_doubt",
        }[delivery]
        self.run.count(outcome)
        _count(outcome)
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
