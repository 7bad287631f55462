"""Cold start of ``linkedin-bot serve``: process spawned until ``/ready`` answers 200, on the
seeded database (migrations already at head: the check is part of the start), median of
``--cold-starts`` starts. The scheduler is off and LinkedIn points at an unused loopback
port: nothing is started in the background, nothing leaves the machine."""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from bench import server
from bench.campaign_worker import ENCRYPTION_KEY
from bench.scenarios.base import BackendContext, ScenarioResult, target

NAME = "cold_start"
NEEDS_SERVER = False
CLI = Path(sys.executable).parent / "linkedin-bot"


def run(ctx: BackendContext) -> ScenarioResult:
    starts: list[float] = []
    with tempfile.TemporaryDirectory(prefix="linkedin-bench-serve-") as tmp:
        for _ in range(ctx.cfg.cold_starts):
            port = server.free_port()
            started = server.start(
                ctx.url,
                Path(tmp),
                command=[str(CLI), "serve", "--host", "127.0.0.1", "--port", str(port)],
                port=port,
                extra_env={
                    "LINKEDIN_BOT_ENCRYPTION_KEY": ENCRYPTION_KEY,
                    "LINKEDIN_BOT_SCHEDULER_ENABLED": "false",
                    "LINKEDIN_BOT_LINKEDIN_BASE_URL": f"http://127.0.0.1:{server.free_port()}",
                },
            )
            started.stop()
            starts.append(started.cold_start_s)
    median = statistics.median(starts)
    return ScenarioResult(
        NAME,
        details={
            "starts_s": starts,
            "median_s": median,
            "checks": [
                target(
                    f"cold start: `linkedin-bot serve` → /ready 200 (median of {len(starts)})",
                    median * 1000,
                    "ms",
                    "measure",
                    None,
                    "starts: " + ", ".join(f"{s:.2f} s" for s in starts),
                )
            ],
        },
    )
