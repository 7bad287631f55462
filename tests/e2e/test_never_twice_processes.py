"""Never twice, never stuck, through the processes a user runs: a timezone change between
two runs wishes nobody twice, and a database that goes away for 15 seconds in the middle of
a campaign neither leaves the run stuck nor blocks the next one for long."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections import Counter
from datetime import date
from pathlib import Path

import asyncpg
import httpx
import pytest

from linkedin_bot.core.clock import utc_now
from sim import SimServer, SimState
from tests.processes import (
    PrivatePostgres,
    bot_env,
    flat,
    import_session,
    run_cli,
    serving,
    wait_for,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
# 25 hours apart: UTC+14 and UTC-11.
EAST, WEST = "Pacific/Kiritimati", "Pacific/Pago_Pago"


def test_two_runs_25_hours_of_timezone_apart_wish_nobody_twice(tmp_path: Path) -> None:
    """The user moves from UTC+14 to UTC-11 between two runs on the same LinkedIn day: the
    second run finds the same birthdays and wishes none of them again, and the birthdays
    stored by the first run are not rewritten by the second."""
    today = utc_now().date()
    state = SimState.from_seed(
        11, today=today, connections=20, birthdays_today=4, birthdays_late=0, prospects=0
    )
    db_file = tmp_path / "bot.db"
    with SimServer(state) as sim:
        env = bot_env(
            tmp_path / "data",
            f"sqlite+aiosqlite:///{db_file}",
            linkedin_base_url=sim.base_url,
            min_delay_s="0",
            max_delay_s="0",
        )
        import_session(env, tmp_path, state.valid_li_at)
        first = run_cli(
            ["run", "birthday", "--force"], {**env, "LINKEDIN_BOT_TIMEZONE": EAST}, tmp_path
        )
        assert first.returncode == 0, first.stdout + first.stderr
        assert len(state.messages) == 4
        with sqlite3.connect(db_file) as conn:
            stored = sorted(conn.execute("SELECT public_id, birth_month, birth_day FROM contacts"))
        conn.close()

        second = run_cli(
            ["run", "birthday", "--force"], {**env, "LINKEDIN_BOT_TIMEZONE": WEST}, tmp_path
        )
        assert second.returncode == 0, second.stdout + second.stderr
        assert "Skipped 4: already wished (4)" in flat(second.stdout)
    assert len(state.messages) == 4
    assert max(Counter(m.recipient_slug for m in state.messages).values()) == 1
    with sqlite3.connect(db_file) as conn:
        after = sorted(conn.execute("SELECT public_id, birth_month, birth_day FROM contacts"))
        keys = [k for (k,) in conn.execute("SELECT dedup_key FROM interactions")]
    conn.close()
    assert after == stored
    assert len(keys) == 4


def _run_status(client: httpx.Client, run_id: int) -> str | None:
    try:
        response = client.get(f"/campaigns/runs/{run_id}")
    except httpx.TransportError:
        return None
    return str(response.json()["status"]) if response.status_code == 200 else None


async def _statuses(url: str) -> list[str]:
    conn = await asyncpg.connect(url.replace("+asyncpg", ""), timeout=10)
    try:
        return [r["status"] for r in await conn.fetch("SELECT status FROM interactions")]
    finally:
        await conn.close()


@pytest.mark.timeout(300)  # a paced run across a 15 s outage: about 100 s, more when loaded
def test_a_15_second_database_outage_does_not_leave_the_run_stuck(tmp_path: Path) -> None:
    """PostgreSQL stops for 15 s right after a wish, in a campaign run by `serve`: the
    outcome of that wish is written once the database is back (retried, not lost), the run
    carries on and ends by itself, a new run is accepted at once after it, and no message
    is sent twice or left "sending" (it used to stay "running" for 16 minutes, blocking
    every start)."""
    postgres = PrivatePostgres()
    postgres.start()
    today: date = utc_now().date()
    state = SimState.from_seed(
        12, today=today, connections=30, birthdays_today=5, birthdays_late=0, prospects=0
    )
    try:
        with SimServer(state) as sim:
            env = bot_env(
                tmp_path / "data",
                postgres.url,
                linkedin_base_url=sim.base_url,
                min_delay_s="1",
                max_delay_s="1",
                pacing_enabled="true",  # the outage must fall in the middle of the run
            )
            import_session(env, tmp_path, state.valid_li_at)
            with serving(env, tmp_path, tmp_path / "serve.log") as client:
                started = client.post("/campaigns/birthday", json={"force": True})
                assert started.status_code == 202, started.text
                run_id = started.json()["id"]
                wait_for(lambda: len(state.messages) >= 1, 120, "a first wish")
                postgres.stop()
                time.sleep(15)
                postgres.start()
                wait_for(
                    lambda: _run_status(client, run_id) not in (None, "queued", "running"),
                    240,
                    "the run to end by itself",
                )
                assert _run_status(client, run_id) == "succeeded"
                again = client.post("/campaigns/birthday", json={"force": True})
                assert again.status_code == 202, again.text
                wait_for(
                    lambda: (
                        _run_status(client, again.json()["id"]) not in (None, "queued", "running")
                    ),
                    120,
                    "the second run to end",
                )
                assert _run_status(client, again.json()["id"]) == "succeeded"
        statuses = asyncio.run(_statuses(postgres.url))
    finally:
        postgres.remove()
    per_person = Counter(m.recipient_slug for m in state.messages)
    assert max(per_person.values()) == 1, per_person
    assert len(state.messages) == 5
    assert Counter(statuses) == {"sent": 5}, statuses
