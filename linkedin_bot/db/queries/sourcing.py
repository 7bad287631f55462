"""SQL for the sourcing campaign: who to skip, the contact a visit is about, what it read,
and the people it scored, best first (the dashboard's results).

A visit never loses what we already knew about a person: a birthday, the blacklist flag,
a connection's status, names and company from an import. It adds what the profile says.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.core.errors import InvalidInput
from linkedin_bot.db.enums import ContactStatus, InteractionStatus, InteractionType
from linkedin_bot.db.ids import in_id_range
from linkedin_bot.db.models import Contact, Interaction
from linkedin_bot.db.pagination import Page
from linkedin_bot.db.queries.contacts import (
    ContactFilters,
    filtered_contacts,
    get_or_create_contact,
)

SOURCE = "sourcing"


async def skip_reasons(
    session: AsyncSession, public_ids: list[str], visited_since: datetime
) -> dict[str, str]:
    """For each of these people to leave alone: "blacklisted" or "visited_recently"."""
    if not public_ids:
        return {}
    stmt = select(Contact.public_id, Contact.blacklisted).where(
        Contact.public_id.in_(public_ids),
        or_(Contact.blacklisted.is_(True), Contact.last_visited_at >= visited_since),
    )
    rows = (await session.execute(stmt)).all()
    return {
        public_id: "blacklisted" if blacklisted else "visited_recently"
        for public_id, blacklisted in rows
    }


async def ensure_prospect(
    session: AsyncSession, *, public_id: str, profile_url: str, full_name: str
) -> Contact:
    """The contact for this person, created as a prospect when new (a visit's quota unit
    is reserved against a contact); an existing contact is returned as it is."""
    return await get_or_create_contact(
        session,
        public_id=public_id,
        profile_url=profile_url,
        full_name=full_name,
        status=ContactStatus.PROSPECT.value,
        source=SOURCE,
    )


async def record_visit(
    session: AsyncSession,
    contact_id: int,
    *,
    read: dict[str, Any],
    fit_score: float,
    visited_at: datetime,
) -> None:
    """Store what a visit read. ``read`` holds full_name, headline, location, about, skills,
    open_to_work, years_experience, current_company and profile_data; empty values do not
    erase known ones, and status, blacklist and birthday are left alone."""
    contact = await session.get(Contact, contact_id)
    if contact is None:
        return
    if read.get("full_name") and not contact.full_name:
        contact.full_name = read["full_name"]
        contact.first_name, _, contact.last_name = read["full_name"].partition(" ")
    for column in ("headline", "location", "about", "current_company"):
        if read.get(column):
            setattr(contact, column, read[column])
    if read.get("skills"):
        contact.skills = list(read["skills"])
    if read.get("years_experience") is not None:
        contact.years_experience = read["years_experience"]
    contact.open_to_work = bool(read.get("open_to_work"))
    contact.profile_data = read.get("profile_data")
    contact.fit_score = fit_score
    contact.last_visited_at = visited_at
    await session.flush()


# --- The results: scored people, best first ----------------------------------------------


def _score_cursor(score: float, contact_id: int) -> str:
    raw = json.dumps({"score": score, "after": contact_id}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _read_score_cursor(cursor: str) -> tuple[float, int]:
    """The (score, id) a results cursor points after; InvalidInput if it is not ours."""
    try:
        data = json.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()))
        score, after = data["score"], data["after"]
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidInput("cursor: not a cursor of this list", field="cursor") from exc
    valid = (
        isinstance(score, int | float)
        and not isinstance(score, bool)
        and 0 <= score <= 100
        and isinstance(after, int)
        and not isinstance(after, bool)
        and in_id_range(after)
    )
    if not valid:
        raise InvalidInput("cursor: not a cursor of this list", field="cursor")
    return float(score), after


async def scored_contacts(
    session: AsyncSession, *, run_id: int | None, limit: int, cursor: str | None
) -> Page[RowMapping]:
    """The contacts with a fit score (those a sourcing run visited; with ``run_id``, that
    run's), highest score first then newest, keyset-paginated on (fit_score, id), which
    ``ix_contacts_fit_score_id`` serves."""
    filters = ContactFilters(min_fit_score=0.0, visited_in_run=run_id)
    stmt = filtered_contacts(filters, session.get_bind().dialect.name)
    if cursor is not None:
        score, after = _read_score_cursor(cursor)
        stmt = stmt.where(
            or_(
                Contact.fit_score < score,
                and_(Contact.fit_score == score, Contact.id < after),
            )
        )
    stmt = stmt.order_by(Contact.fit_score.desc(), Contact.id.desc()).limit(limit + 1)
    rows: Sequence[RowMapping] = (await session.execute(stmt)).mappings().all()
    if len(rows) > limit:
        kept = rows[:limit]
        last = kept[-1]
        return Page(kept, _score_cursor(float(last["fit_score"]), int(last["id"])))
    return Page(rows, None)


async def latest_scores(session: AsyncSession, contact_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each contact's last visit's score record (``score``, ``vetoed_by``, ``breakdown``),
    as the visit stored it; contacts never visited are left out."""
    if not contact_ids:
        return {}
    stmt = (
        select(Interaction.contact_id, Interaction.payload)
        .where(
            Interaction.contact_id.in_(contact_ids),
            Interaction.type == InteractionType.PROFILE_VISIT.value,
            Interaction.status == InteractionStatus.VISITED.value,
        )
        .order_by(Interaction.id.desc())
    )
    found: dict[int, dict[str, Any]] = {}
    for contact_id, payload in (await session.execute(stmt)).all():
        score = (payload or {}).get("score")
        if contact_id not in found and isinstance(score, dict):
            found[contact_id] = score
    return found
