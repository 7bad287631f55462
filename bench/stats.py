"""Percentiles of a latency sample."""

from __future__ import annotations

import statistics


def percentiles(samples_ms: list[float]) -> dict[str, float | None]:
    """p50/p95/p99 (inclusive quantiles, interpolated), mean and max, in ms."""
    if not samples_ms:
        return {"p50": None, "p95": None, "p99": None, "mean": None, "max": None}
    if len(samples_ms) == 1:
        only = samples_ms[0]
        return {"p50": only, "p95": only, "p99": only, "mean": only, "max": only}
    cuts = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return {
        "p50": cuts[49],
        "p95": cuts[94],
        "p99": cuts[98],
        "mean": statistics.fmean(samples_ms),
        "max": max(samples_ms),
    }
