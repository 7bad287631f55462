"""Helpers for tests that run the product as its user does: `linkedin-bot` commands and
`serve` as real processes, and servers of our own that a test may stop and start."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.helpers import TEST_API_KEY

BIN = Path(sys.executable).parent / "linkedin-bot"
PG_BIN = Path("/usr/lib/postgresql")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(predicate: Callable[[], object], timeout: float, what: str) -> None:
    """Poll ``predicate`` until it is true; fail the test naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def bot_env(data: Path, database_url: str, **settings: str) -> dict[str, str]:
    """The environment of a bot process: none of the caller's LINKEDIN_BOT_ variables, a
    data directory, a database, the test API key, no schedule, JSON logs, no human pacing
    (the pauses and the key-by-key typing; ``pacing_enabled="true"`` where a test is about
    them); plus ``settings`` (``linkedin_base_url="..."`` becomes
    LINKEDIN_BOT_LINKEDIN_BASE_URL)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINKEDIN_BOT_")}
    env.update(
        LINKEDIN_BOT_DATA_DIR=str(data),
        LINKEDIN_BOT_DATABASE_URL=database_url,
        LINKEDIN_BOT_API_KEY=TEST_API_KEY,
        LINKEDIN_BOT_SCHEDULER_ENABLED="false",
        LINKEDIN_BOT_LOG_FORMAT="json",
        LINKEDIN_BOT_PACING_ENABLED="false",
    )
    env.update({f"LINKEDIN_BOT_{name.upper()}": value for name, value in settings.items()})
    return env


def run_cli(
    args: list[str], env: dict[str, str], cwd: Path, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """One `linkedin-bot` command, to its end."""
    return subprocess.run(
        [str(BIN), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def import_session(env: dict[str, str], cwd: Path, li_at: str) -> None:
    """`linkedin-bot auth import -` with the cookie on stdin, as a user pastes it."""
    result = subprocess.run(
        [str(BIN), "auth", "import", "-"],
        input=li_at,
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def flat(text: str) -> str:
    """Output with Rich's line wrapping undone."""
    return " ".join(text.split())


@contextmanager
def serve_process(
    env: dict[str, str], cwd: Path, log_path: Path
) -> Iterator[tuple[subprocess.Popen[bytes], httpx.Client]]:
    """`linkedin-bot serve` as a process; yields it and a client (with the API key) once it
    answers; stopped with SIGTERM at the end if the test did not stop it."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [str(BIN), "serve", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=cwd,
        )
        try:
            with httpx.Client(
                base_url=base, headers={"X-API-Key": TEST_API_KEY}, timeout=30
            ) as client:

                def up() -> bool:
                    assert proc.poll() is None, log_path.read_text()
                    try:
                        return client.get("/health").status_code == 200
                    except httpx.TransportError:
                        return False

                wait_for(up, 60, "serve to start")
                yield proc, client
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextmanager
def serving(env: dict[str, str], cwd: Path, log_path: Path) -> Iterator[httpx.Client]:
    """`linkedin-bot serve` as a process; yields a client (with the API key) once it
    answers, stops it with SIGTERM at the end."""
    with serve_process(env, cwd, log_path) as (_proc, client):
        yield client


def _pg_tool(name: str) -> str:
    found = sorted(PG_BIN.glob(f"*/bin/{name}"))
    if not found:
        pytest.fail(f"PostgreSQL's {name} is required (Debian package postgresql)")
    return str(found[-1])


class PrivatePostgres:
    """A PostgreSQL server of the test's own, on its own port, that it may stop and start
    (the shared server is never touched). Runs as the ``postgres`` user when we are root
    (PostgreSQL refuses to run as root)."""

    def __init__(self) -> None:
        # Not under pytest's tmp_path: its parents are private to root, and the server runs
        # as ``postgres``. Removed by ``remove()``.
        self.directory = Path(tempfile.mkdtemp(prefix="linkedin-bot-pg-"))
        directory = self.directory
        self.port = free_port()
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            runuser = shutil.which("runuser")
            if runuser is None:
                pytest.fail("runuser is required to start PostgreSQL as root")
            self._as_user = [runuser, "-u", "postgres", "--"]
            shutil.chown(directory, "postgres")
        self.data = directory / "pgdata"
        initdb = [_pg_tool("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"]
        subprocess.run(
            [*self._as_user, *initdb],
            check=True,
            capture_output=True,
        )

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        log = str(self.directory / "server.log")
        pg_ctl = [_pg_tool("pg_ctl"), "-D", str(self.data), "-o", options, "-l", log]
        subprocess.run(
            [*self._as_user, *pg_ctl, "-w", "start"],
            check=True,
            capture_output=True,
        )

    def remove(self) -> None:
        """Stop the server and delete its files."""
        self.stop("fast")
        shutil.rmtree(self.directory, ignore_errors=True)

    def stop(self, mode: str = "immediate") -> None:
        subprocess.run(
            [*self._as_user, _pg_tool("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"],
            check=False,
            capture_output=True,
        )
