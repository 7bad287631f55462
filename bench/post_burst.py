"""N concurrent ``POST /campaigns/birthday``, as its own process: ``python -m bench.post_burst``.

Spec on stdin: ``{"base_url", "api_key", "requests", "body"}``. Every request gets its own
connection, opened (``GET /health``) before the burst, so that all of them are sent at
once when the start event fires. Prints ``{"results": [{"status", "ms", "run_id"}],
"ended_at": <epoch s of the last answer>}``.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

import httpx


async def _one(
    spec: dict[str, Any], go: asyncio.Event, connected: asyncio.Queue[None]
) -> dict[str, Any]:
    async with httpx.AsyncClient(
        base_url=spec["base_url"], headers={"X-API-Key": spec["api_key"]}, timeout=60.0
    ) as client:
        await client.get("/health")
        await connected.put(None)
        await go.wait()
        started = time.perf_counter()
        response = await client.post("/campaigns/birthday", json=spec["body"])
        elapsed_ms = (time.perf_counter() - started) * 1000
        run_id = response.json().get("id") if response.status_code == 202 else None
        return {"status": response.status_code, "ms": elapsed_ms, "run_id": run_id}


async def run(spec: dict[str, Any]) -> dict[str, Any]:
    go: asyncio.Event = asyncio.Event()
    connected: asyncio.Queue[None] = asyncio.Queue()
    tasks = [asyncio.create_task(_one(spec, go, connected)) for _ in range(spec["requests"])]
    for _ in tasks:
        await connected.get()
    go.set()
    results = await asyncio.gather(*tasks)
    return {"results": results, "ended_at": time.time()}


def main() -> None:
    json.dump(asyncio.run(run(json.load(sys.stdin))), sys.stdout)


if __name__ == "__main__":
    main()
