"""The LinkedIn simulator in its own process (``python -m sim``), so that what the bot
process measures (time, memory) is the bot's alone."""

from __future__ import annotations

import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx

from bench.server import REPO, free_port

READY_TIMEOUT_S = 60.0


@dataclass
class SimProcess:
    base_url: str
    li_at: str
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def messages(self) -> int:
        """How many messages the simulator has delivered."""
        state = httpx.get(f"{self.base_url}/__sim/state", timeout=30).json()
        return int(state["messages"])


def start(
    log_path: Path,
    *,
    today: date,
    connections: int = 0,
    birthdays_today: int = 0,
    seed: int = 1,
) -> SimProcess:
    """Serve a simulated network on a free loopback port; return once it answers."""
    port = free_port()
    li_at = "sim-li-at-" + secrets.token_hex(16)
    command = [
        sys.executable, "-m", "sim", "--port", str(port), "--seed", str(seed),
        "--connections", str(connections), "--birthdays-today", str(birthdays_today),
        "--birthdays-late", "0", "--prospects", "0", "--today", today.isoformat(),
        "--li-at", li_at,
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=log)
    sim = SimProcess(f"http://127.0.0.1:{port}", li_at, process)
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"simulator exited: {log_path.read_text()[-2000:]}")
        try:
            if httpx.get(f"{sim.base_url}/__sim/state", timeout=2).status_code == 200:
                return sim
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    sim.stop()
    raise RuntimeError(f"simulator not ready after {READY_TIMEOUT_S}s")
