"""What ``linkedin-bot status`` gathers: where everything is, the service, and the bot's
state (session, cool-down, quotas, runs, schedule) as ``GET /campaigns/status`` reads it.

Strictly read-only, so that it can run at any moment, next to ``serve`` or a run:

- nothing is created: no data directory, no database file, no secret;
- the database is read through sessions that begin DEFERRED (on SQLite a reader never
  takes, nor waits for, the write lock) and is never migrated;
- the schema revision is checked first: an old or never-migrated database is reported as
  such, not queried.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linkedin_bot import __version__
from linkedin_bot.cli.live import LOG_FILE

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from linkedin_bot.core.clock import Clock
    from linkedin_bot.core.settings import Settings
    from linkedin_bot.safety.breaker import CircuitBreaker

SERVICE_TIMEOUT_S = 1.0


@dataclass
class StatusReport:
    """Everything ``status`` shows; :meth:`as_json` is the ``--json`` document."""

    now: datetime
    timezone: str
    paths: dict[str, Any]
    database: dict[str, Any]
    service: dict[str, Any]
    schedule: list[dict[str, Any]]  # per job, in the shape of GET /campaigns/status
    session: dict[str, Any]
    working_hours: dict[str, Any]
    bot: dict[str, Any] | None = None  # bot_status(), when the database can be read
    problems: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "version": __version__,
            "now": self.now.isoformat(),
            "timezone": self.timezone,
            "paths": self.paths,
            "database": self.database,
            "service": self.service,
            "schedule": self.schedule,
            "working_hours": self.working_hours,
            "session": self.session,
            **(self.bot or {}),
            "problems": self.problems,
        }


def _secret(configured: bool, path: Path) -> dict[str, Any]:
    if configured:
        return {"source": "environment", "path": None, "exists": True}
    return {"source": "file", "path": str(path), "exists": path.is_file()}


def paths(settings: Settings) -> dict[str, Any]:
    """Where everything is, and whether it is there yet (nothing is created)."""
    from linkedin_bot.core.secrets import API_KEY_FILE, ENCRYPTION_KEY_FILE
    from linkedin_bot.core.settings import env_files
    from linkedin_bot.linkedin.auth import SESSION_FILE
    from linkedin_bot.services.backup import BACKUP_PREFIX, backup_dir

    backups = backup_dir(settings)
    found = sorted(backups.glob(f"{BACKUP_PREFIX}*")) if backups.is_dir() else []
    return {
        "data_dir": {"path": str(settings.data_dir), "exists": settings.data_dir.is_dir()},
        "config_files": [
            {"path": str(path.absolute()), "exists": path.is_file()} for path in env_files()
        ],
        "secrets_dir": str(settings.secrets_dir),
        "api_key": _secret(settings.api_key is not None, settings.secrets_dir / API_KEY_FILE),
        "encryption_key": _secret(
            settings.encryption_key is not None, settings.secrets_dir / ENCRYPTION_KEY_FILE
        ),
        "linkedin_session": str(settings.secrets_dir / SESSION_FILE),
        "backups": {
            "path": str(backups),
            "count": len(found),
            "newest": found[-1].name if found else None,
        },
        "log_file": str(settings.data_dir / LOG_FILE),
        "templates_dir": str(settings.templates_dir) if settings.templates_dir else None,
    }


def database_location(settings: Settings) -> dict[str, Any]:
    """The database's kind and place (a PostgreSQL password is never shown)."""
    from sqlalchemy.engine import make_url

    from linkedin_bot.db.engine import sqlite_path

    url = settings.effective_database_url
    path = sqlite_path(url)
    if path is not None:
        return {"kind": "sqlite", "where": str(path), "exists": path.is_file()}
    shown = make_url(url).render_as_string(hide_password=True)
    return {"kind": "postgresql", "where": shown, "exists": None}


def service(settings: Settings) -> dict[str, Any]:
    """Whether `serve` answers on the configured address (its /health needs no key)."""
    host = "127.0.0.1" if settings.host in {"0.0.0.0", "::", ""} else settings.host  # noqa: S104  (a wildcard bind is reached on loopback)
    url = f"http://{host}:{settings.port}"
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=SERVICE_TIMEOUT_S) as answer:  # noqa: S310  (our own http URL)
            body = json.loads(answer.read(4096))
        return {"url": url, "running": True, "version": body.get("version")}
    except (OSError, ValueError, urllib.error.URLError):
        return {"url": url, "running": False, "version": None}


def schedule(settings: Settings, now: datetime) -> list[dict[str, Any]]:
    """Each job of the schedule as configured, and when it would next run (``next_run``).
    The birthday job's ``auto`` runs at a random minute of a window: its start and its end
    (``window_end``) are given, today's while now is inside it (the last run says whether
    it has run yet). Whether a job is paused is read from the database (``bot_state``)."""
    from linkedin_bot.services.scheduler import backup_trigger, birthday_trigger

    jobs = []
    for name, trigger, spec in (
        ("birthday", birthday_trigger(settings), settings.birthday_schedule),
        ("backup", backup_trigger(settings), settings.backup_schedule),
    ):
        job: dict[str, Any] = {
            "job": name,
            "schedule": spec,
            "enabled": settings.scheduler_enabled and trigger is not None,
            "paused": None,  # unknown until the database is read
            "next_run": None,
            "window_end": None,
        }
        if job["enabled"] and trigger is not None:
            jitter = int(trigger.jitter or 0)
            trigger.jitter = None  # the window's start; the minute is drawn by the scheduler
            start = trigger.get_next_fire_time(None, now - timedelta(seconds=jitter))
            job["next_run"] = start
            job["window_end"] = start + timedelta(seconds=jitter) if start and jitter else None
        jobs.append(job)
    return jobs


