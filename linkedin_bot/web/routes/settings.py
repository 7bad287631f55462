"""Settings: the effective configuration (secrets never shown) and the paths; the LinkedIn
session, with a form to paste a new cookie; the notifications, with a "send a test"
button; the dashboard password.

Pasting a cookie does what ``linkedin-bot auth import`` does (:func:`import_session`): the
session is checked, encrypted and saved, and a cool-down that LinkedIn's login wall started
ends with it (it was recorded against the previous session's file). The pasted value is
never shown back, never logged.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from fastapi import Request, Response

from linkedin_bot.core.errors import InvalidInput
from linkedin_bot.core.logging import get_logger
from linkedin_bot.db.enums import CooldownKind
from linkedin_bot.linkedin.auth import import_session, session_status
from linkedin_bot.services.configuration import data_paths, setting_rows
from linkedin_bot.web.pages import FormDep, Viewer, ViewerDep, dashboard_router, redirect, render

log = get_logger("linkedin_bot.web")
router = dashboard_router()

MAX_COOKIE_CHARS = 200 * 1024  # far above a cookie export; below the form limit of every page
COOKIE_FIELD = "session"
SOURCES = {
    "environment": "environment",
    "file": ".env file",
    "given": "set at start",
    "default": "default",
}
PATH_LABELS = {
    "data_dir": "Data directory",
    "database": "Database",
    "templates_dir": "Message templates",
    "backups": "Backups",
    "log_file": "Log file of the run commands",
    "secrets_dir": "Secrets directory",
}
DONE_SESSION = "session"  # ?done= after a session was saved


def _when(who: Viewer, moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(who.runtime.settings.tz).strftime("%Y-%m-%d %H:%M")


async def _context(who: Viewer) -> dict[str, Any]:
    settings = who.runtime.settings
    session = await asyncio.to_thread(session_status, settings, now=who.runtime.clock.now())
    cooldown = await who.runtime.cooldowns.current()
    targets = who.runtime.notifications().targets
    return {
        "settings_rows": setting_rows(settings),
        "paths": await asyncio.to_thread(data_paths, settings),
        "path_labels": PATH_LABELS,
        "sources": SOURCES,
        "session": session,
        "expires": _when(who, session.expires_at),
        "checked": _when(who, session.last_validated_at),
        "signed_out": cooldown is not None and cooldown.kind == CooldownKind.SESSION_EXPIRED,
        "targets": [target.label for target in targets],
        "password_set": who.board.password_hash() is not None,
        "cookie_field": COOKIE_FIELD,
    }


def _page(
    request: Request,
    who: Viewer,
    context: dict[str, Any],
    *,
    status_code: int = 200,
    flashes: list[tuple[str, str]] | None = None,
    cookie_error: str | None = None,
    deliveries: list[Any] | None = None,
) -> Response:
    return render(
        request,
        "settings.html",
        who=who,
        active="settings",
        title="Settings",
        status_code=status_code,
        flashes=flashes or [],
        cookie_error=cookie_error,
        deliveries=deliveries,
        **context,
    )


@router.get("/settings")
async def settings_page(request: Request, who: ViewerDep, done: str = "") -> Response:
    context = await _context(who)
    flashes = []
    if done == DONE_SESSION and context["session"].present:
        text = who.t("The LinkedIn session is saved, encrypted.")
        if context["expires"]:
            text += " " + who.t("It expires on %(when)s.", when=context["expires"])
        flashes.append(("ok", text))
    return _page(request, who, context, flashes=flashes)


@router.post("/settings/session")
async def paste_session(request: Request, who: ViewerDep, posted: FormDep) -> Response:
    """Save a pasted li_at value or cookie export, as ``auth import`` does; a bad one is
    said next to the field (in words about its shape, never its value)."""
    value = posted.get(COOKIE_FIELD)
    raw = value if isinstance(value, str) else ""
    problem: str | None = None
    if not raw.strip():
        problem = who.t("Paste the li_at cookie value or a cookie JSON export.")
    elif len(raw) > MAX_COOKIE_CHARS:
        problem = who.t("That is far longer than a cookie export: paste the li_at value only.")
    else:
        try:
            await asyncio.to_thread(import_session, who.runtime.settings, raw)
        except InvalidInput as exc:
            problem = exc.detail
    if problem is not None:
        log.info("web.session_refused")
        context = await _context(who)
        return _page(request, who, context, status_code=422, cookie_error=problem)
    log.info("web.session_imported")
    return redirect(f"/settings?done={DONE_SESSION}#linkedin-session")


@router.post("/settings/notify-test")
async def notify_test(request: Request, who: ViewerDep, _posted: FormDep) -> Response:
    """Send a test notification to every configured URL and show each outcome (URLs by
    position and service only; reasons redacted)."""
    notifier = who.runtime.notifications()
    context = await _context(who)
    if not notifier.enabled:
        message = who.t("No notification URL is configured: nothing was sent.")
        return _page(request, who, context, status_code=409, flashes=[("error", message)])
    deliveries = await notifier.send_test()
    failed = sum(not d.ok for d in deliveries)
    if failed:
        flash = (
            "error",
            who.t(
                "%(failed)s of %(total)s notification URLs did not take the test.",
                failed=failed,
                total=len(deliveries),
            ),
        )
    else:
        flash = ("ok", who.t("The test notification reached every URL."))
    return _page(request, who, context, flashes=[flash], deliveries=deliveries)
