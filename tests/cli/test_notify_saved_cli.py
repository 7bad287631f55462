"""Notification URLs saved on the dashboard of a running `serve`, used by the other
`linkedin-bot` processes (a run started by a timer, `notify test`) as real processes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest
from cryptography.fernet import Fernet

from tests.processes import bot_env, flat, run_cli, serving
from tests.services.notification_receivers import HOOK_PASSWORD, http_hook

pytestmark = pytest.mark.slow
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def _save_on_the_dashboard(base: str, urls: str, api_key: str) -> None:
    """Sign in to the dashboard and post the Settings page's form, as a browser does."""
    with httpx.Client(base_url=base, timeout=60) as browser:
        origin = {"Origin": base.rstrip("/")}
        signed = browser.post("/sign-in", data={"credential": api_key}, headers=origin)
        assert signed.status_code == 303, signed.text
        token = CSRF.search(browser.get("/settings").text)
        assert token is not None
        saved = browser.post(
            "/settings/notify-urls",
            data={"csrf": token.group(1), "notify_urls": urls},
            headers=origin,
        )
        assert saved.status_code == 303, saved.text
        assert "Notification URLs saved (1):" in browser.get("/settings").text


def test_urls_saved_on_the_dashboard_are_used_by_a_run_and_notify_test(tmp_path: Path) -> None:
    """A webhook saved through the running service's Settings form: `linkedin-bot notify
    test` (another process) delivers to it, and a `linkedin-bot run` with no LinkedIn
    session tells it that it could not sign in. With another encryption key the saved URLs
    cannot be read: the run ends as before, with a warning and no traceback."""
    data = tmp_path / "data"
    env = bot_env(data, f"sqlite+aiosqlite:///{data / 'bot.db'}", timezone="UTC")
    with http_hook() as hook:
        with serving(env, tmp_path, tmp_path / "serve.log") as api:
            _save_on_the_dashboard(str(api.base_url), hook.url(), api.headers["X-API-Key"])
        tested = run_cli(["notify", "test"], env, tmp_path)
        assert tested.returncode == 0, tested.stdout + tested.stderr
        assert "delivered #1 JSON (json://)" in flat(tested.stdout)
        assert "the URLs saved on the dashboard" in flat(tested.stdout)
        assert [r["json"]["title"] for r in hook.requests] == ["linkedin-bot: test notification"]

        run = run_cli(["run", "birthday", "--force"], env, tmp_path)
        assert run.returncode != 0
        assert "auth_required" in flat(run.stdout), run.stdout + run.stderr
        assert len(hook.requests) == 2, run.stderr
        told = hook.requests[1]["json"]
        assert "could not sign in" in told["message"]

        other_key = env | {"LINKEDIN_BOT_ENCRYPTION_KEY": Fernet.generate_key().decode()}
        unreadable = run_cli(["run", "birthday", "--force"], other_key, tmp_path)
        assert unreadable.returncode == run.returncode
        assert len(hook.requests) == 2
    warnings = [
        json.loads(line)
        for line in unreadable.stderr.splitlines()
        if '"notify.saved_urls_unusable"' in line
    ]
    assert len(warnings) == 1, unreadable.stderr
    assert "cannot be decrypted with the current encryption key" in warnings[0]["problem"]
    assert "Traceback" not in unreadable.stdout + unreadable.stderr
    for output in (tested, run, unreadable):
        assert HOOK_PASSWORD not in output.stdout + output.stderr
    assert HOOK_PASSWORD not in (tmp_path / "serve.log").read_text()
