"""`linkedin-bot serve` as a user starts it: a process of its own, configured by its
environment only, on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.helpers import TEST_API_KEY

BIN = Path(sys.executable).parent / "linkedin-bot"
STARTUP_S = 90  # a cold start migrates the database; the test machine may be busy


@dataclass
class Served:
    port: int
    base_url: str
    log_path: Path
    process: subprocess.Popen[bytes]

    def client(self, timeout_s: float = 60.0) -> httpx.Client:
        """A client sending the API key (the server's own answer time bounds each call)."""
        return httpx.Client(
            base_url=self.base_url, headers={"X-API-Key": TEST_API_KEY}, timeout=timeout_s
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(served: Served) -> None:
    deadline = time.monotonic() + STARTUP_S
    while True:
        try:
            if httpx.get(f"{served.base_url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if served.process.poll() is not None:
            raise AssertionError(f"serve exited:\n{served.log()[-4000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"serve did not come up:\n{served.log()[-4000:]}")
        time.sleep(0.1)


@contextmanager
def serving(data_dir: Path, **settings: str) -> Iterator[Served]:
    """``serve`` with its data in ``data_dir``, the test API key, no schedule, JSON logs,
    and ``settings`` as LINKEDIN_BOT_<NAME> variables; stopped (SIGTERM) at the end."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINKEDIN_BOT_")}
    env.update(
        LINKEDIN_BOT_DATA_DIR=str(data_dir),
        LINKEDIN_BOT_API_KEY=TEST_API_KEY,
        LINKEDIN_BOT_SCHEDULER_ENABLED="false",
        LINKEDIN_BOT_LOG_FORMAT="json",
    )
    env.update({f"LINKEDIN_BOT_{name.upper()}": value for name, value in settings.items()})
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = data_dir.parent / f"serve-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(BIN), "serve", "--port", str(port)],
            cwd=data_dir.parent,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    served = Served(port, f"http://127.0.0.1:{port}", log_path, process)
    try:
        _wait_healthy(served)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
