"""The quota ledger: reservations per second from 1 and from N processes, then a race for a
daily limit of 15 whose over-sends are counted from the database rows.

Each phase reserves on its own simulated day (30 days apart: no window overlaps another
phase or the seeded history), on the seeded database (an ``interactions`` table of the
benchmark's size: the counts run against a real index). Processes come from a forkserver
that has imported the worker; each builds its engine and ledger, connects, reports ready,
and all start on one event. Throughput is the reservations made over the span from the
first start to the last end. The rows are deleted afterwards.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench.ledger_worker import KIND, reserve_in_process
from bench.scenarios.base import BackendContext, ScenarioResult, target
from linkedin_bot.db.engine import create_engine
from linkedin_bot.db.queries.ledger import COUNTED

NAME = "ledger"
NEEDS_SERVER = False
KEY_PREFIX = "bench-ledger"
FIRST_DAY = date(2031, 1, 6)
RACE_LIMIT = 15
RACE_KEYS_PER_PROCESS = 10
TIMEOUT_S = 600


async def _sql(url: str, sql: str, params: dict[str, Any] | None = None) -> list[Any]:
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            result = await conn.execute(text(sql), params or {})
            return list(result.all()) if result.returns_rows else []
    finally:
        await engine.dispose()


def _counted_rows(url: str, day: date, prefix: str) -> int:
    statuses = ", ".join(f"'{s}'" for s in COUNTED)
    rows = asyncio.run(
        _sql(
            url,
            "SELECT count(*) FROM interactions WHERE type = :kind AND quota_day = :day "
            f"AND dedup_key LIKE :prefix AND status IN ({statuses})",
            {"kind": KIND, "day": day, "prefix": f"{prefix}:%"},
        )
    )
    return int(rows[0][0])


def _phase(
    url: str, workdir: Path, *, processes: int, per_process: int, limit: int | None, day: date
) -> dict[str, Any]:
    contact_ids = [int(r[0]) for r in asyncio.run(_sql(url, "SELECT id FROM contacts LIMIT 50"))]
    prefix = f"{KEY_PREFIX}-{day.isoformat()}"
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["bench.ledger_worker"])
    ready, start, results = ctx.Queue(), ctx.Event(), ctx.Queue()
    workers = [
        ctx.Process(
            target=reserve_in_process,
            args=(
                {
                    "url": url,
                    "data_dir": str(workdir / f"w{n}"),
                    "limit": limit,
                    "count": per_process,
                    "key_prefix": prefix,
                    "worker": n,
                    "contact_ids": contact_ids,
                    "day": day.isoformat(),
                },
                ready,
                start,
                results,
            ),
        )
        for n in range(processes)
    ]
    for worker in workers:
        worker.start()
    for _ in workers:
        ready.get(timeout=TIMEOUT_S)
    start.set()
    outcomes = [results.get(timeout=TIMEOUT_S) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        if worker.exitcode != 0:
            raise RuntimeError(f"ledger worker exited with {worker.exitcode}")
    span = max(o["ended"] for o in outcomes) - min(o["started"] for o in outcomes)
    claimed = sum(o["won"] for o in outcomes)
    rows = _counted_rows(url, day, prefix)
    return {
        "processes": processes,
        "attempts": processes * per_process,
        "limit": limit,
        "claimed": claimed,
        "refused": sum(o["refused"] for o in outcomes),
        "rows": rows,
        "seconds": span,
        "per_second": claimed / span if span > 0 else None,
    }


def run(ctx: BackendContext) -> ScenarioResult:
    cfg = ctx.cfg
    total, procs = cfg.ledger_reservations, cfg.ledger_processes
    phases: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="linkedin-bench-ledger-") as tmp:
        workdir = Path(tmp)
        try:
            plan = [
                ("1 process", 1, total, None),
                (f"{procs} processes", procs, max(1, total // procs), None),
                (f"{procs} processes, limit {RACE_LIMIT}", procs, RACE_KEYS_PER_PROCESS, 15),
            ]
            for index, (label, processes, per_process, limit) in enumerate(plan):
                day = FIRST_DAY + timedelta(days=30 * index)
                phases[label] = _phase(
                    ctx.url, workdir, processes=processes, per_process=per_process,
                    limit=limit, day=day,
                )  # fmt: skip
        finally:
            asyncio.run(
                _sql(
                    ctx.url,
                    "DELETE FROM interactions WHERE dedup_key LIKE :p",
                    {"p": f"{KEY_PREFIX}%"},
                )
            )
    race = phases[f"{procs} processes, limit {RACE_LIMIT}"]
    over = max(0, race["rows"] - RACE_LIMIT)
    checks = []
    for label, phase in phases.items():
        if phase["limit"] is None:
            checks.append(
                target(
                    f"ledger: reservations/s, {label}",
                    phase["per_second"],
                    "/s",
                    "measure",
                    None,
                    f"{phase['claimed']} in {phase['seconds']:.2f} s, {phase['refused']} refused",
                )
            )
    checks.append(
        target(
            f"ledger: over-sends, {procs} processes racing for a limit of {RACE_LIMIT}",
            over,
            "",
            "= 0",
            over == 0 and race["rows"] == RACE_LIMIT,
            f"{race['rows']} rows counted in the database, {race['claimed']} claimed by "
            f"workers, {race['attempts']} attempts",
        )
    )
    return ScenarioResult(NAME, details={"phases": phases, "checks": checks})
