"""The Settings page in this process: the configuration without a secret, the LinkedIn
session pasted as `auth import` takes it, the notification test, the password."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from linkedin_bot.core.passwords import save_password
from linkedin_bot.db.enums import CooldownKind
from linkedin_bot.linkedin.auth import import_session, session_status
from linkedin_bot.services.configuration import data_paths, setting_rows
from linkedin_bot.web.catalog import FRENCH
from linkedin_bot.web.routes import settings as page
from tests.helpers import TEST_API_KEY, TEST_ENCRYPTION_KEY, Database, make_settings
from tests.services.notification_receivers import HOOK_PASSWORD, http_hook, refused_url
from tests.web.conftest import Web, sign_in
from tests.web.test_sourcing import signed_in_web

GOOD_LI_AT = "AQEDAR" + "x7Kp2mQ9" * 8  # the shape of a real li_at value
PG_PASSWORD = "pg-Pa55word-4d2e"


def cookie_error(html: str) -> str:
    found = re.search(r'<p class="field-error" id="session-error" role="alert">([^<]*)</p>', html)
    assert found is not None, "no error next to the cookie field"
    return found.group(1)


async def test_the_page_shows_the_configuration_and_no_secret(web: Web) -> None:
    """Every setting is listed with where it came from; the API key and the encryption key
    are said to be set, never shown; the paths are there; without signing in, the page is
    closed."""
    assert (await web.anonymous.get("/settings")).status_code == 303
    answer = await web.client.get("/settings")
    assert answer.status_code == 200
    html = answer.text
    for variable in (
        "LINKEDIN_BOT_DAILY_MESSAGE_LIMIT",
        "LINKEDIN_BOT_API_KEY",
        "LINKEDIN_BOT_NOTIFY_URLS",
    ):
        assert f"<code>{variable}</code>" in html
    assert TEST_API_KEY not in html
    assert TEST_ENCRYPTION_KEY not in html
    assert "set, hidden" in html
    assert str(web.api.settings.data_dir) in html
    assert "linkedin-bot auth set-password" in html
    assert "No password is set" in html


def test_database_and_redis_passwords_are_masked(tmp_path: Path) -> None:
    """A PostgreSQL or Redis URL is shown without its password, in the settings and the
    paths; secrets are marked secret and their value is never given."""
    settings = make_settings(
        tmp_path,
        f"postgresql+asyncpg://bot:{PG_PASSWORD}@db.example.org/linkedin",
        redis_url=f"redis://:{PG_PASSWORD}@cache.example.org:6379/0",
    )
    rows = {row.name: row for row in setting_rows(settings, environ={})}
    assert "db.example.org" in rows["database_url"].value
    assert "cache.example.org" in rows["redis_url"].value
    assert all(PG_PASSWORD not in row.value for row in rows.values())
    assert all(TEST_API_KEY not in row.value for row in rows.values())
    assert rows["api_key"].secret
    assert rows["api_key"].value == "(hidden)"
    assert rows["encryption_key"].secret
    assert rows["api_key"].source == "given"
    assert rows["daily_message_limit"].source == "default"
    env = setting_rows(settings, environ={"LINKEDIN_BOT_DAILY_MESSAGE_LIMIT": "3"})
    assert {r.name: r.source for r in env}["daily_message_limit"] == "environment"
    database = {p.name: p for p in data_paths(settings)}["database"]
    assert database.where is not None
    assert PG_PASSWORD not in database.where


async def test_a_bad_cookie_is_refused_next_to_the_field_and_saves_nothing(web: Web) -> None:
    """A value that is no li_at cookie nor a cookie export is refused with a message tied
    to the field; the value is not shown back, and no session is saved."""
    pasted = "not a cookie at all"
    answer = await web.post("/settings/session", {"session": pasted}, page="/settings")
    assert answer.status_code == 422
    assert "not an li_at value" in cookie_error(answer.text)
    assert pasted not in answer.text
    assert 'aria-invalid="true" aria-describedby="session-error session-hint"' in answer.text
    assert not session_status(web.api.settings).present
    empty = await web.post("/settings/session", {"session": "  "}, page="/settings")
    assert cookie_error(empty.text) == "Paste the li_at cookie value or a cookie JSON export."


async def test_a_good_cookie_is_saved_and_its_expiry_said_never_its_value(web: Web) -> None:
    """A valid li_at value is saved encrypted as `auth import` saves it: back on Settings,
    a message says so and when it expires; the value appears neither on the page nor in
    a log line."""
    with capture_logs() as logs:
        answer = await web.post("/settings/session", {"session": GOOD_LI_AT}, page="/settings")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/settings?done=session#linkedin-session"
    assert session_status(web.api.settings).present
    shown = await web.client.get("/settings?done=session")
    assert "The LinkedIn session is saved, encrypted. It expires on " in shown.text
    assert GOOD_LI_AT not in shown.text
    assert GOOD_LI_AT not in repr(logs)
    assert "web.session_imported" in [line["event"] for line in logs]


async def test_a_new_cookie_ends_the_signed_out_cool_down(web: Web) -> None:
    """After LinkedIn signed the saved session out (a cool-down until a new session), the
    page says so; pasting a new cookie ends it, as `auth import` does."""
    runtime = web.api.runtime
    import_session(runtime.settings, "AQEDAR" + "old0" * 12)
    await runtime.cooldowns.session_expired("login wall on the feed", url=None)
    current = await runtime.cooldowns.current()
    assert current is not None
    assert current.kind == CooldownKind.SESSION_EXPIRED
    assert "LinkedIn signed this session out" in (await web.client.get("/settings")).text
    answer = await web.post("/settings/session", {"session": GOOD_LI_AT}, page="/settings")
    assert answer.status_code == 303
    assert await runtime.cooldowns.current() is None


async def test_forms_without_their_token_are_refused_and_change_nothing(web: Web) -> None:
    """A cookie posted without this session's CSRF token is a 403 and saves nothing; the
    same for the notification test."""
    for path, data in (
        ("/settings/session", {"session": GOOD_LI_AT}),
        ("/settings/notify-test", {}),
    ):
        answer = await web.client.post(path, data=data, headers={"Origin": "http://test"})
        assert answer.status_code == 403
    assert not session_status(web.api.settings).present


async def test_without_notification_urls_the_test_says_so(web: Web) -> None:
    """With no URL configured, the page says so, and pressing "send a test" (an old page)
    says nothing was sent."""
    assert "No notification URL is configured." in (await web.client.get("/settings")).text
    answer = await web.post("/settings/notify-test", {}, page="/settings")
    assert answer.status_code == 409
    assert "No notification URL is configured: nothing was sent." in answer.text


async def test_send_a_test_reaches_the_receiver_and_names_urls_by_service_only(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """With a webhook and a URL nobody answers, the page lists two URLs by service (never
    their text, which holds a password); "send a test" delivers to the webhook and says
    which one failed and why, still without any secret."""
    with http_hook() as hook:
        urls = f"{hook.url()} {refused_url()}"
        settings = make_settings(tmp_path / "data", sqlite_db.url, notify_urls=urls)
        async for web in signed_in_web(settings):
            html = (await web.client.get("/settings")).text
            assert "Notification URLs set by LINKEDIN_BOT_NOTIFY_URLS (2):" in html
            assert "#1 JSON (json://)" in html
            assert "#2 JSON (json://)" in html
            answer = await web.post("/settings/notify-test", {}, page="/settings")
            assert answer.status_code == 200
            text = answer.text
            assert len(hook.requests) == 1
            assert "test" in hook.requests[0]["json"]["title"].lower()
            assert "1 of 2 notification URLs did not take the test." in text
            assert re.search(r'badge ok">delivered</span>\s*#1 JSON', text)
            assert re.search(r'badge bad">not delivered</span>\s*#2 JSON \(json://\): <span', text)
            for secret in (HOOK_PASSWORD, hook.url(), urls, TEST_API_KEY, TEST_ENCRYPTION_KEY):
                assert secret not in html
                assert secret not in text


async def test_a_dashboard_password_is_said_to_be_set(web: Web) -> None:
    """Once `auth set-password` saved one (which signs browsers out), the page says a
    password is set."""
    save_password(web.api.settings, "correct horse battery staple")
    assert (await sign_in(web.client, "correct horse battery staple")).status_code == 303
    html = (await web.client.get("/settings")).text
    assert "A password is set" in html


@pytest.mark.parametrize("labels", [page.PATH_LABELS, page.SOURCES])
def test_labels_chosen_in_code_are_translated(labels: dict[str, str]) -> None:
    """The paths' and the sources' labels, picked in code, have their French text."""
    assert all(label in FRENCH for label in labels.values())
