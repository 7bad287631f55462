"""100 concurrent ``POST /campaigns/birthday`` against the served app: one run is accepted
(202), every other request is refused (409), and the database holds one new run.

The app runs under uvicorn in its own process, the burst comes from another
(``bench.post_burst``). LinkedIn is a local simulator (its own process), answering each
page 1.5 s late while the burst lasts: the accepted run must still be active when the last
answer comes back, or a second 202 would be legitimate and the count would prove nothing.
The run holds a valid session of the simulator: it starts a browser, as in production, and
ends once the simulator is fast again (no birthdays there: it succeeds, sending nothing).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx

from bench import server, sim_process
from bench.campaign_worker import ENCRYPTION_KEY
from bench.config import API_KEY
from bench.scenarios.base import BackendContext, Latency, ScenarioResult, target
from bench.scenarios.ledger import _sql
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.enums import ACTIVE_RUN_STATUSES
from linkedin_bot.linkedin.auth import import_session

NAME = "post_campaign"
NEEDS_SERVER = False
SLOW_PAGE_MS = 1500
RUN_END_TIMEOUT_S = 120.0


def _max_run_id(url: str) -> int:
    return int(asyncio.run(_sql(url, "SELECT coalesce(max(id), 0) FROM campaign_runs"))[0][0])


def _burst(base_url: str, requests: int) -> dict[str, Any]:
    spec = {
        "base_url": base_url,
        "api_key": API_KEY,
        "requests": requests,
        "body": {"force": True},
    }
    done = subprocess.run(
        [sys.executable, "-m", "bench.post_burst"],
        input=json.dumps(spec).encode(),
        capture_output=True,
        cwd=server.REPO,
        check=False,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"burst client failed: {done.stderr.decode()[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _wait_for_end(base_url: str, run_id: int) -> dict[str, Any]:
    deadline = time.monotonic() + RUN_END_TIMEOUT_S
    with httpx.Client(base_url=base_url, headers={"X-API-Key": API_KEY}, timeout=10) as client:
        while True:
            run: dict[str, Any] = client.get(f"/campaigns/runs/{run_id}").json()
            if run["status"] not in ACTIVE_RUN_STATUSES or time.monotonic() > deadline:
                return run
            time.sleep(0.2)


def _measure(ctx: BackendContext, workdir: Path) -> dict[str, Any]:
    sim = sim_process.start(workdir / "sim.log", today=date.today())
    try:
        httpx.put(f"{sim.base_url}/__sim/faults", json={"slow_ms": SLOW_PAGE_MS}, timeout=10)
        data_dir = workdir / "data"
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            data_dir=data_dir,
            encryption_key=ENCRYPTION_KEY,
            linkedin_base_url=sim.base_url,
        )
        import_session(settings, sim.li_at)
        before = _max_run_id(ctx.url)
        app = server.start(
            ctx.url,
            data_dir,
            extra_env={
                "LINKEDIN_BOT_ENCRYPTION_KEY": ENCRYPTION_KEY,
                "LINKEDIN_BOT_LINKEDIN_BASE_URL": sim.base_url,
                "LINKEDIN_BOT_SCHEDULER_ENABLED": "false",
                "LINKEDIN_BOT_PACING_ENABLED": "false",
            },
        )
        try:
            burst = _burst(app.base_url, ctx.cfg.post_requests)
            accepted = [r["run_id"] for r in burst["results"] if r["status"] == 202]
            httpx.put(f"{sim.base_url}/__sim/faults", json={"slow_ms": 0}, timeout=10)
            runs = [_wait_for_end(app.base_url, run_id) for run_id in accepted]
        finally:
            app.stop()
    finally:
        sim.stop()
    created = _max_run_id(ctx.url) - before
    burst_end = datetime.fromtimestamp(burst["ended_at"]).astimezone()
    still_active = all(
        r.get("finished_at") and datetime.fromisoformat(r["finished_at"]) > burst_end for r in runs
    )
    statuses = Counter(r["status"] for r in burst["results"])
    return {
        "requests": len(burst["results"]),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "latencies_ms": [r["ms"] for r in burst["results"]],
        "runs_created_in_database": created,
        "accepted_runs": runs,
        "accepted_run_active_until_last_answer": still_active,
        "slow_page_ms": SLOW_PAGE_MS,
    }


def run(ctx: BackendContext) -> ScenarioResult:
    with tempfile.TemporaryDirectory(prefix="linkedin-bench-post-") as tmp:
        details = _measure(ctx, Path(tmp))
    samples = details.pop("latencies_ms")
    latency = Latency.of(
        "POST /campaigns/birthday, all at once", ctx.backend, len(samples), samples, kind="burst"
    )
    statuses, n = details["statuses"], details["requests"]
    accepted, refused = statuses.get("202", 0), statuses.get("409", 0)
    others = n - accepted - refused
    details["checks"] = [
        target(
            f"POST /campaigns/birthday x{n}: 202 accepted",
            accepted,
            "",
            "= 1",
            accepted == 1 and details["runs_created_in_database"] == 1,
            f"{details['runs_created_in_database']} run(s) created in the database; the run was "
            + ("still" if details["accepted_run_active_until_last_answer"] else "NOT")
            + " active at the last answer",
        ),
        target(f"POST x{n}: 409 refused", refused, "", f"= {n - 1}", refused == n - 1),
        target(f"POST x{n}: other statuses", others, "", "= 0", others == 0),
        target(f"POST x{n}: p95 latency", latency.p95_ms, "ms", "measure", None),
    ]
    return ScenarioResult(NAME, [latency], details)
