"""The composition root: what the API lifespan and the CLI commands build, once, and hand
down. Nothing below the adapters imports this module."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from linkedin_bot.core.clock import Clock, SystemClock
from linkedin_bot.core.errors import LinkedInBotError
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.secrets import ResolvedSecrets, resolve_secrets
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.engine import (
    create_engine,
    create_read_only_session_factory,
    create_session_factory,
)
from linkedin_bot.db.queries.selectors import SqlSelectorStore
from linkedin_bot.linkedin.auth import load_session, session_fingerprint
from linkedin_bot.linkedin.driver import LinkedInDriver
from linkedin_bot.linkedin.timeouts import Timeouts
from linkedin_bot.safety.breaker import CircuitBreaker, FleetCircuitBreaker, LocalCircuitBreaker
from linkedin_bot.safety.cooldown import CooldownInfo, Cooldowns
from linkedin_bot.safety.quota import QuotaLedger
from linkedin_bot.services.engine import RunEngine
from linkedin_bot.services.notification_jobs import notification_jobs
from linkedin_bot.services.notifications import Notifier, build_notifier
from linkedin_bot.services.options import BirthdayOptions
from linkedin_bot.services.ports import Driver, DriverFactory
from linkedin_bot.services.scheduler import Schedule, backup_trigger, birthday_trigger
from linkedin_bot.services.status import StatusSources
from linkedin_bot.services.template_files import TemplateFiles

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from linkedin_bot.safety.run_lock import RedisRunLock

log = get_logger("linkedin_bot.wiring")
NOTIFY_JOBS = "notify_"  # the names of the notification jobs (notification_jobs) start so


@dataclass
class Runtime:
    settings: Settings
    secrets: ResolvedSecrets
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    read_sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    breaker: CircuitBreaker
    ledger: QuotaLedger
    campaigns: RunEngine
    cooldowns: Cooldowns
    redis: Redis | None = None
    account: str = "default"
    schedule: Schedule | None = None
    notifier: Notifier | None = None  # built by notifications() when not handed in

    def status_sources(self) -> StatusSources:
        next_runs = self.schedule.next_runs if self.schedule is not None else dict
        return StatusSources(
            self.read_sessions,
            self.settings,
            self.ledger,
            self.breaker,
            self.cooldowns,
            self.account,
            next_runs,
        )

    async def resume(self) -> list[CooldownInfo]:
        """The user's decision: end the cool-downs in force and close the breaker (this
        process's, and the fleet's in Redis), so the next run may contact LinkedIn."""
        ended = await self.cooldowns.resume()
        await self.breaker.reset()
        return ended

    def notifications(self) -> Notifier:
        """The process's notifier (``LINKEDIN_BOT_NOTIFY_URLS``, else the URLs saved on the
        dashboard; without URLs, a no-op)."""
        if self.notifier is None:
            self.notifier = build_notifier(
                self.settings,
                self.clock,
                read_sessions=self.read_sessions,
                cooldowns=self.cooldowns,
                account=self.account,
            )
        return self.notifier

    async def notify_urls_changed(self) -> Notifier:
        """The notification URLs were saved or removed (the dashboard): the notifier uses
        them at once, and the schedule gets (or loses) the notification jobs, which exist
        only while there is a URL to notify."""
        notifier = self.notifications()
        await asyncio.to_thread(notifier.source.reload)  # decrypted and checked: CPU
        if self.schedule is not None:
            self.schedule.replace(NOTIFY_JOBS, notification_jobs(self.settings, notifier))
        return notifier

    def start_schedule(self) -> Schedule:
        """The daily jobs of `serve`: birthdays, backups, and with notifications configured
        the session check, the held-back counts and the optional daily summary (started in
        the running loop)."""
        schedule = Schedule(self.settings, sessions=self.read_sessions)
        schedule.add("birthday", birthday_trigger(self.settings), self._scheduled_birthday)
        schedule.add("backup", backup_trigger(self.settings), self._scheduled_backup)
        for name, trigger, job in notification_jobs(self.settings, self.notifications()):
            schedule.add(name, trigger, job)
        schedule.start()
        self.schedule = schedule
        return schedule

    async def _scheduled_birthday(self) -> None:
        """The morning job: each occasion of ``scheduled_occasions`` in turn (one run at a
        time per account), with the settings' options; a refusal (a cool-down, a run
        already going on) stops the sequence and is logged."""
        from linkedin_bot.services.options import (  # noqa: PLC0415
            AnniversaryOptions,
            NewJobOptions,
        )

        options = {
            "birthday": BirthdayOptions,
            "anniversary": AnniversaryOptions,
            "new_job": NewJobOptions,
        }
        for kind in self.settings.occasions_scheduled:
            try:
                run = await self.campaigns.start(options[kind](), trigger="schedule")
            except LinkedInBotError as exc:
                log.warning("scheduler.occasion_refused", kind=kind, detail=exc.detail)
                return
            await self.campaigns.wait(run.id)  # a background run: shutdown waits for it

    async def _scheduled_backup(self) -> None:
        from linkedin_bot.services.backup import create_backup  # noqa: PLC0415

        try:
            await asyncio.to_thread(create_backup, self.settings)
        except Exception as exc:  # told to the user, then logged by the schedule as before
            await self.notifications().backup_failed(exc)
            raise

    async def close(self) -> None:
        """Stop accepting work, let the current send finish, then release everything."""
        if self.schedule is not None:
            self.schedule.shutdown()
        await self.campaigns.shutdown()
        if self.notifier is not None:
            await self.notifier.drain()  # bounded: LINKEDIN_BOT_NOTIFY_TIMEOUT_S and a little
        if self.redis is not None:
            await self.redis.aclose()
        await self.engine.dispose()


def driver_factory(
    settings: Settings,
    clock: Clock,
    breaker: CircuitBreaker,
    sessions: async_sessionmaker[AsyncSession],
    timeouts: Timeouts | None = None,
    cooldowns: Cooldowns | None = None,
    read_sessions: async_sessionmaker[AsyncSession] | None = None,
) -> DriverFactory:
    """Opens one browser per run with the saved LinkedIn session."""
    store = SqlSelectorStore(sessions, read_sessions)

    def open_driver(run_id: int) -> AbstractAsyncContextManager[Driver]:
        @asynccontextmanager
        async def opened() -> AsyncIterator[Driver]:
            state = load_session(settings)  # SessionMissing: the run ends as auth_required
            driver = LinkedInDriver(
                settings,
                clock,
                breaker,
                store,
                state,
                run_id=str(run_id),
                timeouts=timeouts,
                cooldowns=cooldowns.for_run(run_id) if cooldowns is not None else None,
            )
            async with driver:
                yield driver

        return opened()

    return open_driver


def _shared_state(
    settings: Settings, local: CircuitBreaker
) -> tuple[Redis, CircuitBreaker, RedisRunLock]:
    """With Redis: the fleet's breaker and run lock (Redis decides no quota, ever)."""
    from redis.asyncio import Redis  # noqa: PLC0415  (only when configured)

    from linkedin_bot.safety.redis_breaker import RedisCircuitBreaker  # noqa: PLC0415
    from linkedin_bot.safety.run_lock import RedisRunLock  # noqa: PLC0415

    assert settings.redis_url is not None
    assert isinstance(local, LocalCircuitBreaker)
    redis = Redis.from_url(
        settings.redis_url, socket_connect_timeout=2, socket_timeout=2, health_check_interval=30
    )

    def degraded(exc: Exception) -> None:
        log.warning("breaker.redis_unavailable", error=str(exc))

    breaker = FleetCircuitBreaker(RedisCircuitBreaker(redis), local, degraded)
    return redis, breaker, RedisRunLock(redis)


