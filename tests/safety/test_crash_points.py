"""Crash points: a worker killed with SIGKILL at each point of a send, then a restart.

Checked from the simulator's own record of what LinkedIn received: nobody gets two
messages, nothing counted as sent was not delivered, the quota counts equal the live
intents, a message in doubt is counted and never re-sent blindly, and the reconciler settles
it by reading the conversation."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from linkedin_bot.db.models import Interaction
from linkedin_bot.linkedin.auth import import_session
from sim import SimServer, SimState
from tests.helpers import Database, make_settings
from tests.safety.ledger_check import Limits, violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TODAY = datetime(2026, 6, 15).date()
CRASH_TIME = datetime.combine(TODAY, time(7, 30), tzinfo=UTC)  # 09:30 in Paris
RESTART_TIME = CRASH_TIME + timedelta(hours=1)  # after every lease and the stale-run delay
BIRTHDAYS = 4


def _worker(spec: dict[str, object]) -> subprocess.CompletedProcess[str]:
    """The worker to its end (or its SIGKILL), in its own process group, its output in
    files. A worker killed with SIGKILL leaves its browser and Playwright's driver behind
    for a while, holding whatever output it was given: pipes would keep this test waiting
    for them (it did, past the test's timeout, on a loaded machine). Whatever the worker
    left is killed with its group."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.safety.crash_worker", json.dumps(spec)],
            stdout=out,
            stderr=err,
            text=True,
            start_new_session=True,
        )
        try:
            code = proc.wait(timeout=240)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(proc.args, code, out.read(), err.read())


@pytest.mark.parametrize(
    "crash_at",
    ["before_reserve_commit", "after_reserve", "after_sending", "after_click", "after_commit"],
)
async def test_killed_worker_then_restart(
    crash_at: str, sqlite_db: Database, tmp_path: Path
) -> None:
    """Whatever point of the first send the worker dies at, after a restart each person
    got exactly one message, every 'sent' row was delivered, nothing stays in doubt, and no
    window holds more than its limit."""
    state = SimState.from_seed(
        21, today=TODAY, connections=20, birthdays_today=BIRTHDAYS, birthdays_late=0, prospects=0
    )
    with SimServer(state) as sim:
        spec: dict[str, object] = {
            "url": sqlite_db.url,
            "data_dir": str(tmp_path / "data"),
            "base_url": sim.base_url,
        }
        settings = make_settings(
            tmp_path / "data", sqlite_db.url, linkedin_base_url=sim.base_url, encryption_key=None
        )
        import_session(settings, state.valid_li_at)
        crashed = _worker({**spec, "now": CRASH_TIME.isoformat(), "crash_at": crash_at})
        assert crashed.returncode == -signal.SIGKILL, crashed.stdout + crashed.stderr[-3000:]
        delivered_before_restart = len(state.messages)
        restarted = _worker({**spec, "now": RESTART_TIME.isoformat()})
        assert restarted.returncode == 0, restarted.stderr[-3000:]
        outcome = json.loads(restarted.stdout.strip().splitlines()[-1])
        messages = list(state.messages)
    assert outcome["status"] == "succeeded", outcome
    per_person = Counter(m.recipient_slug for m in messages)
    assert len(per_person) == BIRTHDAYS
    assert max(per_person.values()) == 1
    async with sqlite_db.sessions() as session:
        rows = (await session.scalars(select(Interaction))).all()
    sent = [r for r in rows if r.status == "sent"]
    assert {r.payload["public_id"] for r in sent} == set(per_person)
    assert len(sent) == BIRTHDAYS
    assert not [r for r in rows if r.status in {"unknown", "sending", "reserved"}]
    assert await violations(sqlite_db.sessions, "birthday_message", Limits(per_day=15)) == []
    if crash_at == "after_click":
        # Delivered but not recorded when the worker died: settled by reading the thread.
        assert delivered_before_restart == 1
        assert outcome["stats"]["reconciled"] == 1
    if crash_at == "after_sending":
        # Recorded as sending, never clicked: the thread shows nothing, the wish is sent once.
        assert delivered_before_restart == 0
        assert outcome["stats"]["reconciled"] == 1


async def test_a_new_job_congratulation_killed_after_the_click(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """The other occasions share the send's safety: a worker killed right after the Send
    click of a new-job congratulation leaves it in doubt; the restart reads the conversation,
    finds it delivered, and congratulates the others: each person once."""
    state = SimState.from_seed(
        21,
        today=TODAY,
        connections=20,
        birthdays_today=0,
        birthdays_late=0,
        prospects=0,
        job_changes=3,
    )
    with SimServer(state) as sim:
        spec: dict[str, object] = {
            "url": sqlite_db.url,
            "data_dir": str(tmp_path / "data"),
            "base_url": sim.base_url,
            "kind": "new_job",
        }
        settings = make_settings(
            tmp_path / "data", sqlite_db.url, linkedin_base_url=sim.base_url, encryption_key=None
        )
        import_session(settings, state.valid_li_at)
        crashed = _worker({**spec, "now": CRASH_TIME.isoformat(), "crash_at": "after_click"})
        assert crashed.returncode == -signal.SIGKILL, crashed.stdout + crashed.stderr[-3000:]
        assert len(state.messages) == 1
        restarted = _worker({**spec, "now": RESTART_TIME.isoformat()})
        assert restarted.returncode == 0, restarted.stderr[-3000:]
        outcome = json.loads(restarted.stdout.strip().splitlines()[-1])
        messages = list(state.messages)
    assert outcome["status"] == "succeeded", outcome
    assert outcome["stats"]["reconciled"] == 1
    per_person = Counter(m.recipient_slug for m in messages)
    assert len(per_person) == 3
    assert max(per_person.values()) == 1
    async with sqlite_db.sessions() as session:
        rows = (await session.scalars(select(Interaction))).all()
    assert sorted(r.status for r in rows if r.type == "new_job_message") == ["sent"] * 3
