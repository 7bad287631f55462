"""SIGTERM while a campaign runs: `serve` stops accepting work, lets the send in progress
finish, cuts the pause between two messages short, ends the run as interrupted, and exits
cleanly; nothing is left in doubt."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from linkedin_bot.core.clock import local_date, utc_now
from linkedin_bot.linkedin.auth import import_session
from sim import SimServer, SimState
from tests.helpers import TEST_API_KEY, make_settings

pytestmark = [pytest.mark.browser, pytest.mark.slow]
BIN = Path(sys.executable).parent / "linkedin-bot"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(predicate: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_sigterm_finishes_the_send_and_interrupts_the_run(tmp_path: Path) -> None:
    """After the first message is delivered, while the bot pauses ten minutes before the
    next one, SIGTERM ends the service without waiting for the pause (nor for the 90 s grace
    period): the run is interrupted, every delivered message is recorded as sent, none is
    in doubt, and no message leaves after the stop."""
    data = tmp_path / "data"
    db_file = tmp_path / "bot.db"
    today = local_date(utc_now(), make_settings(data, "sqlite+aiosqlite:///x").tz)
    state = SimState.from_seed(
        9, today=today, connections=30, birthdays_today=6, birthdays_late=0, prospects=0
    )
    with SimServer(state) as sim:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LINKEDIN_BOT_")}
        env.update(
            LINKEDIN_BOT_DATA_DIR=str(data),
            LINKEDIN_BOT_DATABASE_URL=f"sqlite+aiosqlite:///{db_file}",
            LINKEDIN_BOT_API_KEY=TEST_API_KEY,
            LINKEDIN_BOT_LINKEDIN_BASE_URL=sim.base_url,
            LINKEDIN_BOT_SCHEDULER_ENABLED="false",
            LINKEDIN_BOT_MIN_DELAY_S="600",
            LINKEDIN_BOT_MAX_DELAY_S="600",
            LINKEDIN_BOT_LOG_FORMAT="json",
        )
        settings = make_settings(
            data,
            f"sqlite+aiosqlite:///{db_file}",
            linkedin_base_url=sim.base_url,
            encryption_key=None,
        )
        port = _free_port()
        log_path = tmp_path / "serve.log"
        with log_path.open("w") as log:
            proc = subprocess.Popen(
                [str(BIN), "serve", "--port", str(port)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=tmp_path,
            )
            try:
                base = f"http://127.0.0.1:{port}"
                _wait_for(lambda: _up(base), 60, "serve to start")
                import_session(settings, state.valid_li_at)
                started = httpx.post(
                    f"{base}/campaigns/birthday",
                    json={"force": True},
                    headers={"X-API-Key": TEST_API_KEY},
                )
                assert started.status_code == 202, started.text
                run_id = started.json()["id"]
                _wait_for(lambda: len(state.messages) >= 1, 90, "a first delivered message")
                proc.send_signal(signal.SIGTERM)
                # uvicorn re-raises the signal once its graceful shutdown is complete; far
                # sooner than the pause or the grace period would end.
                assert proc.wait(timeout=45) in (0, -signal.SIGTERM)
            finally:
                if proc.poll() is None:
                    proc.kill()
        delivered = len(state.messages)
        time.sleep(1)
        assert len(state.messages) == delivered  # nothing leaves after the stop
    with sqlite3.connect(db_file) as conn:
        status, error = conn.execute(
            "SELECT status, error FROM campaign_runs WHERE id = ?", (run_id,)
        ).fetchone()
        statuses = [r[0] for r in conn.execute("SELECT status FROM interactions")]
    assert "Application shutdown complete" in log_path.read_text()
    assert status == "interrupted", (status, error)
    assert delivered == 1  # the stop came during the pause after the first
    assert statuses.count("sent") == delivered
    assert not {"sending", "unknown", "reserved"} & set(statuses)


def _up(base: str) -> bool:
    try:
        return httpx.get(f"{base}/health", timeout=1).status_code == 200
    except httpx.TransportError:
        return False
