"""``birthdays_on(session, month, day)`` in-process: the SQL the birthday campaign starts from.

Two timings, median of ``--birthday-runs`` runs after a warm-up: the query function (SQL,
ORM objects, one session each, as the service calls it) and the same SQL sent raw through
the driver (rows fetched, no ORM). Plus its plan on the backend.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

from bench.scenarios.base import BackendContext, Latency, ScenarioResult
from bench.scenarios.sqlplan import capture, explain, one_line
from linkedin_bot.db.engine import create_engine, create_session_factory
from linkedin_bot.db.queries.contacts import birthdays_on

NAME = "birthday_sql"
NEEDS_SERVER = False
MONTH, DAY = 6, 15
WARMUP = 10


async def _measure(url: str, runs: int) -> dict[str, Any]:
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    try:
        with capture(engine) as statements:
            async with sessions() as session:
                found = await birthdays_on(session, MONTH, DAY)
        sql, params = statements[-1]
        function_ms: list[float] = []
        raw_ms: list[float] = []
        for i in range(WARMUP + runs):
            async with sessions() as session:
                started = time.perf_counter()
                await birthdays_on(session, MONTH, DAY)
                elapsed = (time.perf_counter() - started) * 1000
            if i >= WARMUP:
                function_ms.append(elapsed)
        async with engine.connect() as conn:
            for i in range(WARMUP + runs):
                started = time.perf_counter()
                (await conn.exec_driver_sql(sql, params)).all()
                elapsed = (time.perf_counter() - started) * 1000
                if i >= WARMUP:
                    raw_ms.append(elapsed)
            plan = await explain(conn, (sql, params))
    finally:
        await engine.dispose()
    return {
        "month": MONTH,
        "day": DAY,
        "rows": len(found),
        "runs": runs,
        "function_median_ms": statistics.median(function_ms),
        "raw_sql_median_ms": statistics.median(raw_ms),
        "function_samples_ms": function_ms,
        "sql": one_line(sql),
        "plan": plan,
    }


def run(ctx: BackendContext) -> ScenarioResult:
    details = asyncio.run(_measure(ctx.url, ctx.cfg.birthday_runs))
    samples = details.pop("function_samples_ms")
    latency = Latency.of(f"birthdays_on({MONTH}, {DAY}) SQL", ctx.backend, 1, samples, kind="sql")
    return ScenarioResult(NAME, [latency], details)
