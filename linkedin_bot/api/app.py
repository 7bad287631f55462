"""The FastAPI application factory and its lifespan (engines built once, here)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI

from linkedin_bot import __version__
from linkedin_bot.api.deps import require_api_key
from linkedin_bot.api.docs import install_docs
from linkedin_bot.api.errors import install_error_handlers
from linkedin_bot.api.limits import RequestLimitsMiddleware
from linkedin_bot.api.middleware import RequestContextMiddleware
from linkedin_bot.api.routers import (
    campaigns,
    contacts,
    health,
    interactions,
    metrics,
    quotas,
    safety,
    schedule,
)
from linkedin_bot.api.text_guard import StorableTextMiddleware
from linkedin_bot.core.logging import configure_logging, get_logger
from linkedin_bot.core.settings import Settings
from linkedin_bot.wiring import build_runtime

log = get_logger("linkedin_bot.api")

DESCRIPTION = """Runs a person's LinkedIn routine from their own account: birthday wishes
and profile sourcing. Every endpoint but `/health` and `/ready` needs the `X-API-Key`
header (show it with `linkedin-bot auth api-key`). Errors are JSON:
`{"error": code, "detail": what was wrong}`."""


def create_app(
    settings: Settings, *, migrate: bool = True, runtime_overrides: dict[str, Any] | None = None
) -> FastAPI:
    """Build the app. The lifespan migrates the database (unless told not to), then builds
    the runtime once (engine, ledger, breaker, campaigns; Redis when configured).
    ``runtime_overrides`` lets tests hand in a clock or a driver factory."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_level, settings.log_format, levels=settings.log_levels)
        if migrate:
            from linkedin_bot.db.migrate import upgrade_async  # noqa: PLC0415  (alembic: slow)

            await upgrade_async(settings.effective_database_url)
        runtime = await build_runtime(settings, **(runtime_overrides or {}))
        app.state.runtime = runtime
        if settings.dashboard_enabled:
            from linkedin_bot.web.install import start_dashboard  # noqa: PLC0415

            start_dashboard(app, runtime)
        if settings.scheduler_enabled:
            runtime.start_schedule()
        log.info("api.started", version=__version__, database=runtime.engine.dialect.name)
        try:
            yield
        finally:
            await runtime.close()
            log.info("api.stopped")

    app = FastAPI(
        title="linkedin-bot",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    install_error_handlers(app)
    install_docs(app)
    protected = [Depends(require_api_key)]
    app.include_router(health.router)
    app.include_router(
        metrics.router, dependencies=protected if settings.metrics_require_api_key else []
    )
    app.include_router(contacts.router, dependencies=protected)
    app.include_router(interactions.router, dependencies=protected)
    app.include_router(campaigns.router, dependencies=protected)
    app.include_router(quotas.router, dependencies=protected)
    app.include_router(safety.router, dependencies=protected)
    app.include_router(schedule.router, dependencies=protected)
    if settings.dashboard_enabled:
        from linkedin_bot.web.install import install_dashboard  # noqa: PLC0415  (Jinja2)

        install_dashboard(app)
    # Outermost last: context (ids, headers, last net), then limits, then unstorable text.
    app.add_middleware(StorableTextMiddleware)
    app.add_middleware(RequestLimitsMiddleware, max_body_bytes=settings.max_request_body_bytes)
    app.add_middleware(RequestContextMiddleware)
    return app