def _breaker(settings: Settings, clock: Clock) -> tuple[CircuitBreaker, Any]:
    """With Redis, the fleet's breaker (what every process obeys); without, this process's
    own, which knows nothing of the others: only the cool-down (in the database) counts."""
    from linkedin_bot.safety.breaker import FleetCircuitBreaker, LocalCircuitBreaker

    local = LocalCircuitBreaker(clock)
    if not settings.redis_url:
        return local, None
    from redis.asyncio import Redis

    from linkedin_bot.safety.redis_breaker import RedisCircuitBreaker

    redis = Redis.from_url(settings.redis_url, socket_connect_timeout=2, socket_timeout=2)
    return FleetCircuitBreaker(RedisCircuitBreaker(redis), local), redis


async def _revision_problem(engine: AsyncEngine) -> str | None:
    from linkedin_bot.db.backup import head_revision
    from linkedin_bot.db.engine import create_read_only_session_factory
    from linkedin_bot.db.queries.schema import schema_revision

    async with create_read_only_session_factory(engine)() as session:
        revision = await schema_revision(session)
    if revision is None:
        return "the database has no schema yet: run `linkedin-bot db upgrade` (or start serve)"
    if revision != head_revision():
        return (
            f"the database schema is at {revision}, this version expects {head_revision()}: "
            "run `linkedin-bot db upgrade` (serve does it when it starts)"
        )
    return None


def _next_runs(schedule: list[dict[str, Any]]) -> dict[str, datetime | None]:
    """When each job's next run (or window) starts, as ``GET /campaigns/status`` has it."""
    return {job["job"]: job["next_run"] for job in schedule if job["next_run"] is not None}


def _with_pauses(schedule: list[dict[str, Any]], state: list[dict[str, Any]]) -> None:
    """Whether the user paused each job (since when, from where), from ``bot_status``."""
    stored = {item["job"]: item for item in state}
    for job in schedule:
        if (item := stored.get(job["job"])) is not None:
            job |= {key: item[key] for key in ("paused", "paused_at", "paused_by") if key in item}


async def bot_state(
    settings: Settings, clock: Clock, schedule: list[dict[str, Any]]
) -> tuple[dict[str, Any] | None, str | None]:
    """``bot_status`` read through read-only sessions; or why the database cannot tell."""
    from linkedin_bot.db.engine import (
        SQLITE_BEGIN_OPTION,
        create_engine,
        create_read_only_session_factory,
    )
    from linkedin_bot.linkedin.auth import session_fingerprint
    from linkedin_bot.safety.cooldown import Cooldowns
    from linkedin_bot.safety.quota import QuotaLedger
    from linkedin_bot.services.status import StatusSources, bot_status

    engine = create_engine(settings.effective_database_url)
    breaker, redis = _breaker(settings, clock)
    try:
        problem = await _revision_problem(engine)
        if problem is not None:
            return None, problem
        reads = create_read_only_session_factory(engine)
        # The ledger's usage reads through the engine it is given: a DEFERRED one.
        reader = engine.execution_options(**{SQLITE_BEGIN_OPTION: "DEFERRED"})
        sources = StatusSources(
            sessions=reads,
            settings=settings,
            ledger=QuotaLedger(reader, settings, clock),
            breaker=breaker,
            cooldowns=Cooldowns(
                reads,
                reads,
                clock,
                settings,
                session_fingerprint=lambda: session_fingerprint(settings),
            ),
            next_runs=lambda: _next_runs(schedule),
        )
        return await bot_status(sources), None
    finally:
        if redis is not None:
            await redis.aclose()
        await engine.dispose()


async def gather(settings: Settings, clock: Clock) -> StatusReport:
    from linkedin_bot.linkedin.auth import session_status
    from linkedin_bot.safety.working_hours import within_working_hours

    now = clock.now()
    report = StatusReport(
        now=now,
        timezone=settings.timezone,
        paths=paths(settings),
        database=database_location(settings),
        service=service(settings),
        schedule=schedule(settings, now),
        session=session_status(settings, now=now).as_dict(),
        working_hours={
            "start": settings.working_hours_start,
            "end": settings.working_hours_end,
            "open_now": within_working_hours(now, settings),
        },
    )
    if report.database["exists"] is False:
        report.problems.append(
            "no database yet: it is created by `linkedin-bot serve`, `db upgrade` or a run"
        )
        return report
    report.bot, problem = await bot_state(settings, clock, report.schedule)
    if problem is not None:
        report.problems.append(problem)
    if report.bot is not None:
        _with_pauses(report.schedule, report.bot.pop("schedule", None) or [])
    return report
