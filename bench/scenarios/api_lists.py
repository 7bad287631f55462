"""GET /contacts and /interactions through the real app under uvicorn, from another process."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from bench.config import API_KEY
from bench.scenarios.base import BackendContext, Latency, ScenarioResult
from bench.scenarios.db import resolve_targets
from bench.server import REPO, child_env

NAME = "api_lists"
NEEDS_SERVER = True


def _load(ctx: BackendContext, spec: dict[str, Any]) -> list[dict[str, Any]]:
    assert ctx.server is not None
    done = subprocess.run(
        [sys.executable, "-m", "bench.loadgen"],
        input=json.dumps(spec).encode(),
        capture_output=True,
        env=child_env(ctx.url, REPO),
        cwd=REPO,
        check=False,
        timeout=1800,
    )
    if done.returncode != 0:
        raise RuntimeError(f"load client failed: {done.stderr.decode()[-2000:]}")
    results: list[dict[str, Any]] = json.loads(done.stdout)["results"]
    return results


def run(ctx: BackendContext) -> ScenarioResult:
    assert ctx.server is not None
    targets, notes = resolve_targets(ctx.url)
    spec = {
        "base_url": ctx.server.base_url,
        "api_key": API_KEY,
        "warmup": ctx.cfg.warmup,
        "requests": ctx.cfg.requests,
        "concurrency": list(ctx.cfg.concurrency),
        "targets": [t.spec() for t in targets],
    }
    result = ScenarioResult(NAME, details={"targets": [t.spec() for t in targets], **notes})
    for row in _load(ctx, spec):
        result.latencies.append(
            Latency.of(
                row["name"],
                ctx.backend,
                row["concurrency"],
                row["latencies_ms"],
                errors=row["errors"],
                first_error=row["first_error"],
            )
        )
    return result
