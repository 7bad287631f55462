"""A run is never stuck: a dead run is ended within a minute, cancel works on it, its
heartbeat goes on through long pauses, and a run with failures is not a success."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from linkedin_bot.core.clock import FrozenClock, SystemClock
from linkedin_bot.core.errors import LinkedInUnreachable, PageChanged, RepeatedFailures
from linkedin_bot.db.enums import RunStatus
from linkedin_bot.db.queries import runs as q
from linkedin_bot.services import runs as runs_module
from linkedin_bot.services.runs import RunHandle, open_run, request_cancel, settle
from tests.helpers import Database

NOON = datetime(2026, 1, 15, 11, 0, tzinfo=UTC)


async def _open(db: Database, clock: Any) -> int:
    run = await open_run(
        db.sessions, clock, kind="birthday", params={}, dry_run=False, trigger="test"
    )
    return run.id


async def _status(db: Database, run_id: int) -> str:
    async with db.sessions() as session:
        run = await q.get_run(session, run_id)
    assert run is not None
    return run.status


async def test_a_dead_run_blocks_new_runs_for_less_than_a_minute(db: Database) -> None:
    """A run whose process died (no heartbeat) is ended as interrupted by the next start
    61 seconds later, which then goes ahead; 30 seconds later it still holds the account."""
    clock = FrozenClock(NOON)
    dead = await _open(db, clock)
    handle = RunHandle(db.sessions, clock, dead)
    await handle.start()
    await handle.close()  # the process dies: no more beats
    clock.advance(timedelta(seconds=30))
    with pytest.raises(Exception, match="already active"):
        await _open(db, clock)
    clock.advance(timedelta(seconds=31))
    fresh = await _open(db, clock)
    assert fresh != dead
    assert await _status(db, dead) == "interrupted"


async def test_cancel_ends_a_dead_run_at_once(db: Database) -> None:
    """Cancel on a run nobody runs any more ends it now (cancelled), instead of waiting for
    a between-contacts check that will never come; a live run only records the request."""
    clock = FrozenClock(NOON)
    live = await _open(db, clock)
    await request_cancel(db.sessions, clock, live)
    assert await _status(db, live) == "queued"
    clock.advance(timedelta(minutes=2))
    cancelled = await request_cancel(db.sessions, clock, live)
    assert cancelled.status == "cancelled"
    assert "no heartbeat" in (cancelled.error or "")


async def test_the_heartbeat_goes_on_during_long_pauses(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a run sits in a long pause (between two messages), its heartbeat task keeps
    stamping it, so no other process takes it for dead."""
    monkeypatch.setattr(runs_module, "HEARTBEAT_INTERVAL_S", 0.05)
    clock = SystemClock()
    run_id = await _open(db, clock)
    handle = RunHandle(db.sessions, clock, run_id)
    await handle.start()
    async with db.sessions() as session:
        first = (await q.get_run(session, run_id)).heartbeat_at  # type: ignore[union-attr]
    await asyncio.sleep(0.5)  # the "pause": the campaign itself does nothing
    async with db.sessions() as session:
        later = (await q.get_run(session, run_id)).heartbeat_at  # type: ignore[union-attr]
    await handle.finish(RunStatus.SUCCEEDED)
    assert first is not None
    assert later is not None
    assert later > first


async def test_a_run_ended_by_another_process_stops(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If another process ended the run as stale (this one was frozen too long), the run
    notices at its next beat and stops before the next contact."""
    clock = FrozenClock(NOON)
    run_id = await _open(db, clock)
    handle = RunHandle(db.sessions, clock, run_id)
    await handle.start()
    async with db.sessions.begin() as session:
        await q.update_run(session, run_id, status="interrupted")
    await handle.beat()
    assert await handle.should_stop() is RunStatus.INTERRUPTED
    await handle.close()


async def test_a_run_with_failed_contacts_is_partial(db: Database) -> None:
    """A run that reached its end with failed or doubtful contacts ends ``partial`` with a
    message counting them, never ``succeeded``."""
    clock = FrozenClock(NOON)
    handle = RunHandle(db.sessions, clock, await _open(db, clock))
    await handle.start()
    handle.count("sent", 3)
    handle.count("failed", 1)
    handle.count("in_doubt", 1)

    async def body() -> RunStatus:
        return RunStatus.SUCCEEDED

    assert await settle(handle, body()) is RunStatus.PARTIAL
    async with db.sessions() as session:
        run = await q.get_run(session, handle.run_id)
    assert run is not None
    assert run.error == (
        "finished with problems: 1 failed, "
        "1 in doubt (never re-sent blindly; settled at the next run)"
    )


async def test_the_same_failure_three_times_in_a_row_ends_the_run(db: Database) -> None:
    """Three contacts in a row failing for the same cause (LinkedIn unreachable) end the
    run as failed, saying why; a different cause or a success in between resets the count."""
    clock = FrozenClock(NOON)
    handle = RunHandle(db.sessions, clock, await _open(db, clock))
    await handle.start()
    unreachable = LinkedInUnreachable("LinkedIn unreachable (ERR_CONNECTION_REFUSED)")

    async def body() -> RunStatus:
        handle.contact_failed(unreachable)
        handle.contact_failed(unreachable)
        handle.contact_done()
        handle.contact_failed(unreachable)
        handle.contact_failed(PageChanged("other"))  # a different cause: no streak
        handle.contact_failed(unreachable)
        handle.contact_failed(unreachable)
        handle.contact_failed(unreachable)
        raise AssertionError("the third failure in a row must end the run")

    assert await settle(handle, body()) is RunStatus.FAILED
    async with db.sessions() as session:
        run = await q.get_run(session, handle.run_id)
    assert run is not None
    assert run.error is not None
    assert run.error.startswith("3 contacts in a row failed the same way")
    assert "ERR_CONNECTION_REFUSED" in run.error
    handle.contact_done()
    handle.contact_failed(unreachable)
    handle.contact_failed(unreachable)
    with pytest.raises(RepeatedFailures):
        handle.contact_failed(unreachable)
