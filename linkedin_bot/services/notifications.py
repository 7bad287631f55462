"""Notifications: tell the user, on their phone or by e-mail, what needs them.

Events: a cool-down started (LinkedIn pushed back), the LinkedIn session expired or expires
within 7 days, a run failed or stopped on a changed page, a backup failed; and, if asked
(``LINKEDIN_BOT_NOTIFY_DAILY_SUMMARY``), a daily summary of who was wished and who replied.
Sent with Apprise to every URL of ``LINKEDIN_BOT_NOTIFY_URLS``, or, without it, to the URLs
saved on the dashboard's Settings page (:mod:`linkedin_bot.core.notify_store`): the notifier
re-reads them when their file changes, so a process started before a save uses them too.

Three promises:

- **No secret**: texts are built from records (``notification_texts``), run errors are
  redacted, and the whole message is redacted again as it leaves; the URLs themselves
  are registered secrets and named by position only.
- **At most one per kind per hour** (``notification_limits``): the rest are counted and
  mentioned ("and 3 more since 10:02"), in the next one or by ``send_pending``.
- **Never in a run's way**: ``run_ended`` and ``backup_failed`` return at once; the reads,
  the limit and the sends happen in a background task, each send bounded by
  ``LINKEDIN_BOT_NOTIFY_TIMEOUT_S`` in a daemon thread; failures are logged (without the
  URL), never raised. ``drain`` lets a process wait, bounded, for what it started.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.clock import Clock, local_date
from linkedin_bot.core.errors import LinkedInBotError
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.notify_store import NotifyConfig, Stamp, notify_config, saved_stamp
from linkedin_bot.core.notify_urls import NotifyTarget
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.enums import CooldownKind, RunStatus
from linkedin_bot.db.models import CampaignRun
from linkedin_bot.db.queries.notifications import day_activity
from linkedin_bot.db.queries.runs import get_run
from linkedin_bot.safety.cooldown import CooldownInfo, Cooldowns
from linkedin_bot.services import notification_texts as texts
from linkedin_bot.services.notification_delivery import Delivery, Message, deliver
from linkedin_bot.services.notification_limits import Admission, NotificationLimits
from linkedin_bot.services.notification_texts import Event, EventKind, RunFacts

log = get_logger("linkedin_bot.notifications")

EXPIRY_WARNING = timedelta(days=7)
# ``drain`` waits this much longer than one send's bound (the reads and the limit's file).
DRAIN_SLACK_S = 5.0
# The run statuses worth telling about (the others are normal ends, or said elsewhere).
NOTIFIED_STATUSES = frozenset(
    {RunStatus.RESTRICTED, RunStatus.AUTH_REQUIRED, RunStatus.FAILED, RunStatus.PAGE_CHANGED}
)


@dataclass
class NotifySource:
    """Where a notifier's URLs come from (:func:`notify_config`), read again when the
    saved file changed (a stat per look; decrypted and checked only after a change). A
    saved file that cannot be used is logged once per change, never raised."""

    settings: Settings
    _config: NotifyConfig | None = None
    _stamp: Stamp = None

    def current(self) -> NotifyConfig:
        stamp = saved_stamp(self.settings)
        if self._config is None or stamp != self._stamp:
            config = notify_config(self.settings)
            if config.problem is not None:
                log.warning("notify.saved_urls_unusable", problem=config.problem)
            self._config, self._stamp = config, stamp
        return self._config

    def reload(self) -> NotifyConfig:
        """Read the URLs again now (after a save from the dashboard)."""
        self._config = None
        return self.current()


@dataclass
class Notifier:
    """The account's notifications. Without URLs every call is a cheap no-op."""

    settings: Settings
    clock: Clock
    limits: NotificationLimits
    source: NotifySource
    read_sessions: async_sessionmaker[AsyncSession] | None = None
    cooldowns: Cooldowns | None = None
    account: str = "default"
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    @property
    def config(self) -> NotifyConfig:
        """The URLs in use now, where they come from, and a saved file's problem."""
        return self.source.current()

    @property
    def targets(self) -> tuple[NotifyTarget, ...]:
        return self.config.targets

    @property
    def enabled(self) -> bool:
        return bool(self.targets)

    @property
    def in_flight(self) -> int:
        """How many notifications started by ``run_ended``/``backup_failed`` are not done."""
        return sum(not task.done() for task in self._tasks)

    # --- Called by the run engine and the backup job: return at once -----------------------

    async def run_ended(self, run: CampaignRun) -> None:
        """Tell about a run that has just ended (its record final): a restriction (the
        cool-down it started), an expired session, a failure, a changed page. Returns at
        once; the notification goes out in the background."""
        if not self.enabled:
            return
        facts = RunFacts.of(run)
        if facts.status in NOTIFIED_STATUSES:
            self._spawn(self._tell_run(facts), f"run-{facts.id}")

    async def run_ended_id(self, run_id: int) -> None:
        """The same as :meth:`run_ended`, for a caller that has only the run's id: the
        record is read in the background too (nothing is read on the run's path)."""
        if self.enabled and self.read_sessions is not None:
            self._spawn(self._tell_run_id(run_id), f"run-{run_id}")

    async def backup_failed(self, error: BaseException | str) -> None:
        """Tell that a scheduled backup failed. Returns at once."""
        if not self.enabled:
            return
        if isinstance(error, LinkedInBotError):
            text = error.detail
        elif isinstance(error, BaseException):
            text = f"{type(error).__name__}: {error}"
        else:
            text = error
        self._spawn(self._tell_backup(text), "backup")

    # --- The scheduled jobs of `serve`: awaited, never raise --------------------------------

    async def check_session(self) -> None:
        """The daily look at the saved session: signed out, expired or missing; or expiring
        within 7 days (``linkedin-bot auth import`` renews it)."""
        if self.enabled:
            await self._guarded(self._check_session(), "session-check")

    async def daily_summary(self) -> None:
        """Today's wishes, messages in doubt, replies and runs (the user's calendar day)."""
        if self.enabled and self.read_sessions is not None:
            await self._guarded(self._daily_summary(), "daily-summary")

    async def send_pending(self) -> None:
        """Send the count of the events held back by the hourly limit, once their hour is
        over, so a burst is not left unmentioned until the next event of its kind."""
        if self.enabled:
            await self._guarded(self._send_pending(), "pending")

    # --- Direct use: `linkedin-bot notify test`, the dashboard's "send a test" --------------

    async def send_test(self) -> list[Delivery]:
        """Send a test notification to every URL now (no hourly limit); one outcome per
        URL, in the order of the variable."""
        now = self.clock.now()
        message = texts.test_message(socket.gethostname(), now, self.settings.tz)
        return await self._send("test", message)

    async def emit(self, event: Event) -> list[Delivery]:
        """Send one event now, within the hourly limit of its kind; the outcomes ([] when
        it was held back or had been told already)."""
        now = self.clock.now()
        admission = await asyncio.to_thread(
            self.limits.admit, event.kind.value, now, title=event.message.title, once=event.once
        )
        if admission.duplicate:
            log.info("notify.already_told", kind=event.kind.value)
            return []
        if not admission.send:
            log.info("notify.held_back", kind=event.kind.value)
            return []
        since = self._since(admission.since, now)
        message = texts.with_more(event.message, event.kind, admission.more, since)
        return await self._send(event.kind.value, message, admission)

    async def drain(self, timeout_s: float | None = None) -> None:
        """Wait for the notifications started by this process, at most ``timeout_s``
        (default: one send's bound plus a little); what is left is abandoned."""
        tasks = set(self._tasks)
        if not tasks:
            return
        bound = self.settings.notify_timeout_s + DRAIN_SLACK_S if timeout_s is None else timeout_s
        _done, pending = await asyncio.wait(tasks, timeout=bound)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=1.0)
            log.warning("notify.abandoned", count=len(pending), waited_s=bound)

    # --- Inside -------------------------------------------------------------------------

    def _spawn(self, work: Coroutine[Any, Any, object], what: str) -> None:
        task = asyncio.create_task(self._guarded(work, what), name=f"notify-{what}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    async def _guarded(work: Coroutine[Any, Any, object], what: str) -> None:
        try:
            await work
        except Exception:  # a notification never changes what it is about: logged only
            log.exception("notify.error", about=what)

    async def _send(
        self, kind: str, message: Message, admission: Admission | None = None
    ) -> list[Delivery]:
        deliveries = await deliver(self.targets, message, self.settings.notify_timeout_s)
        for delivery in deliveries:
            if delivery.ok:
                log.info("notify.sent", kind=kind, target=delivery.target)
            else:
                log.warning(
                    "notify.failed", kind=kind, target=delivery.target, reason=delivery.reason
                )
        if admission is not None and not any(d.ok for d in deliveries):
            await asyncio.to_thread(self.limits.undo, admission)
        return deliveries

    def _since(self, moment: datetime | None, now: datetime) -> str | None:
        return texts.since(moment, now, self.settings.tz) if moment else None

    async def _current_cooldown(self, kind: CooldownKind) -> CooldownInfo | None:
        if self.cooldowns is None:
            return None
        info = await self.cooldowns.current()
        return info if info is not None and info.kind == kind else None

    async def _tell_backup(self, error: str) -> None:
        from linkedin_bot.services.backup import backup_dir  # noqa: PLC0415  (alembic: slow)

        message = texts.backup_failed(error, str(backup_dir(self.settings)))
        await self.emit(Event(EventKind.BACKUP_FAILED, message))

    async def _tell_run_id(self, run_id: int) -> None:
        assert self.read_sessions is not None
        async with self.read_sessions() as session:
            run = await get_run(session, run_id)
        if run is not None and run.status in NOTIFIED_STATUSES:
            await self._tell_run(RunFacts.of(run))

    async def _tell_run(self, run: RunFacts) -> None:
        event = await self._run_event(run)
        if event is not None:
            await self.emit(event)

    async def _run_event(self, run: RunFacts) -> Event | None:
        tz = self.settings.tz
        if run.status == RunStatus.RESTRICTED:
            info = await self._current_cooldown(CooldownKind.RESTRICTION)
            message = texts.cooldown_started(info, run, tz, self.clock.now())
            return Event(EventKind.COOLDOWN, message, f"cooldown:{info.id}" if info else None)
        if run.status == RunStatus.AUTH_REQUIRED:
            info = await self._current_cooldown(CooldownKind.SESSION_EXPIRED)
            if info is None:
                detail = f"{run.name[0].upper()}{run.name[1:]} could not sign in: {run.cause}"
                return Event(EventKind.SESSION_EXPIRED, texts.session_expired(detail))
            page = texts.bare_url(info.url)
            detail = f"LinkedIn signed the saved session out during {run.name}" + (
                f", showing its login page at {page}" if page else ""
            )
            message = texts.session_expired(detail, texts.when(info.started_at, tz))
            return Event(EventKind.SESSION_EXPIRED, message, f"cooldown:{info.id}")
        if run.status == RunStatus.PAGE_CHANGED:
            return Event(EventKind.PAGE_CHANGED, texts.page_changed(run))
        if run.status == RunStatus.FAILED:
            return Event(EventKind.RUN_FAILED, texts.run_failed(run))
        return None

    async def _check_session(self) -> None:
        event = await self._session_event()
        if event is not None:
            await self.emit(event)

    async def _session_event(self) -> Event | None:
        from linkedin_bot.linkedin.auth import session_status  # noqa: PLC0415  (playwright)

        now, tz = self.clock.now(), self.settings.tz
        today = f"day:{local_date(now, tz).isoformat()}"
        signed_out = await self._current_cooldown(CooldownKind.SESSION_EXPIRED)
        if signed_out is not None:
            message = texts.session_expired(
                "LinkedIn signed the saved session out", texts.when(signed_out.started_at, tz)
            )
            return Event(EventKind.SESSION_EXPIRED, message, today)
        status = await asyncio.to_thread(session_status, self.settings, now=now)
        expires = status.expires_at
        if not status.present:
            detail = "No LinkedIn session is saved"
        elif status.problem:
            detail = f"The saved LinkedIn session cannot be used: {status.problem}"
        elif status.expired and expires is not None:
            detail = f"The saved LinkedIn session expired on {texts.when(expires, tz)}"
        elif expires is not None and expires - now <= EXPIRY_WARNING:
            message = texts.session_expiring(expires, now, tz)
            return Event(EventKind.SESSION_EXPIRING, message, today)
        else:
            return None
        return Event(EventKind.SESSION_EXPIRED, texts.session_expired(detail), today)

    async def _daily_summary(self) -> None:
        assert self.read_sessions is not None
        now, tz = self.clock.now(), self.settings.tz
        day = local_date(now, tz)
        start = datetime.combine(day, time(0), tz).astimezone(UTC)
        end = datetime.combine(day + timedelta(days=1), time(0), tz).astimezone(UTC)
        async with self.read_sessions() as session:
            activity = await day_activity(
                session, account=self.account, day=day, start=start, end=end
            )
        message = texts.daily_summary(activity, day)
        await self.emit(Event(EventKind.DAILY_SUMMARY, message, f"day:{day.isoformat()}"))

    async def _send_pending(self) -> None:
        now = self.clock.now()
        for pending in await asyncio.to_thread(self.limits.take_pending, now):
            admission = pending.admission
            since = self._since(admission.since, now)
            message = texts.held_back(admission.kind, admission.more, since, pending.last_title)
            await self._send(admission.kind, message, admission)


def build_notifier(
    settings: Settings,
    clock: Clock,
    *,
    read_sessions: async_sessionmaker[AsyncSession] | None = None,
    cooldowns: Cooldowns | None = None,
    account: str = "default",
) -> Notifier:
    """The notifier of a process, built once (API lifespan, CLI entry): the URLs of
    ``LINKEDIN_BOT_NOTIFY_URLS``, else those saved on the dashboard (none: nothing is ever
    sent), the limit's file in the data directory. A bad URL in the variable is a
    :class:`ConfigurationError` here; the saved URLs are read on first use (decrypting them
    and loading Apprise cost CPU: the dashboard does it off its loop), and a saved file
    that cannot be used is then a warning."""
    source = NotifySource(settings)
    if settings.notify_urls is not None:
        source.current()  # a bad URL in the variable stops the process here, as at start-up
    return Notifier(
        settings,
        clock,
        NotificationLimits(settings.data_dir),
        source,
        read_sessions,
        cooldowns,
        account,
    )
