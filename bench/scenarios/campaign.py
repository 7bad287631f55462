"""A birthday campaign of N contacts (1,000 by default) against the simulator, pacing zeroed.

Three processes: the simulator (``python -m sim``), the bot (``bench.campaign_worker``:
the real runtime, real headless Chromium, a fresh SQLite file) and this one, which samples
the bot process and all its descendants (the browser) every 150 ms with psutil for the
peak; the bot measures itself (psutil, same tree) in its progress callback after every
100th message, after the message that is 10% of N (contact 100) and after the last one
(contact 1,000). Growth between those two is the leak check.

The daily message limit is at most 500 (its validated maximum) and so is the per-run
limit: 1,000 wishes are two runs on two consecutive simulated days (the clock and the
simulator's date move together), the second run seeing every birthday as one day late and
skipping, without a browser action, the 500 already wished. Each run opens its own browser,
as in production.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from bench import sim_process
from bench.config import BenchConfig
from bench.memory import Sampler, Snapshot
from bench.scenarios.base import ScenarioResult, target
from bench.server import REPO

NAME = "campaign"
TODAY = date(2026, 6, 15)
PER_DAY = 500  # the settings' maximum of daily_message_limit and per_run_message_limit
BATCH = 10  # cards per lazy-loaded batch of the simulator's birthdays list
PEAK_TARGET_MB, PEAK_AIM_MB, GROWTH_TARGET = 400.0, 350.0, 0.10
WORKER_TIMEOUT_S = 1800


def _plan(contacts: int) -> list[dict[str, int]]:
    """Runs on consecutive days, each of at most PER_DAY messages."""
    return [
        {"day_offset": day, "max_days_late": day} for day in range(math.ceil(contacts / PER_DAY))
    ]


def _snapshot_json(snap: Snapshot | None, pss: float | None = None) -> dict[str, Any] | None:
    if snap is None:
        return None
    return {
        "rss_mb": round(snap.rss_mb, 1),
        "python_rss_mb": round(snap.main_rss_mb, 1),
        "browser_rss_mb": round(snap.rss_mb - snap.main_rss_mb, 1),
        "processes": snap.processes,
        "pss_mb": None if pss is None else round(pss, 1),
    }


class _Watch:
    """Reads the worker's events, and the memory it measured on the milestones."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.at: dict[int, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self.first_sent_t: float | None = None

    def follow(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if not line.startswith("BENCH "):
                continue
            event = json.loads(line[6:])
            if event["event"] != "sent":
                self.events.append(event)
                continue
            if self.first_sent_t is None:
                self.first_sent_t = event["t"]
            memory = event.get("memory")
            if memory and memory["snapshot"]:
                snap = Snapshot(**memory["snapshot"])
                by_kind = memory["by_type_pss_mb"]
                self.at[event["n"]] = _snapshot_json(snap, sum(by_kind.values())) or {}
                self.at[event["n"]] |= {"t": event["t"], "by_type_pss_mb": by_kind}


def _phases(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per run: browser start + session check, reading the list, the sends."""
    runs: list[dict[str, Any]] = []
    current: dict[str, Any] = {}
    for event in events:
        kind = event["event"]
        if kind == "run.start":
            current = {"run": event["run"], "day": event["day"], "t0": event["t"]}
        elif kind == "session.valid":
            current["session_s"] = event["t"] - current["t0"]
            current["t1"] = event["t"]
        elif kind == "birthdays.found":
            current["found"] = event["count"]
            current["list_read_s"] = event["t"] - current.get("t1", current["t0"])
            current["t2"] = event["t"]
        elif kind == "run.end":
            current |= {
                "status": event["status"],
                "stats": event["stats"],
                "error": event["error"],
                "total_s": event["t"] - current["t0"],
                "after_list_s": event["t"] - current.get("t2", current["t0"]),
            }
            runs.append({k: v for k, v in current.items() if not k.startswith("t")})
            runs[-1]["total_s"] = current["total_s"]
    return runs


def _measure(contacts: int, workdir: Path) -> dict[str, Any]:
    sim = sim_process.start(
        workdir / "sim.log", today=TODAY, connections=contacts, birthdays_today=contacts
    )
    spec: dict[str, Any] = {
        "sim_url": sim.base_url,
        "li_at": sim.li_at,
        "data_dir": str(workdir / "bot"),
        "database_url": f"sqlite+aiosqlite:///{workdir / 'bot.db'}",
        "today": TODAY.isoformat(),
        "runs": _plan(contacts),
        "max_scrolls": contacts // BATCH + 20,  # the default (80) stops near 800 cards
    }
    early = max(1, contacts // 10)
    milestones = {early, contacts} | set(range(100, contacts + 1, 100))
    spec["milestones"] = sorted(milestones)
    stderr_path = workdir / "worker.log"
    try:
        started = time.monotonic()
        with stderr_path.open("w") as stderr:
            process = subprocess.Popen(
                [sys.executable, "-m", "bench.campaign_worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                cwd=REPO,
            )
            assert process.stdin is not None
            sampler = Sampler(process.pid).start()
            process.stdin.write(json.dumps(spec))
            process.stdin.close()
            watch = _Watch(process)
            watch.follow()
            code = process.wait(timeout=WORKER_TIMEOUT_S)
            sampler.stop()
        wall_s = time.monotonic() - started
        if code != 0:
            raise RuntimeError(f"campaign worker failed: {stderr_path.read_text()[-3000:]}")
        delivered = sim.messages()
    finally:
        sim.stop()
    runs = _phases(watch.events)
    sent = sum(int(r["stats"].get("sent", 0)) for r in runs)
    send_s = sum(r["after_list_s"] for r in runs)
    return {
        "contacts": contacts,
        "runs": runs,
        "sent": sent,
        "delivered_by_simulator": delivered,
        "wall_s": wall_s,
        "ms_per_contact": wall_s * 1000 / max(sent, 1),
        "ms_per_contact_sending": send_s * 1000 / max(sent, 1),
        "peak": _snapshot_json(sampler.peak),
        "peak_python_rss_mb": round(sampler.peak_main_rss_mb, 1),
        "max_processes": sampler.max_processes,
        "cpu_s": sampler.cpu_by_kind(),
        "samples": sampler.samples,
        "early_milestone": early,
        "memory_at": {str(k): v for k, v in sorted(watch.at.items())},
        "max_scrolls": spec["max_scrolls"],
    }


def _growth(details: dict[str, Any]) -> tuple[float | None, int | None, str]:
    """RSS growth from the early milestone to the last one measured with the browser whole.

    Results written before the worker measured its own memory (it was sampled from outside,
    a moment late) may hold a last sample taken while the run was closing its browser; such
    a sample (no renderer left) is not comparable and the milestone before it is used.
    """
    at = details["memory_at"]
    first = at.get(str(details["early_milestone"]))
    whole = [int(n) for n, m in at.items() if "renderer" in m.get("by_type_pss_mb", {})]
    if not first or not whole:
        return None, None, "no memory sample"
    last_n = max(whole)
    note = ""
    if last_n != details["contacts"]:
        note = (
            f"the sample after message {details['contacts']} was taken while the browser was "
            f"closing (no renderer): compared with message {last_n} instead"
        )
    last = at[str(last_n)]
    return (last["rss_mb"] - first["rss_mb"]) / first["rss_mb"], last_n, note


def checks(details: dict[str, Any]) -> list[dict[str, Any]]:
    contacts, early = details["contacts"], details["early_milestone"]
    peak = details["peak"]["rss_mb"] if details["peak"] else None
    growth, last_n, growth_note = _growth(details)
    details["rss_growth"] = growth
    pss = {n: m.get("pss_mb") for n, m in details["memory_at"].items()}
    return [
        target(
            f"campaign: messages delivered ({contacts} birthdays)",
            details["delivered_by_simulator"],
            "",
            f"= {contacts}",
            details["delivered_by_simulator"] == contacts == details["sent"],
        ),
        target(
            "campaign: ms per contact (wall, both runs / sent)",
            details["ms_per_contact"],
            "ms",
            "measure",
            None,
        ),
        target(
            "campaign: peak RSS, bot + browser processes",
            peak,
            "MB",
            f"< {PEAK_TARGET_MB:g} MB (aim {PEAK_AIM_MB:g})",
            peak is not None and peak < PEAK_TARGET_MB,
            f"PSS (shared pages counted once) at the milestones: "
            f"{min(v for v in pss.values() if v)} to {max(v for v in pss.values() if v)} MB",
        ),
        target(
            f"campaign: RSS growth, contact {early} → {last_n}",
            None if growth is None else growth * 100,
            "%",
            f"< {GROWTH_TARGET * 100:g} %",
            growth is not None and growth < GROWTH_TARGET,
            growth_note,
        ),
    ]


def run(cfg: BenchConfig) -> ScenarioResult:
    with tempfile.TemporaryDirectory(prefix="linkedin-bench-campaign-") as tmp:
        details = _measure(cfg.campaign_contacts, Path(tmp))
    details["checks"] = checks(details)
    return ScenarioResult(NAME, details=details)
