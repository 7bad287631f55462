"""The circuit breaker shared by a fleet, in Redis, on Redis's own clock.

Each transition is one Lua script, so it is atomic across processes and machines; times
come from Redis's ``TIME`` so that machines with skewed clocks agree. In half-open state a
probe token (``SET NX PX``) lets exactly one process through; its outcome closes the
breaker or re-opens it for longer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from redis.asyncio import Redis

from linkedin_bot.core.errors import CircuitOpen
from linkedin_bot.safety.breaker import BreakerConfig, BreakerSnapshot, BreakerState
from linkedin_bot.safety.redis_keys import breaker_key, breaker_probe_key

# KEYS: state hash, probe key. ARGV: probe ttl ms, token.
# Returns {verdict, state, open_until_ms, reason, restricted}; verdict 1 = go ahead.
_BEFORE_CALL = """
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local s = redis.call('HGETALL', KEYS[1])
local h = {}
for i = 1, #s, 2 do h[s[i]] = s[i + 1] end
local state = h['state'] or 'closed'
local until_ms = tonumber(h['open_until_ms'] or '0')
if state == 'closed' then return {1, 'closed', 0, '', 0} end
if state == 'open' and now < until_ms then
  return {0, 'open', until_ms, h['reason'] or '', tonumber(h['restricted'] or '0')}
end
if redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[1]) then
  redis.call('HSET', KEYS[1], 'state', 'half_open')
  return {1, 'half_open', until_ms, h['reason'] or '', tonumber(h['restricted'] or '0')}
end
return {0, 'half_open', until_ms, h['reason'] or '', tonumber(h['restricted'] or '0')}
"""

# KEYS: state hash, probe key. ARGV: threshold, base ms, max ms, jitter factor, reason.
_FAILURE = """
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
if state == 'half_open' or failures >= tonumber(ARGV[1]) then
  local opened = redis.call('HINCRBY', KEYS[1], 'opened_count', 1)
  local backoff = math.min(tonumber(ARGV[2]) * 2 ^ (opened - 1), tonumber(ARGV[3]))
  backoff = math.floor(backoff * tonumber(ARGV[4]))
  redis.call('HSET', KEYS[1], 'state', 'open', 'open_until_ms', now + backoff,
             'reason', ARGV[5])
  redis.call('DEL', KEYS[2])
end
return failures
"""

# KEYS: state hash, probe key. ARGV: cooldown ms, reason.
_TRIP = """
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('HINCRBY', KEYS[1], 'opened_count', 1)
redis.call('HSET', KEYS[1], 'state', 'open', 'open_until_ms', now + tonumber(ARGV[1]),
           'reason', ARGV[2], 'restricted', 1)
redis.call('DEL', KEYS[2])
return 1
"""


@dataclass
class RedisCircuitBreaker:
    redis: Redis
    account: str = "default"
    config: BreakerConfig = field(default_factory=BreakerConfig)
    rng: random.Random = field(default_factory=random.Random)
    probe_ttl: timedelta = timedelta(minutes=2)

    @property
    def _keys(self) -> list[str]:
        return [breaker_key(self.account), breaker_probe_key(self.account)]

    async def before_call(self) -> None:
        token = f"{self.rng.getrandbits(64):x}"
        probe_ms = int(self.probe_ttl.total_seconds() * 1000)
        verdict, state, until_ms, reason, restricted = await self._eval(
            _BEFORE_CALL, probe_ms, token
        )
        if int(verdict) == 1:
            return
        until = datetime.fromtimestamp(int(until_ms) / 1000, UTC) if int(until_ms) else None
        raise CircuitOpen(
            f"circuit breaker is {_text(state)} (shared): {_text(reason) or 'recent failures'}",
            open_until=until.isoformat() if until else None,
            restricted=bool(int(restricted)),
        )

    async def record_success(self) -> None:
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(breaker_key(self.account), breaker_probe_key(self.account))
        await pipe.execute()

    async def reset(self) -> None:
        await self.record_success()

    async def record_failure(self, reason: str) -> None:
        jitter = 1 + self.rng.uniform(-self.config.jitter, self.config.jitter)
        await self._eval(
            _FAILURE,
            self.config.failure_threshold,
            int(self.config.base_backoff.total_seconds() * 1000),
            int(self.config.max_backoff.total_seconds() * 1000),
            jitter,
            reason[:500],
        )

    async def trip(self, reason: str, cooldown: timedelta | None = None) -> None:
        cooldown = cooldown or self.config.restriction_cooldown
        await self._eval(_TRIP, int(cooldown.total_seconds() * 1000), reason[:500])

    async def snapshot(self) -> BreakerSnapshot:
        raw = await self.redis.hgetall(breaker_key(self.account))
        data = {_text(k): _text(v) for k, v in raw.items()}
        state = BreakerState(data.get("state", "closed"))
        until_ms = int(data.get("open_until_ms", "0"))
        until = datetime.fromtimestamp(until_ms / 1000, UTC) if until_ms else None
        if state is BreakerState.OPEN and until is not None:
            seconds, micros = await self.redis.time()
            if int(seconds) * 1000 + int(micros) // 1000 >= until_ms:
                state = BreakerState.HALF_OPEN
        return BreakerSnapshot(
            state=state,
            consecutive_failures=int(data.get("failures", "0")),
            opened_count=int(data.get("opened_count", "0")),
            open_until=until,
            reason=data.get("reason") or None,
            restricted=data.get("restricted") == "1",
        )

    async def _eval(self, script: str, *args: Any) -> Any:
        return await self.redis.eval(script, 2, *self._keys, *args)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
