"""Notification URLs saved from the dashboard: encrypted, in the secrets directory.

The URLs hold credentials (a Telegram bot token, an SMTP password), so they are kept as
the LinkedIn session is: a Fernet token under the service's encryption key, in a 0600 file
of the 0700 secrets directory, written atomically (:mod:`linkedin_bot.core.private_files`).
They are never shown back: the user sees them named by position and service
(:attr:`NotifyTarget.label`).

``LINKEDIN_BOT_NOTIFY_URLS`` wins when it is set: the saved URLs are used only without it
(:func:`notify_config`). A saved file that cannot be read any more (the encryption key
changed, the file is damaged) is a :attr:`NotifyConfig.problem`, never an exception: a
failing notifier must never stop a run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cryptography.fernet import Fernet, InvalidToken

from linkedin_bot.core.errors import ConfigurationError, InvalidInput, LinkedInBotError
from linkedin_bot.core.notify_urls import VARIABLE, NotifyTarget, checked_targets, notify_targets
from linkedin_bot.core.private_files import ensure_private_dir, write_private_file
from linkedin_bot.core.redaction import register_secret
from linkedin_bot.core.secrets import resolve_secrets
from linkedin_bot.core.settings import Settings

NOTIFY_URLS_FILE = "notify_urls.enc"
MAX_SAVED_URLS = 20  # far above any real use; a form pasted by mistake is refused whole
SAVE_AGAIN = "save them again on the dashboard's Settings page, or remove them there"

Origin = Literal["environment", "saved", "none"]
# What identifies one version of the saved file (a save replaces it: new inode, new time).
Stamp = tuple[int, int, int] | None


@dataclass(frozen=True)
class NotifyConfig:
    """The notification URLs in use and where they come from; ``problem`` says why saved
    URLs are not (all) used (never a URL's text)."""

    origin: Origin
    targets: tuple[NotifyTarget, ...] = ()
    problem: str | None = None


def saved_urls_file(settings: Settings) -> Path:
    return settings.secrets_dir / NOTIFY_URLS_FILE


def saved_stamp(settings: Settings) -> Stamp:
    """A cheap fingerprint of the saved file (a stat), None when there is none."""
    try:
        stat = saved_urls_file(settings).stat()
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def _fernet(settings: Settings) -> Fernet:
    key = resolve_secrets(settings).encryption_key.get_secret_value()
    return Fernet(key.encode())


def save_notify_urls(settings: Settings, raw: str) -> list[NotifyTarget]:
    """Check every URL of ``raw`` (separated as ``LINKEDIN_BOT_NOTIFY_URLS`` allows) and
    save them, encrypted, in place of the saved ones. :class:`InvalidInput` naming each
    unusable URL by its position (``context["problems"]``), nothing saved."""
    targets, problems = checked_targets(raw)
    if not problems and len(targets) > MAX_SAVED_URLS:
        problems = [f"{len(targets)} URLs: at most {MAX_SAVED_URLS} can be saved"]
    if problems:
        raise InvalidInput("; ".join(problems), problems=problems)
    body = json.dumps({"urls": [target.url for target in targets]})
    token = _fernet(settings).encrypt(body.encode("utf-8"))
    path = saved_urls_file(settings)
    ensure_private_dir(path.parent)
    write_private_file(path, token)
    return targets


def remove_notify_urls(settings: Settings) -> bool:
    """Forget the saved URLs; False when none were saved."""
    try:
        saved_urls_file(settings).unlink()
    except FileNotFoundError:
        return False
    return True


def _saved_urls(settings: Settings) -> list[str]:
    """The saved URLs, decrypted; :class:`ConfigurationError` saying why they cannot be."""
    path = saved_urls_file(settings)
    try:
        token = path.read_bytes().strip()
        plain = _fernet(settings).decrypt(token)
    except InvalidToken:
        raise ConfigurationError(
            "the notification URLs saved on the dashboard cannot be decrypted with the current "
            f"encryption key (was LINKEDIN_BOT_ENCRYPTION_KEY changed?): {SAVE_AGAIN}",
            file=str(path),
        ) from None
    except OSError as exc:
        raise ConfigurationError(
            f"cannot read the notification URLs saved in {path}: {exc.strerror or exc}",
            file=str(path),
        ) from None
    try:
        urls = json.loads(plain)["urls"]
    except (ValueError, KeyError, TypeError):
        urls = None
    if not isinstance(urls, list) or not all(isinstance(url, str) for url in urls):
        raise ConfigurationError(
            f"the notification URLs saved in {path} are unreadable: {SAVE_AGAIN}", file=str(path)
        )
    for url in urls:
        register_secret(url)
    return urls


def _saved_config(settings: Settings) -> NotifyConfig:
    try:
        urls = _saved_urls(settings)
    except LinkedInBotError as exc:  # a damaged encryption key file says so here too
        return NotifyConfig("saved", (), exc.detail)
    if not urls:
        return NotifyConfig("none")
    targets, problems = checked_targets("\n".join(urls))
    problem = None
    if problems:
        problem = "saved notification URLs are not used: " + "; ".join(problems)
    return NotifyConfig("saved", tuple(targets), problem)


def notify_config(settings: Settings) -> NotifyConfig:
    """The URLs to notify: ``LINKEDIN_BOT_NOTIFY_URLS`` when set (a bad one is a
    :class:`ConfigurationError`, as at start-up), else the saved ones, else none."""
    raw = settings.notify_urls.get_secret_value() if settings.notify_urls else ""
    if raw.strip():
        try:
            return NotifyConfig("environment", tuple(notify_targets(raw)))
        except ValueError as exc:  # checked with the settings already; kept for direct callers
            raise ConfigurationError(f"{VARIABLE}: {exc}") from None
    if saved_stamp(settings) is None:
        return NotifyConfig("none")
    return _saved_config(settings)
