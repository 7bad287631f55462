"""`linkedin-bot notify test` as a real process against local receivers: it says, for each
URL, whether the test arrived, exits non-zero when one did not, never shows a URL or its
password, and does not hang on a receiver that never finishes answering."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.processes import bot_env, flat, run_cli
from tests.services.notification_receivers import (
    AIOSMTPD_WARNING,
    HOOK_PASSWORD,
    SMTP_PASSWORD,
    black_hole,
    http_hook,
    refused_url,
    smtp_server,
)

pytestmark = [pytest.mark.filterwarnings(AIOSMTPD_WARNING), pytest.mark.slow]


def _env(tmp_path: Path, urls: list[str], **settings: str) -> dict[str, str]:
    data = tmp_path / "data"
    return bot_env(
        data, f"sqlite+aiosqlite:///{data / 'bot.db'}", notify_urls="\n".join(urls), **settings
    )


def _no_secret(*outputs: str) -> None:
    for output in outputs:
        for secret in (SMTP_PASSWORD, HOOK_PASSWORD, "127.0.0.1"):
            assert secret not in output


def test_notify_test_reaches_an_smtp_server_and_a_webhook(tmp_path: Path) -> None:
    """With a mailto:// URL (SMTP with AUTH) and a json:// webhook, both receive the test
    notification, the command lists both as delivered and exits 0."""
    with smtp_server() as mailbox, http_hook() as hook:
        result = run_cli(["notify", "test"], _env(tmp_path, [mailbox.url(), hook.url()]), tmp_path)
        assert result.returncode == 0, result.stderr
        [mail] = mailbox.texts()
        [request] = hook.requests
    out = flat(result.stdout)
    assert "delivered #1 E-Mail (mailto://)" in out
    assert "delivered #2 JSON (json://)" in out
    assert "reached all 2 URL(s)" in out
    assert mail.startswith("linkedin-bot: test notification\nThis is a test from linkedin-bot")
    assert request["json"]["title"] == "linkedin-bot: test notification"
    _no_secret(result.stdout, result.stderr)


def test_notify_test_names_the_url_that_failed_and_exits_1(tmp_path: Path) -> None:
    """One URL refused, one that answers a byte at a time forever, one that works: the
    working one receives the test; the command names the two others with the reason,
    exits 1 and does not wait past its bound for the endless answer."""
    with black_hole(trickle=True) as hole, http_hook() as hook:
        urls = [refused_url(), hole.url(), hook.url()]
        env = _env(tmp_path, urls, notify_timeout_s="1")
        result = run_cli(["notify", "test"], env, tmp_path, timeout=60)
        assert len(hook.requests) == 1
    assert result.returncode == 1, result.stderr
    out = flat(result.stdout)
    assert "FAILED #1 JSON (json://): A Connection error occurred" in out
    assert "FAILED #2 JSON (json://): no answer within 2 s" in out
    assert "delivered #3 JSON (json://)" in out
    assert "2 of 3 notification URL(s) did not take the test" in flat(result.stderr)


def test_notify_test_without_urls_says_how_to_set_them(tmp_path: Path) -> None:
    """No URL configured: exit 2 and the variable to set."""
    result = run_cli(["notify", "test"], _env(tmp_path, []), tmp_path)
    assert result.returncode == 2
    assert "set LINKEDIN_BOT_NOTIFY_URLS" in flat(result.stderr)


def test_a_url_apprise_does_not_understand_stops_the_command(tmp_path: Path) -> None:
    """A misspelt service stops the command before anything is sent, naming the variable
    and the URL's position, without echoing the URL or its password."""
    urls = ["ntfy://alerts", f"mailtoo://bob:{SMTP_PASSWORD}@127.0.0.1:25"]
    result = run_cli(["notify", "test"], _env(tmp_path, urls), tmp_path)
    assert result.returncode == 2
    assert "LINKEDIN_BOT_NOTIFY_URLS: URL #2: Apprise knows no service mailtoo://" in flat(
        result.stderr
    )
    _no_secret(result.stdout, result.stderr)


def test_serve_refuses_to_start_with_a_url_apprise_does_not_understand(tmp_path: Path) -> None:
    """`serve` checks the URLs at start-up: a malformed one stops it at once (exit 2) with
    the variable and the position named, before it listens, and without the URL."""
    urls = [f"tgram://not-a-bot-token-{SMTP_PASSWORD}/12"]
    result = run_cli(["serve", "--port", "1"], _env(tmp_path, urls), tmp_path, timeout=60)
    assert result.returncode == 2
    assert "LINKEDIN_BOT_NOTIFY_URLS: URL #1 (tgram://) is not one Apprise can use" in flat(
        result.stderr
    )
    _no_secret(result.stdout, result.stderr)
