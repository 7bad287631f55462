"""The load client, run as its own process: ``python -m bench.loadgen < spec.json``.

Spec: ``{"base_url", "api_key", "warmup", "requests", "concurrency": [1, 8],
"targets": [{"name", "path", "params", "expect_items"}]}``. For each target and each
concurrency, ``warmup`` unmeasured requests, then ``requests`` measured ones shared by
``concurrency`` workers, each on its own keep-alive connection. A request counts only if
it answers 200 with ``expect_items`` items (when given); otherwise it is an error.
Latency is measured client side: request sent to body fully read (JSON parsed after).
Prints ``{"results": [{"name", "concurrency", "latencies_ms", "errors", "first_error"}]}``.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

import httpx


def _check(response: httpx.Response, expect_items: int | None) -> str | None:
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:300]}"
    if expect_items is not None:
        items = response.json().get("items")
        if not isinstance(items, list) or len(items) != expect_items:
            count = len(items) if isinstance(items, list) else items
            return f"expected {expect_items} items, got {count}"
    return None


async def _measure(
    client: httpx.AsyncClient, target: dict[str, Any], count: int, concurrency: int
) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    remaining = count

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            response = await client.get(target["path"], params=target.get("params"))
            elapsed_ms = (time.perf_counter() - started) * 1000
            problem = _check(response, target.get("expect_items"))
            if problem is None:
                latencies.append(elapsed_ms)
            else:
                errors.append(problem)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return {
        "name": target["name"],
        "concurrency": concurrency,
        "latencies_ms": latencies,
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
    }


async def run(spec: dict[str, Any]) -> list[dict[str, Any]]:
    results = []
    for concurrency in spec["concurrency"]:
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        async with httpx.AsyncClient(
            base_url=spec["base_url"],
            headers={"X-API-Key": spec["api_key"]},
            limits=limits,
            timeout=30.0,
        ) as client:
            for target in spec["targets"]:
                await _measure(client, target, spec["warmup"], concurrency)
                results.append(await _measure(client, target, spec["requests"], concurrency))
    return results


def main() -> None:
    spec = json.load(sys.stdin)
    json.dump({"results": asyncio.run(run(spec))}, sys.stdout)


if __name__ == "__main__":
    main()
