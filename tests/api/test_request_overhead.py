"""What every request pays for stays cheap: no thread hop for a dependency, and the
per-request debug line costs nothing when debug is off (and is still there when it is on)."""

from __future__ import annotations

import json
from typing import Any

import anyio.to_thread
import pytest

from linkedin_bot.core import redaction
from linkedin_bot.core.logging import configure_logging
from tests.api.conftest import Api


@pytest.mark.parametrize("path", ["/health", "/contacts", "/interactions"])
async def test_no_thread_hop_per_request(
    api: Api, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    """FastAPI runs a plain ``def`` endpoint or dependency in its thread pool, a thread hop
    on every request: the read endpoints use none."""
    hops: list[Any] = []
    run_sync = anyio.to_thread.run_sync

    async def counting(func: Any, *args: Any, **kwargs: Any) -> Any:
        hops.append(func)
        return await run_sync(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counting)
    response = await api.client.get(path)
    assert response.status_code == 200
    assert hops == []


async def test_request_line_at_debug_and_dropped_unprocessed_below(
    api: Api, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At DEBUG each request logs ``http.request`` with its request id, route and status; at
    INFO that line is dropped before the processors run (no time stamp, no redaction pass)."""
    redacted: list[Any] = []
    clean = redaction._clean

    def counting(value: Any) -> Any:
        redacted.append(value)
        return clean(value)

    monkeypatch.setattr(redaction, "_clean", counting)
    try:
        configure_logging("DEBUG", "json", force=True)
        response = await api.client.get("/health", headers={"X-Request-ID": "req-overhead-1"})
        assert response.status_code == 200
        lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
        line = next(entry for entry in lines if entry.get("event") == "http.request")
        assert line["request_id"] == "req-overhead-1"
        assert (line["route"], line["status"], line["level"]) == ("/health", 200, "debug")
        assert "http.request" in redacted

        configure_logging("INFO", "json", force=True)
        redacted.clear()
        response = await api.client.get("/health")
        assert response.status_code == 200
        assert "http.request" not in capsys.readouterr().err
        assert "http.request" not in redacted
    finally:
        configure_logging("INFO", "json", force=True)
