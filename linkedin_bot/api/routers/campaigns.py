"""Campaigns: start them, follow their runs, cancel them, see the bot's state."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response, status

from linkedin_bot.api.deps import RuntimeDep, SessionDep
from linkedin_bot.api.schemas.campaigns import RunOut, StatusOut
from linkedin_bot.api.schemas.common import (
    ERROR_RESPONSES,
    Cursor,
    ErrorBody,
    IdPath,
    Limit,
    PageOut,
)
from linkedin_bot.core.errors import RunNotFound
from linkedin_bot.db.enums import RunKind, RunStatus
from linkedin_bot.db.pagination import DEFAULT_LIMIT
from linkedin_bot.db.queries import runs as q
from linkedin_bot.services.options import (
    AnniversaryOptions,
    BirthdayOptions,
    NewJobOptions,
    SourcingOptions,
)
from linkedin_bot.services.runs import request_cancel
from linkedin_bot.services.sourcing_criteria import validate_search_url
from linkedin_bot.services.status import bot_status

router = APIRouter(prefix="/campaigns", tags=["campaigns"], responses=ERROR_RESPONSES)
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorBody, "description": "A run is already active"}
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No such run"}
}


@router.post(
    "/birthday", status_code=status.HTTP_202_ACCEPTED, response_model=RunOut, responses=CONFLICT
)
async def start_birthday(
    body: Annotated[BirthdayOptions, Body(default_factory=BirthdayOptions)],
    runtime: RuntimeDep,
    response: Response,
) -> RunOut:
    """Start a birthday campaign in the background; follow it at the returned Location.
    Every field is optional: no body (or `{}`) runs with the settings' defaults; the run's
    `params` are the values it runs with (the settings filling what was not given)."""
    run = await runtime.campaigns.start(body, trigger="api")
    response.headers["Location"] = f"/campaigns/runs/{run.id}"
    return RunOut.model_validate(run)


@router.post(
    "/anniversary",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=RunOut,
    responses=CONFLICT,
)
async def start_anniversary(
    body: Annotated[AnniversaryOptions, Body(default_factory=AnniversaryOptions)],
    runtime: RuntimeDep,
    response: Response,
) -> RunOut:
    """Congratulate connections on their work anniversary (the catch-up page's, up to
    `max_days_ago` days old), in the background; one message per person and year, from the
    same daily and weekly message quota as birthdays. Every field is optional."""
    run = await runtime.campaigns.start(body, trigger="api")
    response.headers["Location"] = f"/campaigns/runs/{run.id}"
    return RunOut.model_validate(run)


@router.post(
    "/new-job", status_code=status.HTTP_202_ACCEPTED, response_model=RunOut, responses=CONFLICT
)
async def start_new_job(
    body: Annotated[NewJobOptions, Body(default_factory=NewJobOptions)],
    runtime: RuntimeDep,
    response: Response,
) -> RunOut:
    """Congratulate connections on their new position (the catch-up page's, up to
    `max_days_ago` days old), in the background; one message per position, from the same
    daily and weekly message quota as birthdays. Every field is optional."""
    run = await runtime.campaigns.start(body, trigger="api")
    response.headers["Location"] = f"/campaigns/runs/{run.id}"
    return RunOut.model_validate(run)


@router.post(
    "/sourcing", status_code=status.HTTP_202_ACCEPTED, response_model=RunOut, responses=CONFLICT
)
async def start_sourcing(body: SourcingOptions, runtime: RuntimeDep, response: Response) -> RunOut:
    """Start a sourcing campaign in the background: walk the people search, visit up to
    `limit` profiles, score each against `criteria`. Follow it at the returned Location."""
    search_url = validate_search_url(body.search_url, runtime.settings.linkedin_base_url)
    options = body.model_copy(update={"search_url": search_url})
    run = await runtime.campaigns.start(options, trigger="api")
    response.headers["Location"] = f"/campaigns/runs/{run.id}"
    return RunOut.model_validate(run)


@router.get("/runs", response_model=PageOut[RunOut])
async def runs(
    session: SessionDep,
    kind: Annotated[RunKind | None, Query()] = None,
    run_status: Annotated[RunStatus | None, Query(alias="status")] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PageOut[RunOut]:
    """Runs, newest first."""
    page = await q.list_runs(
        session,
        kind=kind.value if kind else None,
        status=run_status.value if run_status else None,
        limit=limit,
        cursor=cursor,
    )
    return PageOut[RunOut](
        items=[RunOut.model_validate(r) for r in page.items],
        next_cursor=page.next_cursor,
        limit=limit,
    )


@router.get("/runs/{run_id}", response_model=RunOut, responses=NOT_FOUND)
async def run(session: SessionDep, run_id: IdPath) -> RunOut:
    """One run: its status, counts and error."""
    found = await q.get_run(session, run_id)
    if found is None:
        raise RunNotFound(f"no run with id {run_id}", run_id=run_id)
    return RunOut.model_validate(found)


@router.post(
    "/runs/{run_id}/cancel",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=RunOut,
    responses=NOT_FOUND,
)
async def cancel(runtime: RuntimeDep, run_id: IdPath) -> RunOut:
    """Ask a run to stop after the contact it is on (nothing is cut half-way)."""
    found = await request_cancel(runtime.sessions, runtime.clock, run_id)
    return RunOut.model_validate(found)


@router.get("/status", response_model=StatusOut)
async def bot_state(runtime: RuntimeDep) -> StatusOut:
    """The active run, the last runs, the circuit breaker, quotas, the LinkedIn session."""
    return StatusOut.model_validate(await bot_status(runtime.status_sources()))
