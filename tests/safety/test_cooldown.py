"""Cool-downs in the database: what LinkedIn's push-back starts, every process honours,
and only time, a new session or the user ends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from linkedin_bot.core.clock import FrozenClock
from linkedin_bot.core.errors import CooldownActive
from linkedin_bot.db.engine import create_read_only_session_factory
from linkedin_bot.safety.cooldown import Cooldowns
from tests.helpers import Database, make_settings

NOON = datetime(2026, 1, 15, 11, 0, tzinfo=UTC)


def _gate(
    db: Database, tmp_path: Path, clock: FrozenClock, fingerprint: list[str | None], **over: object
) -> Cooldowns:
    settings = make_settings(tmp_path, db.url, **over)
    return Cooldowns(
        db.sessions,
        create_read_only_session_factory(db.engine),
        clock,
        settings,
        session_fingerprint=lambda: fingerprint[0],
    )


async def test_a_restriction_forbids_linkedin_for_48_hours(db: Database, tmp_path: Path) -> None:
    """A checkpoint starts a 48 h cool-down (the default) that a second gate, as another
    process would build it, refuses with the time it ends and a Retry-After; it lapses by
    itself after 48 h."""
    clock = FrozenClock(NOON)
    first = _gate(db, tmp_path, clock, ["s1"])
    info = await first.restricted(
        "security check", signal="checkpoint", url="https://x/checkpoint/1", artifact="a.png"
    )
    assert info.until == NOON + timedelta(hours=48)
    other_process = _gate(db, tmp_path, clock, ["s1"])
    with pytest.raises(CooldownActive) as caught:
        await other_process.check()
    assert caught.value.context["kind"] == "restriction"
    assert caught.value.headers() == {"Retry-After": str(48 * 3600)}
    assert "until 2026-01-17 12:00 CET" in caught.value.detail
    assert "linkedin-bot resume" in caught.value.detail
    clock.advance(timedelta(hours=47, minutes=59))
    with pytest.raises(CooldownActive):
        await other_process.check()
    clock.advance(timedelta(minutes=1))
    await other_process.check()  # over: nothing raised


async def test_the_duration_is_configurable_but_never_below_a_day(
    db: Database, tmp_path: Path
) -> None:
    """LINKEDIN_BOT_RESTRICTION_COOLDOWN_HOURS sets it; below 24 the setting is refused."""
    clock = FrozenClock(NOON)
    gate = _gate(db, tmp_path, clock, [None], restriction_cooldown_hours=72)
    info = await gate.restricted("999", signal="http_999", url=None, artifact=None)
    assert info.until == NOON + timedelta(hours=72)
    with pytest.raises(ValidationError, match="greater than or equal to 24"):
        make_settings(tmp_path, db.url, restriction_cooldown_hours=6)


async def test_resume_ends_it_for_everyone(db: Database, tmp_path: Path) -> None:
    """The user's resume ends the cool-down in the database: every gate lets actions through
    again, and the history keeps who ended it."""
    clock = FrozenClock(NOON)
    gate = _gate(db, tmp_path, clock, ["s1"])
    await gate.restricted("429", signal="http_429", url=None, artifact=None)
    ended = await _gate(db, tmp_path, clock, ["s1"]).resume()
    assert [e.signal for e in ended] == ["http_429"]
    await gate.check()
    assert await gate.current() is None
    assert await gate.resume() == []  # nothing left to end: not an error


async def test_a_login_wall_lasts_until_a_new_session(db: Database, tmp_path: Path) -> None:
    """A login wall condemns the saved session, with no end in time; importing a new session
    (a new fingerprint) lifts it, and a gate without any saved session records nothing."""
    clock = FrozenClock(NOON)
    fingerprint: list[str | None] = ["old-session"]
    gate = _gate(db, tmp_path, clock, fingerprint)
    await gate.session_expired("sent to the sign-in page", url="https://x/login")
    clock.advance(timedelta(days=30))
    with pytest.raises(CooldownActive) as caught:
        await gate.check()
    assert caught.value.context["kind"] == "session_expired"
    assert "auth import" in caught.value.detail
    assert caught.value.headers() == {}  # no time to wait for: a new session is needed
    fingerprint[0] = "new-session"
    await gate.check()
    fingerprint[0] = None
    assert await gate.session_expired("again", url=None) is None


async def test_a_restriction_is_reported_before_a_dead_session(
    db: Database, tmp_path: Path
) -> None:
    """With both in force, the status shows the restriction: it is the one to wait out."""
    clock = FrozenClock(NOON)
    gate = _gate(db, tmp_path, clock, ["s"])
    await gate.restricted("999", signal="http_999", url=None, artifact=None)
    await gate.session_expired("login", url=None)
    current = await gate.current()
    assert current is not None
    assert current.kind == "restriction"
