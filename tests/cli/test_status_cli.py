"""`linkedin-bot status`, run as the user runs it: where everything is, the cool-down,
quotas, the last run, the schedule; `--json` for scripts; read-only (it neither creates
anything nor takes SQLite's write lock) and usable while `serve` runs."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from linkedin_bot.core.clock import SystemClock, local_date
from linkedin_bot.db.engine import (
    create_engine,
    create_read_only_session_factory,
    create_session_factory,
)
from linkedin_bot.db.migrate import upgrade
from linkedin_bot.db.models import CampaignRun
from linkedin_bot.safety.cooldown import Cooldowns
from tests import builders
from tests.helpers import make_settings
from tests.processes import bot_env, flat, run_cli, serving

CHECKPOINT = "LinkedIn asks for a security check (checkpoint)"


def _env(tmp_path: Path, url: str, **settings: str) -> dict[str, str]:
    env = bot_env(tmp_path / "data", url, **settings)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")  # no .env of the real home is read
    env["COLUMNS"] = "400"  # long paths on one line, whatever pytest's directory
    return env


async def _seed(url: str, data: Path) -> None:
    """A restriction cool-down, a wish sent today, and the run that sent it."""
    settings = make_settings(data, url)
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    clock = SystemClock()
    now = clock.now()
    try:
        cooldowns = Cooldowns(sessions, create_read_only_session_factory(engine), clock, settings)
        await cooldowns.restricted(CHECKPOINT, signal="checkpoint", url=None, artifact=None)
        async with sessions.begin() as session:
            run = CampaignRun(
                kind="birthday",
                status="succeeded",
                trigger="cli",
                stats={"found": 1, "sent": 1},
                started_at=now - timedelta(minutes=2),
                finished_at=now - timedelta(minutes=1),
            )
            person = builders.contact(full_name="Zoé Ørsted")
            session.add_all([run, person])
            await session.flush()
            session.add(
                builders.interaction(
                    person.id,
                    run_id=run.id,
                    quota_day=local_date(now, settings.tz),
                    created_at=now,
                    dedup_key=f"birthday_message:{person.id}:{now.year}",
                )
            )
    finally:
        await engine.dispose()


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A migrated SQLite database holding a cool-down, a sent wish and its run."""
    database = tmp_path / "data" / "linkedin.db"
    url = f"sqlite+aiosqlite:///{database}"
    upgrade(url)
    asyncio.run(_seed(url, tmp_path / "data"))
    return _env(tmp_path, url), database


