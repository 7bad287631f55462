"""`linkedin-bot run ...` and `demo` as processes: the refusal outside working hours names
the hours, the zone and the local time; on a terminal, the live display is not broken by
log lines (they go to the log file, whose place the summary gives)."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.processes import BIN, bot_env, flat, run_cli

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _hours_excluding_now() -> tuple[int, int]:
    """Working hours (UTC) that do not contain the current hour."""
    hour = datetime.now(UTC).hour
    return (hour + 1, 24) if hour < 23 else (0, 23)


def test_outside_hours_refusal_says_hours_zone_and_local_time(tmp_path: Path) -> None:
    """Outside working hours the run ends at once, exit 5, with the hours, their zone and
    the time it is there, and what to do; nothing was sent. Without a terminal (a timer, a
    pipe) the log lines stay on standard error and no log file is made."""
    start, end = _hours_excluding_now()
    env = bot_env(
        tmp_path / "data",
        f"sqlite+aiosqlite:///{tmp_path / 'data' / 'bot.db'}",
        timezone="UTC",
        working_hours_start=str(start),
        working_hours_end=str(end),
    )
    before = datetime.now(UTC)
    done = run_cli(["run", "birthday"], env, tmp_path)
    after = datetime.now(UTC)
    assert done.returncode == 5, done.stdout + done.stderr
    text = flat(done.stdout)
    assert "Birthday run 1: outside_hours (nothing done)" in text
    shown = re.search(
        rf"outside working hours \({start:02d}:00-{end:02d}:00 UTC; it is (\d\d:\d\d) there\): "
        r"nothing sent; run later or pass --force",
        text,
    )
    assert shown is not None, text
    assert shown.group(1) in {f"{before:%H:%M}", f"{after:%H:%M}"}
    assert "Sent to" not in text
    assert '"event": "run.opened"' in done.stderr
    assert not (tmp_path / "data" / "logs").exists()


def _on_a_terminal(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str]:
    """Run a command with a pseudo-terminal as its standard output and error (what a person
    sees), to its end; its exit code and everything it wrote, escape sequences removed."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [str(BIN), *args], stdout=follower, stderr=follower, env=env, cwd=cwd, close_fds=True
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    code = proc.wait(timeout=300)
    return code, ANSI.sub("", b"".join(chunks).decode("utf-8", "replace"))


@pytest.mark.browser
@pytest.mark.slow
def test_demo_on_a_terminal_keeps_log_lines_out_of_the_display(tmp_path: Path) -> None:
    """On a terminal, the demo's progress bar is drawn and no informational log line is
    printed into it; the summary names who was wished and where the log file is, and that
    file holds the run's lines."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINKEDIN_BOT_")}
    env |= {"LINKEDIN_BOT_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "200"}
    code, screen = _on_a_terminal(
        ["demo", "--birthdays-today", "2", "--birthdays-late", "0", "--delay", "0"],
        env,
        tmp_path,
    )
    assert code == 0, screen
    for event in ("run.opened", "browser.started", "linkedin.session_valid", "run.finished"):
        assert event not in screen
    assert "[info" not in screen
    assert re.search(r"Sent to 2: \S", screen), screen
    log_file = re.search(r"Log: (\S+\.log)", screen)
    assert log_file is not None, screen
    events = [
        json.loads(line)["event"] for line in Path(log_file.group(1)).read_text().splitlines()
    ]
    assert "run.opened" in events
    assert "run.finished" in events
    shutil.rmtree(Path(log_file.group(1)).parent)


def test_bad_options_are_named_and_start_nothing(tmp_path: Path) -> None:
    """Options out of their bounds (declared once, in the options model the API uses too)
    are refused before anything starts: exit 2, one line naming each option as typed, no
    database created, no traceback."""
    db_file = tmp_path / "data" / "bot.db"
    env = bot_env(tmp_path / "data", f"sqlite+aiosqlite:///{db_file}")
    result = run_cli(["run", "birthday", "--limit", "0", "--max-days-late", "11"], env, tmp_path)
    assert result.returncode == 2, result.stderr
    said = flat(result.stderr)
    assert "--limit: Input should be greater than or equal to 1" in said
    assert "--max-days-late: Input should be less than or equal to 10" in said
    assert "Traceback" not in result.stdout + result.stderr
    other = run_cli(["run", "new-job", "--max-days-ago", "31"], env, tmp_path)
    assert other.returncode == 2, other.stderr
    assert "--max-days-ago: Input should be less than or equal to 30" in flat(other.stderr)
    assert not db_file.exists()
