"""Messaging: the overlay bubble, the full-page thread and the send endpoint."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from sim.guard import NO_STORE, Ctx, context, guard_fragment, guard_page, guard_send
from sim.modern import messaging as modern
from sim.render import render_fragment, render_html
from sim.routes.profile import not_found
from sim.state import SimState
from sim.variants import is_modern

router = APIRouter()
SEND_PATH = "/voyager/api/messaging/conversations"


class SendBody(BaseModel):
    recipient_slug: str
    text: str = Field(min_length=1, max_length=8000)


@router.get("/__sim/api/overlay/{slug}/", response_class=HTMLResponse)
def overlay(slug: str, ctx: Annotated[Ctx, Depends(guard_fragment)]) -> Response:
    """The conversation bubble the page JS inserts when a Message button is clicked."""
    person = ctx.state.person(slug)
    if person is None:
        return JSONResponse({"status": 404}, 404)
    thread = ctx.state.delivered_to(slug)
    return HTMLResponse(
        render_fragment(ctx, "_conversation.html", person=person, thread=thread), headers=NO_STORE
    )


@router.get("/messaging/thread/{slug}/", response_class=HTMLResponse)
def thread_page(slug: str, ctx: Annotated[Ctx, Depends(guard_page)]) -> HTMLResponse:
    """A and B name threads by slug; classic and sdui by an opaque id."""
    if is_modern(ctx.variant):
        return modern.thread_page(ctx, slug)
    person = ctx.state.person(slug)
    if person is None:
        return not_found(ctx)
    return render_html(ctx, "thread.html", person=person, thread=ctx.state.delivered_to(slug))


@router.post(SEND_PATH)
def send_message(
    request: Request, body: SendBody, state: Annotated[SimState, Depends(guard_send)]
) -> JSONResponse:
    """Deliver a message (201) to a 1st-degree connection; faults are applied by the guard.

    The text is recorded exactly as received. For classic/sdui the answer also carries the
    message as the thread shows it (`html`), which the page script inserts."""
    person = state.person(body.recipient_slug)
    if person is None or not person.is_connection:
        return JSONResponse({"status": 404, "error": "RECIPIENT_NOT_FOUND"}, 404)
    message = state.deliver(person, body.text)
    payload = {
        "recipient_slug": message.recipient_slug,
        "recipient_name": message.recipient_name,
        "text": message.text,
        "sent_at": message.sent_at.isoformat(),
    }
    ctx = context(request)
    if is_modern(ctx.variant):
        payload["html"] = modern.delivered_html(ctx, person)
    return JSONResponse(payload, 201, headers=NO_STORE)
