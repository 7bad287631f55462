"""GET /schedule, POST /schedule/pause and POST /schedule/resume."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body

from linkedin_bot.api.deps import RuntimeDep
from linkedin_bot.api.schemas.common import ERROR_RESPONSES
from linkedin_bot.api.schemas.schedule import ScheduleJobIn, ScheduleOut
from linkedin_bot.services.schedule_pause import (
    jobs_named,
    pause_jobs,
    resume_jobs,
    schedule_state,
)
from linkedin_bot.wiring import Runtime

router = APIRouter(prefix="/schedule", tags=["schedule"], responses=ERROR_RESPONSES)
JobBody = Annotated[ScheduleJobIn | None, Body()]


async def _state(runtime: Runtime, changed: list[str] | None = None) -> ScheduleOut:
    next_runs = runtime.schedule.next_runs if runtime.schedule is not None else None
    jobs = await schedule_state(runtime.read_sessions, runtime.settings, next_runs)
    return ScheduleOut.model_validate({"jobs": jobs, "changed": changed or []})


@router.get("", response_model=ScheduleOut)
async def schedule(runtime: RuntimeDep) -> ScheduleOut:
    """Each scheduled job: its schedule, whether it is paused, its next run."""
    return await _state(runtime)


@router.post("/pause", response_model=ScheduleOut)
async def pause(runtime: RuntimeDep, body: JobBody = None) -> ScheduleOut:
    """Pause a job (`{"job": "birthday"}`), or every job (no body): skipped at its time,
    by every `serve`, until resumed; kept across restarts. Manual runs still run."""
    jobs = jobs_named(body.job if body else None)
    changed = await pause_jobs(runtime.sessions, jobs, runtime.clock, by="api")
    return await _state(runtime, changed)


@router.post("/resume", response_model=ScheduleOut)
async def resume(runtime: RuntimeDep, body: JobBody = None) -> ScheduleOut:
    """Resume a job, or every job (no body): it runs again at its next time."""
    jobs = jobs_named(body.job if body else None)
    changed = await resume_jobs(runtime.sessions, jobs)
    return await _state(runtime, changed)
