"""Notification URLs saved on the Settings page (in this process): checked, kept encrypted
in a private file, listed by service only, used at once by "send a test" and the schedule;
``LINKEDIN_BOT_NOTIFY_URLS`` wins over them; a file the key cannot read is said, never a
crash."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from cryptography.fernet import Fernet
from pydantic import SecretStr
from structlog.testing import capture_logs

from linkedin_bot.core.clock import SystemClock
from linkedin_bot.core.notify_store import save_notify_urls, saved_urls_file
from linkedin_bot.services.notifications import build_notifier
from tests.helpers import TEST_API_KEY, TEST_ENCRYPTION_KEY, Database, make_settings
from tests.services.notification_receivers import HOOK_PASSWORD, http_hook
from tests.web.conftest import Web
from tests.web.test_sourcing import signed_in_web

SAVE = "/settings/notify-urls"
REMOVE = "/settings/notify-urls/remove"
TEST = "/settings/notify-test"


def urls_error(html: str) -> str:
    found = re.search(r'<div class="field-error" id="notify-error" role="alert">(.*?)</div>', html)
    assert found is not None, "no error next to the URLs field"
    return found.group(1)


def textarea(html: str) -> str:
    found = re.search(r'<textarea id="notify_urls"[^>]*>', html, re.S)
    assert found is not None, "no URLs field"
    return found.group(0)


async def test_saved_urls_are_encrypted_listed_by_service_and_take_the_test(web: Web) -> None:
    """Two webhooks saved in the form: the page lists them as #1 and #2 JSON, the file is
    0600 in a 0700 directory and holds neither URL nor password, "send a test" reaches
    both at once, and no page or log line shows a URL; the schedule of the running service
    gains its notification jobs."""
    runtime = web.api.runtime
    schedule = runtime.start_schedule()
    assert not [name for name in schedule.next_runs() if name.startswith("notify")]
    with http_hook() as hook, capture_logs() as logs:
        urls = f"{hook.url('one')}\n{hook.url('two')}"
        saved = await web.post(SAVE, {"notify_urls": urls}, page="/settings")
        assert saved.status_code == 303
        assert saved.headers["location"] == "/settings?done=notify-saved#notifications"
        html = (await web.client.get(saved.headers["location"])).text
        assert "The notification URLs are saved, encrypted (2)." in html
        assert "Notification URLs saved (2):" in html
        assert "<li>#1 JSON (json://)</li>" in html
        assert "<li>#2 JSON (json://)</li>" in html
        assert "Remove all saved URLs" in html
        tested = await web.post(TEST, {}, page="/settings")
        assert tested.status_code == 200
        assert "The test notification reached every URL." in tested.text
        assert sorted(r["path"] for r in hook.requests) == ["/one", "/two"]
    assert {"notify_session", "notify_pending"} <= set(schedule.next_runs())
    path = saved_urls_file(web.api.settings)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    content = path.read_bytes()
    for clear in (HOOK_PASSWORD, "127.0.0.1", "json://", "bot:"):
        assert clear.encode() not in content
    for secret in (HOOK_PASSWORD, hook.url("one"), hook.url("two"), f"127.0.0.1:{hook.port}"):
        assert secret not in html
        assert secret not in tested.text
        assert secret not in repr(logs)
    assert "web.notify_urls_saved" in [line["event"] for line in logs]


async def test_bad_urls_are_each_named_next_to_the_field_and_nothing_is_saved(web: Web) -> None:
    """A good URL, a service Apprise does not know and a Telegram URL without its token:
    422, the two bad ones named by position and service next to the field, nothing saved
    (the URLs saved before stay), and what was typed is not shown back."""
    with http_hook() as hook:
        first = await web.post(SAVE, {"notify_urls": hook.url("kept")}, page="/settings")
        assert first.status_code == 303
        before = saved_urls_file(web.api.settings).read_bytes()
        typed = f"{hook.url('new')}\nnosuchservice://{HOOK_PASSWORD}@host\ntgram://"
        answer = await web.post(SAVE, {"notify_urls": typed}, page="/settings")
        assert answer.status_code == 422
        error = urls_error(answer.text)
        assert "URL #2: Apprise knows no service nosuchservice://" in error
        assert "URL #3 (tgram://) is not one Apprise can use" in error
        assert "URL #1" not in error
        assert "Nothing was saved." in error
        field = textarea(answer.text)
        assert 'aria-invalid="true" aria-describedby="notify-error notify-hint"' in field
        assert HOOK_PASSWORD not in answer.text
        assert "nosuchservice://" + HOOK_PASSWORD not in answer.text
        assert saved_urls_file(web.api.settings).read_bytes() == before
        empty = await web.post(SAVE, {"notify_urls": " \n "}, page="/settings")
        assert empty.status_code == 422
        assert "Enter one or several Apprise URLs, one per line." in urls_error(empty.text)
        words = await web.post(SAVE, {"notify_urls": "my phone please"}, page="/settings")
        assert words.status_code == 422
        assert saved_urls_file(web.api.settings).read_bytes() == before
        tested = await web.post(TEST, {}, page="/settings")
        assert [r["path"] for r in hook.requests] == ["/kept"]
    assert "Notification URLs saved (1):" in tested.text


async def test_the_variable_wins_and_the_form_is_disabled(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """With LINKEDIN_BOT_NOTIFY_URLS set, the page says its URLs are used and shows the
    form disabled; a save posted anyway is refused (409) and changes nothing; the test
    goes to the variable's URL, not to the saved one, which can still be removed."""
    with http_hook() as env_hook, http_hook() as saved_hook:
        settings = make_settings(tmp_path / "data", sqlite_db.url, notify_urls=env_hook.url())
        save_notify_urls(settings, saved_hook.url())
        before = saved_urls_file(settings).read_bytes()
        async for web in signed_in_web(settings):
            html = (await web.client.get("/settings")).text
            assert "Notification URLs set by LINKEDIN_BOT_NOTIFY_URLS (1):" in html
            assert "LINKEDIN_BOT_NOTIFY_URLS is set: its URLs are used" in html
            assert " disabled" in textarea(html)
            assert re.search(r'<button type="submit" class="primary" disabled>Save the notif', html)
            refused = await web.post(SAVE, {"notify_urls": saved_hook.url("x")}, page="/settings")
            assert refused.status_code == 409
            assert saved_urls_file(settings).read_bytes() == before
            tested = await web.post(TEST, {}, page="/settings")
            assert tested.status_code == 200
            assert len(env_hook.requests) == 1
            assert saved_hook.requests == []
            removed = await web.post(REMOVE, {}, page="/settings")
            assert removed.status_code == 303
            assert not saved_urls_file(settings).exists()


