"""Fault injection: throttling statuses, security checks, expiry, slowness, action counting."""

from __future__ import annotations

import time

import httpx
import pytest

from sim import SimState

SEND = "/voyager/api/messaging/conversations"


@pytest.mark.parametrize("status", [429, 999])
async def test_http_status_fault(
    client: httpx.AsyncClient, sim_state: SimState, status: int
) -> None:
    """With http_status set, every page answers that status with a small HTML body."""
    sim_state.set_faults(http_status=status)
    page = await client.get("/feed/")
    assert page.status_code == status
    assert "<html>" in page.text
    assert len(page.text) < 500


async def test_status_after_actions(client: httpx.AsyncClient, sim_state: SimState) -> None:
    """status_after_actions=2: two pages behave, the third and later get 429."""
    sim_state.set_faults(http_status=429, status_after_actions=2)
    codes = [(await client.get("/feed/")).status_code for _ in range(4)]
    assert codes == [200, 200, 429, 429]
    assert sim_state.actions == 4


async def test_checkpoint_redirect(client: httpx.AsyncClient, sim_state: SimState) -> None:
    """checkpoint_after_actions=1: the second navigation redirects to a security check page."""
    sim_state.set_faults(checkpoint=True, checkpoint_after_actions=1)
    assert (await client.get("/feed/")).status_code == 200
    moved = await client.get("/feed/")
    assert moved.status_code == 302
    assert moved.headers["location"].startswith("/checkpoint/challenge/AQ")
    page = await client.get(moved.headers["location"])
    assert "Let&#39;s do a quick security check" in page.text


async def test_session_expires_after_actions(
    client: httpx.AsyncClient, sim_state: SimState
) -> None:
    """expire_after_actions=3: three pages, then /login redirects and the send XHR gets 401."""
    sim_state.set_faults(expire_after_actions=3)
    codes = [(await client.get("/feed/")).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 302]
    slug = sim_state.connections()[0].slug
    sent = await client.post(SEND, json={"recipient_slug": slug, "text": "hi"})
    assert sent.status_code == 401
    assert sim_state.messages == []
    assert sim_state.actions == 3


async def test_slow_pages(client: httpx.AsyncClient, sim_state: SimState) -> None:
    """slow_ms delays every page response by at least that long."""
    sim_state.set_faults(slow_ms=300)
    started = time.monotonic()
    assert (await client.get("/feed/")).status_code == 200
    assert time.monotonic() - started >= 0.3


async def test_what_counts_as_an_action(client: httpx.AsyncClient, sim_state: SimState) -> None:
    """Page navigations and sends count; /login, control and lazy-load calls do not."""
    slug = sim_state.connections()[0].slug
    await client.get("/login")
    await client.get("/__sim/state")
    await client.get("/__sim/api/birthdays?start=0")
    assert sim_state.actions == 0
    await client.get("/feed/")
    await client.post(SEND, json={"recipient_slug": slug, "text": "hi"})
    assert sim_state.actions == 2


async def test_requests_are_recorded(client: httpx.AsyncClient, sim_state: SimState) -> None:
    """Every request but /__sim/* is recorded with method, path and status."""
    await client.get("/feed/")
    await client.get("/__sim/state")
    await client.get("/in/nobody/")
    assert [(r.method, r.path, r.status) for r in sim_state.requests] == [
        ("GET", "/feed/", 200),
        ("GET", "/in/nobody/", 404),
    ]


@pytest.mark.parametrize(
    ("faults", "status"), [({"send_fails_status": 500}, 500), ({"http_status": 999}, 999)]
)
async def test_send_faults_deliver_nothing(
    client: httpx.AsyncClient, sim_state: SimState, faults: dict[str, int], status: int
) -> None:
    """A failing send XHR answers its status and records no message."""
    sim_state.set_faults(**faults)
    slug = sim_state.connections()[0].slug
    sent = await client.post(SEND, json={"recipient_slug": slug, "text": "hi"})
    assert sent.status_code == status
    assert sim_state.messages == []
