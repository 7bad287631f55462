"""Why a run started by hand would end at once: said where the person starts it (the
dashboard's Today and Sourcing pages) instead of recording a run that cannot work.

The engine checks the same things again when the run starts (the session by reading
LinkedIn, the hours at that moment); this is only the early answer, from what is known
without a browser: the saved session's file and the clock.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from linkedin_bot.core.settings import Settings
from linkedin_bot.linkedin.auth import session_status
from linkedin_bot.safety.working_hours import within_working_hours

RefusalCode = Literal["no_session", "session_unusable", "outside_hours"]


@dataclass(frozen=True)
class StartRefusal:
    code: RefusalCode
    hours: str  # "07:00-19:00"
    zone: str  # "Europe/Paris"
    local_time: str  # "21:14", the time it is in that zone


async def why_not_now(
    settings: Settings, now: datetime, *, dry_run: bool, force: bool
) -> StartRefusal | None:
    """None when a run may start now. A preview (dry run) and a forced run may start
    outside working hours, as the engine lets them."""
    session = await asyncio.to_thread(session_status, settings, now=now)
    code: RefusalCode | None = None
    if not session.present:
        code = "no_session"
    elif session.expired or session.valid is False or session.problem:
        code = "session_unusable"
    elif not dry_run and not force and not within_working_hours(now, settings):
        code = "outside_hours"
    if code is None:
        return None
    return StartRefusal(
        code,
        f"{settings.working_hours_start:02d}:00-{settings.working_hours_end:02d}:00",
        settings.timezone,
        f"{now.astimezone(settings.tz):%H:%M}",
    )
