"""What the web dashboard adds to the memory of `linkedin-bot serve` (target: under 30 MB).

`serve` is started twice on the seeded database, once with the dashboard off
(``LINKEDIN_BOT_DASHBOARD_ENABLED=false``) and once on. Each is warmed the same way: the
JSON API's lists, and with the dashboard on, a sign-in then every dashboard page (and a
run's and a contact's page when the database has them) ``--dashboard-rounds`` times, as a
person clicking around all day would. The figure is the difference of the serve process's
RSS and USS (its own pages: what stopping it would free) after the warm-up.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import httpx
import psutil

from bench import server
from bench.campaign_worker import ENCRYPTION_KEY
from bench.config import API_KEY
from bench.scenarios.base import BackendContext, ScenarioResult, target

NAME = "dashboard_memory"
NEEDS_SERVER = False
CLI = Path(sys.executable).parent / "linkedin-bot"
MB = 1024 * 1024
TARGET_MB = 30.0
PAGES = ("/", "/runs", "/people", "/templates", "/sourcing", "/settings")
API_LISTS = ("/contacts?limit=50", "/campaigns/runs?limit=50", "/interactions?limit=50")


def _memory(process: psutil.Process) -> tuple[float, float]:
    info = process.memory_full_info()
    return info.rss / MB, info.uss / MB


def _pages(client: httpx.Client) -> list[str]:
    """The dashboard's pages, with one run and one contact when there are some."""
    pages = list(PAGES)
    runs = client.get("/campaigns/runs?limit=1", headers={"X-API-Key": API_KEY}).json()
    contacts = client.get("/contacts?limit=1", headers={"X-API-Key": API_KEY}).json()
    if runs.get("items"):
        pages.append(f"/runs/{runs['items'][0]['id']}")
    if contacts.get("items"):
        pages.append(f"/people/{contacts['items'][0]['id']}")
    return pages


def _warm(base_url: str, dashboard: bool, rounds: int) -> dict[str, int]:
    statuses: dict[str, int] = {}
    with httpx.Client(base_url=base_url, timeout=30) as client:
        for _ in range(rounds):
            for path in API_LISTS:
                client.get(path, headers={"X-API-Key": API_KEY})
        if not dashboard:
            return statuses
        signed = client.post("/sign-in", data={"credential": API_KEY}, headers={"Origin": base_url})
        if signed.status_code != 303:
            raise RuntimeError(f"sign-in answered {signed.status_code}")
        pages = _pages(client)
        for _ in range(rounds):
            for path in pages:
                answer = client.get(path)
                statuses[path] = answer.status_code
                if answer.status_code == 200 and "text/html" in answer.headers["content-type"]:
                    # the static files a browser would fetch with the page
                    for asset in set(re.findall(r'"(/static/[^"?]+)', answer.text)):
                        client.get(asset)
    return statuses


def _measure(
    ctx: BackendContext, tmp: Path, dashboard: bool
) -> tuple[float, float, dict[str, int]]:
    port = server.free_port()
    started = server.start(
        ctx.url,
        tmp,
        command=[str(CLI), "serve", "--host", "127.0.0.1", "--port", str(port)],
        port=port,
        extra_env={
            "LINKEDIN_BOT_ENCRYPTION_KEY": ENCRYPTION_KEY,
            "LINKEDIN_BOT_SCHEDULER_ENABLED": "false",
            "LINKEDIN_BOT_DASHBOARD_ENABLED": "true" if dashboard else "false",
            "LINKEDIN_BOT_LINKEDIN_BASE_URL": f"http://127.0.0.1:{server.free_port()}",
        },
    )
    try:
        statuses = _warm(started.base_url, dashboard, ctx.cfg.dashboard_rounds)
        rss, uss = _memory(psutil.Process(started.process.pid))
    finally:
        started.stop()
    return rss, uss, statuses


def run(ctx: BackendContext) -> ScenarioResult:
    with tempfile.TemporaryDirectory(prefix="linkedin-bench-dashboard-") as tmp:
        off_rss, off_uss, _ = _measure(ctx, Path(tmp), dashboard=False)
        on_rss, on_uss, statuses = _measure(ctx, Path(tmp), dashboard=True)
    added_rss, added_uss = on_rss - off_rss, on_uss - off_uss
    failed = {path: status for path, status in statuses.items() if status != 200}
    note = (
        f"serve RSS {off_rss:.1f} MB without, {on_rss:.1f} MB with the dashboard after "
        f"{ctx.cfg.dashboard_rounds} rounds of {len(statuses)} pages; USS {off_uss:.1f} → "
        f"{on_uss:.1f} MB"
    )
    if failed:
        note += f"; pages not 200: {failed}"
    return ScenarioResult(
        NAME,
        details={
            "without_rss_mb": off_rss,
            "with_rss_mb": on_rss,
            "without_uss_mb": off_uss,
            "with_uss_mb": on_uss,
            "statuses": statuses,
            "checks": [
                target(
                    "memory the dashboard adds to `serve` (RSS, after every page)",
                    added_rss,
                    "MB",
                    f"< {TARGET_MB:.0f}",
                    added_rss < TARGET_MB and not failed,
                    note,
                ),
                target(
                    "memory the dashboard adds to `serve` (USS)",
                    added_uss,
                    "MB",
                    f"< {TARGET_MB:.0f}",
                    added_uss < TARGET_MB and not failed,
                ),
            ],
        },
    )
