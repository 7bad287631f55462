"""The breaker guard, restriction/expiry signals and human pacing, without a browser."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import pytest
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from linkedin_bot.core.clock import FrozenClock
from linkedin_bot.core.errors import (
    AccountRestricted,
    CircuitOpen,
    ElementNotFound,
    PageFailed,
    SessionExpired,
)
from linkedin_bot.linkedin.guard import ActionGuard
from linkedin_bot.linkedin.pacing import Pacing
from linkedin_bot.linkedin.signals import RESTRICTION_TEXT, check_status, check_url
from linkedin_bot.safety.breaker import BreakerConfig, BreakerState, LocalCircuitBreaker
from tests.helpers import make_settings

T = TypeVar("T")
START = datetime(2025, 10, 24, 9, 0, tzinfo=UTC)


def breaker() -> LocalCircuitBreaker:
    return LocalCircuitBreaker(clock=FrozenClock(START), config=BreakerConfig(failure_threshold=2))


async def test_success_and_plain_failures_reach_the_breaker() -> None:
    """Success closes; element-not-found and Playwright timeouts count as failures, and
    Playwright's errors come out as PageFailed."""
    cb = breaker()
    guard = ActionGuard(cb)
    assert await guard.run("ok", _value(7)) == 7

    async def missing() -> None:
        raise ElementNotFound("gone", element="x")

    async def timeout() -> None:
        raise PlaywrightTimeoutError("Timeout 100ms exceeded.\ncall log...")

    with pytest.raises(ElementNotFound):
        await guard.run("find", missing)
    with pytest.raises(PageFailed, match=r"did not answer in time \(Timeout 100ms exceeded\.\)$"):
        await guard.run("load", timeout)
    assert (await cb.snapshot()).state is BreakerState.OPEN


async def test_restriction_trips_and_expiry_does_not_count() -> None:
    """A restriction opens the breaker at once; an expired session leaves it closed."""
    cb = breaker()
    guard = ActionGuard(cb)

    async def expired() -> None:
        raise SessionExpired("login page")

    async def restricted() -> None:
        raise AccountRestricted("999")

    with pytest.raises(SessionExpired):
        await guard.run("feed", expired)
    assert (await cb.snapshot()).consecutive_failures == 0
    with pytest.raises(AccountRestricted):
        await guard.run("feed", restricted)
    snapshot = await cb.snapshot()
    assert snapshot.state is BreakerState.OPEN
    assert snapshot.restricted


async def test_open_breaker_runs_nothing() -> None:
    """With the breaker open, the action is not even started."""
    cb = breaker()
    await cb.trip("restricted")
    started = []

    async def action() -> None:
        started.append(True)

    with pytest.raises(CircuitOpen):
        await ActionGuard(cb).run("feed", action)
    assert started == []


async def test_a_result_can_count_as_failure() -> None:
    """A returned result judged a failure (an unconfirmed send) counts towards the backoff."""
    cb = breaker()
    await ActionGuard(cb).run("send", _value("x"), failed=lambda _r: "not delivered")
    assert (await cb.snapshot()).consecutive_failures == 1


def _value(value: T) -> Callable[[], Awaitable[T]]:
    async def action() -> T:
        return value

    return action


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("https://www.linkedin.com/checkpoint/challenge/AQx/", AccountRestricted),
        ("https://www.linkedin.com/login?session_redirect=%2Ffeed%2F", SessionExpired),
        ("https://www.linkedin.com/uas/login", SessionExpired),
        ("https://www.linkedin.com/authwall?trk=x", SessionExpired),
    ],
)
def test_urls_that_stop_the_run(url: str, error: type[Exception]) -> None:
    """Checkpoint URLs are restrictions; login and auth-wall URLs are expiries."""
    with pytest.raises(error):
        check_url(url)


def test_ordinary_urls_and_statuses_pass() -> None:
    """The feed, a profile, a 200 or a 404 are not signals."""
    check_url("https://www.linkedin.com/feed/")
    check_url("https://www.linkedin.com/in/login-expert/")
    check_status(200, "/feed/")
    check_status(404, "/in/x/")


@pytest.mark.parametrize(
    ("status", "error"), [(999, AccountRestricted), (429, AccountRestricted), (401, SessionExpired)]
)
def test_statuses_that_stop_the_run(status: int, error: type[Exception]) -> None:
    """999 and 429 are restrictions, 401 an expiry."""
    with pytest.raises(error):
        check_status(status, "/voyager/api/messaging/conversations")


@pytest.mark.parametrize(
    "text",
    [
        "You've reached the weekly invitation limit",
        "You\u2019ve reached the commercial use limit on search",
        "Please slow down.",
        "Vous avez atteint la limite hebdomadaire d'invitations",
    ],
)
def test_rate_limit_wording_is_recognised(text: str) -> None:
    """The warnings LinkedIn writes, in English and French."""
    assert RESTRICTION_TEXT.search(text)


async def test_pacing_disabled_sleeps_nothing(tmp_path: Path) -> None:
    """pacing_enabled=False (tests) zeroes every pause and the typing delay."""
    clock = FrozenClock(START)
    pacing = Pacing(make_settings(tmp_path, "sqlite+aiosqlite:///x.db"), clock)
    assert pacing.message_pause() == 0
    assert pacing.visit_pause() == 0
    assert await pacing.think() == 0
    assert await pacing.scroll_pause() == 0
    assert pacing.typing_delay_ms() == 0
    assert clock.now() == START


async def test_pacing_draws_within_the_configured_range(tmp_path: Path) -> None:
    """Enabled, the pause between messages is within [min_delay_s, max_delay_s]."""
    settings = make_settings(
        tmp_path, "sqlite+aiosqlite:///x.db", pacing_enabled=True, min_delay_s=90, max_delay_s=180
    )
    clock = FrozenClock(START)
    pacing = Pacing(settings, clock, random.Random(1))
    pauses = [pacing.message_pause() for _ in range(50)]
    assert all(90 <= p <= 180 for p in pauses)
    assert len(set(pauses)) > 40  # drawn, not one fixed delay
    assert 0 < pacing.typing_delay_ms() < 200
