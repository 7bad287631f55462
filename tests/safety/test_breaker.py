"""Circuit breaker transitions: local (injected clock), shared in Redis (one probe for the
whole fleet), and the two together when Redis fails."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import random
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis

from linkedin_bot.core.clock import FrozenClock
from linkedin_bot.core.errors import CircuitOpen
from linkedin_bot.safety.breaker import (
    BreakerConfig,
    BreakerState,
    FleetCircuitBreaker,
    LocalCircuitBreaker,
    backoff_for,
)
from linkedin_bot.safety.redis_breaker import RedisCircuitBreaker

REDIS_URL = os.environ.get("LINKEDIN_BOT_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
FAST = BreakerConfig(
    failure_threshold=3,
    base_backoff=timedelta(milliseconds=300),
    max_backoff=timedelta(seconds=2),
    restriction_cooldown=timedelta(hours=6),
    jitter=0.0,
)


def _local(clock: FrozenClock) -> LocalCircuitBreaker:
    return LocalCircuitBreaker(clock, FAST, random.Random(1))


async def test_opens_after_threshold_and_half_opens_after_backoff() -> None:
    """Closed until N consecutive failures; open for the backoff; then one probe passes, and
    its success closes the breaker."""
    clock = FrozenClock(START)
    breaker = _local(clock)
    for _ in range(2):
        await breaker.before_call()
        await breaker.record_failure("timeout")
    assert (await breaker.snapshot()).state is BreakerState.CLOSED
    await breaker.record_failure("timeout")
    assert (await breaker.snapshot()).state is BreakerState.OPEN
    with pytest.raises(CircuitOpen):
        await breaker.before_call()
    clock.advance(timedelta(milliseconds=301))
    await breaker.before_call()  # the probe
    with pytest.raises(CircuitOpen):
        await breaker.before_call()  # only one probe at a time
    await breaker.record_success()
    assert (await breaker.snapshot()).state is BreakerState.CLOSED
    await breaker.before_call()


async def test_failed_probe_reopens_for_longer() -> None:
    """A failed probe re-opens the breaker with a doubled backoff; a success resets it."""
    clock = FrozenClock(START)
    breaker = _local(clock)
    for _ in range(3):
        await breaker.record_failure("x")
    first = (await breaker.snapshot()).open_until
    clock.advance(timedelta(milliseconds=301))
    await breaker.before_call()
    await breaker.record_failure("still failing")
    second = await breaker.snapshot()
    assert second.state is BreakerState.OPEN
    assert first is not None
    assert second.open_until is not None
    assert second.open_until - clock.now() == timedelta(milliseconds=600)


def test_backoff_doubles_to_the_cap_with_jitter() -> None:
    """Backoff: 1, 2, 4 ... capped at 60 s, jittered within +/- 20%."""
    config = BreakerConfig()
    rng = random.Random(5)
    plain = BreakerConfig(jitter=0.0)
    assert [backoff_for(plain, n, rng).total_seconds() for n in (1, 2, 3, 7, 12)] == [
        1,
        2,
        4,
        60,
        60,
    ]
    for n in range(1, 10):
        value = backoff_for(config, n, rng).total_seconds()
        nominal = min(2 ** (n - 1), 60)
        assert 0.8 * nominal <= value <= 1.2 * nominal


async def test_restriction_trip_opens_for_hours() -> None:
    """A restriction signal opens the breaker at once, for the long cool-down, marked
    restricted."""
    clock = FrozenClock(START)
    breaker = _local(clock)
    await breaker.trip("HTTP 999")
    snap = await breaker.snapshot()
    assert snap.state is BreakerState.OPEN
    assert snap.restricted
    assert snap.open_until == START + timedelta(hours=6)
    clock.advance(timedelta(hours=5, minutes=59))
    with pytest.raises(CircuitOpen) as caught:
        await breaker.before_call()
    assert caught.value.context["restricted"] is True


@pytest.fixture
async def redis_client() -> AsyncIterator[Redis]:
    client = Redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except OSError as exc:  # a missing server fails the test, never skips it
        pytest.fail(f"Redis is required ({REDIS_URL}): {exc}")
    yield client
    await client.aclose()


def _account() -> str:
    return f"test-{uuid.uuid4().hex}"


@pytest.mark.redis
async def test_shared_breaker_opens_for_every_process(redis_client: Redis) -> None:
    """Failures recorded by one process open the breaker for another one."""
    account = _account()
    a = RedisCircuitBreaker(redis_client, account, FAST)
    b = RedisCircuitBreaker(redis_client, account, FAST)
    for _ in range(3):
        await a.record_failure("timeout")
    with pytest.raises(CircuitOpen):
        await b.before_call()
    assert (await b.snapshot()).state is BreakerState.OPEN


def _probe_worker(url: str, account: str, start_at: float, results: multiprocessing.Queue) -> None:
    async def main() -> bool:
        client = Redis.from_url(url)
        breaker = RedisCircuitBreaker(client, account, FAST)
        await asyncio.sleep(max(0.0, start_at - time.time()))
        try:
            await breaker.before_call()
        except CircuitOpen:
            return False
        finally:
            await client.aclose()
        return True

    results.put(asyncio.run(main()))


@pytest.mark.redis
@pytest.mark.slow
async def test_half_open_lets_exactly_one_probe_across_processes(redis_client: Redis) -> None:
    """When the backoff ends, 8 processes race: exactly one gets the probe."""
    account = _account()
    breaker = RedisCircuitBreaker(redis_client, account, FAST)
    for _ in range(3):
        await breaker.record_failure("timeout")
    ctx = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue = ctx.Queue()
    start_at = time.time() + 2.5  # spawn start-up, then past the 300 ms backoff
    workers = [
        ctx.Process(target=_probe_worker, args=(REDIS_URL, account, start_at, results))
        for _ in range(8)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert sorted(outcomes) == [False] * 7 + [True]


@pytest.mark.redis
async def test_shared_trip_is_restricted_for_all(redis_client: Redis) -> None:
    """A restriction seen by one process stops every process, for hours."""
    account = _account()
    await RedisCircuitBreaker(redis_client, account, FAST).trip("checkpoint")
    other = RedisCircuitBreaker(redis_client, account, FAST)
    with pytest.raises(CircuitOpen) as caught:
        await other.before_call()
    assert caught.value.context["restricted"] is True
    snap = await other.snapshot()
    assert snap.restricted
    assert snap.open_until is not None
    assert snap.open_until - datetime.now(UTC) > timedelta(hours=5)


async def test_fleet_breaker_falls_back_to_local_when_redis_is_down() -> None:
    """With Redis unreachable, the local breaker still decides: it opens after failures, and
    the Redis errors are reported, not raised."""
    dead = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    errors: list[Exception] = []
    clock = FrozenClock(START)
    fleet = FleetCircuitBreaker(
        RedisCircuitBreaker(dead, _account(), FAST), _local(clock), errors.append
    )
    await fleet.before_call()
    for _ in range(3):
        await fleet.record_failure("timeout")
    with pytest.raises(CircuitOpen):
        await fleet.before_call()
    assert errors
    assert (await fleet.snapshot()).state is BreakerState.OPEN
    await dead.aclose()


@pytest.mark.redis
async def test_fleet_breaker_is_open_if_either_says_so(redis_client: Redis) -> None:
    """Shared open, local closed: refused. Shared closed, local open: refused."""
    clock = FrozenClock(START)
    account = _account()
    fleet = FleetCircuitBreaker(RedisCircuitBreaker(redis_client, account, FAST), _local(clock))
    await RedisCircuitBreaker(redis_client, account, FAST).trip("999")
    with pytest.raises(CircuitOpen):
        await fleet.before_call()
    await RedisCircuitBreaker(redis_client, account, FAST).record_success()
    await fleet.local.trip("local restriction")
    with pytest.raises(CircuitOpen):
        await fleet.before_call()
