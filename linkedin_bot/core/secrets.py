"""The API key and the encryption key: supplied by the environment, or generated once.

When a key is not supplied, it is generated on first start into ``<data_dir>/secrets/``
(directory 0700, files 0600) and reused afterwards. Values are handled as ``SecretStr``
so that they never print by accident.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet
from pydantic import SecretStr

from linkedin_bot.core.redaction import register_secret
from linkedin_bot.core.settings import Settings

API_KEY_FILE = "api_key"
ENCRYPTION_KEY_FILE = "encryption.key"
SHOW_API_KEY_COMMAND = "linkedin-bot auth api-key"


@dataclass(frozen=True)
class ResolvedSecrets:
    api_key: SecretStr
    encryption_key: SecretStr
    api_key_generated: bool  # True only on the start that created it


def write_secret_file(path: Path, value: str) -> None:
    """Write ``value`` to ``path`` with mode 0600, never readable by others even briefly."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    os.chmod(path, 0o600)


def _read_or_create(path: Path, make: Callable[[], str]) -> tuple[str, bool]:
    if path.exists():
        return path.read_text(encoding="utf-8").strip(), False
    value = make()
    write_secret_file(path, value)
    return value, True


def resolve_secrets(settings: Settings) -> ResolvedSecrets:
    """The keys to use: the configured ones, else those of the data directory (created once)."""
    generated = False
    if settings.api_key is not None:
        api_key = settings.api_key.get_secret_value()
    else:
        api_key, generated = _read_or_create(
            settings.secrets_dir / API_KEY_FILE, lambda: secrets.token_urlsafe(32)
        )
    if settings.encryption_key is not None:
        encryption_key = settings.encryption_key.get_secret_value()
    else:
        encryption_key, _ = _read_or_create(
            settings.secrets_dir / ENCRYPTION_KEY_FILE, lambda: Fernet.generate_key().decode()
        )
    register_secret(api_key)
    register_secret(encryption_key)
    return ResolvedSecrets(SecretStr(api_key), SecretStr(encryption_key), generated)
