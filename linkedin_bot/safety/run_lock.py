"""The per-account run lock in Redis (with a lease), on top of the database's own lock.

The database always enforces one active run per account (a partial unique index); it is the
lock that survives anything. When Redis is configured, a run also holds
``linkedin-bot:run-lock:<account>`` with a lease renewed by its heartbeat: a crashed
process's lock expires in minutes instead of waiting for the database's stale-run timeout,
and other machines see the holder at once. If Redis fails, the database lock alone holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from redis.asyncio import Redis
from redis.exceptions import RedisError

from linkedin_bot.core.errors import RunConflict
from linkedin_bot.core.logging import get_logger
from linkedin_bot.safety.redis_keys import run_lock_key

log = get_logger("linkedin_bot.run_lock")

# KEYS: lock. ARGV: token, ttl ms. Extends only our own lease.
_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
# KEYS: lock. ARGV: token. Deletes only our own lease.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


@dataclass
class RedisRunLock:
    redis: Redis
    account: str = "default"
    lease: timedelta = timedelta(minutes=5)

    @property
    def _key(self) -> str:
        return run_lock_key(self.account)

    def _ms(self) -> int:
        return int(self.lease.total_seconds() * 1000)

    async def acquire(self, run_id: int) -> None:
        """Take the lock for ``run_id``; :class:`RunConflict` if another run holds it.
        A Redis failure is logged and the database's lock is relied on."""
        try:
            taken = await self.redis.set(self._key, str(run_id), nx=True, px=self._ms())
            if taken:
                return
            holder = await self.redis.get(self._key)
        except (OSError, RedisError) as exc:
            log.warning("run_lock.redis_unavailable", error=str(exc))
            return
        holder_id = int(holder) if holder is not None else None
        raise RunConflict(
            f"a run is already active for this account (run {holder_id}, Redis lock)",
            active_run_id=holder_id,
        )

    async def renew(self, run_id: int) -> None:
        try:
            await self.redis.eval(_RENEW, 1, self._key, str(run_id), self._ms())
        except (OSError, RedisError) as exc:
            log.warning("run_lock.redis_unavailable", error=str(exc))

    async def release(self, run_id: int) -> None:
        try:
            await self.redis.eval(_RELEASE, 1, self._key, str(run_id))
        except (OSError, RedisError) as exc:
            log.warning("run_lock.redis_unavailable", error=str(exc))
