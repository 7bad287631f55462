"""The API key and the encryption key: supplied by the environment, or generated once.

When a key is not supplied, it is generated on first start into ``<data_dir>/secrets/``
(directory 0700, files 0600, whatever the umask) and reused afterwards. The files are
written atomically (:mod:`linkedin_bot.core.private_files`): a full disk or a crash at first
start leaves no key file rather than an empty one. A key file that is there but empty or
damaged stops every command that needs it with a :class:`ConfigurationError` naming the
file and what to do; it is never replaced behind the user's back (clients hold the API key;
the encryption key is the only way to read the saved LinkedIn session).

Values are handled as ``SecretStr`` so that they never print by accident.
"""

from __future__ import annotations

import binascii
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet
from pydantic import SecretStr

from linkedin_bot.core.errors import ConfigurationError, StorageFull
from linkedin_bot.core.private_files import (
    create_private_file,
    ensure_private_dir,
    is_disk_full,
    write_private_file,
)
from linkedin_bot.core.redaction import register_secret
from linkedin_bot.core.settings import ENV_PREFIX, Settings

API_KEY_FILE = "api_key"
ENCRYPTION_KEY_FILE = "encryption.key"
SHOW_API_KEY_COMMAND = "linkedin-bot auth api-key"
MIN_API_KEY_CHARS = 16  # the same floor as LINKEDIN_BOT_API_KEY


@dataclass(frozen=True)
class ResolvedSecrets:
    api_key: SecretStr
    encryption_key: SecretStr
    api_key_generated: bool  # True only on the start that created it
    api_key_file: Path | None = None  # where the key is stored; None when configured


def write_secret_file(path: Path, value: str) -> None:
    """Write ``value`` to ``path`` atomically, 0600 in a 0700 directory; never an empty file."""
    if not value:
        raise ValueError(f"refusing to write an empty secret to {path}")
    ensure_private_dir(path.parent)
    write_private_file(path, value.encode("utf-8"))


def _api_key_problem(value: str) -> str | None:
    if len(value) < MIN_API_KEY_CHARS:
        return f"holds {len(value)} characters where an API key has at least {MIN_API_KEY_CHARS}"
    return None


def _fernet_problem(value: str) -> str | None:
    try:
        Fernet(value.encode("utf-8"))
    except (ValueError, binascii.Error):
        return "is not a Fernet key (44 characters of URL-safe base64)"
    return None


_API_KEY_FIX = (
    "delete it to generate a new key at the next start (clients then need the new one: "
    f"`{SHOW_API_KEY_COMMAND}`), or set {ENV_PREFIX}API_KEY"
)
_ENCRYPTION_KEY_FIX = (
    "restore it from a backup of the data directory; if it is lost, delete it (a new key is "
    "generated at the next start) and import the LinkedIn session again with "
    "`linkedin-bot auth import`"
)


def _read_or_create(
    path: Path, make: Callable[[], str], problem: Callable[[str], str | None], fix: str
) -> tuple[str, bool]:
    """The key stored in ``path``, created with ``make()`` if there is none yet."""
    try:
        ensure_private_dir(path.parent)
        if not path.exists():
            value = make()
            if create_private_file(path, value.encode("utf-8")):
                return value, True
        value = path.read_text(encoding="utf-8").strip()
    except UnicodeDecodeError:
        raise ConfigurationError(f"{path} is damaged (not text): {fix}", file=str(path)) from None
    except OSError as exc:
        if is_disk_full(exc):
            raise StorageFull(
                f"cannot create {path}: the disk is full; free some space and start again",
                file=str(path),
            ) from None
        raise ConfigurationError(
            f"cannot read or create {path}: {exc.strerror or exc}", file=str(path)
        ) from None
    if (why := problem(value)) is not None:
        raise ConfigurationError(f"{path} is empty or damaged (it {why}): {fix}", file=str(path))
    return value, False


def _configured(value: SecretStr, name: str, problem: Callable[[str], str | None]) -> str:
    text = value.get_secret_value()
    if (why := problem(text)) is not None:
        raise ConfigurationError(f"{ENV_PREFIX}{name} {why}", setting=f"{ENV_PREFIX}{name}")
    return text


def resolve_secrets(settings: Settings) -> ResolvedSecrets:
    """The keys to use: the configured ones, else those of the data directory (created
    once). :class:`ConfigurationError` when a key is unusable, naming where it comes from."""
    generated = False
    api_key_file: Path | None = None
    if settings.api_key is not None:
        api_key = _configured(settings.api_key, "API_KEY", _api_key_problem)
    else:
        api_key_file = settings.secrets_dir / API_KEY_FILE
        api_key, generated = _read_or_create(
            api_key_file, lambda: secrets.token_urlsafe(32), _api_key_problem, _API_KEY_FIX
        )
    if settings.encryption_key is not None:
        encryption_key = _configured(settings.encryption_key, "ENCRYPTION_KEY", _fernet_problem)
    else:
        encryption_key, _ = _read_or_create(
            settings.secrets_dir / ENCRYPTION_KEY_FILE,
            lambda: Fernet.generate_key().decode(),
            _fernet_problem,
            _ENCRYPTION_KEY_FIX,
        )
    register_secret(api_key)
    register_secret(encryption_key)
    return ResolvedSecrets(SecretStr(api_key), SecretStr(encryption_key), generated, api_key_file)
