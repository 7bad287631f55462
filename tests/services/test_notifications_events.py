"""What each event tells, from real records: a cool-down (why, until when, what to do), a
signed-out or expiring session, a run stopped by a changed page, a failed scheduled
backup, the daily summary; and the runs that are not worth a notification."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from linkedin_bot.core.clock import FrozenClock
from linkedin_bot.db.enums import CooldownKind, InteractionStatus, RunStatus
from linkedin_bot.db.models import Interaction
from linkedin_bot.linkedin.auth import import_session
from linkedin_bot.safety.cooldown import Cooldowns
from linkedin_bot.wiring import build_runtime
from tests.factories import make_contact
from tests.full_disk import fill, small_filesystem
from tests.helpers import Database
from tests.services.notification_fixtures import (
    LI_AT,
    NOON,
    ended_run,
    notifier_for,
    notify_settings,
)
from tests.services.notification_receivers import http_hook

CHECKPOINT = "https://www.linkedin.com/checkpoint/challenge/AgH?csrfToken=ajax-Xy7&sig=q9"


def _gate(notifier: Any, run_id: int | None = None) -> Cooldowns:
    cooldowns: Cooldowns = notifier.cooldowns
    return cooldowns.for_run(run_id) if run_id is not None else cooldowns


async def test_a_restriction_says_why_until_when_and_what_to_do(
    db: Database, tmp_path: Path
) -> None:
    """A checkpoint during a run: the notification names the signal and the page (without
    its query, which may carry a token), the end of the 48 h cool-down in the user's
    timezone and `linkedin-bot resume`. A later run refused by the same cool-down tells
    nothing more (not even as a count); a new cool-down after a resume is told."""
    clock = FrozenClock(NOON)
    with http_hook() as hook:
        notifier = notifier_for(db, notify_settings(tmp_path, db.url, [hook.url()]), clock)
        run = await ended_run(db, clock, RunStatus.RESTRICTED, "security check (checkpoint)")
        await _gate(notifier, run.id).restricted(
            "LinkedIn asked for a security check",
            signal="checkpoint",
            url=CHECKPOINT,
            artifact=None,
        )
        await notifier.run_ended(run)
        await notifier.drain()
        clock.advance(timedelta(minutes=5))
        refused = await ended_run(db, clock, RunStatus.RESTRICTED, "nothing done: cooling down")
        await notifier.run_ended(refused)
        await notifier.drain()
        assert len(hook.requests) == 1
        await _gate(notifier).resume()
        clock.advance(timedelta(hours=2))
        again = await ended_run(db, clock, RunStatus.RESTRICTED, "HTTP 999")
        await _gate(notifier, again.id).restricted(
            "999", signal="http_999", url=None, artifact=None
        )
        await notifier.run_ended(again)
        await notifier.drain()
    first, second = (r["json"] for r in hook.requests)
    assert first["title"] == "linkedin-bot: LinkedIn pushed back, paused until Sat 17 Jan 12:00 CET"
    body = first["message"]
    assert "(checkpoint) at https://www.linkedin.com/checkpoint/challenge/AgH on" in body
    assert "csrfToken" not in body
    assert "ajax-Xy7" not in body
    assert f"during run {run.id} (birthday, test)" in body
    assert "until Sat 17 Jan 12:00 CET (in 48 h)" in body
    assert "`linkedin-bot resume`" in body
    assert "(+" not in second["title"]
    assert "(http_999)" in second["message"]


async def test_a_login_wall_asks_for_a_new_session(db: Database, tmp_path: Path) -> None:
    """A run that met LinkedIn's login page: the session must be renewed with
    `linkedin-bot auth import`; nothing about the cookie itself is in the message."""
    clock = FrozenClock(NOON)
    with http_hook() as hook:
        settings = notify_settings(tmp_path, db.url, [hook.url()])
        notifier = notifier_for(db, settings, clock)
        run = await ended_run(db, clock, RunStatus.AUTH_REQUIRED, f"login wall (li_at={LI_AT})")
        info = await _gate(notifier, run.id).session_expired(
            "LinkedIn showed its login page",
            url="https://www.linkedin.com/login?session_redirect=x",
        )
        assert info is not None
        assert info.kind == CooldownKind.SESSION_EXPIRED
        await notifier.run_ended(run)
        await notifier.drain()
    [request] = hook.requests
    assert request["json"]["title"] == "linkedin-bot: the LinkedIn session must be renewed"
    message = request["json"]["message"]
    assert f"signed the saved session out during run {run.id}" in message
    assert "login page at https://www.linkedin.com/login (" in message
    assert "`linkedin-bot auth import`" in message
    assert LI_AT not in request["raw"]


async def test_a_changed_page_is_told_as_drift(db: Database, tmp_path: Path) -> None:
    """A run stopped because a page no longer looks as expected says so, with what was done
    before and that nothing more was sent."""
    clock = FrozenClock(NOON)
    with http_hook() as hook:
        notifier = notifier_for(db, notify_settings(tmp_path, db.url, [hook.url()]), clock)
        run = await ended_run(
            db,
            clock,
            RunStatus.PAGE_CHANGED,
            "the birthday list no longer looks as expected (no card found)",
            stats={"sent": 1, "skipped": 2, "dry_run": False},
        )
        await notifier.run_ended(run)
        await notifier.drain()
    [request] = hook.requests
    assert request["json"]["type"] == "warning"
    assert "a LinkedIn page changed" in request["json"]["title"]
    message = request["json"]["message"]
    assert "the birthday list no longer looks as expected" in message
    assert "Done before it stopped: sent 1, skipped 2; nothing more was sent" in message


@pytest.mark.parametrize(
    "status",
    [
        RunStatus.SUCCEEDED,
        RunStatus.PARTIAL,
        RunStatus.OUTSIDE_HOURS,
        RunStatus.CANCELLED,
        RunStatus.INTERRUPTED,
    ],
)
async def test_normal_ends_tell_nothing(db: Database, tmp_path: Path, status: RunStatus) -> None:
    """Runs that ended normally (or by the user's hand) send no notification."""
    clock = FrozenClock(NOON)
    with http_hook() as hook:
        notifier = notifier_for(db, notify_settings(tmp_path, db.url, [hook.url()]), clock)
        await notifier.run_ended(await ended_run(db, clock, status, None))
        await notifier.drain()
        assert notifier.in_flight == 0
    assert hook.requests == []


async def test_the_daily_session_check(db: Database, tmp_path: Path) -> None:
    """No session saved: told. A session expiring in 5 days: told once that day (a second
    check says nothing), again the next day; one expiring in 10 days: nothing; an expired
    one: it must be renewed."""
    clock = FrozenClock(NOON)
    with http_hook() as hook:
        settings = notify_settings(tmp_path, db.url, [hook.url()])
        notifier = notifier_for(db, settings, clock)
        await notifier.check_session()
        import_session(settings, LI_AT, now=NOON - timedelta(days=360))  # ends in 5 days
        clock.advance(timedelta(days=1))
        await notifier.check_session()
        await notifier.check_session()
        clock.advance(timedelta(days=1))
        await notifier.check_session()
        import_session(settings, LI_AT, now=clock.now() - timedelta(days=355))  # in 10 days
        clock.advance(timedelta(days=1))
        await notifier.check_session()
        import_session(settings, LI_AT, now=clock.now() - timedelta(days=366))  # expired
        clock.advance(timedelta(days=1))
        await notifier.check_session()
    titles = [r["json"]["title"] for r in hook.requests]
    assert titles == [
        "linkedin-bot: the LinkedIn session must be renewed",
        "linkedin-bot: the LinkedIn session expires in 4 days",
        "linkedin-bot: the LinkedIn session expires in 3 days",
        "linkedin-bot: the LinkedIn session must be renewed",
    ]
    assert "No LinkedIn session is saved" in hook.requests[0]["json"]["message"]
    assert "expires on Tue 20 Jan 12:00 CET" in hook.requests[1]["json"]["message"]
    assert "expired on" in hook.requests[3]["json"]["message"]
    assert all(LI_AT not in r["raw"] for r in hook.requests)


async def _interaction(db: Database, contact_id: int, status: str, day: date, key: str) -> None:
    async with db.sessions.begin() as session:
        session.add(
            Interaction(
                contact_id=contact_id,
                type="birthday_message",
                status=status,
                dedup_key=key,
                payload={},
                quota_day=day,
                created_at=NOON,
            )
        )


async def test_the_daily_summary_names_who_was_wished(db: Database, tmp_path: Path) -> None:
    """Today's sent wishes by name, the one in doubt, no reply, the day's runs; yesterday's
    wish and a dry run are not counted; the summary goes once a day."""
    clock = FrozenClock(NOON + timedelta(hours=8))  # 20:00 in Paris
    today, yesterday = date(2026, 1, 15), date(2026, 1, 14)
    async with db.sessions.begin() as session:
        ann = await make_contact(session, index=1, full_name="Ann Lee")
        chloe = await make_contact(session, index=2, full_name="", first_name="Chloé", last_name="")
        bob = await make_contact(session, index=3, full_name="Bob Ray")
        old = await make_contact(session, index=4, full_name="Old Friend")
        dry = await make_contact(session, index=5, full_name="Dry Run")
        ids = {
            name: c.id
            for name, c in [
                ("ann", ann),
                ("chloe", chloe),
                ("bob", bob),
                ("old", old),
                ("dry", dry),
            ]
        }
    await _interaction(db, ids["ann"], InteractionStatus.SENT, today, "a")
    await _interaction(db, ids["bob"], InteractionStatus.SENT, today, "b")
    await _interaction(db, ids["chloe"], InteractionStatus.UNKNOWN, today, "c")
    await _interaction(db, ids["old"], InteractionStatus.SENT, yesterday, "d")
    await _interaction(db, ids["dry"], InteractionStatus.DRY_RUN, today, "e")
    await ended_run(db, FrozenClock(NOON), RunStatus.PARTIAL, "1 in doubt")
    with http_hook() as hook:
        settings = notify_settings(tmp_path, db.url, [hook.url()], notify_daily_summary=True)
        notifier = notifier_for(db, settings, clock)
        await notifier.daily_summary()
        await notifier.daily_summary()
    [request] = hook.requests
    assert request["json"]["title"] == "linkedin-bot: today, 2 wishes sent"
    assert request["json"]["message"].splitlines() == [
        "Thursday 15 January 2026",
        "Wished (2): Ann Lee, Bob Ray",
        "In doubt, check the conversation by hand (1): Chloé",
        "No reply recorded.",
        "Runs: 1 partial.",
    ]


async def test_a_failed_scheduled_backup_is_told(db: Database, tmp_path: Path) -> None:
    """The schedule's backup job, when the backup fails (its directory is a file), still
    fails as before, and the user is told, with the directory to check."""
    with http_hook() as hook:
        blocker = tmp_path / "not-a-directory"
        blocker.write_text("x")
        settings = notify_settings(tmp_path, db.url, [hook.url()], backup_dir=blocker)
        runtime = await build_runtime(settings, clock=FrozenClock(NOON))
        try:
            schedule = runtime.start_schedule()
            _trigger, job = schedule.jobs["backup"]
            with pytest.raises(Exception, match="backup"):
                await job()
        finally:
            await runtime.close()  # waits for the notification it started
    [request] = hook.requests
    assert request["json"]["title"] == "linkedin-bot: the backup failed"
    assert str(blocker) in request["json"]["message"]
    assert "`linkedin-bot db backup`" in request["json"]["message"]


async def test_the_schedule_has_the_notification_jobs_only_when_configured(
    db: Database, tmp_path: Path
) -> None:
    """With URLs: the session check at the start of working hours, the held-back counts
    every 15 minutes and, when asked, the summary at its local time; without: none."""
    with http_hook() as hook:
        settings = notify_settings(
            tmp_path,
            db.url,
            [hook.url()],
            notify_daily_summary=True,
            notify_daily_summary_time="21:30",
            working_hours_start=8,
        )
        runtime = await build_runtime(settings, clock=FrozenClock(NOON))
        try:
            next_runs = runtime.start_schedule().next_runs()
        finally:
            await runtime.close()
    local = {k: v.astimezone(settings.tz) for k, v in next_runs.items() if v is not None}
    assert (local["notify_session"].hour, local["notify_session"].minute) == (8, 0)
    assert (local["notify_summary"].hour, local["notify_summary"].minute) == (21, 30)
    assert local["notify_pending"].minute % 15 == 0
    plain = notify_settings(tmp_path, db.url, [])
    assert plain.notify_urls is None
    runtime = await build_runtime(plain, clock=FrozenClock(NOON))
    try:
        assert not {k for k in runtime.start_schedule().next_runs() if k.startswith("notify")}
    finally:
        await runtime.close()


async def test_a_run_known_by_its_id_is_read_and_told_in_the_background(
    db: Database, tmp_path: Path
) -> None:
    """run_ended_id (for an engine that holds only the id) reads the finished record and
    tells it like run_ended; a run that ended normally tells nothing."""
    clock = FrozenClock(NOON)
    with http_hook() as hook:
        notifier = notifier_for(db, notify_settings(tmp_path, db.url, [hook.url()]), clock)
        failed = await ended_run(db, clock, RunStatus.FAILED, "the browser crashed")
        fine = await ended_run(db, clock, RunStatus.SUCCEEDED, None)
        await notifier.run_ended_id(failed.id)
        await notifier.run_ended_id(fine.id)
        await notifier.drain()
    [request] = hook.requests
    assert request["json"]["title"] == f"linkedin-bot: run {failed.id} (birthday, test) failed"
    assert "the browser crashed" in request["json"]["message"]


async def test_a_backup_failing_on_a_full_disk_is_still_told(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """The data directory (where the hourly limit is kept) and the backup directory on a
    disk that is full: the backup fails, and its notification still goes out (the limit
    cannot be saved, so it lets the notification through rather than lose it)."""
    with small_filesystem(tmp_path / "small", 256) as disk, http_hook() as hook:
        (disk / "data").mkdir()
        filler = fill(disk)
        try:
            settings = notify_settings(
                tmp_path, sqlite_db.url, [hook.url()], data_dir=disk / "data", backup_dir=disk / "b"
            )
            runtime = await build_runtime(settings, clock=FrozenClock(NOON))
            try:
                _trigger, job = runtime.start_schedule().jobs["backup"]
                with pytest.raises(Exception, match="backup"):
                    await job()
            finally:
                await runtime.close()
        finally:
            filler.unlink()
    [request] = hook.requests
    assert request["json"]["title"] == "linkedin-bot: the backup failed"
    assert "full" in request["json"]["message"].lower()
