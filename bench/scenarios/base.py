"""What a scenario receives and returns.

A scenario is a module of ``bench.scenarios`` with ``NAME``, ``NEEDS_SERVER`` and
``run(ctx) -> ScenarioResult``. Scenarios that need no server run first, while the machine
is otherwise idle; the others get ``ctx.server`` (the app under uvicorn, seeded database).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from bench.config import BenchConfig
from bench.server import Server
from bench.stats import percentiles


@dataclass
class BackendContext:
    backend: str  # "sqlite" | "postgres"
    url: str  # SQLAlchemy async URL of the seeded database
    cfg: BenchConfig
    server: Server | None = None


@dataclass
class Latency:
    """One row of the results table: a scenario's latency at one client concurrency."""

    scenario: str
    backend: str
    concurrency: int
    samples: int
    errors: int
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    mean_ms: float | None
    max_ms: float | None
    first_error: str | None = None
    kind: str = "http"  # "http": client-side latency; "sql": in-process query time

    @classmethod
    def of(
        cls, scenario: str, backend: str, concurrency: int, samples_ms: list[float], **extra: Any
    ) -> Latency:
        p = percentiles(samples_ms)
        return cls(
            scenario=scenario,
            backend=backend,
            concurrency=concurrency,
            samples=len(samples_ms),
            errors=extra.pop("errors", 0),
            p50_ms=p["p50"],
            p95_ms=p["p95"],
            p99_ms=p["p99"],
            mean_ms=p["mean"],
            max_ms=p["max"],
            **extra,
        )


@dataclass
class ScenarioResult:
    name: str
    latencies: list[Latency] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)


class Scenario(Protocol):
    NAME: str
    NEEDS_SERVER: bool

    def run(self, ctx: BackendContext) -> ScenarioResult: ...


class GlobalScenario(Protocol):
    """A scenario that runs once, not per backend (it brings its own database)."""

    NAME: str

    def run(self, cfg: BenchConfig) -> ScenarioResult: ...


def target(
    name: str, value: float | None, unit: str, goal: str, met: bool | None, note: str = ""
) -> dict[str, Any]:
    """One row of the targets table; ``met`` None: a figure measured, with no target."""
    return {"name": name, "value": value, "unit": unit, "goal": goal, "met": met, "note": note}
