"""Secret files: written atomically, 0600 in 0700 directories, and an empty or damaged key
file is a clear configuration error naming the file, never a key of zero characters."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr

from linkedin_bot.core.errors import ConfigurationError, StorageFull
from linkedin_bot.core.private_files import create_private_file, write_private_file
from linkedin_bot.core.secrets import (
    API_KEY_FILE,
    ENCRYPTION_KEY_FILE,
    resolve_secrets,
    write_secret_file,
)
from linkedin_bot.core.settings import Settings
from tests.full_disk import fill, small_filesystem


def settings_for(data_dir: Path, **values: object) -> Settings:
    """Settings with keys read from (or generated into) ``data_dir``."""
    return Settings(_env_file=None, data_dir=data_dir, **values)  # type: ignore[call-arg]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_generated_keys_are_reused(tmp_path: Path) -> None:
    """The first call generates both keys, later calls read the same ones back."""
    settings = settings_for(tmp_path / "data")
    first = resolve_secrets(settings)
    again = resolve_secrets(settings)
    assert first.api_key_generated
    assert not again.api_key_generated
    assert first.api_key.get_secret_value() == again.api_key.get_secret_value()
    assert first.encryption_key.get_secret_value() == again.encryption_key.get_secret_value()
    assert first.api_key_file == settings.secrets_dir / API_KEY_FILE


def test_secret_files_are_private_whatever_the_umask(tmp_path: Path) -> None:
    """Under umask 000, in a fresh process, the data directory, the secrets directory and
    the key files are created 0700 and 0600 (not 0777/0666)."""
    data = tmp_path / "data"
    code = (
        "import os, sys; os.umask(0);"
        "from linkedin_bot.core.settings import Settings;"
        "from linkedin_bot.core.secrets import resolve_secrets;"
        "resolve_secrets(Settings(_env_file=None, data_dir=sys.argv[1]))"
    )
    subprocess.run([sys.executable, "-c", code, str(data)], check=True, timeout=60)
    secrets_dir = data / "secrets"
    assert mode(data) == 0o700
    assert mode(secrets_dir) == 0o700
    assert mode(secrets_dir / API_KEY_FILE) == 0o600
    assert mode(secrets_dir / ENCRYPTION_KEY_FILE) == 0o600


def test_an_existing_secrets_directory_is_tightened(tmp_path: Path) -> None:
    """A secrets directory left world-readable (an old version, a copy) is set to 0700."""
    secrets_dir = tmp_path / "data" / "secrets"
    secrets_dir.mkdir(parents=True)
    os.chmod(secrets_dir, 0o777)
    resolve_secrets(settings_for(tmp_path / "data"))
    assert mode(secrets_dir) == 0o700


@pytest.mark.parametrize("content", ["", "\n", "   \n", "short"])
def test_an_empty_or_short_api_key_file_is_a_configuration_error(
    tmp_path: Path, content: str
) -> None:
    """An api_key file that is empty (a full disk under an older version) or too short
    stops with an error naming the file and what to do, instead of a key nobody can send."""
    settings = settings_for(tmp_path / "data")
    resolve_secrets(settings)
    key_file = settings.secrets_dir / API_KEY_FILE
    key_file.write_text(content)
    with pytest.raises(ConfigurationError) as caught:
        resolve_secrets(settings)
    assert str(key_file) in caught.value.detail
    assert "delete it" in caught.value.detail
    assert key_file.read_text() == content  # never replaced behind the user's back


def test_a_damaged_encryption_key_file_is_a_configuration_error(tmp_path: Path) -> None:
    """An encryption.key that is not a Fernet key names the file and how to recover."""
    settings = settings_for(tmp_path / "data")
    resolve_secrets(settings)
    key_file = settings.secrets_dir / ENCRYPTION_KEY_FILE
    key_file.write_text("not-a-fernet-key")
    with pytest.raises(ConfigurationError) as caught:
        resolve_secrets(settings)
    assert str(key_file) in caught.value.detail
    assert "Fernet" in caught.value.detail
    assert "not-a-fernet-key" not in caught.value.detail


def test_a_binary_key_file_is_a_configuration_error(tmp_path: Path) -> None:
    """A key file that is not even text is named too."""
    settings = settings_for(tmp_path / "data")
    resolve_secrets(settings)
    (settings.secrets_dir / API_KEY_FILE).write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(ConfigurationError, match="api_key is damaged"):
        resolve_secrets(settings)


def test_an_invalid_configured_encryption_key_names_the_variable(tmp_path: Path) -> None:
    """LINKEDIN_BOT_ENCRYPTION_KEY that is not a Fernet key is named, its value is not."""
    settings = settings_for(tmp_path / "data", encryption_key=SecretStr("x" * 20))
    with pytest.raises(ConfigurationError) as caught:
        resolve_secrets(settings)
    assert "LINKEDIN_BOT_ENCRYPTION_KEY" in caught.value.detail
    assert "x" * 20 not in caught.value.detail


def test_write_secret_file_refuses_an_empty_value(tmp_path: Path) -> None:
    """No code path can write an empty secret."""
    with pytest.raises(ValueError, match="empty secret"):
        write_secret_file(tmp_path / "secret", "")
    assert not (tmp_path / "secret").exists()


def test_create_keeps_the_first_value(tmp_path: Path) -> None:
    """Two processes generating a key at once keep one value: the second creation reports
    that the file exists and writes nothing, and no temporary file is left."""
    path = tmp_path / "key"
    assert create_private_file(path, b"first") is True
    assert create_private_file(path, b"second") is False
    assert path.read_bytes() == b"first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key"]


def test_full_disk_at_first_start_leaves_no_empty_key(tmp_path: Path) -> None:
    """On a real full filesystem, the first start fails with "disk is full" and leaves no
    api_key file at all (it used to leave a 0-byte one), nor a temporary file."""
    with small_filesystem(tmp_path / "disk", 256) as disk:
        fill(disk)
        settings = settings_for(disk / "data")
        with pytest.raises(StorageFull, match="disk is full"):
            resolve_secrets(settings)
        assert not (settings.secrets_dir / API_KEY_FILE).exists()
        assert list(settings.secrets_dir.iterdir()) == []


def test_a_failed_rewrite_keeps_the_previous_file(tmp_path: Path) -> None:
    """Replacing a secret on a full disk keeps the previous content whole."""
    with small_filesystem(tmp_path / "disk", 256) as disk:
        path = disk / "secret"
        write_private_file(path, Fernet.generate_key())
        before = path.read_bytes()
        fill(disk)
        with pytest.raises(OSError, match="No space left"):
            write_private_file(path, b"y" * 100_000)
        assert path.read_bytes() == before
        assert sorted(p.name for p in disk.iterdir()) == [".filler", "secret"]
