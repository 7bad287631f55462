"""`linkedin-bot schedule pause|resume|status`, and a pause honoured by a running `serve`."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linkedin_bot.cli import app
from tests.cli.conftest import flat
from tests.processes import bot_env, run_cli, serving, wait_for


def _paused(database: Path) -> dict[str, str]:
    with sqlite3.connect(database) as conn:
        return dict(conn.execute("SELECT job, paused_by FROM schedule_pauses").fetchall())


def test_pause_resume_and_status(database: Path) -> None:
    """Pausing one job, then all, then resuming one: each command says what it changed and
    shows the schedule; the pauses are in the database."""
    runner = CliRunner()
    result = runner.invoke(app, ["schedule", "pause", "birthday"])
    assert result.exit_code == 0, result.output
    assert "Paused: birthday." in flat(result.output)
    assert _paused(database) == {"birthday": "cli"}
    result = runner.invoke(app, ["schedule", "pause"])
    assert "Paused: backup." in flat(result.output)
    assert set(_paused(database)) == {"birthday", "backup"}
    result = runner.invoke(app, ["schedule", "resume", "birthday"])
    assert "Resumed: birthday." in flat(result.output)
    assert set(_paused(database)) == {"backup"}
    status = runner.invoke(app, ["schedule", "status"])
    assert status.exit_code == 0
    lines = {line.split("│")[1].strip(): line for line in status.output.splitlines() if "│" in line}
    assert "paused since" in lines["backup"]
    assert "active" in lines["birthday"]


def test_an_unknown_job_exits_2_and_pauses_nothing(database: Path) -> None:
    """A job that does not exist: exit 2 naming the jobs, nothing written."""
    result = CliRunner().invoke(app, ["schedule", "pause", "sourcing"])
    assert result.exit_code == 2
    assert "not one of birthday, backup" in flat(result.output)
    assert not database.exists()


def _events(log: str) -> list[dict[str, object]]:
    events = []
    for line in log.splitlines():
        if line.startswith("{"):
            try:
                events.append(json.loads(line))
            except ValueError:
                continue
    return events


@pytest.mark.slow
def test_a_pause_from_the_cli_is_honoured_by_a_running_serve(tmp_path: Path) -> None:
    """With both jobs scheduled every minute, `schedule pause birthday` run while `serve`
    runs: at the next minute serve runs the backup but skips the birthday job (logged
    "scheduler.job.skipped"), and no birthday run is created."""
    data = tmp_path / "data"
    database = data / "bot.db"
    env = bot_env(
        data,
        f"sqlite+aiosqlite:///{database}",
        scheduler_enabled="true",
        birthday_schedule="* * * * *",
        backup_schedule="* * * * *",
    )
    log_path = tmp_path / "serve.log"
    with serving(env, tmp_path, log_path) as client:
        paused = run_cli(["schedule", "pause", "birthday"], env, tmp_path)
        assert paused.returncode == 0, paused.stderr
        after_pause = datetime.now(UTC)
        seen = len(_events(log_path.read_text()))

        def backup_ran_since() -> bool:
            return any(
                e["event"] == "scheduler.job.started" and e.get("job") == "backup"
                for e in _events(log_path.read_text())[seen:]
            )

        wait_for(backup_ran_since, 120, "the next minute's backup job")
        wait_for(
            lambda: any(
                e["event"] == "scheduler.job.skipped" and e.get("job") == "birthday"
                for e in _events(log_path.read_text())[seen:]
            ),
            30,
            "the birthday job to be skipped",
        )
        events = _events(log_path.read_text())[seen:]
        assert not any(
            e["event"] == "scheduler.job.started" and e.get("job") == "birthday" for e in events
        )
        skipped = [e for e in events if e["event"] == "scheduler.job.skipped"]
        assert {e.get("reason") for e in skipped} == {"paused"}
        status = client.get("/campaigns/status").json()
        assert {j["job"]: j["paused"] for j in status["schedule"]} == {
            "birthday": True,
            "backup": False,
        }
    with sqlite3.connect(database) as conn:
        runs = conn.execute(
            "SELECT count(*) FROM campaign_runs WHERE kind = 'birthday' AND created_at >= ?",
            (after_pause.replace(tzinfo=None).isoformat(sep=" "),),
        ).fetchone()[0]
    assert runs == 0
