"""The runs pages of the dashboard."""

from __future__ import annotations

from linkedin_bot.web.pages import dashboard_router

router = dashboard_router()
