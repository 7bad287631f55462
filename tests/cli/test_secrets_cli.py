"""The API key and the encryption key as `serve` and the CLI handle them, run as processes:
shown only to a terminal, an unusable key file is one clear line (never a traceback, never
an empty key), a full disk at first start leaves no empty key file."""

from __future__ import annotations

import os
import select
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.full_disk import fill, small_filesystem

BIN = Path(sys.executable).parent / "linkedin-bot"
STARTUP_S = 60


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The environment of a new user: no LINKEDIN_BOT_ variable but the data directory."""
    values = {k: v for k, v in os.environ.items() if not k.startswith("LINKEDIN_BOT_")}
    values["LINKEDIN_BOT_DATA_DIR"] = str(tmp_path / "data")
    values["LINKEDIN_BOT_SCHEDULER_ENABLED"] = "false"
    return values


def run_cli(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def free_port() -> int:
    import socket  # noqa: PLC0415

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_S
    while True:
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert proc.poll() is None, "serve exited"
        assert time.monotonic() < deadline, "serve did not come up"
        time.sleep(0.1)


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def test_generated_secrets_are_private_under_umask_000(env: dict[str, str], tmp_path: Path) -> None:
    """`auth api-key` run with umask 000 creates the data and secrets directories 0700 and
    the key files 0600 (a shared machine's other users cannot read them)."""
    result = subprocess.run(
        ["sh", "-c", f'umask 000; exec "{BIN}" auth api-key'],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    secrets_dir = tmp_path / "data" / "secrets"
    modes = {
        path.name: stat.S_IMODE(path.stat().st_mode)
        for path in (tmp_path / "data", secrets_dir, *secrets_dir.iterdir())
    }
    assert modes == {"data": 0o700, "secrets": 0o700, "api_key": 0o600, "encryption.key": 0o600}


def test_auth_api_key_with_an_empty_key_file_is_one_clear_line(
    env: dict[str, str], tmp_path: Path
) -> None:
    """`auth api-key` over an empty api_key file exits 2 with one line naming the file and
    what to do, and prints nothing on stdout (it used to print an empty line)."""
    key_file = tmp_path / "data" / "secrets" / "api_key"
    assert run_cli(["auth", "api-key"], env, tmp_path).returncode == 0
    key_file.write_text("")
    result = run_cli(["auth", "api-key"], env, tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert str(key_file) in " ".join(result.stderr.split())
    assert "delete it" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_serve_with_a_damaged_encryption_key_refuses_to_start(
    env: dict[str, str], tmp_path: Path
) -> None:
    """`serve` over a damaged encryption.key stops at once with a line naming the file,
    instead of starting and failing later (or refusing everyone)."""
    assert run_cli(["auth", "api-key"], env, tmp_path).returncode == 0
    key_file = tmp_path / "data" / "secrets" / "encryption.key"
    key_file.write_text("garbage")
    result = run_cli(["serve", "--port", str(free_port())], env, tmp_path)
    assert result.returncode == 2
    assert str(key_file) in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr + result.stdout


def test_full_disk_at_first_start_is_one_line_and_no_empty_key(
    env: dict[str, str], tmp_path: Path
) -> None:
    """On a real full filesystem, the first `auth api-key` says the disk is full, exits 1,
    and leaves no api_key file (a 0-byte one locked everyone out afterwards)."""
    with small_filesystem(tmp_path / "disk", 256) as disk:
        fill(disk)
        env = {**env, "LINKEDIN_BOT_DATA_DIR": str(disk / "data")}
        result = run_cli(["auth", "api-key"], env, tmp_path)
        assert result.returncode == 1
        assert "disk is full" in result.stderr
        assert "Traceback" not in result.stderr
        assert result.stdout == ""
        assert not (disk / "data" / "secrets" / "api_key").exists()


@pytest.mark.slow
def test_serve_on_a_pipe_never_prints_the_new_key(env: dict[str, str], tmp_path: Path) -> None:
    """Under systemd, Docker or a pipe (stdout not a terminal), the first `serve` says where
    the new key is and how to show it, and never prints the key itself."""
    port = free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [str(BIN), "serve", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_healthy(f"http://127.0.0.1:{port}", proc)
        finally:
            stop(proc)
    output = " ".join(log_path.read_text().split())
    key_file = tmp_path / "data" / "secrets" / "api_key"
    key = key_file.read_text().strip()
    assert key not in output
    assert "linkedin-bot auth api-key" in output
    assert str(key_file) in output


def read_until(fd: int, needle: bytes, proc: subprocess.Popen[bytes]) -> bytes:
    """What the pseudo-terminal showed, until ``needle`` appears."""
    seen = b""
    deadline = time.monotonic() + STARTUP_S
    while needle not in seen:
        assert time.monotonic() < deadline, f"never showed {needle!r}: {seen[-2000:]!r}"
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:  # the terminal closed: serve exited
                break
        assert proc.poll() is None or needle in seen, f"serve exited: {seen[-2000:]!r}"
    return seen


@pytest.mark.slow
def test_serve_on_a_terminal_shows_the_new_key_once(env: dict[str, str], tmp_path: Path) -> None:
    """Started by a person at a terminal (a pseudo-terminal here), the first `serve` shows
    the new key, with the command that shows it again, and the dashboard's address."""
    main, terminal = os.openpty()
    port = free_port()
    proc = subprocess.Popen(
        [str(BIN), "serve", "--port", str(port)],
        cwd=tmp_path,
        env={**env, "TERM": "dumb"},
        stdin=subprocess.DEVNULL,
        stdout=terminal,
        stderr=terminal,
    )
    os.close(terminal)
    try:
        shown = read_until(main, b"api.started", proc).decode(errors="replace")
    finally:
        stop(proc)
        os.close(main)
    key = (tmp_path / "data" / "secrets" / "api_key").read_text().strip()
    assert shown.count(key) == 1
    assert "linkedin-bot auth api-key" in shown
    assert f"Dashboard: http://127.0.0.1:{port}/" in shown
