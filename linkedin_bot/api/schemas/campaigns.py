"""Campaign requests and runs as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from linkedin_bot.api.schemas.schedule import ScheduleJobOut


class RunOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    status: str
    account: str
    dry_run: bool
    trigger: str
    params: dict[str, Any]
    stats: dict[str, Any]
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    cancel_requested_at: datetime | None


class QuotaWindowOut(BaseModel):
    window: str
    used: int
    limit: int
    remaining: int


class StatusOut(BaseModel):
    active_run: RunOut | None
    last_runs: dict[str, RunOut | None]
    circuit_breaker: dict[str, Any]
    cooldown: dict[str, Any] | None = Field(
        None, description="The cool-down in force (no request to LinkedIn until it ends)"
    )
    quotas: dict[str, list[QuotaWindowOut]]
    session: dict[str, Any]
    next_runs: dict[str, datetime | None]
    schedule: list[ScheduleJobOut] = Field(
        default_factory=list, description="Each scheduled job, paused or not."
    )
