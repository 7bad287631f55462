"""The saved LinkedIn session: every import format, encryption at rest, clear refusals."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from linkedin_bot.core.errors import InvalidInput, SessionMissing
from linkedin_bot.core.settings import Settings
from linkedin_bot.linkedin.auth import (
    SESSION_FILE,
    import_session,
    load_session,
    record_validation,
    session_status,
)
from tests.helpers import make_settings

NOW = datetime(2025, 10, 24, 9, 0, tzinfo=UTC)
LI_AT = "AQEDARsecretVALUE-0123456789_abcdefghijklmnop"
NEXT_YEAR = (NOW + timedelta(days=200)).timestamp()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings whose LinkedIn is the real one (cookie domains as a browser exports them)."""
    return make_settings(tmp_path / "data", f"sqlite+aiosqlite:///{tmp_path}/db.sqlite")


def edit_this_cookie_export() -> str:
    return json.dumps(
        [
            {
                "domain": ".www.linkedin.com",
                "expirationDate": NEXT_YEAR,
                "hostOnly": False,
                "httpOnly": True,
                "name": "li_at",
                "path": "/",
                "sameSite": "no_restriction",
                "secure": True,
                "session": False,
                "storeId": "0",
                "value": LI_AT,
                "id": 1,
            },
            {"domain": ".linkedin.com", "name": "lang", "value": "v=2&lang=en-us", "path": "/"},
            {"domain": ".google.com", "name": "NID", "value": "not-ours", "path": "/"},
        ]
    )


def storage_state_export() -> str:
    cookie = {
        "name": "li_at",
        "value": LI_AT,
        "domain": ".www.linkedin.com",
        "path": "/",
        "expires": NEXT_YEAR,
        "httpOnly": True,
        "secure": True,
        "sameSite": "None",
    }
    origin = {"origin": "https://www.linkedin.com", "localStorage": [{"name": "k", "value": "v"}]}
    return json.dumps({"cookies": [cookie], "origins": [origin]})


def li_at_of(settings: Settings) -> dict[str, object]:
    [cookie] = [c for c in load_session(settings)["cookies"] if c["name"] == "li_at"]
    return dict(cookie)


def test_bare_value_round_trips_with_base_url_domain(tmp_path: Path) -> None:
    """A bare li_at gets the base URL's host as domain (the simulator's 127.0.0.1 works)
    and a one-year expiry."""
    settings = make_settings(
        tmp_path / "data", "sqlite+aiosqlite:///x.db", linkedin_base_url="http://127.0.0.1:8100"
    )
    status = import_session(settings, f"  {LI_AT}\n", now=NOW)
    cookie = li_at_of(settings)
    assert (cookie["value"], cookie["domain"], cookie["path"]) == (LI_AT, "127.0.0.1", "/")
    assert status.expires_at == NOW + timedelta(days=365)
    assert status.present
    assert not status.expired
    assert status.valid is None


def test_bare_value_for_linkedin_gets_the_linkedin_domain(settings: Settings) -> None:
    """Against the real site, the cookie is set for .www.linkedin.com, secure."""
    import_session(settings, f"li_at={LI_AT}", now=NOW)
    cookie = li_at_of(settings)
    assert (cookie["domain"], cookie["secure"], cookie["value"]) == (
        ".www.linkedin.com",
        True,
        LI_AT,
    )


def test_cookie_extension_export_round_trips(settings: Settings) -> None:
    """EditThisCookie / Cookie-Editor JSON: li_at kept with its expiry; other sites dropped."""
    status = import_session(settings, edit_this_cookie_export(), now=NOW)
    state = load_session(settings)
    assert sorted(c["name"] for c in state["cookies"]) == ["lang", "li_at"]
    cookie = li_at_of(settings)
    assert (cookie["value"], cookie["sameSite"], cookie["expires"]) == (LI_AT, "None", NEXT_YEAR)
    assert status.expires_at == datetime.fromtimestamp(NEXT_YEAR, UTC)


def test_storage_state_round_trips(settings: Settings) -> None:
    """A Playwright storage state comes back as it went in (cookies and origins)."""
    import_session(settings, storage_state_export(), now=NOW)
    assert load_session(settings) == json.loads(storage_state_export())


def test_file_is_private_and_encrypted(settings: Settings) -> None:
    """The session file is mode 0600 and the value does not appear in it in clear."""
    import_session(settings, edit_this_cookie_export(), now=NOW)
    path = settings.secrets_dir / SESSION_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    content = path.read_bytes()
    assert LI_AT.encode() not in content
    assert b"li_at" not in content


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "hello world this is not a cookie",
        "short",
        "{not json",
        "[]",
        "[1, 2]",
        '{"cookies": "nope"}',
        '{"something": []}',
        json.dumps([{"name": "JSESSIONID", "value": "x", "domain": ".linkedin.com"}]),
        json.dumps([{"name": "li_at", "value": LI_AT, "domain": ".google.com"}]),
        json.dumps([{"name": "li_at", "value": "", "domain": ".linkedin.com"}]),
        json.dumps(
            [
                {
                    "name": "li_at",
                    "value": LI_AT,
                    "domain": ".linkedin.com",
                    "expirationDate": (NOW - timedelta(days=1)).timestamp(),
                }
            ]
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(settings: Settings, raw: str) -> None:
    """Garbage, no li_at, an empty or expired li_at: InvalidInput, no file, no echo."""
    with pytest.raises(InvalidInput) as caught:
        import_session(settings, raw, now=NOW)
    assert LI_AT not in caught.value.detail
    assert not (settings.secrets_dir / SESSION_FILE).exists()


def test_refused_import_keeps_the_previous_session(settings: Settings) -> None:
    """A bad import leaves the session that was saved before untouched."""
    import_session(settings, LI_AT, now=NOW)
    with pytest.raises(InvalidInput):
        import_session(settings, "[]", now=NOW)
    assert li_at_of(settings)["value"] == LI_AT


def test_missing_session_says_what_to_run(settings: Settings) -> None:
    """No session yet: SessionMissing naming the command to run."""
    with pytest.raises(SessionMissing, match="linkedin-bot auth import"):
        load_session(settings)
    assert session_status(settings).present is False


def test_session_under_another_key_is_a_clear_error(settings: Settings, tmp_path: Path) -> None:
    """Encrypted under another key: a clear error, and status says why (never the value)."""
    import_session(settings, LI_AT, now=NOW)
    other = settings.model_copy(
        update={"encryption_key": type(settings.encryption_key)("A" * 43 + "=")}
    )
    with pytest.raises(SessionMissing, match="cannot be decrypted"):
        load_session(other)
    status = session_status(other)
    assert status.present
    assert status.valid is False
    assert status.problem is not None
    assert LI_AT not in status.problem


def test_status_reports_validation_and_expiry(settings: Settings) -> None:
    """Status: expiry, the last live check's result and time; a new import resets it."""
    import_session(settings, LI_AT, now=NOW)
    record_validation(settings, True, NOW)
    status = session_status(settings, now=NOW)
    assert (status.valid, status.last_validated_at) == (True, NOW)
    assert session_status(settings, now=NOW + timedelta(days=400)).expired
    assert LI_AT not in json.dumps(status.as_dict())
    import_session(settings, LI_AT, now=NOW)
    assert session_status(settings, now=NOW).valid is None
