"""Notifications reach real receivers (an SMTP server, a webhook), carry no secret, and a
failing receiver (refused, silent, refusing the credentials) neither raises nor holds a
run up."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from linkedin_bot.core.clock import FrozenClock
from linkedin_bot.core.notify_urls import notify_targets
from linkedin_bot.core.redaction import register_secret
from linkedin_bot.db.enums import RunStatus
from linkedin_bot.services.notification_delivery import Message, deliver
from tests.helpers import Database
from tests.services.notification_fixtures import (
    NOON,
    SECRETS,
    ended_run,
    notifier_for,
    notify_settings,
    secret_error,
)
from tests.services.notification_receivers import (
    AIOSMTPD_WARNING,
    HOOK_PASSWORD,
    SMTP_PASSWORD,
    black_hole,
    http_hook,
    refused_url,
    smtp_server,
)

pytestmark = pytest.mark.filterwarnings(AIOSMTPD_WARNING)


async def test_a_failed_run_is_mailed_and_posted_without_any_secret(
    db: Database, tmp_path: Path
) -> None:
    """A run that failed with an error quoting the li_at cookie, the API key and a URL
    password reaches the SMTP server (authenticated with the mailto:// URL's password) and
    the webhook: both say which run failed and why, and neither body holds a secret, nor
    the password of any notification URL."""
    clock = FrozenClock(NOON)
    with smtp_server() as mailbox, http_hook() as hook:
        settings = notify_settings(tmp_path, db.url, [mailbox.url(), hook.url()])
        notifier = notifier_for(db, settings, clock)
        run = await ended_run(
            db, clock, RunStatus.FAILED, secret_error(HOOK_PASSWORD), stats={"sent": 2}
        )
        await notifier.run_ended(run)
        await notifier.drain()
        assert mailbox.logins == [("bot", SMTP_PASSWORD)]
        [mail] = mailbox.texts()
        [request] = hook.requests
    assert f"run {run.id} (birthday, test) failed" in mail
    assert "PageFailed" in mail
    assert "sent 2" in mail
    assert request["json"]["title"] == f"linkedin-bot: run {run.id} (birthday, test) failed"
    assert "PageFailed" in request["json"]["message"]
    assert request["json"]["type"] == "failure"
    for received in [*mailbox.raw, mail, request["raw"]]:
        assert "***" in received or "=2A=2A=2A" in received
        for secret in (*SECRETS, SMTP_PASSWORD, HOOK_PASSWORD):
            assert secret not in received


async def test_a_refused_and_a_silent_receiver_neither_raise_nor_hold_up_the_run(
    db: Database, tmp_path: Path
) -> None:
    """With one URL refusing connections and one answering a byte at a time forever (no
    socket timeout fires), run_ended returns while the slow one is still waited for (the
    run goes on), drain ends at the configured bound, both failures are logged by position
    (no URL), and the event is not lost: the next one is sent and mentions it."""
    clock = FrozenClock(NOON)
    with black_hole(trickle=True) as hole, http_hook() as hook:
        urls = [refused_url(), hole.url()]
        settings = notify_settings(tmp_path, db.url, urls, notify_timeout_s=1)
        notifier = notifier_for(db, settings, clock)
        run = await ended_run(db, clock, RunStatus.PAGE_CHANGED, "the birthday list changed")
        with capture_logs() as logs:
            await notifier.run_ended(run)
            assert notifier.in_flight == 1  # returned; the notification goes on in the background
            await asyncio.to_thread(hole.accepted.wait, 30)
            assert notifier.in_flight == 1  # the slow receiver holds it, not the run
            await notifier.drain()
        assert notifier.in_flight == 0
        failures = {e["target"]: e["reason"] for e in logs if e["event"] == "notify.failed"}
        assert set(failures) == {"#1 JSON (json://)", "#2 JSON (json://)"}
        assert "connection error" in failures["#1 JSON (json://)"].lower()
        assert failures["#2 JSON (json://)"] == "no answer within 2 s"
        for entry in logs:
            assert str(hole.port) not in str(entry)

        working = notify_settings(tmp_path, db.url, [hook.url()])
        again = notifier_for(db, working, clock)
        later = await ended_run(db, clock, RunStatus.PAGE_CHANGED, "the list changed again")
        await again.run_ended(later)
        await again.drain()
    [request] = hook.requests
    assert f"run {later.id}" in request["json"]["title"]
    assert "And 1 more runs stopped by a changed page since 12:00" in request["json"]["message"]


async def test_a_receiver_refusing_the_credentials_is_reported_not_raised(
    db: Database, tmp_path: Path
) -> None:
    """A webhook answering 401 (bad credentials) is a failed delivery with Apprise's
    reason, logged; nothing is raised."""
    clock = FrozenClock(NOON)
    with http_hook(status=401) as hook:
        settings = notify_settings(tmp_path, db.url, [hook.url()])
        notifier = notifier_for(db, settings, clock)
        [delivery] = await notifier.send_test()
        assert len(hook.requests) == 1
    assert not delivery.ok
    assert delivery.target == "#1 JSON (json://)"
    assert delivery.reason is not None
    assert "401" in delivery.reason or "Unauthorized" in delivery.reason
    assert HOOK_PASSWORD not in delivery.reason


async def test_the_message_is_redacted_as_it_leaves(tmp_path: Path) -> None:
    """Whatever a caller puts in a message, the li_at cookie and the API key never reach the
    receiver (the last net, independent of how the text was built)."""
    with http_hook() as hook:
        targets = notify_targets(hook.url())
        message = Message(f"title li_at={SECRETS[0]}", f"body {SECRETS[0]} and {SECRETS[1]}")
        register_secret(SECRETS[1])
        [delivery] = await deliver(targets, message, 5)
    assert delivery.ok
    [raw] = hook.bodies()
    for secret in SECRETS:
        assert secret not in raw
    assert raw.count("***") >= 3
