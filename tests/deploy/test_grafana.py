"""The Grafana dashboard and its provisioning: valid JSON, the plan's five views, queries
that Prometheus can parse."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from tests.deploy.conftest import COMPOSE, DASHBOARD, DEPLOY, run_tool
from tests.deploy.sources import dashboard_expressions

PROVISIONING = DEPLOY / "grafana" / "provisioning"
FIVE_VIEWS = ["Campaign health", "Quota usage", "Errors", "API latency", "Circuit breaker"]


def _dashboard() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return data


def test_dashboard_is_valid_grafana_json() -> None:
    """The dashboard has a fixed uid, a recent schema, and every panel has an id and a
    place on the grid inside the 24 columns; ids are unique."""
    dashboard = _dashboard()
    assert dashboard["uid"] == "linkedin-bot"
    assert dashboard["schemaVersion"] >= 36
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    for panel in dashboard["panels"]:
        grid = panel["gridPos"]
        assert min(grid["w"], grid["h"], grid["x"], grid["y"]) >= 0, panel["title"]
        assert grid["w"] * grid["h"] > 0, panel["title"]
        assert grid["x"] + grid["w"] <= 24, panel["title"]


def test_panels_do_not_overlap() -> None:
    """No two panels claim the same cell of the grid."""
    taken: dict[tuple[int, int], str] = {}
    for panel in _dashboard()["panels"]:
        grid = panel["gridPos"]
        for x in range(grid["x"], grid["x"] + grid["w"]):
            for y in range(grid["y"], grid["y"] + grid["h"]):
                assert (x, y) not in taken, f"{panel['title']} overlaps {taken[(x, y)]}"
                taken[(x, y)] = panel["title"]


def test_dashboard_has_the_plan_five_views() -> None:
    """Rows for campaign health, quota usage, errors, API latency and the circuit
    breaker, in that order, each followed by at least one panel."""
    panels = _dashboard()["panels"]
    rows = [p["title"] for p in panels if p["type"] == "row"]
    assert rows == FIVE_VIEWS
    for index, panel in enumerate(panels):
        if panel["type"] == "row":
            assert index + 1 < len(panels)
            assert panels[index + 1]["type"] != "row"


def test_api_latency_view_shows_p50_p95_p99_by_route() -> None:
    """The latency panels compute the three quantiles from the API histogram, by route."""
    exprs = [e for e in dashboard_expressions().values() if "api_request_duration" in e]
    for quantile in ("0.5", "0.95", "0.99"):
        assert any(
            f"histogram_quantile({quantile}," in e and "by (le, route)" in e for e in exprs
        ), quantile


def test_panels_use_the_datasource_variable() -> None:
    """Every panel and query names its datasource through the ${datasource} variable,
    which the dashboard defines, so that it works with any Prometheus uid."""
    dashboard = _dashboard()
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource"
    assert variables["datasource"]["query"] == "prometheus"
    for panel in dashboard["panels"]:
        if panel["type"] == "row":
            continue
        assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
        for target in panel["targets"]:
            assert target["datasource"]["uid"] == "${datasource}"


def test_dashboard_queries_parse_as_promql(promtool: str, tmp_path: Path) -> None:
    """Every panel query is valid PromQL: promtool checks them as recording rules."""
    rules = [
        {"record": f"dashboard:query_{i}", "expr": expr}
        for i, expr in enumerate(dashboard_expressions().values())
    ]
    path = tmp_path / "dashboard_rules.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    result = run_tool(promtool, "check", "rules", path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_provisioning_points_at_the_mounted_files() -> None:
    """The datasource uid is the dashboard's default, and the dashboard provider reads the
    directory where docker-compose.yml mounts deploy/grafana/dashboards."""
    datasources = yaml.safe_load((PROVISIONING / "datasources" / "prometheus.yml").read_text())
    (source,) = datasources["datasources"]
    assert source["type"] == "prometheus"
    assert source["uid"] == _dashboard()["templating"]["list"][0]["current"]["value"]
    providers = yaml.safe_load((PROVISIONING / "dashboards" / "dashboards.yml").read_text())
    path = providers["providers"][0]["options"]["path"]
    grafana = yaml.safe_load(COMPOSE.read_text())["services"]["grafana"]
    assert f"./deploy/grafana/dashboards:{path}:ro" in grafana["volumes"]
    assert "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro" in grafana["volumes"]
