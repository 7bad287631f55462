"""A run's live page left open does not hold `linkedin-bot serve` up when it is stopped."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

from tests.helpers import TEST_API_KEY
from tests.processes import bot_env, serve_process


def test_serve_stops_promptly_with_a_live_run_page_open(tmp_path: Path) -> None:
    """With a browser following a run that is still going on (its event stream open),
    SIGTERM stops `serve` within seconds: the stream is cut after the server's short grace
    time, it does not wait for the run."""
    database = tmp_path / "data" / "bot.db"
    env = bot_env(tmp_path / "data", f"sqlite+aiosqlite:///{database}")
    with serve_process(env, tmp_path, tmp_path / "serve.log") as (proc, client):
        now = datetime.now(UTC).isoformat()
        with sqlite3.connect(database) as db:  # a run another process is carrying out
            db.execute(
                "INSERT INTO campaign_runs (kind, status, account, dry_run, trigger,"
                " params, stats, created_at, heartbeat_at)"
                " VALUES ('birthday', 'running', 'default', 0, 'api', '{}', '{}', ?, ?)",
                (now, now),
            )
        base = str(client.base_url).rstrip("/")
        signed = client.post(
            "/sign-in", data={"credential": TEST_API_KEY}, headers={"Origin": base}
        )
        assert signed.status_code == 303, signed.text
        with client.stream("GET", "/runs/1/events") as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            lines = stream.iter_lines()
            assert any(line == "event: update" for line in lines)
            asked = time.monotonic()
            proc.terminate()
            with contextlib.suppress(httpx.RemoteProtocolError):  # cut by the server
                for _line in lines:
                    pass
        proc.wait(timeout=30)
        assert time.monotonic() - asked < 10, (tmp_path / "serve.log").read_text()
