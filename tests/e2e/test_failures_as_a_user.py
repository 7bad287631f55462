"""What a user sees when LinkedIn pushes back, signs them out, or cannot be reached: each
`linkedin-bot` command a real process, against the simulator with its faults.

A restriction or a login wall is remembered in the database: the next process does not go
back to LinkedIn (the simulator records every request it gets) until the user resumes or
imports a new session. Failures are clear one-line reasons with documented exit codes,
never a traceback, never "succeeded".
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from linkedin_bot.core.clock import local_date, utc_now
from sim import SimServer, SimState
from tests.helpers import make_settings
from tests.processes import BIN, bot_env, flat, free_port, import_session, run_cli, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]
EXIT_FAILED, EXIT_RESTRICTED, EXIT_AUTH = 1, 3, 4


def _today() -> object:
    return local_date(utc_now(), make_settings(Path("x"), "sqlite+aiosqlite:///x").tz)


def _sim(birthdays: int = 3) -> SimServer:
    state = SimState.from_seed(
        5,
        today=_today(),  # type: ignore[arg-type]
        connections=20,
        birthdays_today=birthdays,
        birthdays_late=0,
        prospects=0,
    )
    return SimServer(state)


def _env(tmp_path: Path, base_url: str, **settings: str) -> dict[str, str]:
    return bot_env(
        tmp_path / "data",
        f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        linkedin_base_url=base_url,
        min_delay_s="0",
        max_delay_s="0",
        **settings,
    )


def _no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    both = result.stdout + result.stderr
    assert "Traceback" not in both
    assert "TypeError" not in both


def test_after_a_checkpoint_the_next_process_stays_away(tmp_path: Path) -> None:
    """A checkpoint ends the run restricted (exit 3); a second `run` process refuses before
    any request to LinkedIn and says until when; `resume --yes` ends the cool-down and the
    next run wishes everyone."""
    with _sim() as sim:
        env = _env(tmp_path, sim.base_url)
        import_session(env, tmp_path, sim.state.valid_li_at)
        sim.state.set_faults(checkpoint=True)
        first = run_cli(["run", "birthday", "--force"], env, tmp_path)
        assert first.returncode == EXIT_RESTRICTED, first.stdout + first.stderr
        assert "restricted" in first.stdout
        _no_traceback(first)
        requests = len(sim.state.requests)
        assert requests > 0

        second = run_cli(["run", "birthday", "--force"], env, tmp_path)
        assert second.returncode == EXIT_RESTRICTED, second.stdout + second.stderr
        assert len(sim.state.requests) == requests  # not one request to LinkedIn
        assert "no request to LinkedIn until" in flat(second.stderr)
        assert "linkedin-bot resume" in flat(second.stderr)
        dry = run_cli(["run", "birthday", "--dry-run"], env, tmp_path)
        assert dry.returncode == EXIT_RESTRICTED  # a dry run reads LinkedIn: refused too
        assert len(sim.state.requests) == requests
        assert sim.state.messages == []

        resumed = run_cli(["resume", "--yes"], env, tmp_path)
        assert resumed.returncode == 0, resumed.stdout + resumed.stderr
        assert "Ended 1 cool-down" in flat(resumed.stdout)
        sim.state.set_faults(checkpoint=False)
        third = run_cli(["run", "birthday", "--force"], env, tmp_path)
        assert third.returncode == 0, third.stdout + third.stderr
        assert len(sim.state.messages) == 3


def test_http_999_ends_the_run_restricted(tmp_path: Path) -> None:
    """LinkedIn's HTTP 999 ends the run as restricted with the reason (it used to end as
    failed/TypeError from a crashing log line)."""
    with _sim() as sim:
        env = _env(tmp_path, sim.base_url)
        import_session(env, tmp_path, sim.state.valid_li_at)
        sim.state.set_faults(http_status=999)
        result = run_cli(["run", "birthday", "--force"], env, tmp_path)
        assert result.returncode == EXIT_RESTRICTED, result.stdout + result.stderr
        assert "run 1: restricted" in flat(result.stdout)
        assert "HTTP 999" in flat(result.stdout)
        _no_traceback(result)


def test_a_login_wall_blocks_until_a_new_session(tmp_path: Path) -> None:
    """Signed out by LinkedIn: the run ends auth_required (exit 4); later processes refuse
    without contacting LinkedIn and say to import a session; once a session is imported
    again, runs go ahead."""
    with _sim() as sim:
        env = _env(tmp_path, sim.base_url)
        import_session(env, tmp_path, sim.state.valid_li_at)
        sim.state.set_faults(expire_after_actions=0)
        first = run_cli(["run", "birthday", "--force"], env, tmp_path)
        assert first.returncode == EXIT_AUTH, first.stdout + first.stderr
        requests = len(sim.state.requests)
        sim.state.set_faults(expire_after_actions=None)  # LinkedIn would accept a new one
        second = run_cli(["run", "birthday", "--force"], env, tmp_path)
        assert second.returncode == EXIT_AUTH
        assert len(sim.state.requests) == requests
        assert "linkedin-bot auth import" in flat(second.stderr)
        import_session(env, tmp_path, sim.state.valid_li_at)
        third = run_cli(["run", "birthday", "--force"], env, tmp_path)
        assert third.returncode == 0, third.stdout + third.stderr
        assert len(sim.state.messages) == 3


def test_linkedin_unreachable_is_a_clear_failure(tmp_path: Path) -> None:
    """With LinkedIn unreachable (the README's first steps, offline), a dry run ends failed
    (exit 1) with one reason saying what to check, and no traceback anywhere."""
    env = _env(tmp_path, f"http://127.0.0.1:{free_port()}")
    import_session(env, tmp_path, "li-at-value-for-an-unreachable-linkedin-0123456789")
    result = run_cli(["run", "birthday", "--dry-run"], env, tmp_path)
    assert result.returncode == EXIT_FAILED, result.stdout + result.stderr
    assert "run 1: failed" in flat(result.stdout)
    assert "LinkedIn unreachable (ERR_CONNECTION_REFUSED): check the network" in flat(result.stdout)
    _no_traceback(result)


def test_losing_linkedin_mid_run_is_not_a_success(tmp_path: Path) -> None:
    """LinkedIn goes away after the first wish: the run stops after three contacts in a row
    fail the same way, ends failed saying why, and the command exits non-zero."""
    sim = _sim(birthdays=6)
    sim.start()
    try:
        env = _env(tmp_path, sim.base_url)
        import_session(env, tmp_path, sim.state.valid_li_at)
        proc = subprocess.Popen(
            [str(BIN), "run", "birthday", "--force"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        wait_for(lambda: len(sim.state.messages) >= 1, 120, "a first delivered wish")
    finally:
        sim.stop()
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == EXIT_FAILED, out + err
    assert "succeeded" not in out
    assert "3 contacts in a row failed the same way" in flat(out)
    assert "LinkedIn unreachable" in flat(out)
    assert "Traceback" not in out
