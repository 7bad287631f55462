"""The list requests every latency scenario measures, resolved against the seeded data.

Deep pages: the cursor for the page that starts 90% deep (in id-descending order, the API's
order) is *constructed* with ``encode_cursor(id)`` where ``id`` is the last row of the
previous page, found with ``ORDER BY id DESC LIMIT 1 OFFSET k - 1``. That is exactly the
cursor that walking the pages from the first would return (``page_from_rows`` encodes the
last id of a page), without making thousands of requests to get there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from linkedin_bot.db.pagination import DEFAULT_LIMIT, encode_cursor

DEEP_FRACTION = 0.9


@dataclass(frozen=True)
class Target:
    name: str
    table: str  # "contacts" | "interactions" | "" (no query behind it)
    path: str
    params: dict[str, Any] = field(default_factory=dict)
    expect_items: int | None = DEFAULT_LIMIT

    def spec(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": self.path,
            "params": self.params,
            "expect_items": self.expect_items,
        }


async def _deep_cursor(conn: AsyncConnection, table: str) -> tuple[str, int]:
    total = int((await conn.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one())
    offset = int(total * DEEP_FRACTION) - 1
    last_id = (
        await conn.execute(
            text(f"SELECT id FROM {table} ORDER BY id DESC LIMIT 1 OFFSET :offset"),
            {"offset": offset},
        )
    ).scalar_one()
    return encode_cursor(int(last_id)), offset + 1


async def _busy_contact(conn: AsyncConnection) -> int:
    """The newest contact with more than a page of interactions (a hot contact of the seed)."""
    row = await conn.execute(
        text(
            "SELECT contact_id FROM interactions GROUP BY contact_id "
            "HAVING count(*) > :limit ORDER BY contact_id DESC LIMIT 1"
        ),
        {"limit": DEFAULT_LIMIT},
    )
    return int(row.scalar_one())


async def resolve(conn: AsyncConnection) -> tuple[list[Target], dict[str, Any]]:
    """The targets, and how their cursors and ids were chosen (for the report)."""
    contacts_cursor, contacts_depth = await _deep_cursor(conn, "contacts")
    interactions_cursor, interactions_depth = await _deep_cursor(conn, "interactions")
    contact_id = await _busy_contact(conn)
    targets = [
        Target("health (no DB, floor)", "", "/health", expect_items=None),
        Target("contacts first page", "contacts", "/contacts"),
        Target("contacts 90% deep", "contacts", "/contacts", {"cursor": contacts_cursor}),
        Target("contacts status=prospect", "contacts", "/contacts", {"status": "prospect"}),
        Target("interactions first page", "interactions", "/interactions"),
        Target(
            "interactions 90% deep",
            "interactions",
            "/interactions",
            {"cursor": interactions_cursor},
        ),
        Target(
            "interactions type=profile_visit",
            "interactions",
            "/interactions",
            {"type": "profile_visit"},
        ),
        Target(
            "interactions contact_id=N", "interactions", "/interactions", {"contact_id": contact_id}
        ),
    ]
    notes = {
        "deep_cursor": "constructed: encode_cursor(id of row k-1 in id-descending order)",
        "contacts_deep_row": contacts_depth,
        "interactions_deep_row": interactions_depth,
        "busy_contact_id": contact_id,
    }
    return targets, notes
