"""Sign-in, sign-out and the language switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request, Response

from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.metrics import DASHBOARD_SIGN_INS
from linkedin_bot.web.i18n import LANG_COOKIE, LANGUAGES, translator
from linkedin_bot.web.pages import (
    FormDep,
    FormRefused,
    ViewerDep,
    dashboard,
    dashboard_router,
    language,
    local_path,
    redirect,
    render,
    viewer,
)
from linkedin_bot.web.security import SESSION_COOKIE, credential_ok, same_origin

log = get_logger("linkedin_bot.web")
router = dashboard_router()
MAX_CREDENTIAL_CHARS = 1024


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _secure(request: Request) -> bool:
    """HTTPS as the service saw it, or told so (a reverse proxy terminating HTTPS)."""
    return (
        request.url.scheme == "https" or dashboard(request).runtime.settings.dashboard_secure_cookie
    )


@router.get("/sign-in")
async def sign_in_page(request: Request, next: str = "/") -> Response:
    try:
        await viewer(request)
    except Exception:  # noqa: BLE001  (not signed in: show the form)
        return render(request, "sign_in.html", next=local_path(next), title="Sign in")
    return redirect(local_path(next))


@router.post("/sign-in")
async def sign_in(
    request: Request,
    credential: Annotated[str, Form(max_length=MAX_CREDENTIAL_CHARS)] = "",
    next: Annotated[str, Form(max_length=2048)] = "/",
) -> Response:
    """The API key or the password; a signed session cookie on success. No CSRF token yet
    (no session): the origin check and SameSite=Strict stand in for it."""
    if not same_origin(
        request.headers.get("origin"), request.headers.get("referer"), request.headers.get("host")
    ):
        raise FormRefused
    board = dashboard(request)
    t = translator(language(request))
    client = _client(request)
    wait_s = board.limit.wait_s(client)
    if wait_s > 0:
        DASHBOARD_SIGN_INS.labels("limited").inc()
        minutes = max(1, round(wait_s / 60))
        limited = render(
            request,
            "sign_in.html",
            status_code=429,
            next=local_path(next),
            title="Sign in",
            error=t("Too many failed attempts: try again in %(minutes)s minutes.", minutes=minutes),
        )
        limited.headers["Retry-After"] = str(int(wait_s) + 1)
        return limited
    runtime = board.runtime
    if not credential_ok(
        credential.strip(), runtime.secrets.api_key.get_secret_value(), board.password_hash()
    ):
        board.limit.failed(client)
        DASHBOARD_SIGN_INS.labels("refused").inc()
        log.warning("web.sign_in_refused", client=client)
        return render(
            request,
            "sign_in.html",
            status_code=401,
            next=local_path(next),
            title="Sign in",
            error=t("That key or password is not right."),
        )
    board.limit.succeeded(client)
    DASHBOARD_SIGN_INS.labels("signed_in").inc()
    log.info("web.signed_in", client=client)
    _session, cookie = board.codec().new()
    response = redirect(local_path(next))
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=board.session_hours * 3600,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        path="/",
    )
    return response


@router.post("/sign-out")
async def sign_out(request: Request, who: ViewerDep, _form: FormDep) -> Response:
    who.board.codec().revoke(who.session)
    log.info("web.signed_out", client=_client(request))
    response = render(
        request, "sign_in.html", next="/", title="Sign in", notice=who.t("You are signed out.")
    )
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


@router.get("/language/{code}")
async def switch_language(request: Request, code: str, next: str = "/") -> Response:
    """Remembers the language chosen (a year); harmless without a session."""
    response = redirect(local_path(next))
    if code in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE,
            code,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="lax",
            secure=_secure(request),
            path="/",
        )
    return response
