"""What every dashboard page shares: the signed-in viewer, checked forms, rendering and the
HTML error pages.

A dashboard route is declared on a router made by :func:`dashboard_router`. Its route class
turns every error into a page (never the API's JSON, never a traceback): not signed in →
the sign-in page (303 for a GET, 401 otherwise), a refused form → 403, a domain error →
its status with its message, a database outage → 503, a bug → 500, logged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.exc import SQLAlchemyError
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException

from linkedin_bot import __version__
from linkedin_bot.api.errors import DEFAULT_RETRY_AFTER_S
from linkedin_bot.core.errors import DatabaseUnavailable, LinkedInBotError
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.metrics import ERRORS
from linkedin_bot.core.passwords import password_file, read_password_hash
from linkedin_bot.db.errors import storage_error
from linkedin_bot.web.i18n import LANG_COOKIE, LANGUAGE_NAMES, Translator, negotiate, translator
from linkedin_bot.web.security import (
    CSRF_FIELD,
    SESSION_COOKIE,
    FailureLimit,
    SessionCodec,
    WebSession,
    csrf_ok,
    same_origin,
    signing_key,
)
from linkedin_bot.wiring import Runtime

log = get_logger("linkedin_bot.web")

HERE = Path(__file__).parent
# Scripts and styles come only from us; no inline script, no third party, no frame.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
MAX_FORM_BYTES = 256 * 1024

NAV = (
    ("today", "/", "Today"),
    ("runs", "/runs", "Runs"),
    ("contacts", "/people", "Contacts"),
    ("templates", "/templates", "Templates"),
    ("sourcing", "/sourcing", "Sourcing"),
    ("settings", "/settings", "Settings"),
)


class SignInRequired(Exception):
    """No valid session cookie: the sign-in page answers."""


class FormRefused(Exception):
    """A POST without this session's CSRF token, or from another site."""


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    return env


@dataclass
class Dashboard:
    """The dashboard's state in the serve process (one per app)."""

    runtime: Runtime
    session_hours: int
    env: Environment
    limit: FailureLimit
    _codec: SessionCodec | None = None
    _password_stamp: tuple[float, int] | None = None
    _password_hash: str | None = None

    def password_hash(self) -> str | None:
        """The dashboard password's hash, re-read when ``auth set-password`` changed it
        (a stat per request, the file read only when it changed)."""
        path = password_file(self.runtime.settings)
        try:
            stat = path.stat()
            stamp: tuple[float, int] | None = (stat.st_mtime, stat.st_size)
        except FileNotFoundError:
            stamp = None
        if stamp != self._password_stamp or (stamp is None and self._password_hash):
            self._password_hash = read_password_hash(self.runtime.settings)
            self._password_stamp = stamp
            self._codec = None
        return self._password_hash

    def codec(self) -> SessionCodec:
        hashed = self.password_hash()
        if self._codec is None:
            secrets = self.runtime.secrets
            key = signing_key(
                secrets.encryption_key.get_secret_value(),
                secrets.api_key.get_secret_value(),
                hashed,
            )
            self._codec = SessionCodec(key, self.session_hours * 3600)
        return self._codec


def dashboard(request: Request) -> Dashboard:
    state: Dashboard = request.app.state.dashboard
    return state


def language(request: Request) -> str:
    return negotiate(request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))


@dataclass(frozen=True)
class Viewer:
    """The signed-in person looking at a page."""

    session: WebSession
    lang: str
    t: Translator
    board: Dashboard

    @property
    def runtime(self) -> Runtime:
        return self.board.runtime


async def viewer(request: Request) -> Viewer:
    board = dashboard(request)
    session = board.codec().read(request.cookies.get(SESSION_COOKIE))
    if session is None:
        raise SignInRequired
    lang = language(request)
    return Viewer(session, lang, translator(lang), board)


ViewerDep = Annotated[Viewer, Depends(viewer)]


async def checked_form(request: Request, who: ViewerDep) -> FormData:
    """The posted form, once its origin and CSRF token are this session's."""
    if not same_origin(
        request.headers.get("origin"), request.headers.get("referer"), request.headers.get("host")
    ):
        raise FormRefused
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_FORM_BYTES:
        raise FormRefused
    form = await request.form(max_files=0, max_fields=200)
    token = form.get(CSRF_FIELD)
    if not csrf_ok(who.session, token if isinstance(token, str) else None):
        raise FormRefused
    return form


FormDep = Annotated[FormData, Depends(checked_form)]


def field(form: FormData, name: str, default: str = "") -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else default


