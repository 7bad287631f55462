"""Liveness and readiness probes (no API key: orchestrators call them)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from linkedin_bot import __version__
from linkedin_bot.api.deps import RuntimeDep

router = APIRouter(tags=["health"])
READY_TIMEOUT_S = 2.0


class HealthOut(BaseModel):
    status: Literal["healthy"]
    version: str
    timestamp: datetime


class ReadyOut(BaseModel):
    status: Literal["ready", "degraded", "not_ready"]
    database: Literal["ok", "unavailable"]
    redis: Literal["ok", "unavailable", "not_configured"]
    version: str
    timestamp: datetime


@router.get("/health", response_model=HealthOut)
async def health() -> HealthOut:
    """Liveness: the process answers. No I/O."""
    return HealthOut(status="healthy", version=__version__, timestamp=datetime.now(UTC))


async def _database_ok(runtime: RuntimeDep) -> bool:
    try:
        async with asyncio.timeout(READY_TIMEOUT_S), runtime.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError, TimeoutError):
        return False
    return True


async def _redis_state(runtime: RuntimeDep) -> Literal["ok", "unavailable", "not_configured"]:
    if runtime.redis is None:
        return "not_configured"
    from redis.exceptions import RedisError  # noqa: PLC0415  (only with Redis configured)

    try:
        async with asyncio.timeout(READY_TIMEOUT_S):
            await runtime.redis.ping()
    except (RedisError, OSError, TimeoutError):
        return "unavailable"
    return "ok"


@router.get(
    "/ready",
    response_model=ReadyOut,
    responses={503: {"model": ReadyOut, "description": "A dependency is down"}},
)
async def ready(runtime: RuntimeDep) -> JSONResponse:
    """Readiness: 503 when the database does not answer; Redis down is reported, degraded."""
    database_ok, redis_state = await asyncio.gather(_database_ok(runtime), _redis_state(runtime))
    # Redis only carries what may be lost (DESIGN.md): without it the service runs, degraded.
    status: Literal["ready", "degraded", "not_ready"] = "ready"
    if not database_ok:
        status = "not_ready"
    elif redis_state == "unavailable":
        status = "degraded"
    body = ReadyOut(
        status=status,
        database="ok" if database_ok else "unavailable",
        redis=redis_state,
        version=__version__,
        timestamp=datetime.now(UTC),
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=200 if database_ok else 503)
