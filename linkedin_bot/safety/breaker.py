"""The circuit breaker every browser action passes through.

Written here rather than taken from a library: we need a breaker whose restriction trip
(HTTP 999, checkpoint...) opens it for hours at once, whose backoff doubles up to a cap
with jitter, whose state is visible to the API, and (with Redis) whose half-open probe is
shared by a fleet. No breaker library offers these together.

States: closed (calls pass), open (calls refused until ``open_until``), half-open (one
probe passes; its success closes the breaker, its failure re-opens it for longer).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from linkedin_bot.core.clock import Clock
from linkedin_bot.core.errors import CircuitOpen


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass(frozen=True)
class BreakerConfig:
    failure_threshold: int = 3
    base_backoff: timedelta = timedelta(seconds=1)
    max_backoff: timedelta = timedelta(seconds=60)
    restriction_cooldown: timedelta = timedelta(hours=6)
    jitter: float = 0.2  # +/- fraction of the backoff


@dataclass(frozen=True)
class BreakerSnapshot:
    state: BreakerState
    consecutive_failures: int = 0
    opened_count: int = 0  # how many times it opened in a row (drives the backoff)
    open_until: datetime | None = None
    reason: str | None = None
    restricted: bool = False
    probe_in_flight: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "state": self.state.value,
            "consecutive_failures": self.consecutive_failures,
            "open_until": self.open_until.isoformat() if self.open_until else None,
            "reason": self.reason,
            "restricted": self.restricted,
        }


class CircuitBreaker(Protocol):
    async def before_call(self) -> None:
        """Raise :class:`CircuitOpen` unless a call may go ahead now."""
        ...

    async def record_success(self) -> None: ...

    async def record_failure(self, reason: str) -> None: ...

    async def trip(self, reason: str, cooldown: timedelta | None = None) -> None:
        """Open at once (a restriction signal), for ``cooldown`` or the configured hours."""
        ...

    async def snapshot(self) -> BreakerSnapshot: ...

    async def reset(self) -> None:
        """Close at once, forgetting failures and trips (the user resumed)."""
        ...


def backoff_for(config: BreakerConfig, opened_count: int, rng: random.Random) -> timedelta:
    """1, 2, 4 ... seconds up to the cap, with +/- jitter (never below zero)."""
    base = config.base_backoff * (2 ** max(0, opened_count - 1))
    capped: timedelta = min(base, config.max_backoff)
    factor = 1 + rng.uniform(-config.jitter, config.jitter)
    jittered: timedelta = capped * factor
    return max(timedelta(0), jittered)


@dataclass
class LocalCircuitBreaker:
    """One process's breaker (the fallback when no shared breaker is configured)."""

    clock: Clock
    config: BreakerConfig = field(default_factory=BreakerConfig)
    rng: random.Random = field(default_factory=random.Random)
    _snap: BreakerSnapshot = field(default_factory=lambda: BreakerSnapshot(BreakerState.CLOSED))
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def _current(self) -> BreakerSnapshot:
        snap = self._snap
        if (
            snap.state is BreakerState.OPEN
            and snap.open_until
            and self.clock.now() >= snap.open_until
        ):
            return replace(snap, state=BreakerState.HALF_OPEN, probe_in_flight=False)
        return snap

    async def before_call(self) -> None:
        async with self._lock:
            snap = self._current()
            if snap.state is BreakerState.CLOSED:
                return
            if snap.state is BreakerState.HALF_OPEN and not snap.probe_in_flight:
                self._snap = replace(snap, probe_in_flight=True)
                return
            raise CircuitOpen(
                f"circuit breaker is {snap.state.value}: {snap.reason or 'recent failures'}",
                open_until=snap.open_until.isoformat() if snap.open_until else None,
                restricted=snap.restricted,
            )

    async def record_success(self) -> None:
        async with self._lock:
            self._snap = BreakerSnapshot(BreakerState.CLOSED)

    async def record_failure(self, reason: str) -> None:
        async with self._lock:
            snap = self._current()
            failures = snap.consecutive_failures + 1
            if snap.state is BreakerState.HALF_OPEN or failures >= self.config.failure_threshold:
                opened = snap.opened_count + 1
                until = self.clock.now() + backoff_for(self.config, opened, self.rng)
                self._snap = BreakerSnapshot(
                    BreakerState.OPEN, failures, opened, until, reason, snap.restricted
                )
            else:
                self._snap = replace(snap, consecutive_failures=failures, reason=reason)

    async def trip(self, reason: str, cooldown: timedelta | None = None) -> None:
        async with self._lock:
            until = self.clock.now() + (cooldown or self.config.restriction_cooldown)
            snap = self._current()
            self._snap = BreakerSnapshot(
                BreakerState.OPEN,
                snap.consecutive_failures,
                snap.opened_count + 1,
                until,
                reason,
                restricted=True,
            )

    async def snapshot(self) -> BreakerSnapshot:
        async with self._lock:
            return self._current()

    async def reset(self) -> None:
        async with self._lock:
            self._snap = BreakerSnapshot(BreakerState.CLOSED)

    async def release_probe(self) -> None:
        """Give back a half-open probe this process took but did not use."""
        async with self._lock:
            if self._snap.probe_in_flight:
                self._snap = replace(self._snap, probe_in_flight=False)


@dataclass
class FleetCircuitBreaker:
    """The shared breaker (Redis) and this process's own, together.

    A call goes ahead only if both let it; every outcome is recorded in both. When Redis
    fails, the local breaker alone decides (degraded, logged) — it is never skipped, so the
    breaker counts as open if either says so.
    """

    shared: CircuitBreaker
    local: LocalCircuitBreaker
    on_shared_error: Callable[[Exception], None] = lambda _exc: None
    # What a shared breaker's failure looks like. redis-py is imported here, not at the top
    # of the module: it costs ~25 MB and a quarter of a second, and most set-ups have no Redis.
    _errors: tuple[type[Exception], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        from redis.exceptions import RedisError  # noqa: PLC0415

        self._errors = (OSError, RedisError)

    async def before_call(self) -> None:
        await self.local.before_call()
        try:
            await self.shared.before_call()
        except CircuitOpen:
            await self.local.release_probe()
            raise
        except self._errors as exc:
            self.on_shared_error(exc)

    async def _both(self, local: Awaitable[None], shared: Awaitable[None]) -> None:
        await local
        try:
            await shared
        except self._errors as exc:
            self.on_shared_error(exc)

    async def record_success(self) -> None:
        await self._both(self.local.record_success(), self.shared.record_success())

    async def record_failure(self, reason: str) -> None:
        await self._both(self.local.record_failure(reason), self.shared.record_failure(reason))

    async def trip(self, reason: str, cooldown: timedelta | None = None) -> None:
        await self._both(self.local.trip(reason, cooldown), self.shared.trip(reason, cooldown))

    async def reset(self) -> None:
        await self._both(self.local.reset(), self.shared.reset())

    async def snapshot(self) -> BreakerSnapshot:
        local = await self.local.snapshot()
        try:
            shared = await self.shared.snapshot()
        except self._errors as exc:
            self.on_shared_error(exc)
            return local
        rank = {BreakerState.CLOSED: 0, BreakerState.HALF_OPEN: 1, BreakerState.OPEN: 2}
        return shared if rank[shared.state] >= rank[local.state] else local
