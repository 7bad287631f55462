"""The daily schedule: birthdays at a random minute inside working hours, crontabs, off;
jobs the user paused are skipped."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.triggers.cron import CronTrigger
from pydantic import ValidationError

from linkedin_bot.core.clock import SystemClock
from linkedin_bot.core.settings import Settings, describe_validation_error
from linkedin_bot.db.engine import create_engine, create_session_factory
from linkedin_bot.services.schedule_pause import pause_jobs, resume_jobs
from linkedin_bot.services.scheduler import Schedule, backup_trigger, birthday_trigger
from tests.helpers import Database


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_auto_birthday_time_is_random_and_inside_working_hours() -> None:
    """Over 60 days, every scheduled birthday run falls inside working hours (user's zone),
    and the minute changes from day to day."""
    settings = _settings(timezone="Europe/Paris", working_hours_start=8, working_hours_end=18)
    trigger = birthday_trigger(settings)
    assert trigger is not None
    moment = datetime(2026, 3, 20, 0, 0, tzinfo=UTC)  # spans the change to summer time
    fires = []
    for _ in range(60):
        fire = trigger.get_next_fire_time(None, moment)
        assert fire is not None
        local = fire.astimezone(settings.tz)
        assert 8 <= local.hour < 18
        fires.append((local.hour, local.minute))
        moment = fire + timedelta(hours=1)
    assert len(set(fires)) > 30


def test_crontab_schedules_and_off() -> None:
    """A crontab runs at that local time; "off" schedules nothing."""
    settings = _settings(birthday_schedule="15 9 * * mon-fri", backup_schedule="off")
    trigger = birthday_trigger(settings)
    assert trigger is not None
    saturday = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    fire = trigger.get_next_fire_time(None, saturday)
    assert fire is not None
    local = fire.astimezone(settings.tz)
    assert (local.weekday(), local.hour, local.minute) == (0, 9, 15)
    assert backup_trigger(settings) is None
    assert birthday_trigger(_settings(birthday_schedule="off")) is None


def test_invalid_crontab_names_the_variable() -> None:
    """A malformed schedule stops start-up with a message naming the variable."""
    with pytest.raises(ValidationError) as caught:
        _settings(birthday_schedule="every morning")
    assert "LINKEDIN_BOT_BIRTHDAY_SCHEDULE" in describe_validation_error(caught.value)


async def test_jobs_run_and_a_failing_job_does_not_stop_the_others() -> None:
    """Due jobs run in the service's loop; one that raises is logged and the schedule goes
    on running the others."""
    ran: list[str] = []

    async def good() -> None:
        ran.append("good")

    async def bad() -> None:
        raise RuntimeError("boom")

    schedule = Schedule(_settings())
    schedule.add("good", CronTrigger(second="*"), good)
    schedule.add("bad", CronTrigger(second="*"), bad)
    schedule.start()
    try:
        assert set(schedule.next_runs()) == {"good", "bad"}
        for _ in range(60):
            if len(ran) >= 2:
                break
            await asyncio.sleep(0.1)
    finally:
        schedule.shutdown()
    assert len(ran) >= 2


async def _run_until(schedule: Schedule, done: Callable[[], bool]) -> None:
    schedule.start()
    try:
        for _ in range(100):
            if done():
                break
            await asyncio.sleep(0.1)
    finally:
        schedule.shutdown()


def _fired_twice(schedule: Schedule, name: str) -> Callable[[], bool]:
    """True once the job's time has come twice since the first call (its next run time,
    read from the running schedule, moved on twice)."""
    seen: list[object] = []

    def check() -> bool:
        current = schedule.next_runs().get(name)
        if not seen or seen[-1] != current:
            seen.append(current)
        return len(seen) >= 3

    return check


async def test_a_paused_job_is_skipped_the_others_run(db: Database) -> None:
    """A job the user paused (a row in the database, as another process writes it) is not
    run at its time, while an unpaused job runs; once resumed, the paused one runs again.
    On SQLite and PostgreSQL. (That a skip is logged is checked on a real `serve`:
    tests/cli/test_schedule_cli.py.)"""
    ran: list[str] = []

    async def birthday() -> None:
        ran.append("birthday")

    async def backup() -> None:
        ran.append("backup")

    await pause_jobs(db.sessions, ["birthday"], SystemClock(), by="cli")
    schedule = Schedule(_settings(), sessions=db.sessions)
    schedule.add("birthday", CronTrigger(second="*"), birthday)
    schedule.add("backup", CronTrigger(second="*"), backup)
    await _run_until(schedule, lambda: ran.count("backup") >= 2)
    assert ran.count("backup") >= 2
    assert "birthday" not in ran

    assert await resume_jobs(db.sessions, ["birthday"]) == ["birthday"]
    again = Schedule(_settings(), sessions=db.sessions)
    again.add("birthday", CronTrigger(second="*"), birthday)
    await _run_until(again, lambda: "birthday" in ran)
    assert "birthday" in ran


async def test_an_unreadable_pause_state_skips_the_job(tmp_path: Path) -> None:
    """When the pause cannot be read (the database file is gone), the job is skipped at
    its time: a pause is never missed."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'missing' / 'bot.db'}")
    ran: list[str] = []

    async def birthday() -> None:
        ran.append("birthday")

    schedule = Schedule(_settings(), sessions=create_session_factory(engine))
    schedule.add("birthday", CronTrigger(second="*"), birthday)
    fired = _fired_twice(schedule, "birthday")
    try:
        await _run_until(schedule, fired)
        await asyncio.sleep(0.5)  # let the last firing's check finish
    finally:
        await engine.dispose()
    assert fired()
    assert ran == []
