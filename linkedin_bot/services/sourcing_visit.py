"""One profile visit, from quota reservation to the stored, scored contact.

The order makes it safe: the contact exists, a visit unit is reserved (QuotaExhausted stops
the run before any request), the profile is read, the unit is committed as ``visited`` with
the score and its breakdown, then the contact is updated. A read that fails gives the unit
back: LinkedIn showed us nothing worth a unit of the day's budget.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.clock import Clock
from linkedin_bot.core.errors import (
    AutomationError,
)
from linkedin_bot.core.logging import get_logger, log_fields
from linkedin_bot.core.metrics import CONTACTS_PROCESSED, PROFILE_VISITS
from linkedin_bot.db.enums import InteractionStatus, InteractionType
from linkedin_bot.db.queries import sourcing as q
from linkedin_bot.linkedin.types import ProfileData, SearchResult
from linkedin_bot.safety.quota import AlreadyHandled, QuotaLedger
from linkedin_bot.services.ports import Driver
from linkedin_bot.services.runs import RunHandle
from linkedin_bot.services.scoring import FitScore, score_profile
from linkedin_bot.services.sourcing_criteria import Criteria

log = get_logger("linkedin_bot.sourcing")
KIND = InteractionType.PROFILE_VISIT.value


def dedup_key(contact_id: int, day: date) -> str:
    """At most one visit per person per day, whatever the runs."""
    return f"{KIND}:{contact_id}:{day.isoformat()}"


def profile_record(profile: ProfileData) -> dict[str, Any]:
    """What a visit read, JSON-ready (``contacts.profile_data``)."""
    return {
        "experience": [asdict(e) for e in profile.experience],
        "education": [asdict(e) for e in profile.education],
        "certifications": list(profile.certifications),
        "languages": list(profile.languages),
        "greeting": profile.greeting,
        "pronouns": profile.pronouns,
        "is_connection": profile.is_connection,
        "message_action": profile.message_action,
    }


def visit_payload(result: SearchResult, profile: ProfileData, fit: FitScore) -> dict[str, Any]:
    return {
        "public_id": result.public_id,
        "search_page": result.page,
        "full_name": profile.full_name,
        "fit_score": fit.score,
        "score": fit.as_dict(),
    }


@dataclass
class VisitStep:
    sessions: async_sessionmaker[AsyncSession]
    ledger: QuotaLedger
    clock: Clock
    criteria: Criteria
    run: RunHandle

    async def visit(self, driver: Driver, result: SearchResult) -> FitScore | None:
        """Visit and keep one person; the score, or None when skipped or failed.
        Raises QuotaExhausted (nothing requested) and restriction/expiry errors."""
        async with self.sessions.begin() as session:
            contact = await q.ensure_prospect(
                session,
                public_id=result.public_id,
                profile_url=result.profile_url,
                full_name=result.full_name,
            )
            contact_id = contact.id
        try:
            reservation = await self.ledger.reserve(
                kind=KIND,
                contact_id=contact_id,
                dedup_key=dedup_key(contact_id, self.ledger.today()),
                run_id=self.run.run_id,
                payload={"public_id": result.public_id},
            )
        except AlreadyHandled:
            self.run.count("skipped_already_visited_today")
            return None
        context = {"public_id": result.public_id, "contact_id": contact_id}
        try:
            profile = await driver.visit_profile(result.public_id)
        except AutomationError as exc:
            if exc.ends_run:
                await self.ledger.release(reservation.interaction_id, f"interrupted: {exc.detail}")
                raise
            await self.ledger.release(reservation.interaction_id, f"not read: {exc.detail}")
            self.run.count("failed")
            PROFILE_VISITS.labels("failed").inc()
            log.warning(
                "sourcing.visit.failed", **log_fields(context, error=exc.code, detail=exc.detail)
            )
            self.run.contact_failed(exc)
            return None
        fit = score_profile(profile, self.criteria)
        payload = visit_payload(result, profile, fit)
        await self.ledger.commit(
            reservation.interaction_id,
            status=InteractionStatus.VISITED.value,
            payload=payload,
            also=partial(self._store, contact_id, profile, fit),
        )
        self.run.count("visited")
        PROFILE_VISITS.labels("visited").inc()
        CONTACTS_PROCESSED.labels("sourcing", "visited").inc()
        log.info("sourcing.visit.done", **log_fields(context, fit_score=fit.score))
        self.run.contact_done()
        return fit

    async def _store(
        self, contact_id: int, profile: ProfileData, fit: FitScore, session: AsyncSession
    ) -> None:
        """What the visit read, kept on the contact (in the ledger's commit transaction)."""
        read = {
            "full_name": profile.full_name,
            "headline": profile.headline,
            "location": profile.location,
            "about": profile.about,
            "skills": list(profile.skills),
            "open_to_work": profile.open_to_work,
            "years_experience": profile.years_experience,
            "current_company": profile.current_company,
            "profile_data": profile_record(profile),
        }
        await q.record_visit(
            session, contact_id, read=read, fit_score=fit.score, visited_at=self.clock.now()
        )