def local_path(target: str | None, default: str = "/") -> str:
    """``target`` when it is a path of this site (never ``//evil`` or ``https://...``)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target:
        return default
    return target


def page_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = PAGE_CSP
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def render(
    request: Request,
    template: str,
    *,
    who: Viewer | None = None,
    status_code: int = 200,
    active: str = "",
    title: str = "",
    **context: Any,
) -> HTMLResponse:
    board = dashboard(request)
    lang = who.lang if who is not None else language(request)
    t = who.t if who is not None else translator(lang)
    html = board.env.get_template(template).render(
        t=t,
        lang=lang,
        languages=LANGUAGE_NAMES,
        viewer=who,
        csrf_field=CSRF_FIELD,
        csrf=who.session.csrf if who is not None else "",
        nav=NAV,
        active=active,
        title=title,
        path=request.url.path,
        here=_here(request),
        version=__version__,
        account=board.runtime.account,
        **context,
    )
    return page_headers(HTMLResponse(html, status_code=status_code))  # type: ignore[return-value]


def _here(request: Request) -> str:
    """This page's path and query, to come back to after a language switch."""
    query = f"?{request.url.query}" if request.url.query else ""
    return quote(request.url.path + query, safe="/?=&%")


def redirect(target: str, *, status_code: int = 303) -> RedirectResponse:
    return RedirectResponse(target, status_code=status_code)


def not_found(request: Request, who: Viewer, message: str) -> Response:
    """The 404 page, saying what was not found ("No contact with this number.")."""
    return _error_page(request, 404, message, who)


def _error_page(request: Request, status: int, message: str, who: Viewer | None) -> Response:
    return render(
        request,
        "error.html",
        who=who,
        status_code=status,
        message=message,
        status=status,
        title=str(status),
    )


async def _viewer_or_none(request: Request) -> Viewer | None:
    try:
        return await viewer(request)
    except (SignInRequired, LinkedInBotError):
        return None


async def html_error(request: Request, exc: Exception) -> Response:
    """The page answering ``exc`` (see the module doc)."""
    t = translator(language(request))
    if isinstance(exc, SignInRequired):
        if request.method in ("GET", "HEAD"):
            return redirect(f"/sign-in?next={quote(local_path(str(request.url.path)), safe='/')}")
        return render(
            request,
            "sign_in.html",
            status_code=401,
            error=t("Your session ended: sign in again."),
            next="/",
        )
    return await _error_answer(request, exc, t)


async def _error_answer(request: Request, exc: Exception, t: Translator) -> Response:
    who = await _viewer_or_none(request)
    if isinstance(exc, FormRefused):
        return _error_page(
            request,
            403,
            t(
                "This form has expired or did not come from this dashboard. "
                "Reload the page and try again."
            ),
            who,
        )
    if isinstance(exc, StarletteHTTPException):
        message = t("Page not found") if exc.status_code == 404 else str(exc.detail)
        return _error_page(request, exc.status_code, message, who)
    if isinstance(exc, RequestValidationError):
        detail = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg')}"
            for e in exc.errors()
        )
        return _error_page(request, 422, detail, who)
    known = exc if isinstance(exc, LinkedInBotError) else None
    if known is None and isinstance(exc, SQLAlchemyError | sqlite3.Error | OSError):
        known = storage_error(exc)
    if known is not None:
        if known.status_code >= 500:
            ERRORS.labels(known.code, "web").inc()
            log.warning("web.domain_error", error=known.code, detail=known.detail)
        message = known.detail
        if isinstance(known, DatabaseUnavailable):  # down, or busy past its timeout
            message = t("The database is unavailable: try again in a moment.")
        response = _error_page(request, known.status_code, message, who)
        response.headers.update(known.headers())
        if known.status_code == 503 and "Retry-After" not in response.headers:
            response.headers["Retry-After"] = str(DEFAULT_RETRY_AFTER_S)
        return response
    ERRORS.labels(type(exc).__name__, "web").inc()
    log.error("web.unhandled_error", path=request.url.path, exc_info=exc)
    return _error_page(request, 500, t("Something went wrong on our side; it was logged."), who)


class DashboardRoute(APIRoute):
    """Answers every error of a dashboard route with a page (:func:`html_error`)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:  # noqa: BLE001  (every error becomes a page)
                return await html_error(request, exc)

        return handle


def dashboard_router() -> APIRouter:
    return APIRouter(route_class=DashboardRoute, include_in_schema=False)


def make_dashboard(runtime: Runtime) -> Dashboard:
    return Dashboard(
        runtime=runtime,
        session_hours=runtime.settings.dashboard_session_hours,
        env=_environment(),
        limit=FailureLimit(),
    )
