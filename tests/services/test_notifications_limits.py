"""At most one notification per event kind per hour, whatever the number of processes;
the rest are counted and mentioned, in the next one or on their own once the hour is
over."""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta
from pathlib import Path

from linkedin_bot.core.clock import FrozenClock, SystemClock
from linkedin_bot.db.enums import RunStatus
from linkedin_bot.services.notification_limits import STATE_FILE
from tests.helpers import Database
from tests.services.notification_fixtures import NOON, ended_run, notifier_for, notify_settings
from tests.services.notification_receivers import http_hook

ROOT = Path(__file__).resolve().parents[2]


async def test_a_burst_gives_one_notification_then_the_count_in_the_next(
    db: Database, tmp_path: Path
) -> None:
    """Four failed runs within the hour give one notification; the fifth, an hour after
    the first, is sent and says "and 3 more failed runs since 12:10"."""
    clock = FrozenClock(NOON)
    with http_hook() as hook:
        notifier = notifier_for(db, notify_settings(tmp_path, db.url, [hook.url()]), clock)
        runs = []
        for _ in range(4):
            runs.append(await ended_run(db, clock, RunStatus.FAILED, "LinkedIn unreachable"))
            await notifier.run_ended(runs[-1])
            await notifier.drain()
            clock.advance(timedelta(minutes=10))
        assert len(hook.requests) == 1
        clock.set(NOON + timedelta(hours=1, minutes=5))
        fifth = await ended_run(db, clock, RunStatus.FAILED, "LinkedIn unreachable")
        await notifier.run_ended(fifth)
        await notifier.drain()
    first, second = (r["json"] for r in hook.requests)
    assert f"run {runs[0].id} " in first["title"]
    assert "more" not in first["message"]
    assert second["title"] == f"linkedin-bot: run {fifth.id} (birthday, test) failed (+3)"
    assert "And 3 more failed runs since 12:10" in second["message"]


async def test_held_back_events_are_told_when_the_hour_is_over(
    db: Database, tmp_path: Path
) -> None:
    """Three failures in twenty minutes: one notification at once; the pending sender
    says nothing before the hour is over, then "2 more failed runs since 12:10" with the
    last one's title; the limit then holds for that notice's hour too."""
    clock = FrozenClock(NOON)
    with http_hook() as hook:
        notifier = notifier_for(db, notify_settings(tmp_path, db.url, [hook.url()]), clock)
        runs = []
        for _ in range(3):
            runs.append(await ended_run(db, clock, RunStatus.FAILED, "browser crashed"))
            await notifier.run_ended(runs[-1])
            await notifier.drain()
            clock.advance(timedelta(minutes=10))
        await notifier.send_pending()  # 12:30
        assert len(hook.requests) == 1
        clock.set(NOON + timedelta(hours=1))
        await notifier.send_pending()
        assert len(hook.requests) == 2
        await notifier.send_pending()  # nothing left
        clock.advance(timedelta(minutes=10))
        await notifier.run_ended(await ended_run(db, clock, RunStatus.FAILED, "again"))
        await notifier.drain()
        assert len(hook.requests) == 2
    notice = hook.requests[1]["json"]
    assert notice["title"] == "linkedin-bot: 2 more failed runs since 12:10"
    assert f"The last: linkedin-bot: run {runs[2].id} (birthday, test) failed" in notice["message"]


async def test_each_kind_has_its_own_limit(db: Database, tmp_path: Path) -> None:
    """A failed run and a run stopped by a changed page in the same minute are both told."""
    clock = FrozenClock(NOON)
    with http_hook() as hook:
        notifier = notifier_for(db, notify_settings(tmp_path, db.url, [hook.url()]), clock)
        for status in (RunStatus.FAILED, RunStatus.PAGE_CHANGED, RunStatus.FAILED):
            await notifier.run_ended(await ended_run(db, clock, status, "x"))
            await notifier.drain()
    titles = [r["json"]["title"] for r in hook.requests]
    assert len(titles) == 2
    assert "failed" in titles[0]
    assert "a LinkedIn page changed" in titles[1]


async def test_the_limit_holds_across_processes(db: Database, tmp_path: Path) -> None:
    """Three processes sharing the data directory each tell a failed run at the same
    moment: one notification arrives; the other two are counted, and mentioned by the next
    notification an hour later."""
    with http_hook() as hook:
        settings = notify_settings(tmp_path, db.url, [hook.url()])
        clock = SystemClock()
        runs = [await ended_run(db, clock, RunStatus.FAILED, f"failure {i}") for i in range(3)]
        workers = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "tests.services.notify_worker",
                str(settings.data_dir),
                db.url,
                hook.url(),
                str(run.id),
                cwd=ROOT,
            )
            for run in runs
        ]
        codes = await asyncio.wait_for(asyncio.gather(*(w.wait() for w in workers)), 120)
        assert codes == [0, 0, 0]
        assert len(hook.requests) == 1
        later = FrozenClock(clock.now() + timedelta(hours=1, minutes=1))
        notifier = notifier_for(db, settings, later)
        await notifier.run_ended(await ended_run(db, later, RunStatus.FAILED, "the fourth"))
        await notifier.drain()
    assert len(hook.requests) == 2
    assert "And 2 more failed runs since" in hook.requests[1]["json"]["message"]


async def test_a_damaged_state_file_does_not_stop_notifications(
    db: Database, tmp_path: Path
) -> None:
    """A state file that is not JSON (a disk hiccup) resets the limits: the notification
    still goes out, and the file is rewritten whole."""
    clock = FrozenClock(NOON)
    with http_hook() as hook:
        settings = notify_settings(tmp_path, db.url, [hook.url()])
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        (settings.data_dir / STATE_FILE).write_text('{"version": 1, "kinds": {"run_fa')
        notifier = notifier_for(db, settings, clock)
        await notifier.run_ended(await ended_run(db, clock, RunStatus.FAILED, "x"))
        await notifier.drain()
        assert len(hook.requests) == 1
    assert (settings.data_dir / STATE_FILE).read_text().startswith("{")
    assert (settings.data_dir / STATE_FILE).stat().st_mode & 0o077 == 0
