"""The schedule as the API shows it, and what pause/resume take."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from linkedin_bot.services.schedule_pause import JOBS

JobName = Literal["birthday", "backup"]
assert set(JOBS) == {"birthday", "backup"}, "JobName must list the scheduled jobs"


class ScheduleJobOut(BaseModel):
    job: str
    schedule: str = Field(description='As configured: "auto", "off" or a crontab.')
    enabled: bool = Field(description="Scheduled at all (the scheduler on, the job not off).")
    paused: bool = Field(description="Paused by the user: skipped at its time until resumed.")
    paused_at: datetime | None
    paused_by: str | None = Field(description='"cli" or "api".')
    next_run: datetime | None = Field(
        description="In a process that runs the schedule (`serve`): its next time."
    )


class ScheduleOut(BaseModel):
    jobs: list[ScheduleJobOut]
    changed: list[str] = Field(
        default_factory=list,
        description="After pause or resume: the jobs whose state this request changed.",
    )


class ScheduleJobIn(BaseModel):
    """Which job to pause or resume; no body (or no `job`) means every job."""

    model_config = ConfigDict(extra="forbid")

    job: JobName | None = None
