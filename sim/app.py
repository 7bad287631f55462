"""FastAPI application of the LinkedIn simulator."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import Response

from sim.guard import Interrupt
from sim.routes import control, messaging, modern, network, pages, profile, search
from sim.state import SimState

UNRECORDED_PREFIXES = ("/__sim/", "/favicon.ico")


async def _interrupt_handler(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Interrupt)
    return exc.response


def create_app(state: SimState) -> FastAPI:
    """The simulator app serving `state`; `app.state.sim` is that same object."""
    app = FastAPI(title="LinkedIn simulator", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.sim = state
    app.add_exception_handler(Interrupt, _interrupt_handler)

    @app.middleware("http")
    async def record(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        path = request.url.path
        if not path.startswith(UNRECORDED_PREFIXES):
            state.record_request(request.method, path, response.status_code, request.url.query)
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    for module in (control, pages, network, profile, search, messaging, modern):
        app.include_router(module.router)
    return app
