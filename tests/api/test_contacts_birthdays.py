"""GET /contacts?birthday_within=N: known birthdays in the next N days of the user's
calendar, soonest first, across the year end and 29 February, page by page."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from linkedin_bot.core.clock import FrozenClock
from tests.api.conftest import Api, start_api
from tests.builders import contact
from tests.helpers import Database, make_settings


@pytest.fixture
def now() -> datetime:
    # 23:30 UTC on 30 December 2026 is already 31 December in Paris (the user's zone).
    return datetime(2026, 12, 30, 23, 30, tzinfo=UTC)


@pytest.fixture
async def api_at(db: Database, tmp_path: Path, now: datetime) -> AsyncIterator[Api]:
    settings = make_settings(tmp_path / "data", db.url, timezone="Europe/Paris")
    async for started in start_api(settings, clock=FrozenClock(now)):
        yield started


async def _add(api: Api, *birthdays: tuple[str, int, int], **extra: object) -> None:
    async with api.runtime.sessions.begin() as session:
        for name, month, day in birthdays:
            session.add(contact(full_name=name, birth_month=month, birth_day=day, **extra))


async def _upcoming(api: Api, days: int, **params: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    cursor = None
    while True:
        query = {"birthday_within": str(days), "limit": "2", **params}
        if cursor:
            query["cursor"] = cursor
        response = await api.client.get("/contacts", params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        found += [(item["full_name"], item["next_birthday"]) for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return found


async def test_upcoming_birthdays_cross_the_year_end_soonest_first(api_at: Api) -> None:
    """On 31 December (user's zone), the next 7 days hold today's birthdays, then January's
    up to the 7th, soonest first, followed page by page; later ones, prospects and people
    without a birthday are not listed."""
    await _add(
        api_at,
        ("Jan Seventh", 1, 7),
        ("Dec Thirty-First", 12, 31),
        ("Jan First", 1, 1),
        ("Jan Eighth", 1, 8),
        ("Dec Thirtieth", 12, 30),
        ("Jan Third A", 1, 3),
        ("Jan Third B", 1, 3),
    )
    await _add(api_at, ("Prospect Jan Second", 1, 2), status="prospect")
    async with api_at.runtime.sessions.begin() as session:
        session.add(contact(full_name="No Birthday"))
    assert await _upcoming(api_at, 7) == [
        ("Dec Thirty-First", "2026-12-31"),
        ("Jan First", "2027-01-01"),
        ("Jan Third A", "2027-01-03"),
        ("Jan Third B", "2027-01-03"),
        ("Jan Seventh", "2027-01-07"),
    ]
    assert await _upcoming(api_at, 0) == [("Dec Thirty-First", "2026-12-31")]
    assert [n for n, _ in await _upcoming(api_at, 7, status="prospect")] == ["Prospect Jan Second"]


async def test_a_full_year_lists_everyone_once(api_at: Api) -> None:
    """birthday_within=366 lists every known birthday once, yesterday's last (next year)."""
    await _add(api_at, ("Yesterday", 12, 30), ("Today", 12, 31), ("Spring", 4, 15))
    assert await _upcoming(api_at, 366) == [
        ("Today", "2026-12-31"),
        ("Spring", "2027-04-15"),
        ("Yesterday", "2027-12-30"),
    ]


@pytest.mark.parametrize("now", [datetime(2027, 2, 27, 12, 0, tzinfo=UTC)])
async def test_29_february_falls_on_the_28th_in_a_common_year(api_at: Api) -> None:
    """In 2027 (a common year), a 29 February birthday is on the 28th: listed with the
    28th's, before 1 March's."""
    await _add(api_at, ("March First", 3, 1), ("Leap Day", 2, 29), ("Feb 28", 2, 28))
    assert await _upcoming(api_at, 1) == [("Feb 28", "2027-02-28"), ("Leap Day", "2027-02-28")]
    assert await _upcoming(api_at, 2) == [
        ("Feb 28", "2027-02-28"),
        ("Leap Day", "2027-02-28"),
        ("March First", "2027-03-01"),
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"birthday_within": "367"}, "birthday_within"),
        ({"birthday_within": "-1"}, "birthday_within"),
        ({"birthday_within": "7", "cursor": "eyJhZnRlciI6NX0"}, "cursor"),
    ],
)
async def test_bad_windows_are_422(api_at: Api, params: dict[str, str], field: str) -> None:
    """Out of 0-366, or a plain list's cursor given to a birthday list: 422 naming it."""
    response = await api_at.client.get("/contacts", params=params)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(f"{field}:")
