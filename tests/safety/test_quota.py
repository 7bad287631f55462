"""The quota ledger in one process: every window holds, keys are unique, leases settle."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from linkedin_bot.core.clock import FrozenClock
from linkedin_bot.core.errors import QuotaExhausted
from linkedin_bot.db.models import Contact, Interaction
from linkedin_bot.safety.quota import AlreadyHandled, QuotaLedger
from tests.builders import add_contacts
from tests.helpers import Database, make_settings

KIND = "birthday_message"
# 10:00 in Paris on a winter day.
NOON = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


def _ledger(db: Database, tmp_path: Path, clock: FrozenClock, **limits: int) -> QuotaLedger:
    settings = make_settings(tmp_path, db.url, **limits)
    return QuotaLedger(db.engine, settings, clock)


async def _people(db: Database, n: int) -> list[Contact]:
    async with db.sessions.begin() as session:
        return await add_contacts(session, n)


async def _reserve(ledger: QuotaLedger, contact: Contact, run_id: int | None = None) -> int:
    r = await ledger.reserve(
        kind=KIND, contact_id=contact.id, dedup_key=f"k:{contact.id}", run_id=run_id, payload={}
    )
    return r.interaction_id


async def test_daily_limit_holds(db: Database, tmp_path: Path) -> None:
    """With 15 a day, the 16th reservation of the day is refused, naming the day window."""
    ledger = _ledger(db, tmp_path, FrozenClock(NOON), daily_message_limit=15)
    people = await _people(db, 16)
    for person in people[:15]:
        await _reserve(ledger, person)
    with pytest.raises(QuotaExhausted) as caught:
        await _reserve(ledger, people[15])
    assert caught.value.context["window"] == "day"


async def test_concurrent_reservations_never_exceed(db: Database, tmp_path: Path) -> None:
    """30 reservations racing in one process for a limit of 15: exactly 15 succeed."""
    ledger = _ledger(db, tmp_path, FrozenClock(NOON), daily_message_limit=15)
    people = await _people(db, 30)
    results = await asyncio.gather(*(_reserve(ledger, p) for p in people), return_exceptions=True)
    assert sum(isinstance(r, int) for r in results) == 15
    assert all(isinstance(r, int | QuotaExhausted) for r in results)


async def test_new_day_in_the_user_timezone_frees_the_day(db: Database, tmp_path: Path) -> None:
    """The day window turns at midnight in the user's timezone, not UTC."""
    clock = FrozenClock(datetime(2026, 1, 15, 22, 30, tzinfo=UTC))  # 23:30 in Paris
    ledger = _ledger(db, tmp_path, clock, daily_message_limit=1)
    a, b = await _people(db, 2)
    await _reserve(ledger, a)
    with pytest.raises(QuotaExhausted):
        await _reserve(ledger, b)
    clock.advance(timedelta(minutes=45))  # 00:15 in Paris, still the 15th in UTC
    await _reserve(ledger, b)


async def test_seven_day_window(db: Database, tmp_path: Path) -> None:
    """The last-7-days limit holds across days, and a unit frees up on the 8th day."""
    clock = FrozenClock(NOON)
    ledger = _ledger(db, tmp_path, clock, daily_message_limit=5, weekly_message_limit=7)
    people = await _people(db, 9)
    for day, person in enumerate(people[:7]):
        clock.set(NOON + timedelta(days=day))
        await _reserve(ledger, person)
    clock.set(NOON + timedelta(days=6, hours=1))
    with pytest.raises(QuotaExhausted) as caught:
        await _reserve(ledger, people[7])
    assert caught.value.context["window"] == "7d"
    clock.set(NOON + timedelta(days=7))  # the first day left the window
    await _reserve(ledger, people[7])


async def test_run_window(db: Database, tmp_path: Path) -> None:
    """The per-run limit counts only this run's reservations."""
    from linkedin_bot.db.models import CampaignRun  # noqa: PLC0415

    ledger = _ledger(db, tmp_path, FrozenClock(NOON), per_run_message_limit=2)
    async with db.sessions.begin() as session:
        runs = [CampaignRun(kind="birthday", status="succeeded", account=f"a{i}") for i in range(2)]
        session.add_all(runs)
    people = await _people(db, 4)
    await _reserve(ledger, people[0], runs[0].id)
    await _reserve(ledger, people[1], runs[0].id)
    with pytest.raises(QuotaExhausted) as caught:
        await _reserve(ledger, people[2], runs[0].id)
    assert caught.value.context["window"] == "run"
    await _reserve(ledger, people[2], runs[1].id)


async def test_same_key_cannot_be_reserved_twice(db: Database, tmp_path: Path) -> None:
    """The same message (same key) can never be reserved twice while it may have been sent."""
    ledger = _ledger(db, tmp_path, FrozenClock(NOON))
    (person,) = await _people(db, 1)
    first = await _reserve(ledger, person)
    with pytest.raises(AlreadyHandled):
        await _reserve(ledger, person)
    await ledger.mark_sending(first)
    await ledger.mark_unknown(first, "crash")
    with pytest.raises(AlreadyHandled):
        await _reserve(ledger, person)


