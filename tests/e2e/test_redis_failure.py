"""Redis killed in the middle of a campaign: the run goes on (the breaker and the lock fall
back to this process and the database) and nothing is sent twice or over the quota."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from linkedin_bot.services.options import BirthdayOptions
from tests.e2e.conftest import TODAY, BotFactory
from tests.safety.ledger_check import Limits, violations

pytestmark = [pytest.mark.browser, pytest.mark.redis]


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A Redis server of this test's own, so that it can be killed."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is required for this test (Debian package redis-server)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0", proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)


async def test_redis_killed_mid_run(
    make_bot: BotFactory, private_redis: tuple[str, subprocess.Popen[bytes]]
) -> None:
    """After the first message, Redis dies: the run still wishes everyone exactly once,
    ends succeeded, and no quota window is over its limit."""
    url, redis_proc = private_redis
    bot = await make_bot(redis_url=url, daily_message_limit=6)
    bot.state.reset(
        4, today=TODAY, connections=20, birthdays_today=5, birthdays_late=0, prospects=0
    )
    run = asyncio.create_task(bot.runtime.campaigns.run(BirthdayOptions(), "test"))
    while not bot.state.messages:
        assert not run.done(), run.result()
        await asyncio.sleep(0.05)
    redis_proc.kill()
    finished = await asyncio.wait_for(run, timeout=240)
    assert finished.status == "succeeded", finished.error
    per_person = Counter(m.recipient_slug for m in bot.state.messages)
    assert len(per_person) == 5
    assert max(per_person.values()) == 1
    assert await violations(bot.runtime.sessions, "birthday_message", Limits(per_day=6)) == []
