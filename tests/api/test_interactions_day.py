"""GET /interactions?day=: what happened on a calendar day of the user's timezone, with
the names of the people concerned."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.api.conftest import Api
from tests.builders import add_contacts, interaction


async def test_a_day_in_the_users_zone_with_names_and_pages(api_any: Api) -> None:
    """?day=2026-03-29 (Paris; the clocks go forward that night) holds what was done from
    23:00 UTC on the 28th to 22:00 UTC on the 29th, newest first, each item naming the
    contact; type and status narrow it; next_cursor walks it."""
    assert api_any.settings.timezone == "Europe/Paris"
    async with api_any.runtime.sessions.begin() as session:
        ana, bob = await add_contacts(session, 2, full_name="Ana Łęcka")
        bob.full_name = "Bob Øster"
        rows = [
            interaction(ana.id, created_at=datetime(2026, 3, 28, 22, 59, tzinfo=UTC)),  # 28th
            interaction(ana.id, created_at=datetime(2026, 3, 28, 23, 0, tzinfo=UTC)),
            interaction(
                bob.id, status="failed", created_at=datetime(2026, 3, 29, 9, 0, tzinfo=UTC)
            ),
            interaction(
                bob.id,
                type="profile_visit",
                status="visited",
                created_at=datetime(2026, 3, 29, 12, 0, tzinfo=UTC),
            ),
            interaction(ana.id, created_at=datetime(2026, 3, 29, 21, 59, tzinfo=UTC)),
            interaction(ana.id, created_at=datetime(2026, 3, 29, 22, 0, tzinfo=UTC)),  # 30th
        ]
        session.add_all(rows)
    _before, first, failed, visit, last, _after = rows

    async def items(**params: str) -> list[tuple[int, str, str]]:
        found: list[tuple[int, str, str]] = []
        cursor = None
        while True:
            query = {"day": "2026-03-29", "limit": "2", **params}
            if cursor:
                query["cursor"] = cursor
            response = await api_any.client.get("/interactions", params=query)
            assert response.status_code == 200, response.text
            body = response.json()
            found += [(i["id"], i["contact_name"], i["contact_public_id"]) for i in body["items"]]
            cursor = body["next_cursor"]
            if cursor is None:
                return found

    assert [i for i, _, _ in await items()] == [last.id, visit.id, failed.id, first.id]
    named = {i: (name, public_id) for i, name, public_id in await items()}
    assert named[failed.id] == ("Bob Øster", bob.public_id)
    assert named[first.id] == ("Ana Łęcka", ana.public_id)
    assert [i for i, _, _ in await items(type="birthday_message", status="sent")] == [
        last.id,
        first.id,
    ]
    assert [i for i, _, _ in await items(type="profile_visit")] == [visit.id]
    late = {"since": "2026-03-29T10:00:00Z"}
    assert [i for i, _, _ in await items(**late)] == [last.id, visit.id]


@pytest.mark.parametrize(
    "day", ["2026-02-30", "yesterday", "29/03/2026", "9999-12-31x", "0", "1700000000"]
)
async def test_a_bad_day_is_a_422(api: Api, day: str) -> None:
    """A day that is not a YYYY-MM-DD calendar date (a number is no Unix time here): 422
    naming day."""
    response = await api.client.get("/interactions", params={"day": day})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("day:")


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
async def test_the_ends_of_the_calendar_are_answered(api: Api, day: str) -> None:
    """The first and last days of the calendar (whose bounds in UTC fall outside it) get
    an empty page, not an error."""
    response = await api.client.get("/interactions", params={"day": day})
    assert response.status_code == 200, response.text
    assert response.json()["items"] == []
