"""Ctrl-C or SIGTERM during `linkedin-bot run`: the pause between two messages is cut short,
the run ends `interrupted` with its summary, and a second signal stops at once; each case a
real process against the simulator."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from linkedin_bot.core.clock import local_date, utc_now
from sim import SimServer, SimState
from tests.helpers import make_settings
from tests.processes import BIN, bot_env, flat, import_session, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]
EXIT_NOT_RUN = 5


def _sim() -> SimServer:
    today = local_date(utc_now(), make_settings(Path("x"), "sqlite+aiosqlite:///x").tz)
    state = SimState.from_seed(
        4, today=today, connections=20, birthdays_today=4, birthdays_late=0, prospects=0
    )
    return SimServer(state)


def test_ctrl_c_during_the_pause_stops_the_run_promptly(tmp_path: Path) -> None:
    """With ten minutes between two messages, Ctrl-C (SIGINT; SIGTERM is the same handler,
    and `serve`'s is tested in test_shutdown.py) right after the first message ends the
    command long before the pause would: one message sent and recorded, the run
    `interrupted`, its summary printed, exit code 5, no traceback."""
    db_file = tmp_path / "bot.db"
    with _sim() as sim:
        env = bot_env(
            tmp_path / "data",
            f"sqlite+aiosqlite:///{db_file}",
            linkedin_base_url=sim.base_url,
            min_delay_s="600",
            max_delay_s="600",
            pacing_enabled="true",
        )
        import_session(env, tmp_path, sim.state.valid_li_at)
        proc = subprocess.Popen(
            [str(BIN), "run", "birthday", "--force"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            wait_for(lambda: len(sim.state.messages) >= 1, 120, "a first delivered message")
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=45)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert len(sim.state.messages) == 1
    assert proc.returncode == EXIT_NOT_RUN, (out, err)
    assert "Traceback" not in out + err
    assert "SIGINT: stopping after the current contact" in flat(err)
    assert "interrupted" in flat(out)
    with sqlite3.connect(db_file) as conn:
        (status,) = conn.execute("SELECT status FROM campaign_runs").fetchone()
        statuses = [r[0] for r in conn.execute("SELECT status FROM interactions")]
    assert status == "interrupted"
    assert statuses == ["sent"]
