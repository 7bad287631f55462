"""Working hours, in the user's timezone: no message leaves outside them."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from linkedin_bot.core.settings import Settings


def within_working_hours(now: datetime, settings: Settings) -> bool:
    """True when ``now`` (any zone) falls in [start, end) hours of the user's local day."""
    local = now.astimezone(settings.tz)
    return settings.working_hours_start <= local.hour < settings.working_hours_end


def next_opening(now: datetime, settings: Settings) -> datetime:
    """The next moment working hours begin (now, if they already have)."""
    if within_working_hours(now, settings):
        return now
    local = now.astimezone(settings.tz)
    day = local.date()
    if local.hour >= settings.working_hours_end:
        day += timedelta(days=1)
    opening = datetime.combine(day, time(settings.working_hours_start), tzinfo=settings.tz)
    return opening.astimezone(now.tzinfo)
