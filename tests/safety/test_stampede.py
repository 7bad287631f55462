"""Stampede: 12 OS processes race for a daily limit of 15, on a real SQLite file and on
PostgreSQL, with and without Redis. Exactly 15 reservations are made, and the checker that
says so catches a naive ledger doing the same."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from tests.builders import add_contacts
from tests.helpers import Database
from tests.safety.ledger_check import Limits, violations
from tests.safety.stampede_worker import reserve_in_process

PROCESSES = 12
REDIS_URL = "redis://127.0.0.1:6379/15"

pytestmark = pytest.mark.slow


async def _stampede(db: Database, tmp_path: Path, *, redis: bool, naive: bool) -> list[int]:
    async with db.sessions.begin() as session:
        people = await add_contacts(session, PROCESSES * 4)
    ids = [p.id for p in people]
    # A fork server that has already imported the worker forks each process quickly.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.safety.stampede_worker"])
    ready, start, results = ctx.Queue(), ctx.Event(), ctx.Queue()
    workers = [
        ctx.Process(
            target=reserve_in_process,
            args=(
                {
                    "url": db.url,
                    "data_dir": str(tmp_path / f"w{n}"),
                    "redis_url": REDIS_URL if redis else None,
                    "naive": naive,
                    # Overlapping contacts: several processes try the same key too.
                    "contact_ids": ids[n * 2 : n * 2 + 8],
                },
                ready,
                start,
                results,
            ),
        )
        for n in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    for _ in workers:  # every process is up, with its runtime built, before the start
        ready.get(timeout=120)
    start.set()
    won = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    return won


@pytest.mark.parametrize("redis", [False, pytest.param(True, marks=pytest.mark.redis)])
async def test_twelve_processes_make_exactly_fifteen_reservations(
    db: Database, tmp_path: Path, redis: bool
) -> None:
    """12 processes, a limit of 15: exactly 15 reservations, no window over its limit, no key
    held twice — on SQLite and PostgreSQL, with and without Redis."""
    won = await _stampede(db, tmp_path, redis=redis, naive=False)
    assert sum(won) == 15
    assert await violations(db.sessions, "birthday_message", Limits(per_day=15)) == []


async def test_the_checker_catches_a_naive_ledger(db: Database, tmp_path: Path) -> None:
    """The same race through a check-then-act ledger over-reserves, and the checker says so:
    proof that the checker bites."""
    won = await _stampede(db, tmp_path, redis=False, naive=True)
    assert sum(won) > 15
    problems = await violations(db.sessions, "birthday_message", Limits(per_day=15))
    assert any(p.startswith("day ") for p in problems)
