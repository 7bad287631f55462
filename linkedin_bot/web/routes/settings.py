"""Settings: the effective configuration (secrets never shown) and the paths; the LinkedIn
session, with a form to paste a new cookie; the notifications, with a form to save their
URLs and a "send a test" button; the dashboard password.

Pasting a cookie does what ``linkedin-bot auth import`` does (:func:`import_session`): the
session is checked, encrypted and saved, and a cool-down that LinkedIn's login wall started
ends with it (it was recorded against the previous session's file). The pasted value is
never shown back, never logged.

Notification URLs saved here are kept encrypted (:mod:`linkedin_bot.core.notify_store`) and
used by every process that notifies (this one at once, a `linkedin-bot run` started by a
timer too) unless ``LINKEDIN_BOT_NOTIFY_URLS`` is set, which wins: the form is then
disabled. Like the cookie, the URLs hold secrets: they are listed by position and service
only, never shown back, not even in a refused form.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from fastapi import Request, Response

from linkedin_bot.core.errors import InvalidInput
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.notify_store import remove_notify_urls, save_notify_urls, saved_stamp
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
URLS_FIELD = "notify_urls"
MAX_URLS_CHARS = 16 * 1024  # twenty long URLs fit many times over
DONE_URLS_SAVED = "notify-saved"
DONE_URLS_REMOVED = "notify-removed"


def _when(who: Viewer, moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(who.runtime.settings.tz).strftime("%Y-%m-%d %H:%M")


async def _context(who: Viewer) -> dict[str, Any]:
    settings = who.runtime.settings
    session = await asyncio.to_thread(session_status, settings, now=who.runtime.clock.now())
    cooldown = await who.runtime.cooldowns.current()
    notifier = who.runtime.notifications()
    # After a change of the saved file: decrypted and checked by Apprise (CPU), off the loop.
    notify = await asyncio.to_thread(lambda: notifier.config)
    return {
        "settings_rows": setting_rows(settings),
        "paths": await asyncio.to_thread(data_paths, settings),
        "path_labels": PATH_LABELS,
        "sources": SOURCES,
        "session": session,
        "expires": _when(who, session.expires_at),
        "checked": _when(who, session.last_validated_at),
        "signed_out": cooldown is not None and cooldown.kind == CooldownKind.SESSION_EXPIRED,
        "targets": [target.label for target in notify.targets],
        "notify_origin": notify.origin,
        "notify_problem": notify.problem,
        "notify_env": settings.notify_urls is not None,
        "notify_saved": saved_stamp(settings) is not None,
        "urls_field": URLS_FIELD,
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
    urls_errors: list[str] | None = None,
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
        urls_errors=urls_errors or [],
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
    elif done == DONE_URLS_SAVED and context["targets"]:
        text = who.t(
            "The notification URLs are saved, encrypted (%(count)s). Send a test to check them.",
            count=len(context["targets"]),
        )
        flashes.append(("ok", text))
    elif done == DONE_URLS_REMOVED:
        flashes.append(("ok", who.t("The saved notification URLs are removed.")))
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


def _env_wins(who: Viewer) -> str:
    return who.t(
        "LINKEDIN_BOT_NOTIFY_URLS is set: its URLs are used, not those saved here. Remove it "
        "from the environment and restart the service to manage the URLs on this page."
    )


@router.post("/settings/notify-urls")
async def save_urls(request: Request, who: ViewerDep, posted: FormDep) -> Response:
    """Check and save the notification URLs (encrypted) in place of the saved ones; the
    running service uses them at once. A bad URL is named next to the field by its
    position and service, nothing is saved, and what was typed is not shown back."""
    settings = who.runtime.settings
    if settings.notify_urls is not None:
        context = await _context(who)
        return _page(request, who, context, status_code=409, flashes=[("error", _env_wins(who))])
    value = posted.get(URLS_FIELD)
    raw = value if isinstance(value, str) else ""
    problems: list[str] = []
    if not raw.strip():
        problems = [who.t("Enter one or several Apprise URLs, one per line.")]
    elif len(raw) > MAX_URLS_CHARS:
        problems = [who.t("That is far longer than a few notification URLs.")]
    else:
        try:
            await asyncio.to_thread(save_notify_urls, settings, raw)
        except InvalidInput as exc:
            problems = list(exc.context.get("problems") or [exc.detail])
    if problems:
        log.info("web.notify_urls_refused", problems=len(problems))
        context = await _context(who)
        return _page(request, who, context, status_code=422, urls_errors=problems)
    notifier = await who.runtime.notify_urls_changed()
    log.info("web.notify_urls_saved", urls=len(notifier.targets))
    return redirect(f"/settings?done={DONE_URLS_SAVED}#notifications")


@router.post("/settings/notify-urls/remove")
async def remove_urls(request: Request, who: ViewerDep, _posted: FormDep) -> Response:
    """Forget the saved notification URLs (those of LINKEDIN_BOT_NOTIFY_URLS stay)."""
    removed = await asyncio.to_thread(remove_notify_urls, who.runtime.settings)
    await who.runtime.notify_urls_changed()
    log.info("web.notify_urls_removed", removed=removed)
    return redirect(f"/settings?done={DONE_URLS_REMOVED}#notifications")


@router.post("/settings/notify-test")
async def notify_test(request: Request, who: ViewerDep, _posted: FormDep) -> Response:
    """Send a test notification to every URL in use (the variable's, else the saved ones)
    and show each outcome (URLs by position and service only; reasons redacted)."""
    notifier = who.runtime.notifications()
    context = await _context(who)
    if not context["targets"]:
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
