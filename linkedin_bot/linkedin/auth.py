"""The saved LinkedIn session: imported once, encrypted at rest, never shown.

The bot signs in with the user's own ``li_at`` cookie (LinkedIn's session cookie), never a
password. ``linkedin-bot auth import`` accepts what a user can get from their browser: the
bare value, a cookie export (EditThisCookie / Cookie-Editor JSON list) or a Playwright
storage state. It is checked (an ``li_at`` cookie, not expired), stored as a Playwright
storage state encrypted with Fernet under the service's encryption key, in a 0600 file.

The cookie value never appears in a log line, an error message or a status: anything
echoing the user's input could echo the secret, so error messages describe the input's
shape only.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from playwright.async_api import StorageState

from linkedin_bot.core.clock import utc_now
from linkedin_bot.core.errors import SessionMissing
from linkedin_bot.core.redaction import register_secret
from linkedin_bot.core.secrets import resolve_secrets, write_secret_file
from linkedin_bot.core.settings import Settings
from linkedin_bot.linkedin.cookies import parse_session

SESSION_FILE = "linkedin_session.enc"
STATUS_FILE = "linkedin_session.status.json"  # last live validation; holds no secret
IMPORT_HINT = "run `linkedin-bot auth import`"

__all__ = [
    "SessionStatus",
    "import_session",
    "load_session",
    "record_validation",
    "session_fingerprint",
    "session_status",
]


@dataclass(frozen=True)
class SessionStatus:
    """What can be said about the saved session without showing it."""

    present: bool
    expires_at: datetime | None = None  # None: unknown (a browser-session cookie)
    expired: bool = False
    last_validated_at: datetime | None = None
    valid: bool | None = None  # result of the last live check; None = never checked
    problem: str | None = None  # why a present session is unusable (e.g. wrong key)

    def as_dict(self) -> dict[str, Any]:
        def iso(value: datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "present": self.present,
            "expires_at": iso(self.expires_at),
            "expired": self.expired,
            "last_validated_at": iso(self.last_validated_at),
            "valid": self.valid,
            "problem": self.problem,
        }


def _session_path(settings: Settings) -> Path:
    return settings.secrets_dir / SESSION_FILE


def _status_path(settings: Settings) -> Path:
    return settings.secrets_dir / STATUS_FILE


def _fernet(settings: Settings) -> Fernet:
    key = resolve_secrets(settings).encryption_key.get_secret_value()
    return Fernet(key.encode())


def _write_atomically(path: Path, value: str) -> None:
    """0600 from the first byte, and never a half-written file in place of a good one."""
    tmp = path.with_name(path.name + ".tmp")
    write_secret_file(tmp, value)
    os.replace(tmp, path)


def li_at_expiry(state: StorageState) -> datetime | None:
    for cookie in state["cookies"]:
        if cookie["name"] == "li_at" and cookie["expires"] > 0:
            return datetime.fromtimestamp(cookie["expires"], UTC)
    return None


def import_session(settings: Settings, raw: str, *, now: datetime | None = None) -> SessionStatus:
    """Check and store a session; :class:`InvalidInput` (nothing written) if unusable."""
    moment = now or utc_now()
    state = parse_session(raw, settings.linkedin_base_url, moment)
    for cookie in state["cookies"]:
        register_secret(str(cookie.get("value", "")))
    token = _fernet(settings).encrypt(json.dumps(state).encode()).decode()
    _write_atomically(_session_path(settings), token)
    _status_path(settings).unlink(missing_ok=True)  # a new session has not been checked yet
    return session_status(settings, now=moment)


def load_session(settings: Settings) -> StorageState:
    """The saved session as a Playwright storage state, decrypted."""
    path = _session_path(settings)
    if not path.exists():
        raise SessionMissing(f"no LinkedIn session saved yet: {IMPORT_HINT}")
    try:
        plain = _fernet(settings).decrypt(path.read_text(encoding="utf-8").strip().encode())
    except InvalidToken:
        raise SessionMissing(
            "the saved LinkedIn session cannot be decrypted with the current encryption key "
            f"(was LINKEDIN_BOT_ENCRYPTION_KEY changed?): {IMPORT_HINT} again"
        ) from None
    try:
        data = json.loads(plain)
    except ValueError:
        raise SessionMissing(f"the saved LinkedIn session is unreadable: {IMPORT_HINT}") from None
    state: StorageState = {"cookies": data["cookies"], "origins": data.get("origins", [])}
    for cookie in state["cookies"]:  # every cookie of the session is a credential
        register_secret(str(cookie.get("value", "")))
    return state


def session_fingerprint(settings: Settings) -> str | None:
    """A digest of the saved session's encrypted file (None when none is saved).

    A login wall condemns the session it happened with, recorded by this digest in the
    database; importing a new session writes a new file (a new digest, even for the same
    cookie: Fernet tokens differ), which lifts it. The digest is of ciphertext: it reveals
    nothing of the cookie.
    """
    try:
        content = _session_path(settings).read_bytes()
    except FileNotFoundError:
        return None
    return hashlib.sha256(content).hexdigest()


def record_validation(settings: Settings, valid: bool, at: datetime | None = None) -> None:
    """Remember the result of the driver's live check, for ``auth status``."""
    moment = (at or utc_now()).astimezone(UTC)
    body = json.dumps({"valid": valid, "last_validated_at": moment.isoformat()})
    _write_atomically(_status_path(settings), body)


def _last_validation(settings: Settings) -> tuple[datetime | None, bool | None]:
    path = _status_path(settings)
    if not path.exists():
        return None, None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return datetime.fromisoformat(data["last_validated_at"]), bool(data["valid"])
    except (ValueError, KeyError, TypeError):
        return None, None  # a damaged status file only means "not checked"


def session_status(settings: Settings, *, now: datetime | None = None) -> SessionStatus:
    """Present? expiring when? valid at the last live check? Never the value itself."""
    try:
        state = load_session(settings)
    except SessionMissing as exc:
        if not _session_path(settings).exists():
            return SessionStatus(present=False)
        return SessionStatus(present=True, valid=False, problem=exc.detail)
    expires_at = li_at_expiry(state)
    expired = expires_at is not None and expires_at <= (now or utc_now())
    validated_at, valid = _last_validation(settings)
    return SessionStatus(True, expires_at, expired, validated_at, valid)
