"""The runs pages of the dashboard: the list (filtered, newest first, a page at a time) and
one run's page (its options, status, error and every person), live while it runs.

The live part is a server-sent event stream (``/runs/{id}/events``): about every second
it reads the run's row and, when it changed, sends the run's partial rendered again
(``{"html": ..., "done": bool}``, the event ``update``, which ``app.js`` puts in place). It
ends when the run has ended, when the browser goes away, after two minutes (the browser
reconnects), and when the service stops: `serve` gives answers in progress a few seconds
(uvicorn's graceful shutdown timeout) and then cuts them, so a page left open never holds
the stop up.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from fastapi import Request, Response
from fastapi.responses import StreamingResponse
from starlette.exceptions import HTTPException

from linkedin_bot.db.enums import ACTIVE_RUN_STATUSES, RunKind, RunStatus
from linkedin_bot.db.ids import in_id_range
from linkedin_bot.db.models import CampaignRun
from linkedin_bot.db.pagination import DEFAULT_LIMIT
from linkedin_bot.db.queries import runs as q
from linkedin_bot.services.runs import request_cancel
from linkedin_bot.web.pages import (
    FormDep,
    Viewer,
    ViewerDep,
    dashboard,
    dashboard_router,
    page_headers,
    redirect,
    render,
)
from linkedin_bot.web.routes.today import OCCASION_OF_KIND, local_time

router = dashboard_router()

POLL_S = 1.0
# A stream is closed after this long even if the run goes on: the browser reconnects at
# once (``retry``), and a server that could not tell it is stopping waits no longer.
STREAM_MAX_S = 120.0
RETRY_MS = 1000
KIND_LABELS = {**OCCASION_OF_KIND, RunKind.SOURCING.value: "Sourcing"}
STATUS_LABELS = {
    "queued": "queued",
    "running": "running",
    "succeeded": "succeeded",
    "partial": "partial",
    "failed": "failed",
    "auth_required": "session needed",
    "restricted": "restricted",
    "outside_hours": "outside working hours",
    "cancelled": "cancelled",
    "interrupted": "interrupted",
    "page_changed": "page changed",
}
DONE_FLASHES = {"stop-asked": "Stop asked: the run stops after the person it is on."}


def counts(run: CampaignRun) -> dict[str, int]:
    """The run's figures for the list and the page."""
    stats = run.stats or {}

    def number(key: str) -> int:
        value = stats.get(key, 0)
        return value if isinstance(value, int) else 0

    skipped = sum(
        value
        for key, value in stats.items()
        if key.startswith("skipped_") and isinstance(value, int)
    )
    return {
        "sent": number("sent"),
        "would_send": number("dry_run"),
        "skipped": skipped,
        "failed": number("failed"),
        "in_doubt": number("in_doubt"),
        "visited": number("visited"),
    }


def duration(run: CampaignRun, now: datetime) -> str:
    if run.started_at is None:
        return ""
    end = run.finished_at or now
    seconds = max(0, int((end - run.started_at).total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def _context(who: Viewer) -> dict[str, Any]:
    runtime = who.runtime
    now = runtime.clock.now()
    return {
        "when": lambda moment: local_time(runtime, moment),
        "counts": counts,
        "duration": lambda run: duration(run, now),
        "kind_labels": KIND_LABELS,
        "status_labels": STATUS_LABELS,
        "active_statuses": ACTIVE_RUN_STATUSES,
    }


def run_number(text: str) -> int:
    """The run id of a path, or the 404 page (never a 422 for a mistyped address)."""
    if not text.isascii() or not text.isdigit() or not in_id_range(int(text)):
        raise HTTPException(404)
    return int(text)


async def _run_or_404(who: Viewer, run_id: int) -> CampaignRun:
    async with who.runtime.read_sessions() as session:
        run = await q.get_run(session, run_id)
    if run is None:
        raise HTTPException(404)
    return run


@router.get("/runs")
async def runs(
    request: Request,
    who: ViewerDep,
    kind: str = "",
    status: str = "",
    cursor: str | None = None,
) -> Response:
    kinds = [k.value for k in RunKind]
    statuses = [s.value for s in RunStatus]
    error = None
    if (kind and kind not in kinds) or (status and status not in statuses):
        error = who.t("Choose a kind and a status from the lists.")
        kind, status = kind if kind in kinds else "", status if status in statuses else ""
    async with who.runtime.read_sessions() as session:
        page = await q.list_runs(
            session,
            kind=kind or None,
            status=status or None,
            limit=DEFAULT_LIMIT,
            cursor=cursor or None,
        )
    return render(
        request,
        "runs.html",
        who=who,
        active="runs",
        title="Runs",
        status_code=422 if error else 200,
        flashes=[("error", error)] if error else [],
        runs=page.items,
        next_cursor=page.next_cursor,
        kind=kind,
        status=status,
        kinds=kinds,
        statuses=statuses,
        first_page=cursor is None,
        **_context(who),
    )


@router.get("/runs/{run_id}")
async def run_page(request: Request, who: ViewerDep, run_id: str, done: str = "") -> Response:
    run = await _run_or_404(who, run_number(run_id))
    flashes = [("ok", who.t(DONE_FLASHES[done]))] if done in DONE_FLASHES else []
    return render(
        request,
        "run.html",
        who=who,
        active="runs",
        title="Run",
        run=run,
        flashes=flashes,
        **_context(who),
    )


@router.post("/runs/{run_id}/stop")
async def stop_run(who: ViewerDep, _form: FormDep, run_id: str) -> Response:
    """Ask the run to stop after the person it is on (as the API's cancel)."""
    number = run_number(run_id)
    await _run_or_404(who, number)
    runtime = who.runtime
    await request_cancel(runtime.sessions, runtime.clock, number)
    return redirect(f"/runs/{number}?done=stop-asked")


def _live_html(request: Request, who: Viewer, run: CampaignRun) -> str:
    template = dashboard(request).env.get_template("_run_live.html")
    return template.render(t=who.t, run=run, **_context(who))


def _event(data: dict[str, Any]) -> bytes:
    return f"event: update\ndata: {json.dumps(data)}\n\n".encode()


async def _updates(request: Request, who: Viewer, run_id: int) -> AsyncIterator[bytes]:
    runtime = who.runtime
    loop = asyncio.get_running_loop()
    ends_at = loop.time() + STREAM_MAX_S
    yield f"retry: {RETRY_MS}\n\n".encode()
    sent: str | None = None
    while True:
        if await request.is_disconnected():
            return
        async with runtime.read_sessions() as session:
            run = await q.get_run(session, run_id)
        if run is None:
            yield _event({"html": "", "done": True})
            return
        done = run.status not in ACTIVE_RUN_STATUSES
        html = _live_html(request, who, run)
        if html != sent or done:
            yield _event({"html": html, "done": done})
            sent = html
        if done or runtime.campaigns.stopping or loop.time() >= ends_at:
            return
        await asyncio.sleep(POLL_S)


@router.get("/runs/{run_id}/events")
async def run_events(request: Request, who: ViewerDep, run_id: str) -> Response:
    """The run's live partial, as server-sent events, while it runs."""
    number = run_number(run_id)
    await _run_or_404(who, number)
    response = StreamingResponse(
        _updates(request, who, number),
        media_type="text/event-stream",
        headers={"X-Accel-Buffering": "no"},
    )
    return page_headers(response)
