"""Serve the real app with uvicorn in its own process, and wait until it is ready."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.config import API_KEY
from linkedin_bot.api.limits import MAX_HEADER_BYTES

REPO = Path(__file__).resolve().parent.parent
READY_TIMEOUT_S = 60.0


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen[bytes]
    cold_start_s: float
    log_path: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def child_env(database_url: str, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINKEDIN_BOT_")}
    env |= {
        "LINKEDIN_BOT_DATABASE_URL": database_url,
        "LINKEDIN_BOT_API_KEY": API_KEY,
        "LINKEDIN_BOT_DATA_DIR": str(data_dir),
        "LINKEDIN_BOT_LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
    }
    return env


def uvicorn_command(port: int) -> list[str]:
    return [
        sys.executable, "-m", "uvicorn", "bench.app_factory:create", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
        # as `linkedin-bot serve` runs it: no proxy headers, h11 with bounded headers
        "--no-proxy-headers", "--http", "h11",
        "--h11-max-incomplete-event-size", str(MAX_HEADER_BYTES),
    ]  # fmt: skip


def start(
    database_url: str,
    data_dir: Path,
    *,
    extra_env: dict[str, str] | None = None,
    command: list[str] | None = None,
    port: int | None = None,
) -> Server:
    """uvicorn, one worker, on a free port; cold start = spawn until ``/ready`` answers 200.

    ``command`` (listening on ``port``) replaces the uvicorn command line, e.g. with
    ``linkedin-bot serve``; ``extra_env`` adds settings to the child's environment.
    """
    port = port or free_port()
    command = command or uvicorn_command(port)
    log_path = data_dir / f"server-{port}.log"
    env = child_env(database_url, data_dir) | (extra_env or {})
    started = time.perf_counter()
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=env, cwd=data_dir, stdout=log, stderr=log)
    base_url = f"http://127.0.0.1:{port}"
    server = Server(base_url, process, 0.0, log_path)
    deadline = started + READY_TIMEOUT_S
    with httpx.Client(base_url=base_url, timeout=2.0) as client:
        while time.perf_counter() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"uvicorn exited: {log_path.read_text()[-2000:]}")
            try:
                if client.get("/ready").status_code == 200:
                    server.cold_start_s = time.perf_counter() - started
                    return server
            except httpx.TransportError:
                pass
            time.sleep(0.02)
    server.stop()
    raise RuntimeError(f"not ready after {READY_TIMEOUT_S}s: {log_path.read_text()[-2000:]}")