def _json(args: list[str], env: dict[str, str], cwd: Path) -> dict[str, Any]:
    done = run_cli(["status", "--json", *args], env, cwd)
    assert done.returncode == 0, done.stderr
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def test_fresh_install_status_creates_nothing(tmp_path: Path) -> None:
    """On a machine where nothing ran yet, `status` says where things will be, that there
    is no database and no session yet, exits 0, and creates no directory or file."""
    env = _env(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'data' / 'linkedin.db'}")
    del env["LINKEDIN_BOT_API_KEY"], env["LINKEDIN_BOT_SCHEDULER_ENABLED"]
    done = run_cli(["status"], env, tmp_path)
    assert done.returncode == 0, done.stderr
    text = flat(done.stdout)
    assert f"Data directory {tmp_path / 'data'} (not yet)" in text
    assert "no database yet" in text
    assert "none saved: linkedin-bot auth import" in text
    assert "Schedule: birthday" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_status_shows_the_cooldown_quotas_and_last_run(
    seeded: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    """The screen a person reads: the cool-down with its reason and end, today's quota
    used, the last birthday run, where the database and run logs are."""
    env, database = seeded
    done = run_cli(["status"], env, tmp_path)
    assert done.returncode == 0, done.stderr
    text = flat(done.stdout)
    assert f"Database sqlite: {database}" in text
    assert "Cool-down until" in text
    assert "(checkpoint): LinkedIn asks for a security check (checkpoint)." in text
    assert "linkedin-bot resume" in text
    assert "Quota: messages 1 of 15 today (14 left); 1 of 100 last 7 days (99 left)" in text
    assert "Last run: birthday #1 today" in text
    assert "succeeded, 1 done (cli)" in text
    assert f"Run logs {tmp_path / 'data' / 'logs' / 'linkedin-bot.log'}" in text
    assert "Working hours 07:00-19:00 Europe/Paris (it is " in text


def test_status_json_for_scripts(seeded: tuple[dict[str, str], Path], tmp_path: Path) -> None:
    """`--json` gives the same facts as one document: cool-down, quotas, runs, schedule,
    paths, service."""
    env, _ = seeded
    document = _json([], env, tmp_path)
    assert document["cooldown"]["signal"] == "checkpoint"
    assert document["cooldown"]["until"] is not None
    [day, week] = document["quotas"]["birthday_message"]
    assert (day["window"], day["used"], day["remaining"]) == ("day", 1, 14)
    assert (week["window"], week["used"]) == ("7d", 1)
    assert document["last_runs"]["birthday"]["status"] == "succeeded"
    assert document["last_runs"]["sourcing"] is None
    assert document["active_run"] is None
    assert [job["job"] for job in document["schedule"]] == ["birthday", "backup"]
    assert {job["enabled"] for job in document["schedule"]} == {False}
    assert {job["paused"] for job in document["schedule"]} == {False}
    assert document["service"]["running"] is False
    assert document["paths"]["data_dir"]["exists"] is True
    assert document["session"]["present"] is False
    assert document["problems"] == []
    assert (document["working_hours"]["start"], document["working_hours"]["end"]) == (7, 19)
    assert isinstance(document["working_hours"]["open_now"], bool)


def test_a_paused_schedule_is_shown(seeded: tuple[dict[str, str], Path], tmp_path: Path) -> None:
    """A job paused with `linkedin-bot schedule pause` shows as paused, since when and how
    to resume it; the other job keeps its next run."""
    env, _ = seeded
    env = {k: v for k, v in env.items() if k != "LINKEDIN_BOT_SCHEDULER_ENABLED"}
    paused = run_cli(["schedule", "pause", "birthday"], env, tmp_path)
    assert paused.returncode == 0, paused.stdout + paused.stderr
    text = flat(run_cli(["status"], env, tmp_path).stdout)
    assert "Schedule: birthday paused since today" in text
    assert "`linkedin-bot schedule resume` resumes it" in text
    assert "Schedule: backup next " in text
    document = _json([], env, tmp_path)
    by_job = {job["job"]: job for job in document["schedule"]}
    assert (by_job["birthday"]["paused"], by_job["backup"]["paused"]) == (True, False)
    assert by_job["backup"]["next_run"] is not None


def test_status_never_waits_for_the_write_lock(
    seeded: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    """While another process holds SQLite's write lock (a run recording a send, a
    backup), `status` still answers: it reads without taking the lock. Were it to take it,
    it would wait out the busy timeout and fail with "the database is busy"."""
    env, database = seeded
    holder = sqlite3.connect(database, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("UPDATE campaign_runs SET error = 'held' WHERE id = 1")
        document = _json([], env, tmp_path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert document["quotas"]["birthday_message"][0]["used"] == 1


def test_an_old_schema_is_reported_not_queried(tmp_path: Path) -> None:
    """A database at an older schema (an upgrade not applied yet) is named as such, with
    the command that fixes it; status does not migrate it."""
    database = tmp_path / "data" / "linkedin.db"
    url = f"sqlite+aiosqlite:///{database}"
    upgrade(url, "base")  # the version table only: no schema at all
    done = run_cli(["status"], _env(tmp_path, url), tmp_path)
    assert done.returncode == 0, done.stderr
    assert "run `linkedin-bot db upgrade`" in flat(done.stdout)
    with sqlite3.connect(database) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "contacts" not in tables


@pytest.mark.slow
def test_status_while_serve_runs(tmp_path: Path) -> None:
    """Next to a running `serve` (which holds the database), status answers and says the
    service is up, with its version."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'linkedin.db'}"
    env = _env(tmp_path, url)
    with serving(env, tmp_path, tmp_path / "serve.log") as client:
        port = str(client.base_url.port)
        document = _json([], {**env, "LINKEDIN_BOT_PORT": port}, tmp_path)
    assert document["service"] == {
        "url": f"http://127.0.0.1:{port}",
        "running": True,
        "version": document["version"],
    }
    assert document["database"]["exists"] is True
    assert document["problems"] == []


@pytest.mark.postgres
def test_a_postgresql_password_is_never_shown(postgres_url: str, tmp_path: Path) -> None:
    """With PostgreSQL, status names the server and database but never the password, in
    the screen or the JSON."""
    url = make_url(postgres_url).set(password="hunter2-not-shown")
    env = _env(tmp_path, url.render_as_string(hide_password=False))
    screen = run_cli(["status"], env, tmp_path)
    document = run_cli(["status", "--json"], env, tmp_path)
    assert screen.returncode == 0, screen.stderr
    assert document.returncode == 0, document.stderr
    for output in (screen.stdout, screen.stderr, document.stdout, document.stderr):
        assert "hunter2-not-shown" not in output
    assert json.loads(document.stdout)["database"]["kind"] == "postgresql"
    assert f"/{url.database}" in flat(screen.stdout)
