"""The dashboard password: set by ``linkedin-bot auth set-password``, stored as a scrypt hash.

scrypt comes from ``cryptography`` (already a dependency); the stored line carries its own
parameters and salt (``scrypt$<log2 n>$<r>$<p>$<salt>$<hash>``), so the cost can be raised
later without breaking the passwords already set. The file lives beside the other secrets
(``<data_dir>/secrets/dashboard_password``, 0600 in a 0700 directory, written atomically).
Without the file, the dashboard signs in with the API key only.
"""

from __future__ import annotations

import base64
import hmac
import os
from pathlib import Path

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from linkedin_bot.core.errors import ConfigurationError, InvalidInput
from linkedin_bot.core.settings import Settings

PASSWORD_FILE = "dashboard_password"  # noqa: S105  (a file name)
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024  # hashing cost grows with the input: a bound, well above any passphrase
_LOG2_N, _R, _P = 15, 8, 1  # about 50 ms and 32 MiB on a Raspberry Pi 4
_SALT_BYTES, _HASH_BYTES = 16, 32
_SCHEME = "scrypt"


def password_file(settings: Settings) -> Path:
    return settings.secrets_dir / PASSWORD_FILE


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _derive(password: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    kdf = Scrypt(salt=salt, length=_HASH_BYTES, n=2**log2_n, r=r, p=p)
    return kdf.derive(password.encode("utf-8"))


def password_problem(password: str) -> str | None:
    """Why ``password`` cannot be the dashboard password, or None."""
    if len(password) < MIN_PASSWORD_CHARS:
        return (
            f"a password has at least {MIN_PASSWORD_CHARS} characters "
            f"(this one has {len(password)})"
        )
    if len(password) > MAX_PASSWORD_CHARS:
        return f"a password has at most {MAX_PASSWORD_CHARS} characters"
    if password.strip() != password:
        return "a password does not start or end with a space"
    return None


def hash_password(password: str) -> str:
    problem = password_problem(password)
    if problem is not None:
        raise InvalidInput(problem)
    salt = os.urandom(_SALT_BYTES)
    digest = _derive(password, salt, _LOG2_N, _R, _P)
    return f"{_SCHEME}${_LOG2_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored``; compared in constant time. A stored line
    that cannot be parsed matches nothing."""
    if len(password) > MAX_PASSWORD_CHARS:
        return False
    try:
        scheme, log2_n, r, p, salt, digest = stored.strip().split("$")
        if scheme != _SCHEME:
            return False
        actual = _derive(password, _unb64(salt), int(log2_n), int(r), int(p))
        return hmac.compare_digest(actual, _unb64(digest))
    except (ValueError, TypeError):
        return False


def read_password_hash(settings: Settings) -> str | None:
    """The stored hash, or None when no password was set. A file that is there but cannot
    be read stops with a :class:`ConfigurationError` naming it."""
    path = password_file(settings)
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigurationError(
            f"cannot read the dashboard password file {path} ({exc.__class__.__name__}); "
            "set it again with `linkedin-bot auth set-password`"
        ) from exc
    if not text.startswith(f"{_SCHEME}$"):
        raise ConfigurationError(
            f"the dashboard password file {path} is damaged; "
            "set it again with `linkedin-bot auth set-password`"
        )
    return text


def save_password(settings: Settings, password: str) -> Path:
    """Hash and store ``password`` (raises :class:`InvalidInput` when it is too weak)."""
    from linkedin_bot.core.secrets import write_secret_file  # noqa: PLC0415  (Fernet import)

    path = password_file(settings)
    write_secret_file(path, hash_password(password))
    return path


def remove_password(settings: Settings) -> bool:
    path = password_file(settings)
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
