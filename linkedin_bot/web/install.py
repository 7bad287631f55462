"""Mounts the dashboard on the API's app (same process and port)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from linkedin_bot.web.pages import HERE, make_dashboard
from linkedin_bot.web.routes import auth, contacts, runs, settings, sourcing, templates, today
from linkedin_bot.wiring import Runtime

STATIC_PATH = "/static"
ROUTERS = (
    auth.router,
    today.router,
    runs.router,
    contacts.router,
    templates.router,
    sourcing.router,
    settings.router,
)


def install_dashboard(app: FastAPI) -> None:
    """The pages and their static files; the state is set by :func:`start_dashboard`."""
    app.mount(STATIC_PATH, StaticFiles(directory=HERE / "static"), name="dashboard-static")
    for router in ROUTERS:
        app.include_router(router)


def start_dashboard(app: FastAPI, runtime: Runtime) -> None:
    app.state.dashboard = make_dashboard(runtime)