async def test_release_gives_the_unit_back_and_allows_a_retry(db: Database, tmp_path: Path) -> None:
    """A release (nothing sent) frees the unit, and the same key may be reserved again."""
    ledger = _ledger(db, tmp_path, FrozenClock(NOON), daily_message_limit=1)
    a, b = await _people(db, 2)
    first = await _reserve(ledger, a)
    await ledger.release(first, "overlay did not open")
    held_by_b = await _reserve(ledger, b)
    assert {w.window: w.used for w in await ledger.usage(KIND)}["day"] == 1
    await ledger.release(held_by_b, "composer not found")
    assert await _reserve(ledger, a) == first  # the failed intent is reused, not duplicated


async def test_in_doubt_still_counts(db: Database, tmp_path: Path) -> None:
    """A message in doubt keeps its unit: the quota never assumes it was not sent."""
    ledger = _ledger(db, tmp_path, FrozenClock(NOON), daily_message_limit=1)
    a, b = await _people(db, 2)
    interaction_id = await _reserve(ledger, a)
    await ledger.mark_sending(interaction_id)
    await ledger.mark_unknown(interaction_id, "page crashed after the click")
    with pytest.raises(QuotaExhausted):
        await _reserve(ledger, b)


async def test_reaper_releases_reservations_and_doubts_sends(db: Database, tmp_path: Path) -> None:
    """After the lease: a reservation never sent is released; a send in progress becomes
    in doubt (never re-sent automatically)."""
    clock = FrozenClock(NOON)
    ledger = _ledger(db, tmp_path, clock)
    a, b = await _people(db, 2)
    reserved = await _reserve(ledger, a)
    sending = await _reserve(ledger, b)
    await ledger.mark_sending(sending)
    assert await ledger.reap() == (0, 0)
    clock.advance(timedelta(hours=1))
    assert await ledger.reap() == (1, 1)
    async with db.sessions() as session:
        statuses = dict((await session.execute(select(Interaction.id, Interaction.status))).all())
        assert statuses == {reserved: "failed", sending: "unknown"}
        count = await session.scalar(select(func.count()).select_from(Interaction))
        assert count == 2


async def test_commit_after_release_is_refused(db: Database, tmp_path: Path) -> None:
    """A settled intent cannot be moved back to reserved or sending by a late caller."""
    ledger = _ledger(db, tmp_path, FrozenClock(NOON))
    (person,) = await _people(db, 1)
    interaction_id = await _reserve(ledger, person)
    await ledger.release(interaction_id, "gave up")
    with pytest.raises(AlreadyHandled):
        await ledger.mark_sending(interaction_id)


async def test_no_second_wish_within_300_days_whatever_the_key(
    db: Database, tmp_path: Path
) -> None:
    """A contact wished 100 days ago under another key (an older key format, a timezone
    change, an imported V1 message) cannot be reserved again within 300 days; after 300
    days they can. A wish known not to have been sent does not count."""
    clock = FrozenClock(NOON)
    ledger = _ledger(db, tmp_path, clock)
    (person,) = await _people(db, 1)
    first = await ledger.reserve(
        kind=KIND, contact_id=person.id, dedup_key="a", run_id=None, payload={}
    )
    await ledger.commit(first.interaction_id, payload={})
    window = timedelta(days=300)
    clock.advance(timedelta(days=100))
    with pytest.raises(AlreadyHandled, match="already had a birthday_message"):
        await ledger.reserve(
            kind=KIND,
            contact_id=person.id,
            dedup_key="b",
            run_id=None,
            payload={},
            not_within=window,
        )
    clock.advance(timedelta(days=201))
    again = await ledger.reserve(
        kind=KIND, contact_id=person.id, dedup_key="c", run_id=None, payload={}, not_within=window
    )
    await ledger.release(again.interaction_id, "the click did nothing")
    retry = await ledger.reserve(
        kind=KIND, contact_id=person.id, dedup_key="d", run_id=None, payload={}, not_within=window
    )
    assert retry.interaction_id != again.interaction_id


async def test_every_kind_of_message_shares_one_quota(db: Database, tmp_path: Path) -> None:
    """Birthday wishes, work-anniversary and new-job congratulations draw from one daily
    quota: with 6 a day, 2 of each kind use it up, racing or not; profile
    visits keep their own."""
    ledger = _ledger(db, tmp_path, FrozenClock(NOON), daily_message_limit=6)
    people = await _people(db, 10)
    kinds = ["birthday_message", "anniversary_message", "new_job_message"] * 3

    async def reserve(kind: str, person: Contact) -> int:
        r = await ledger.reserve(
            kind=kind,
            contact_id=person.id,
            dedup_key=f"{kind}:{person.id}",
            run_id=None,
            payload={},
        )
        return r.interaction_id

    results = await asyncio.gather(
        *(reserve(kind, person) for kind, person in zip(kinds, people, strict=False)),
        return_exceptions=True,
    )
    assert sum(isinstance(r, int) for r in results) == 6
    assert all(isinstance(r, int | QuotaExhausted) for r in results)
    for kind in ("birthday_message", "new_job_message"):
        usage = {w.window: w.used for w in await ledger.usage(kind)}
        assert usage["day"] == 6
    visit = await ledger.reserve(
        kind="profile_visit", contact_id=people[9].id, dedup_key="v", run_id=None, payload={}
    )
    assert visit.interaction_id > 0
