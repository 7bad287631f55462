"""Session check and fault injection applied to every page navigation and send."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from sim.state import SimState

CHECKPOINT_PATH = "/checkpoint/challenge/AQ{token}/"
NO_STORE = {"Cache-Control": "no-store"}

STATUS_BODIES = {
    429: "<html><body><h1>Too many requests</h1>"
    "<p>You've reached the weekly invitation limit. Please slow down.</p></body></html>",
    999: "<html><body><p>Request denied.</p></body></html>",
}


class Interrupt(Exception):
    """Stops a request early with a ready response (redirect, fault status)."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


@dataclass(frozen=True)
class Ctx:
    """What a page handler needs: the state and how to render (variant, language)."""

    state: SimState
    variant: str
    lang: str


def sim_state(request: Request) -> SimState:
    state: SimState = request.app.state.sim
    return state


def ui_lang(request: Request, state: SimState) -> str:
    forced = state.faults.ui_locale
    if forced:
        return forced
    wanted = request.query_params.get("lang") or request.cookies.get("lang")
    return "fr" if wanted == "fr" else "en"


def context(request: Request) -> Ctx:
    state = sim_state(request)
    return Ctx(state, state.faults.variant, ui_lang(request, state))


def has_session(request: Request, state: SimState) -> bool:
    cookie = request.cookies.get("li_at")
    return cookie == state.valid_li_at and not state.session_expired()


def login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?session_redirect={quote(target, safe='')}", 302, NO_STORE)


def status_page(status: int) -> HTMLResponse:
    body = STATUS_BODIES.get(status, f"<html><body><p>Error {status}</p></body></html>")
    return HTMLResponse(body, status, NO_STORE)


def _applies(enabled: bool, after: int | None, prior_actions: int) -> bool:
    return enabled and (after is None or prior_actions >= after)


def redirect_loop(request: Request, state: SimState, target: str | None = None) -> None:
    """`redirect_loop`: answer with a redirect to the same page (or `target`), forever.

    A browser gives up with ERR_TOO_MANY_REDIRECTS, as with a throttled session cookie."""
    if state.faults.redirect_loop:
        query = f"?{request.url.query}" if request.url.query else ""
        raise Interrupt(RedirectResponse(target or request.url.path + query, 302, NO_STORE))


async def guard_page(request: Request) -> Ctx:
    """Dependency of every signed-in page: session, then expiry, checkpoint, status, slow."""
    state = sim_state(request)
    if request.cookies.get("li_at") != state.valid_li_at or state.session_expired():
        raise Interrupt(login_redirect(request))
    redirect_loop(request, state)
    prior = state.count_action()
    faults = state.faults
    if _applies(faults.checkpoint, faults.checkpoint_after_actions, prior):
        path = CHECKPOINT_PATH.format(token=secrets.token_urlsafe(12))
        raise Interrupt(RedirectResponse(path, 302, NO_STORE))
    if faults.http_status is not None and _applies(True, faults.status_after_actions, prior):
        raise Interrupt(status_page(faults.http_status))
    if faults.slow_ms > 0:
        await asyncio.sleep(faults.slow_ms / 1000)
    return context(request)


def guard_send(request: Request) -> SimState:
    """The send XHR: JSON errors instead of redirects, counted as an action."""
    state = sim_state(request)
    if request.cookies.get("li_at") != state.valid_li_at or state.session_expired():
        raise Interrupt(JSONResponse({"status": 401, "error": "UNAUTHORIZED"}, 401))
    redirect_loop(request, state, "/feed/")
    prior = state.count_action()
    faults = state.faults
    if _applies(faults.checkpoint, faults.checkpoint_after_actions, prior):
        raise Interrupt(JSONResponse({"status": 403, "error": "CHALLENGE"}, 403))
    if faults.http_status is not None and _applies(True, faults.status_after_actions, prior):
        raise Interrupt(JSONResponse({"status": faults.http_status}, faults.http_status))
    if faults.send_fails_status is not None:
        status = faults.send_fails_status
        raise Interrupt(JSONResponse({"status": status, "error": "SEND_FAILED"}, status))
    return state


def guard_fragment(request: Request) -> Ctx:
    """Page-internal fetches (lazy loading, overlay): need a session, are not actions."""
    state = sim_state(request)
    if not has_session(request, state):
        raise Interrupt(JSONResponse({"status": 401, "error": "UNAUTHORIZED"}, 401))
    redirect_loop(request, state, "/feed/")
    return context(request)
