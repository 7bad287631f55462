"""The notification jobs of `serve`'s schedule (none when no URL is configured)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from apscheduler.triggers.cron import CronTrigger

from linkedin_bot.core.settings import Settings
from linkedin_bot.services.notifications import Notifier

# How often the counts held back by the hourly limit are looked at (cheap: a small file).
PENDING_EVERY_MINUTES = 15

NotificationJob = tuple[str, CronTrigger, Callable[[], Awaitable[None]]]


def notification_jobs(settings: Settings, notifier: Notifier) -> list[NotificationJob]:
    """The session check (daily, at the start of working hours: before the day's runs), the
    sender of held-back counts (every 15 minutes) and, when asked, the daily summary (at
    ``LINKEDIN_BOT_NOTIFY_DAILY_SUMMARY_TIME``), all in the user's timezone."""
    if not notifier.enabled:
        return []
    tz = settings.tz
    jobs: list[NotificationJob] = [
        (
            "notify_session",
            CronTrigger(hour=settings.working_hours_start, minute=0, timezone=tz),
            notifier.check_session,
        ),
        (
            "notify_pending",
            CronTrigger(minute=f"*/{PENDING_EVERY_MINUTES}", timezone=tz),
            notifier.send_pending,
        ),
    ]
    if settings.notify_daily_summary:
        hour, minute = settings.notify_daily_summary_time.split(":")
        summary = CronTrigger(hour=int(hour), minute=int(minute), timezone=tz)
        jobs.append(("notify_summary", summary, notifier.daily_summary))
    return jobs
