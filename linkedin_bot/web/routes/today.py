"""Today: the session, the cool-down, the quotas, the schedule, today's occasions, and the
buttons that preview or start a run."""

from __future__ import annotations

from fastapi import Request, Response

from linkedin_bot.services.status import bot_status
from linkedin_bot.web.pages import ViewerDep, dashboard_router, render

router = dashboard_router()


@router.get("/")
async def today(request: Request, who: ViewerDep) -> Response:
    status = await bot_status(who.runtime.status_sources())
    return render(request, "today.html", who=who, active="today", title="Today", status=status)
