"""Small builders with overridable defaults, for tests that need rows in the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.db.models import Contact, Interaction

_seq = count(1)
BASE_TIME = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def contact(**overrides: Any) -> Contact:
    n = next(_seq)
    values: dict[str, Any] = {
        "public_id": f"person-{n}",
        "profile_url": f"https://www.linkedin.com/in/person-{n}/",
        "first_name": f"First{n}",
        "last_name": f"Last{n}",
        "full_name": f"First{n} Last{n}",
        "headline": f"Engineer {n}",
        "status": "connection",
    }
    values.update(overrides)
    return Contact(**values)


def interaction(contact_id: int, **overrides: Any) -> Interaction:
    n = next(_seq)
    values: dict[str, Any] = {
        "contact_id": contact_id,
        "type": "birthday_message",
        "status": "sent",
        "payload": {"message": f"Happy birthday #{n}"},
        "created_at": BASE_TIME + timedelta(minutes=n),
    }
    values.update(overrides)
    return Interaction(**values)


async def add_contacts(session: AsyncSession, n: int, **overrides: Any) -> list[Contact]:
    rows = [contact(**overrides) for _ in range(n)]
    session.add_all(rows)
    await session.flush()
    return rows
