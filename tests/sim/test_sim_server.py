"""SimServer: a real uvicorn in a background thread on a free port."""

from __future__ import annotations

import httpx
import pytest

from sim import SimServer, SimState


def test_sync_server_serves_and_stops(sim_state: SimState) -> None:
    """`with SimServer` serves on a free port, refuses double start, and stops on exit."""
    with SimServer(sim_state) as server:
        assert server.base_url.startswith("http://127.0.0.1:")
        answer = httpx.get(f"{server.base_url}/__sim/state")
        assert answer.json()["li_at"] == sim_state.valid_li_at
        with pytest.raises(RuntimeError):
            server.start()
        base_url = server.base_url
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{base_url}/__sim/state")


async def test_async_server(sim_server: SimServer) -> None:
    """`async with SimServer` serves pages with the valid cookie."""
    async with httpx.AsyncClient(base_url=sim_server.base_url) as client:
        client.cookies.set("li_at", sim_server.state.valid_li_at)
        assert (await client.get("/feed/")).status_code == 200
