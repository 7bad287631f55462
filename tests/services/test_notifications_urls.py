"""LINKEDIN_BOT_NOTIFY_URLS: checked at start-up with an error naming the variable (never
the URL), and every credential in it registered as a secret the logs mask."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from linkedin_bot.core.logging import configure_logging
from linkedin_bot.core.notify_urls import notify_targets
from linkedin_bot.core.redaction import redact
from linkedin_bot.core.settings import describe_validation_error
from tests.helpers import make_settings

TELEGRAM_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
SECRET_URLS = {
    "tgram": (f"tgram://{TELEGRAM_TOKEN}/987654", [TELEGRAM_TOKEN]),
    "mailtos": ("mailtos://alice:GmailApp-passw0rd@gmail.com", ["GmailApp-passw0rd"]),
    "ntfys": (
        "ntfys://tk_AbCdEf0123456789xyzXYZ@ntfy.example.org/alerts",
        ["tk_AbCdEf0123456789xyzXYZ"],
    ),
    "discord": (
        "discord://112233445566778899/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_wxyz",
        ["AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_wxyz"],
    ),
    "json": ("json://hooks.example.org/hook-secret-path-31415926", ["hook-secret-path-31415926"]),
}


def _error(tmp_path: Path, urls: str) -> str:
    with pytest.raises(ValidationError) as caught:
        make_settings(tmp_path, "sqlite+aiosqlite:///x.db", notify_urls=urls)
    return describe_validation_error(caught.value)


@pytest.mark.parametrize(
    ("urls", "expected"),
    [
        ("nosuch://user:Hunter2-secret@example.org", "URL #1: Apprise knows no service nosuch://"),
        (
            "ntfy://alerts mailto://",
            "URL #2 (mailto://) is not one Apprise can use",
        ),
        ("Hunter2-secret", "URL #1 is not a URL"),
        ("Hunter2-secret ntfy://alerts", "it holds text that is not a URL"),
        (" , ", "no URL in it"),
    ],
)
def test_an_unusable_url_stops_start_up_naming_the_variable_not_the_url(
    tmp_path: Path, urls: str, expected: str
) -> None:
    """A URL Apprise does not understand is refused when the settings are read: the
    message names LINKEDIN_BOT_NOTIFY_URLS and the URL's position, and shows neither the
    URL nor its password."""
    message = _error(tmp_path, urls)
    assert f"LINKEDIN_BOT_NOTIFY_URLS: {expected}" in message
    assert "Hunter2-secret" not in message
    assert "example.org" not in message


def test_several_urls_are_read_in_order_and_named_by_position(tmp_path: Path) -> None:
    """Spaces, commas and new lines separate URLs (a comma inside a URL's query stays in
    it); each is named by position and service, its text hidden even from repr."""
    urls = (
        "mailtos://bob:Mail-passw0rd-x@example.org?to=a@example.org,b@example.org,\n"
        "ntfy://alerts  json://hooks.example.org/h"
    )
    settings = make_settings(tmp_path, "sqlite+aiosqlite:///x.db", notify_urls=urls)
    assert settings.notify_urls is not None
    assert "Mail-passw0rd-x" not in repr(settings)
    targets = notify_targets(settings.notify_urls.get_secret_value())
    assert [t.label for t in targets] == [
        "#1 E-Mail (mailtos://)",
        "#2 ntfy (ntfy://)",
        "#3 JSON (json://)",
    ]
    assert "Mail-passw0rd-x" not in repr(targets)


@pytest.mark.parametrize("service", sorted(SECRET_URLS))
def test_every_credential_of_a_url_is_masked_in_logs(
    tmp_path: Path, service: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Once the settings are read, the URL and each credential in it (password, token,
    webhook key, secret path, encoded or not) are masked in every log line."""
    url, credentials = SECRET_URLS[service]
    make_settings(tmp_path, "sqlite+aiosqlite:///x.db", notify_urls=url)
    configure_logging("INFO", "json", force=True)
    for credential in credentials:
        assert credential not in redact(f"posting to {url} with {credential}")
        logging.getLogger("apprise").warning("sending with %s to %s", credential, url)
    logged = capsys.readouterr().err
    assert logged.count("***") >= 2 * len(credentials)
    for credential in credentials:
        assert credential not in logged


def test_the_summary_time_is_a_time_of_day(tmp_path: Path) -> None:
    """LINKEDIN_BOT_NOTIFY_DAILY_SUMMARY_TIME takes HH:MM (24 h); anything else is refused
    naming the variable."""
    ok = make_settings(tmp_path, "sqlite+aiosqlite:///x.db", notify_daily_summary_time="7:05")
    assert ok.notify_daily_summary_time == "07:05"
    for wrong in ("24:00", "20h", "8:5", "noon"):
        with pytest.raises(ValidationError) as caught:
            make_settings(tmp_path, "sqlite+aiosqlite:///x.db", notify_daily_summary_time=wrong)
        assert "LINKEDIN_BOT_NOTIFY_DAILY_SUMMARY_TIME: must be a time of day as HH:MM" in (
            describe_validation_error(caught.value)
        )


def test_the_examples_of_the_documentation_are_urls_apprise_accepts() -> None:
    """Every LINKEDIN_BOT_NOTIFY_URLS example of docs/notifications.md is accepted."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "notifications.md").read_text()
    examples = re.findall(r'^LINKEDIN_BOT_NOTIFY_URLS="?([^"\n]+)"?$', text, re.MULTILINE)
    assert len(examples) >= 6
    for example in examples:
        assert notify_targets(example), example