async def test_remove_all_stops_the_notifications(web: Web) -> None:
    """Saved URLs removed with "Remove all": the file is gone, the page says no URL is
    configured, "send a test" sends nothing, and the notification jobs leave the
    schedule."""
    schedule = web.api.runtime.start_schedule()
    with http_hook() as hook:
        assert (await web.post(SAVE, {"notify_urls": hook.url()}, page="/settings")).is_redirect
        assert "notify_session" in schedule.next_runs()
        html = (await web.client.get("/settings")).text
        assert 'data-confirm="Remove all the saved notification URLs?"' in html
        removed = await web.post(REMOVE, {}, page="/settings")
        assert removed.status_code == 303
        shown = await web.client.get(removed.headers["location"])
        assert "The saved notification URLs are removed." in shown.text
        assert "No notification URL is configured." in shown.text
        assert "Remove all saved URLs" not in shown.text
        tested = await web.post(TEST, {}, page="/settings")
        assert tested.status_code == 409
        assert hook.requests == []
    assert not saved_urls_file(web.api.settings).exists()
    assert not [name for name in schedule.next_runs() if name.startswith("notify")]


async def test_the_forms_without_their_token_are_refused_and_change_nothing(web: Web) -> None:
    """A save or a removal posted without this session's CSRF token is a 403 and changes
    nothing."""
    with http_hook() as hook:
        answer = await web.client.post(
            SAVE, data={"notify_urls": hook.url()}, headers={"Origin": "http://test"}
        )
        assert answer.status_code == 403
        assert not saved_urls_file(web.api.settings).exists()
        assert (await web.post(SAVE, {"notify_urls": hook.url()}, page="/settings")).is_redirect
        before = saved_urls_file(web.api.settings).read_bytes()
        answer = await web.client.post(REMOVE, data={}, headers={"Origin": "http://test"})
        assert answer.status_code == 403
        assert saved_urls_file(web.api.settings).read_bytes() == before
        assert (await web.anonymous.get("/settings")).status_code == 303


async def test_urls_saved_under_another_key_are_an_error_on_the_page_not_a_crash(
    web: Web,
) -> None:
    """URLs saved before the encryption key changed: the page says they cannot be
    decrypted and how to fix it; a notifier built by a run logs a warning, is off, and a
    run's end passes through it without an error; saving new URLs replaces them."""
    settings = web.api.settings
    other = settings.model_copy(
        update={"encryption_key": SecretStr(Fernet.generate_key().decode())}
    )
    with http_hook() as hook:
        save_notify_urls(other, hook.url())
        html = (await web.client.get("/settings")).text
        assert re.search(
            r'<p class="flash error" role="alert">the notification URLs saved on the dashboard '
            r"cannot be decrypted with the current encryption key",
            html,
        )
        with capture_logs() as logs:
            notifier = build_notifier(settings, SystemClock())
            assert not notifier.enabled
            await notifier.run_ended_id(1)
            await notifier.drain()
        assert [line["log_level"] for line in logs if line["event"].startswith("notify")] == [
            "warning"
        ]
        saved = await web.post(SAVE, {"notify_urls": hook.url()}, page="/settings")
        assert saved.status_code == 303
        shown = (await web.client.get("/settings")).text
        assert "cannot be decrypted" not in shown
        assert "Notification URLs saved (1):" in shown
        for secret in (TEST_API_KEY, TEST_ENCRYPTION_KEY, HOOK_PASSWORD):
            assert secret not in html
            assert secret not in shown
