"""Prometheus metrics, defined once at module level (``linkedin_<noun>_<unit>``)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

HTTP_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)

API_REQUEST_DURATION = Histogram(
    "linkedin_api_request_duration_seconds",
    "HTTP API request latency, by route template.",
    ["method", "route", "status"],
    buckets=HTTP_BUCKETS,
)
ERRORS = Counter(
    "linkedin_errors_total",
    "Errors, by type and service.",
    ["type", "service"],
)
