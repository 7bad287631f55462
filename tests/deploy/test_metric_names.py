"""Dashboards and alerts read only metrics that the application really exports."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY
from prometheus_client.metrics_core import Metric

import linkedin_bot.core.metrics  # noqa: F401  (registers the application's metrics)
from tests.deploy.promql import base_name, metric_names
from tests.deploy.sources import alert_expressions, dashboard_expressions

# Series that Prometheus itself writes for every scrape target, not the application.
PROMETHEUS_SERIES = frozenset({"up"})


def _families() -> list[Metric]:
    return [f for f in REGISTRY.collect() if f.name.startswith("linkedin_")]


def exported_names() -> set[str]:
    """The names of the application's metrics as /metrics shows them (counters with
    ``_total``; histograms by their own name, series ``_bucket``/``_count``/``_sum``)."""
    return {f.name + "_total" if f.type == "counter" else f.name for f in _families()}


def exported_histograms() -> set[str]:
    return {f.name for f in _families() if f.type == "histogram"}


def unknown_metrics(expressions: dict[str, str], known: set[str]) -> dict[str, set[str]]:
    """Per expression, the names it reads that are neither a metric of ``known`` nor a
    series of one of the application's histograms (nor Prometheus's own ``up``)."""
    histograms = exported_histograms()
    unknown: dict[str, set[str]] = {}
    for where, expr in expressions.items():
        bad = {
            name
            for name in metric_names(expr)
            if name not in known and not (base_name(name) != name and base_name(name) in histograms)
        }
        bad -= PROMETHEUS_SERIES
        if bad:
            unknown[where] = bad
    return unknown


def test_the_application_exports_its_metrics() -> None:
    """Importing the metrics module registers the plan's metrics (at least 15 linkedin_)."""
    names = exported_names()
    assert len(names) >= 15
    assert {
        "linkedin_birthday_messages_sent_total",
        "linkedin_api_request_duration_seconds",
        "linkedin_rate_limit_remaining",
        "linkedin_contacts_processed_total",
        "linkedin_errors_total",
    } <= names


def test_alert_rules_name_only_exported_metrics() -> None:
    """Every metric named in alerts.yml is one linkedin_bot.core.metrics defines."""
    expressions = alert_expressions()
    assert expressions
    assert unknown_metrics(expressions, exported_names()) == {}


def test_dashboard_queries_name_only_exported_metrics() -> None:
    """Every metric named by a dashboard panel's query is one the application defines."""
    expressions = dashboard_expressions()
    assert len(expressions) >= 15
    assert unknown_metrics(expressions, exported_names()) == {}


def test_every_exported_metric_is_on_the_dashboard() -> None:
    """No metric of the application is left out of the dashboard."""
    shown = {base_name(n) for e in dashboard_expressions().values() for n in metric_names(e)}
    assert {base_name(n) for n in exported_names()} - shown == set()


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ('up{job="linkedin-bot"} == 0', {"up"}),
        (
            "histogram_quantile(0.95, sum by (le, route) "
            "(rate(linkedin_api_request_duration_seconds_bucket[5m])))",
            {"linkedin_api_request_duration_seconds_bucket"},
        ),
        (
            'time() - linkedin_last_successful_run_timestamp_seconds{kind="birthday"} > 26 * 3600'
            ' or absent(linkedin_last_successful_run_timestamp_seconds{kind="birthday"})',
            {"linkedin_last_successful_run_timestamp_seconds"},
        ),
        (
            "sum by (job) (a_total unless a_total offset 1h) > 0 and on () hour() < 10",
            {"a_total"},
        ),
        ('label_replace(x, "dst", "$1", "src", "(.*)")', {"x"}),
    ],
)
def test_metric_name_extraction(expr: str, expected: set[str]) -> None:
    """The extractor finds the metrics of an expression and nothing else (no functions,
    keywords, labels, durations or strings)."""
    assert metric_names(expr) == expected


def test_the_check_bites_on_a_misspelt_metric() -> None:
    """A panel reading a metric the application does not define is reported, by name."""
    broken = {
        "misspelt": "sum(rate(linkedin_error_total[5m])) / sum(linkedin_active_runs)",
        "counter without _total": "rate(linkedin_errors[5m])",
        "bucket of a gauge": "linkedin_active_runs_bucket",
    }
    assert unknown_metrics(broken, exported_names()) == {
        "misspelt": {"linkedin_error_total"},
        "counter without _total": {"linkedin_errors"},
        "bucket of a gauge": {"linkedin_active_runs_bucket"},
    }
