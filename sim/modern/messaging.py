"""Messaging in `classic`/`sdui`: overlay bubbles, `/messaging/compose/`, opaque threads and
the conversation list.

A thread's URL is `/messaging/thread/<opaque id>/` (never the slug); the header and the
message groups link to `/in/<member id>/`. The composer is a contenteditable textbox;
opened from a compose link it holds LinkedIn's suggested greeting (unless `no_prefill`).
Members with "Press Enter to Send" (`SimState.enter_to_send`) have no Send button.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import HTMLResponse, JSONResponse, Response

from sim.data import Person
from sim.guard import NO_STORE, Ctx
from sim.modern.conversation import conversations, last_event, thread_events
from sim.modern.ids import thread_id
from sim.modern.render import fragment, not_found, render


def _conversation_values(ctx: Ctx, person: Person, body: str) -> dict[str, Any]:
    prefill = "" if ctx.state.faults.no_prefill else body
    return {
        "person": person,
        "events": thread_events(ctx.state, person, ctx.lang),
        "prefill": prefill,
    }


def bubble(ctx: Ctx, recipient: str, body: str) -> Response:
    """The conversation bubble the page's script opens in the overlay."""
    person = ctx.state.find_person(recipient)
    if person is None or not person.is_connection:
        return JSONResponse({"status": 404, "error": "RECIPIENT_NOT_FOUND"}, 404)
    html = fragment(ctx, "_bubble.html", **_conversation_values(ctx, person, body))
    return HTMLResponse(html, headers=NO_STORE)


def _messaging_page(ctx: Ctx, person: Person | None, body: str = "") -> HTMLResponse:
    values: dict[str, Any] = {"conversations": conversations(ctx.state, ctx.lang)}
    if person is not None:
        values |= _conversation_values(ctx, person, body)
        values["current"] = thread_id(person)
    return render(ctx, "messaging.html", **values)


def compose_page(ctx: Ctx, recipient: str, body: str) -> HTMLResponse:
    """`/messaging/compose/?recipient=...&body=...` opened as a page: the conversation with
    the greeting in the composer."""
    person = ctx.state.find_person(recipient)
    if person is None or not person.is_connection:
        return not_found(ctx)
    return _messaging_page(ctx, person, body)


def thread_page(ctx: Ctx, opaque_id: str) -> HTMLResponse:
    """`/messaging/thread/<opaque id>/`; a slug in its place is a page that does not exist."""
    for person in ctx.state.connections():
        if thread_id(person) == opaque_id:
            return _messaging_page(ctx, person)
    return not_found(ctx)


def inbox_page(ctx: Ctx) -> HTMLResponse:
    """`/messaging/`: the conversation list, no conversation open."""
    return _messaging_page(ctx, None)


def delivered_html(ctx: Ctx, person: Person) -> str:
    """The just-delivered message as the thread shows it (the page script inserts it)."""
    return fragment(ctx, "_event.html", e=last_event(ctx.state, person, ctx.lang))
