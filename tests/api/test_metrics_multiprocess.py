"""With several server processes, /metrics adds up every process's counters."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import multiprocessing, sys
    from linkedin_bot.core.metrics import BIRTHDAY_MESSAGES_SENT

    def worker():
        BIRTHDAY_MESSAGES_SENT.labels("sent").inc()

    if __name__ == "__main__":
        ctx = multiprocessing.get_context("spawn")
        procs = [ctx.Process(target=worker) for _ in range(3)]
        for p in procs: p.start()
        for p in procs: p.join()
        from prometheus_client import generate_latest
        from linkedin_bot.api.routers.metrics import _registry
        sys.stdout.write(generate_latest(_registry()).decode())
    """
)


def test_counters_of_all_processes_are_aggregated(tmp_path: Path) -> None:
    """Three worker processes each count one message: the exposition says 3."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    script = tmp_path / "script.py"
    script.write_text(SCRIPT)
    out = subprocess.run(
        [sys.executable, str(script)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert 'linkedin_birthday_messages_sent_total{status="sent"} 3.0' in out