async def build_runtime(
    settings: Settings,
    *,
    clock: Clock | None = None,
    factory: DriverFactory | None = None,
    timeouts: Timeouts | None = None,
) -> Runtime:
    """Everything a process needs, built once: engine, ledger, breaker, campaigns."""
    clock = clock or SystemClock()
    engine = create_engine(settings.effective_database_url)
    sessions = create_session_factory(engine)
    read_sessions = create_read_only_session_factory(engine)
    cooldowns = Cooldowns(
        sessions,
        read_sessions,
        clock,
        settings,
        session_fingerprint=lambda: session_fingerprint(settings),
    )
    breaker: CircuitBreaker = LocalCircuitBreaker(clock)
    ledger = QuotaLedger(engine, settings, clock)
    redis = None
    run_lock = None
    if settings.redis_url:
        redis, breaker, run_lock = _shared_state(settings, breaker)
    # The templates are read again when their files change (an edit from the dashboard).
    template_files = TemplateFiles(settings)
    campaigns = RunEngine(
        sessions,
        ledger,
        factory
        or driver_factory(settings, clock, breaker, sessions, timeouts, cooldowns, read_sessions),
        clock,
        settings,
        template_files.current(),
        template_files=template_files,
        run_lock=run_lock,
        cooldowns=cooldowns,
        read_sessions=read_sessions,
    )
    runtime = Runtime(
        settings=settings,
        secrets=resolve_secrets(settings),
        engine=engine,
        sessions=sessions,
        read_sessions=read_sessions,
        clock=clock,
        breaker=breaker,
        ledger=ledger,
        campaigns=campaigns,
        cooldowns=cooldowns,
        redis=redis,
    )
    # Each ended run is told to the notifier (built on first use: without URLs, a no-op).
    campaigns.on_run_end = lambda run_id: runtime.notifications().run_ended_id(run_id)
    return runtime
