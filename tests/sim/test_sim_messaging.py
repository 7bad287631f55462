"""Messaging endpoints: delivery via the voyager XHR, overlay fragment and thread page."""

from __future__ import annotations

import html

import httpx
import pytest

from sim import SimState
from sim.state import Variant

SEND = "/voyager/api/messaging/conversations"


async def test_send_records_delivery(client: httpx.AsyncClient, sim_state: SimState) -> None:
    """POST {recipient_slug, text} answers 201 and records the message for that person."""
    person = sim_state.connections()[0]
    sent = await client.post(SEND, json={"recipient_slug": person.slug, "text": "Happy birthday!"})
    assert sent.status_code == 201
    assert sent.json()["text"] == "Happy birthday!"
    [message] = sim_state.delivered_to(person.slug)
    assert message.recipient_name == person.full_name
    assert message.sent_at.tzinfo is not None


async def test_send_to_non_connection_or_unknown_is_404(
    client: httpx.AsyncClient, sim_state: SimState
) -> None:
    """Only 1st-degree connections can be messaged."""
    prospect = next(p for p in sim_state.all_people() if not p.is_connection)
    for slug in (prospect.slug, "nobody"):
        sent = await client.post(SEND, json={"recipient_slug": slug, "text": "hi"})
        assert sent.status_code == 404
    assert sim_state.messages == []


@pytest.mark.parametrize("variant", ["A", "B"])
async def test_overlay_shows_thread_and_composer(
    client: httpx.AsyncClient, sim_state: SimState, variant: Variant
) -> None:
    """The overlay names the person, lists earlier messages and has a disabled Send."""
    sim_state.set_faults(variant=variant)
    person = sim_state.connections()[0]
    sim_state.deliver(person, "Earlier message")
    page = html.unescape((await client.get(f"/__sim/api/overlay/{person.slug}/")).text)
    assert f'aria-label="Close your conversation with {person.full_name}"' in page
    assert ">Earlier message</p>" in page
    assert (
        'role="textbox" contenteditable="true"' in page
        or 'contenteditable="true" role="textbox"' in page
    )
    assert 'aria-label="Write a message…"' in page
    assert 'type="submit" disabled>Send</button>' in page
    assert ("msg-overlay-conversation-bubble" in page) == (variant == "A")
    assert ("msg-form__send-button" in page) == (variant == "A")


async def test_thread_page_lists_delivered_messages(
    client: httpx.AsyncClient, sim_state: SimState
) -> None:
    """/messaging/thread/<slug>/ shows the delivered messages in the message list markup."""
    person = sim_state.connections()[1]
    await client.post(SEND, json={"recipient_slug": person.slug, "text": "One"})
    await client.post(SEND, json={"recipient_slug": person.slug, "text": "Two"})
    page = (await client.get(f"/messaging/thread/{person.slug}/")).text
    assert page.count('class="msg-s-message-list__event"') == 2
    assert page.index(">One</p>") < page.index(">Two</p>")
    assert (await client.get("/messaging/thread/nobody/")).status_code == 404
