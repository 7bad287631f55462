"""The /__sim/ control API used by tests in other processes."""

from __future__ import annotations

import httpx

from sim import SimState


async def test_reset_regenerates_and_clears(
    anon_client: httpx.AsyncClient, sim_state: SimState
) -> None:
    """POST /__sim/reset builds new people from a seed and clears messages and faults."""
    sim_state.set_faults(popups=True)
    sim_state.deliver(sim_state.connections()[0], "x")
    body = {
        "seed": 9,
        "connections": 30,
        "birthdays_today": 2,
        "birthdays_late": 1,
        "prospects": 5,
        "today": "2025-03-01",
    }
    summary = (await anon_client.post("/__sim/reset", json=body)).json()
    assert summary["people"] == 35
    assert summary["connections"] == 30
    assert summary["today"] == "2025-03-01"
    assert summary["messages"] == 0
    assert summary["faults"]["popups"] is False
    assert summary["li_at"] == sim_state.valid_li_at


async def test_faults_get_put(anon_client: httpx.AsyncClient, sim_state: SimState) -> None:
    """PUT /__sim/faults changes the named faults only; unknown names answer 422."""
    changed = (
        await anon_client.put("/__sim/faults", json={"http_status": 429, "variant": "B"})
    ).json()
    assert changed["http_status"] == 429
    assert changed["variant"] == "B"
    assert changed["popups"] is False
    assert (await anon_client.get("/__sim/faults")).json() == changed
    assert (await anon_client.put("/__sim/faults", json={"nope": 1})).status_code == 422
    assert sim_state.faults.http_status == 429


async def test_messages_requests_state(client: httpx.AsyncClient, sim_state: SimState) -> None:
    """GET messages, requests and state report what happened."""
    slug = sim_state.connections()[0].slug
    await client.get("/feed/")
    await client.post(
        "/voyager/api/messaging/conversations", json={"recipient_slug": slug, "text": "hey"}
    )
    messages = (await client.get("/__sim/messages")).json()
    assert [(m["recipient_slug"], m["text"]) for m in messages] == [(slug, "hey")]
    paths = [r["path"] for r in (await client.get("/__sim/requests")).json()]
    assert paths == ["/feed/", "/voyager/api/messaging/conversations"]
    state = (await client.get("/__sim/state")).json()
    assert state["actions"] == 2
    assert state["today"] == "2025-10-24"


async def test_people_round_trip(anon_client: httpx.AsyncClient, sim_state: SimState) -> None:
    """GET /__sim/people returns full profiles; POST replaces the list with the same data."""
    people = (await anon_client.get("/__sim/people")).json()
    assert len(people) == 100
    assert {"full_name", "experience", "skills", "birthday"} <= set(people[0])
    before = sim_state.all_people()
    summary = (await anon_client.post("/__sim/people", json=people[:3])).json()
    assert summary["people"] == 3
    assert sim_state.all_people() == before[:3]


async def test_put_today(anon_client: httpx.AsyncClient, sim_state: SimState) -> None:
    """PUT /__sim/today moves the simulator's notion of today."""
    await anon_client.put("/__sim/today", json={"today": "2026-01-02"})
    assert sim_state.today.isoformat() == "2026-01-02"


async def test_bad_variant_or_counts_answer_422(
    anon_client: httpx.AsyncClient, sim_state: SimState
) -> None:
    """An unknown variant and impossible reset counts answer 422 and change nothing."""
    answer = await anon_client.put("/__sim/faults", json={"variant": "nope"})
    assert answer.status_code == 422
    assert "classic, sdui" in answer.json()["detail"]
    assert sim_state.faults.variant == "A"
    before = len(sim_state.all_people())
    body = {"connections": 3, "birthdays_today": 5}
    assert (await anon_client.post("/__sim/reset", json=body)).status_code == 422
    body = {"birthdays_today": 1, "unnamed_birthdays": 2}
    assert (await anon_client.post("/__sim/reset", json=body)).status_code == 422
    assert len(sim_state.all_people()) == before


async def test_state_reports_variant_and_send_mode(anon_client: httpx.AsyncClient) -> None:
    """GET /__sim/state tells the variant, whether the member sends with Enter, and the
    class salt (to reproduce a run)."""
    await anon_client.put("/__sim/faults", json={"variant": "sdui"})
    state = (await anon_client.get("/__sim/state")).json()
    assert state["variant"] == "sdui"
    assert state["enter_to_send"] is True  # seed 7 is odd
    assert state["class_salt"]
    await anon_client.put("/__sim/faults", json={"enter_to_send": False})
    assert (await anon_client.get("/__sim/state")).json()["enter_to_send"] is False
