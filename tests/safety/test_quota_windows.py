"""Quota windows around midnight and daylight-saving changes, checked against a model.

The ledger's day is the user's calendar day; its week is the last 7 of those days. A
reference model computes both from the local dates of the reservations; hypothesis draws
reservation times across the spring and autumn clock changes of Europe/Paris and checks
that the ledger refuses exactly when the model says a window is full."""

from __future__ import annotations

import asyncio
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from linkedin_bot.core.clock import FrozenClock, local_date
from linkedin_bot.core.errors import QuotaExhausted
from linkedin_bot.db.engine import create_engine, create_session_factory
from linkedin_bot.db.models import Contact, Interaction
from linkedin_bot.safety.quota import QuotaLedger
from tests.helpers import make_settings

PARIS = ZoneInfo("Europe/Paris")
KIND = "birthday_message"
# Around the spring (March 29) and autumn (October 25) changes of 2026.
ORIGINS = [datetime(2026, 3, 25, tzinfo=UTC), datetime(2026, 10, 21, tzinfo=UTC)]


def _model_allows(history: list[date], today: date, per_day: int, per_week: int) -> bool:
    day_used = sum(d == today for d in history)
    week_used = sum(today - timedelta(days=6) <= d <= today for d in history)
    return day_used < per_day and week_used < per_week


async def _check(
    url: str, tmp: Path, origin: datetime, steps: list[int], per_day: int, per_week: int
) -> None:
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    clock = FrozenClock(origin)
    settings_ = make_settings(
        tmp,
        url,
        daily_message_limit=per_day,
        weekly_message_limit=per_week,
        timezone="Europe/Paris",
    )
    ledger = QuotaLedger(engine, settings_, clock)
    async with sessions.begin() as session:
        await session.execute(delete(Interaction))
        await session.execute(delete(Contact))
        person = Contact(public_id="p", profile_url="https://x/in/p/", full_name="P")
        session.add(person)
    history: list[date] = []
    moment = origin
    for n, minutes in enumerate(steps):
        moment += timedelta(minutes=minutes)
        clock.set(moment)
        today = local_date(moment, PARIS)
        expected = _model_allows(history, today, per_day, per_week)
        try:
            await ledger.reserve(
                kind=KIND, contact_id=person.id, dedup_key=f"k{n}", run_id=None, payload={}
            )
            allowed = True
        except QuotaExhausted:
            allowed = False
        assert allowed == expected, (moment.isoformat(), today, history)
        if allowed:
            history.append(today)
    await engine.dispose()


@pytest.mark.slow
@given(
    origin=st.sampled_from(ORIGINS),
    # Gaps from 10 minutes to 30 hours: several reservations a day, some days skipped,
    # many landing near local midnight.
    steps=st.lists(st.integers(min_value=10, max_value=30 * 60), min_size=5, max_size=40),
    per_day=st.integers(min_value=1, max_value=4),
    per_week=st.integers(min_value=1, max_value=12),
)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_windows_follow_the_local_calendar_across_dst(
    sqlite_template: Path,
    tmp_path: Path,
    origin: datetime,
    steps: list[int],
    per_day: int,
    per_week: int,
) -> None:
    """For any sequence of reservation times across a clock change, the ledger accepts
    exactly when the calendar-day and 7-day windows (local time) have room."""
    path = tmp_path / "windows.db"
    if not path.exists():
        shutil.copyfile(sqlite_template, path)
    asyncio.run(_check(f"sqlite+aiosqlite:///{path}", tmp_path, origin, steps, per_day, per_week))


def test_the_day_turns_at_local_midnight_on_the_night_of_the_change(
    sqlite_template: Path, tmp_path: Path
) -> None:
    """On the night summer time ends (a 25-hour day), 23:59 and 00:01 local are two days,
    even though 00:01 is 2 hours of wall time later in UTC terms."""
    path = tmp_path / "dst.db"
    shutil.copyfile(sqlite_template, path)
    before = datetime(2026, 10, 24, 21, 59, tzinfo=UTC)  # 23:59 CEST, Saturday
    after = datetime(2026, 10, 24, 22, 1, tzinfo=UTC)  # 00:01 CEST, Sunday
    assert local_date(before, PARIS) != local_date(after, PARIS)
    asyncio.run(
        _check(
            f"sqlite+aiosqlite:///{path}",
            tmp_path,
            before - timedelta(minutes=10),
            [10, 2],
            per_day=1,
            per_week=7,
        )
    )
