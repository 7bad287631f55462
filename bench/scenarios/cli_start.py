"""How fast the CLI starts: `linkedin-bot --help`, `--version`, a command's `--help`,
`auth status` and `status`, against the interpreter's own start (`python -c pass`, the same
interpreter and site-packages), as processes spawned one after another.

Python's bytecode caches are on, kept in a private directory of the run
(``PYTHONPYCACHEPREFIX``), whatever ``PYTHONDONTWRITEBYTECODE`` says: an installed package
has its ``.pyc`` files, and without them every start compiles every module it imports
(more than half of the time, the figures of every command alike). Each command runs once
unmeasured (that writes the caches, and warms the page cache), then ``--cli-starts``
times; the median wall time and the median CPU time (user + system of the child, from
``getrusage``) are reported, with their ratio to the interpreter's. The target (issue
13): `--help` under 10x `python -c pass`.

The data directory is a temporary one with a migrated SQLite database (`db upgrade`, not
measured) and no LinkedIn session: `auth status` says there is none (exit 1), `status`
reads the database as it does every day (schema revision, cool-down, quotas, runs, pauses).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.config import BenchConfig
from bench.scenarios.base import ScenarioResult, target

NAME = "cli_start"
CLI = Path(sys.executable).parent / "linkedin-bot"
TARGET_RATIO = 10.0
COMMANDS: tuple[tuple[str, list[str]], ...] = (
    ("python -c pass", [sys.executable, "-c", "pass"]),
    ("linkedin-bot --help", [str(CLI), "--help"]),
    ("linkedin-bot --version", [str(CLI), "--version"]),
    ("linkedin-bot run birthday --help", [str(CLI), "run", "birthday", "--help"]),
    ("linkedin-bot auth status", [str(CLI), "auth", "status"]),
    ("linkedin-bot status", [str(CLI), "status"]),
)


def _child_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _once(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds of one run of ``command``, and its exit code."""
    cpu_before = _child_cpu_s()
    started = time.perf_counter()
    done = subprocess.run(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    wall = time.perf_counter() - started
    return wall, _child_cpu_s() - cpu_before, done.returncode


def _measure(command: list[str], runs: int, env: dict[str, str], cwd: Path) -> dict[str, Any]:
    _once(command, env, cwd)  # warm the page cache
    samples = [_once(command, env, cwd) for _ in range(runs)]
    return {
        "runs": runs,
        "wall_ms": statistics.median(s[0] for s in samples) * 1000,
        "cpu_ms": statistics.median(s[1] for s in samples) * 1000,
        "wall_ms_all": [round(s[0] * 1000, 1) for s in samples],
        "exit_codes": sorted({s[2] for s in samples}),
    }


def run(cfg: BenchConfig) -> ScenarioResult:
    with tempfile.TemporaryDirectory(prefix="linkedin-bench-cli-") as tmp:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("LINKEDIN_BOT_") and k != "PYTHONDONTWRITEBYTECODE"
        }
        env |= {
            "LINKEDIN_BOT_DATA_DIR": str(Path(tmp) / "data"),
            "XDG_CONFIG_HOME": tmp,
            "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache"),
        }
        subprocess.run(
            [str(CLI), "db", "upgrade"], env=env, cwd=tmp, capture_output=True, check=True
        )
        figures = {
            label: _measure(command, cfg.cli_starts, env, Path(tmp)) for label, command in COMMANDS
        }
    base = figures["python -c pass"]
    checks = []
    for label, row in figures.items():
        row["wall_ratio"] = row["wall_ms"] / base["wall_ms"]
        row["cpu_ratio"] = row["cpu_ms"] / base["cpu_ms"] if base["cpu_ms"] else None
        if label == "python -c pass":
            continue
        goal = label == "linkedin-bot --help"
        checks.append(
            target(
                f"CLI start: `{label.removeprefix('linkedin-bot ')}` / `python -c pass` "
                f"(wall, median of {row['runs']})",
                row["wall_ratio"],
                "x",
                f"< {TARGET_RATIO:g}x" if goal else "measure",
                row["wall_ratio"] < TARGET_RATIO if goal else None,
                f"{row['wall_ms']:.0f} ms wall, {row['cpu_ms']:.0f} ms CPU "
                f"(python -c pass: {base['wall_ms']:.0f} / {base['cpu_ms']:.0f} ms)",
            )
        )
    measured_at = datetime.now(UTC).isoformat(timespec="seconds")
    return ScenarioResult(
        NAME, details={"commands": figures, "checks": checks, "measured_at": measured_at}
    )
