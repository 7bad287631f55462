"""GET /metrics: Prometheus exposition (API key only when the setting asks for it).

With several server processes (``PROMETHEUS_MULTIPROC_DIR`` set), counters and histograms
of every process are aggregated; the gauges of shared state are read from the database at
each scrape, so every process reports the same values.
"""

from __future__ import annotations

import os

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from linkedin_bot.api.deps import RuntimeDep
from linkedin_bot.services.metrics_state import refresh_state_gauges

router = APIRouter(tags=["metrics"])


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return registry
    return REGISTRY


@router.get("/metrics", response_class=Response)
async def metrics(runtime: RuntimeDep) -> Response:
    """Prometheus metrics."""
    await refresh_state_gauges(
        runtime.read_sessions,
        runtime.settings,
        runtime.ledger,
        runtime.breaker,
        runtime.cooldowns,
    )
    return Response(generate_latest(_registry()), media_type=CONTENT_TYPE_LATEST)
