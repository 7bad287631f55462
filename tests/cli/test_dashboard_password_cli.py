"""`linkedin-bot auth set-password` as a user runs it, then signing in to the running
`serve` with that password."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import httpx

from tests.processes import BIN, bot_env, flat, run_cli, serving

PASSWORD = "a long enough passphrase"


def _set_password(
    env: dict[str, str], cwd: Path, password: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), "auth", "set-password", "--stdin"],
        input=password + "\n",
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_password_set_on_the_command_line_signs_in_to_the_running_dashboard(
    tmp_path: Path,
) -> None:
    """A too-short password is refused with the rule (exit 2, nothing saved); a good one is
    stored hashed in a private file, never printed, and signs in to the dashboard of the
    running service; `clear-password` removes it."""
    data = tmp_path / "data"
    env = bot_env(data, f"sqlite+aiosqlite:///{data / 'bot.db'}")
    short = _set_password(env, tmp_path, "short")
    assert short.returncode == 2
    assert "a password has at least 10 characters (this one has 5)" in flat(short.stderr)
    stored = data / "secrets" / "dashboard_password"
    assert not stored.exists()

    done = _set_password(env, tmp_path, PASSWORD)
    assert done.returncode == 0, done.stderr
    assert "Dashboard password saved" in flat(done.stdout)
    assert PASSWORD not in done.stdout + done.stderr
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert PASSWORD not in stored.read_text()

    with serving(env, tmp_path, tmp_path / "serve.log") as api:
        base = str(api.base_url)
        with httpx.Client(base_url=base, timeout=30) as browser:
            origin = {"Origin": base.rstrip("/")}
            wrong = browser.post("/sign-in", data={"credential": PASSWORD + "x"}, headers=origin)
            assert wrong.status_code == 401
            right = browser.post("/sign-in", data={"credential": PASSWORD}, headers=origin)
            assert right.status_code == 303, right.text
            assert browser.get("/").status_code == 200
    assert PASSWORD not in (tmp_path / "serve.log").read_text()

    cleared = run_cli(["auth", "clear-password"], env, tmp_path)
    assert cleared.returncode == 0
    assert not stored.exists()
