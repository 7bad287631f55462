"""Safety: the cool-down in force (if any), and the user's explicit decision to end it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from linkedin_bot.api.deps import RuntimeDep
from linkedin_bot.api.schemas.common import ERROR_RESPONSES

router = APIRouter(prefix="/safety", tags=["safety"], responses=ERROR_RESPONSES)


class CooldownOut(BaseModel):
    id: int
    kind: str  # "restriction" (timed) or "session_expired" (until a new session)
    signal: str
    reason: str
    url: str | None
    artifact: str | None
    started_at: str
    until: str | None
    run_id: int | None


class SafetyOut(BaseModel):
    cooldown: CooldownOut | None
    explanation: str | None


class ResumeOut(BaseModel):
    ended: list[CooldownOut]
    circuit_breaker: dict[str, Any]


@router.get("", response_model=SafetyOut)
async def safety(runtime: RuntimeDep) -> SafetyOut:
    """The cool-down in force now, if any: why, since when, until when (no end: until a
    new LinkedIn session is imported)."""
    found = await runtime.cooldowns.current()
    if found is None:
        return SafetyOut(cooldown=None, explanation=None)
    return SafetyOut(
        cooldown=CooldownOut(**found.as_dict()),
        explanation=found.explain(runtime.settings, runtime.clock.now()),
    )


@router.post("/resume", response_model=ResumeOut)
async def resume(runtime: RuntimeDep) -> ResumeOut:
    """End every cool-down in force now and close the circuit breaker: LinkedIn may be
    contacted again at the next run. Ending nothing (no cool-down) is not an error."""
    ended = await runtime.resume()
    snapshot = await runtime.breaker.snapshot()
    return ResumeOut(
        ended=[CooldownOut(**info.as_dict()) for info in ended],
        circuit_breaker=snapshot.as_dict(),
    )
