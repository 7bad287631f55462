"""Prepare each backend (fresh database, migrate, seed), run the scenarios, report."""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench import datagen, machine, report, seed_postgres, seed_sqlite, server
from bench.config import BenchConfig
from bench.scenarios import GLOBAL_SCENARIOS, SCENARIOS
from bench.scenarios.base import BackendContext, ScenarioResult


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def _scenario_json(result: ScenarioResult) -> dict[str, Any]:
    return {
        "name": result.name,
        "latencies": [asdict(row) for row in result.latencies],
        "details": result.details,
    }


def _timed(results: list[ScenarioResult], label: str, call: Any) -> None:
    _log(f"{label}: start")
    started = time.perf_counter()
    result: ScenarioResult = call()
    result.details["scenario_s"] = time.perf_counter() - started
    result.details["loadavg"] = os.getloadavg()
    results.append(result)
    _log(f"{label}: done in {result.details['scenario_s']:.1f} s")


def _run_scenarios(ctx: BackendContext, workdir: Path, info: dict[str, Any]) -> None:
    results: list[ScenarioResult] = []
    # Other work on the machine skews every figure: record how busy it was.
    info["loadavg_before"] = os.getloadavg()
    chosen = [s for s in SCENARIOS if s.NAME not in ctx.cfg.skip]
    for scenario in (s for s in chosen if not s.NEEDS_SERVER):
        _timed(results, f"{ctx.backend}: {scenario.NAME}", lambda s=scenario: s.run(ctx))
    served = [s for s in chosen if s.NEEDS_SERVER]
    if served:
        ctx.server = server.start(ctx.url, workdir)
        info["cold_start_s"] = ctx.server.cold_start_s
        _log(f"{ctx.backend}: uvicorn ready in {ctx.server.cold_start_s:.2f} s")
        try:
            for scenario in served:
                _timed(results, f"{ctx.backend}: {scenario.NAME}", lambda s=scenario: s.run(ctx))
        finally:
            ctx.server.stop()
            ctx.server = None
    info["loadavg_after"] = os.getloadavg()
    info["scenarios"] = [_scenario_json(r) for r in results]


def _backend(name: str, cfg: BenchConfig, timeline: datagen.Timeline) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"linkedin-bench-{name}-") as tmp:
        workdir = Path(tmp)
        _log(f"{name}: seeding {cfg.contacts:,} contacts, {cfg.interactions:,} interactions")
        if name == "sqlite":
            url, seed = seed_sqlite.seed(workdir / "bench.db", cfg, timeline)
            info: dict[str, Any] = {"version": seed_sqlite.version()}
        else:
            info = {"version": seed_postgres.create_database(cfg.postgres_url)}
        try:
            if name == "postgres":
                url, seed = seed_postgres.seed(cfg.postgres_url, cfg, timeline)
            info["seed"] = seed
            _log(f"{name}: seeded in {seed['total_s']:.1f} s")
            _run_scenarios(BackendContext(name, url, cfg), workdir, info)
        finally:
            if name == "postgres":
                seed_postgres.drop_database(cfg.postgres_url)
    return info


def run(cfg: BenchConfig) -> dict[str, Any]:
    started = time.perf_counter()
    timeline = datagen.Timeline(end=float(int(time.time())))
    config = asdict(cfg) | {"results_dir": str(cfg.results_dir)}
    data: dict[str, Any] = {
        "config": config,
        "machine": machine.describe(),
        "backends": {},
        "scenarios": [],
    }
    if any(s.NAME not in cfg.skip for s in SCENARIOS):
        for name in cfg.backends:
            data["backends"][name] = _backend(name, cfg, timeline)
    results: list[ScenarioResult] = []
    for scenario in (s for s in GLOBAL_SCENARIOS if s.NAME not in cfg.skip):
        _timed(results, scenario.NAME, lambda s=scenario: s.run(cfg))
    data["scenarios"] = [_scenario_json(r) for r in results]
    data["wall_time_s"] = time.perf_counter() - started
    json_path, md_path = report.write(data, cfg.results_dir)
    print()
    print(report.markdown(data))
    _log(f"wrote {json_path} and {md_path} in {data['wall_time_s']:.0f} s")
    return data
