"""The Dockerfile (hadolint clean, what the image promises) and docker-compose.yml."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from tests.deploy.conftest import COMPOSE, DOCKERFILE, ROOT, run_tool

OPTIONAL_SERVICES = {
    "redis": "scale-out",
    "postgres": "scale-out",
    "prometheus": "monitoring",
    "grafana": "monitoring",
}


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    found = []
    for raw in text.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def _final_stage() -> list[tuple[str, str]]:
    instructions = _instructions()
    last_from = max(i for i, (k, _) in enumerate(instructions) if k == "FROM")
    return instructions[last_from:]


def _compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return data


def test_dockerfile_is_hadolint_clean(hadolint: Path) -> None:
    """hadolint reports nothing on the Dockerfile, at its strictest threshold."""
    result = run_tool(hadolint, "--failure-threshold", "style", DOCKERFILE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_image_is_built_from_debian_python_with_debian_headless_chromium() -> None:
    """Every stage starts from python:3.11-slim-bookworm (multi-arch: amd64 and arm64), the
    browser is Debian's Chromium headless shell and Playwright does not download its own."""
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert "ARG PYTHON_IMAGE=python:3.11-slim-bookworm" in text
    froms = [args for keyword, args in _instructions() if keyword == "FROM"]
    assert froms
    assert all(args.startswith("${PYTHON_IMAGE}") for args in froms)
    assert re.search(r"apt-get install [^&]*\bchromium-headless-shell\b", text)
    assert "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1" in text
    assert "LINKEDIN_BOT_BROWSER_EXECUTABLE=/usr/bin/chromium-headless-shell" in text


def test_image_installs_exactly_the_locked_dependencies() -> None:
    """The locked requirements are installed with --require-hashes, then the package alone."""
    runs = [args for keyword, args in _instructions() if keyword == "RUN"]
    locked = [i for i, r in enumerate(runs) if "--require-hashes -r requirements/main.txt" in r]
    package = [i for i, r in enumerate(runs) if re.search(r"pip install .*--no-deps \.$", r)]
    assert locked
    assert package
    assert locked[0] < package[0]


def test_image_runs_as_non_root_with_data_volume_and_healthcheck() -> None:
    """The final stage runs as a non-root user, keeps its data in the /data volume, listens
    on all interfaces, probes /health with Python and starts `linkedin-bot serve`."""
    final = _final_stage()
    users = [args for keyword, args in final if keyword == "USER"]
    assert users
    assert users[-1].split(":")[0] not in {"root", "0"}
    assert ("VOLUME", '["/data"]') in final
    env = " ".join(args for keyword, args in final if keyword == "ENV")
    assert "LINKEDIN_BOT_DATA_DIR=/data" in env
    assert "LINKEDIN_BOT_HOST=0.0.0.0" in env
    (healthcheck,) = [args for keyword, args in final if keyword == "HEALTHCHECK"]
    assert '"python"' in healthcheck
    assert "/health" in healthcheck
    assert final[-1] == ("CMD", '["linkedin-bot", "serve"]')


def test_dockerignore_keeps_data_and_secrets_out() -> None:
    """The build context leaves out the virtualenv, local data, .env and git history."""
    ignored = set((ROOT / ".dockerignore").read_text(encoding="utf-8").split())
    assert {".venv", ".env", "data/", "*.db", ".git"} <= ignored


def test_compose_file_parses_and_app_keeps_data_in_a_named_volume() -> None:
    """docker-compose.yml is YAML; the app is built from the Dockerfile and keeps /data
    (SQLite, keys, session) in a named volume declared at the top level."""
    compose = _compose()
    app = compose["services"]["app"]
    assert app["build"] == "."
    volume, _, target = app["volumes"][0].partition(":")
    assert target == "/data"
    assert volume in compose["volumes"]
    assert "profiles" not in app


def test_compose_app_has_a_healthcheck() -> None:
    """The app service has a healthcheck: its own, or the image's HEALTHCHECK (not
    disabled), since it is built from this Dockerfile."""
    app = _compose()["services"]["app"]
    if "healthcheck" in app:
        assert not app["healthcheck"].get("disable", False)
        assert "/health" in " ".join(app["healthcheck"]["test"])
    else:
        assert any(keyword == "HEALTHCHECK" for keyword, _ in _final_stage())


def test_compose_optional_services_sit_behind_profiles() -> None:
    """Redis, PostgreSQL, Prometheus and Grafana start only with their profile; the app
    does not need them to start."""
    services = _compose()["services"]
    for name, profile in OPTIONAL_SERVICES.items():
        assert services[name]["profiles"] == [profile], name
    for name, condition in services["app"].get("depends_on", {}).items():
        assert condition["required"] is False, name


def test_compose_publishes_ports_on_loopback_only() -> None:
    """No service is published on every interface: the API key is the only guard."""
    for name, service in _compose()["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), (name, port)


def test_compose_prometheus_uses_the_checked_config() -> None:
    """The Prometheus service runs with deploy/prometheus, the configuration promtool
    checks, and scrapes the app's service name."""
    prometheus = _compose()["services"]["prometheus"]
    assert "./deploy/prometheus:/etc/prometheus:ro" in prometheus["volumes"]
    config = yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text())
    targets = config["scrape_configs"][0]["static_configs"][0]["targets"]
    assert targets == ["app:8000"]
