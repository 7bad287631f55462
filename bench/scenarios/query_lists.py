"""The list queries behind each API target, called in-process (no HTTP, no JSON).

Comparing these with ``api_lists`` splits a request's time between the database + ORM and
the web stack (routing, validation, serialisation, HTTP). Each target's SQL is captured and
explained on the backend, which is where a slow page shows its plan.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bench.scenarios.base import BackendContext, Latency, ScenarioResult
from bench.scenarios.sqlplan import capture, explain, one_line
from bench.targets import Target, resolve
from linkedin_bot.db.engine import create_engine, create_session_factory
from linkedin_bot.db.pagination import DEFAULT_LIMIT
from linkedin_bot.db.queries.contacts import ContactFilters, list_contacts
from linkedin_bot.db.queries.interactions import InteractionFilters, list_interactions

NAME = "query_lists"
NEEDS_SERVER = False
WARMUP = 10


async def _call(session: AsyncSession, target: Target) -> int:
    params = dict(target.params)
    cursor = params.pop("cursor", None)
    if target.table == "contacts":
        page: Any = await list_contacts(
            session, ContactFilters(**params), limit=DEFAULT_LIMIT, cursor=cursor
        )
    else:
        page = await list_interactions(
            session, InteractionFilters(**params), limit=DEFAULT_LIMIT, cursor=cursor
        )
    return len(page.items)


async def _measure(ctx: BackendContext) -> ScenarioResult:
    engine = create_engine(ctx.url)
    sessions = create_session_factory(engine)
    result = ScenarioResult(NAME, details={"plans": {}})
    try:
        async with engine.connect() as conn:
            targets, _ = await resolve(conn)
        for target in (t for t in targets if t.table):
            with capture(engine) as statements:
                async with sessions() as session:
                    count = await _call(session, target)
            if count != DEFAULT_LIMIT:
                raise RuntimeError(f"{target.name}: {count} rows, expected {DEFAULT_LIMIT}")
            samples: list[float] = []
            for i in range(WARMUP + ctx.cfg.requests):
                async with sessions() as session:
                    started = time.perf_counter()
                    await _call(session, target)
                    elapsed = (time.perf_counter() - started) * 1000
                if i >= WARMUP:
                    samples.append(elapsed)
            result.latencies.append(Latency.of(target.name, ctx.backend, 1, samples, kind="sql"))
            async with engine.connect() as conn:
                plan = await explain(conn, statements[-1])
            result.details["plans"][target.name] = {
                "sql": one_line(statements[-1][0]),
                "params": [str(p) for p in statements[-1][1]],
                "plan": plan,
            }
    finally:
        await engine.dispose()
    return result


def run(ctx: BackendContext) -> ScenarioResult:
    return asyncio.run(_measure(ctx))
