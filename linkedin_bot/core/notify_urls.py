"""Notification URLs (``LINKEDIN_BOT_NOTIFY_URLS``): Apprise URLs, checked and kept secret.

Each URL holds credentials (an SMTP password, a bot token, a webhook's secret path), so:

- the whole URL, and each part Apprise itself treats as private, are registered with
  :func:`~linkedin_bot.core.redaction.register_secret` as soon as they are read: no log
  line, error or response shows them;
- a URL is named to the user by its position and its service only (``#2 Telegram
  (tgram://)``), never by its text;
- a URL Apprise does not understand is refused at start-up with a message naming the
  variable and the position.

Apprise loads its ~190 service plugins on first use (about a second of CPU): this module
imports it only when there is a URL to check or to use.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import unquote

from linkedin_bot.core.redaction import register_secret

if TYPE_CHECKING:
    from apprise import NotifyBase

VARIABLE = "LINKEDIN_BOT_NOTIFY_URLS"
SERVICES_HELP = "https://github.com/caronc/apprise/wiki"
# What separates the parts of a URL: a part of the full URL that its privacy-masked form
# (Apprise's own ``url(privacy=True)``) lacks is a secret.
_URL_PARTS = re.compile(r"[/:@?&=,;]+")
LONG_PART = 16  # a URL part this long (not a host name) is kept secret as well
_DELIMITERS = re.compile(r"[\s,;]+")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]{0,31}$")


@dataclass(frozen=True)
class NotifyTarget:
    """One configured URL: its position in the variable, its scheme and Apprise's name for
    its service. ``url`` is the secret itself: never shown (not even in ``repr``)."""

    position: int
    scheme: str
    service: str
    url: str = field(repr=False)

    @property
    def label(self) -> str:
        """How the URL is named to the user: ``#1 Email (mailto://)``."""
        return f"#{self.position} {self.service} ({self.scheme}://)"


class _ThisThread(logging.Filter):
    """Drops Apprise's log records of the threads that are checking URLs: while a URL is
    parsed, logging may not be configured yet, and Python's last-resort handler would print
    Apprise's complaint (which may quote the URL) as it is."""

    def __init__(self) -> None:
        super().__init__()
        self.quiet: set[int] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        return threading.get_ident() not in self.quiet


_quiet_filter = _ThisThread()


@contextmanager
def _apprise_quiet() -> Iterator[None]:
    logging.getLogger("apprise").addFilter(_quiet_filter)  # once: adding it again is a no-op
    ident = threading.get_ident()
    _quiet_filter.quiet.add(ident)
    try:
        yield
    finally:
        _quiet_filter.quiet.discard(ident)


def split_urls(raw: str) -> list[str]:
    """The URLs of the variable: separated by spaces, new lines, commas or semicolons (as
    Apprise's own command line reads them; a comma inside a URL's query stays in it)."""
    from apprise.utils.parse import parse_urls  # noqa: PLC0415  (only when configured)

    urls = parse_urls(raw)  # type: ignore[no-untyped-call]  # (Apprise leaves it untyped)
    return [str(url).strip() for url in urls if str(url).strip()]


def url_of(plugin: NotifyBase, *, privacy: bool) -> str:
    """The URL as Apprise rebuilds it: its secrets masked (``privacy``) or not."""
    return str(plugin.url(privacy=privacy))  # type: ignore[no-untyped-call]  # (untyped)


def private_parts(plugin: NotifyBase) -> set[str]:
    """The parts of a URL that are or may be credentials, in their URL-encoded and decoded
    forms: those Apprise masks when it shows the URL (passwords, tokens, keys), and any
    long part that is not a host name (a webhook's secret path, an ntfy topic used as a
    password), which Apprise shows."""
    full = set(_URL_PARTS.split(url_of(plugin, privacy=False)))
    masked = full - set(_URL_PARTS.split(url_of(plugin, privacy=True)))
    long_ones = {part for part in full if len(part) >= LONG_PART and "." not in part}
    parts: set[str] = set()
    for part in masked | long_ones:
        parts |= {part, unquote(part)}
    parts.discard("")
    return parts


def _scheme_of(url: str) -> str | None:
    scheme, separator, _rest = url.partition("://")
    return scheme.lower() if separator and _SCHEME.match(scheme) else None


def _ordinal(position: int) -> str:
    return f"URL #{position}"


def _instantiate(position: int, url: str) -> NotifyTarget:
    from apprise import Apprise, AppriseAsset  # noqa: PLC0415  (only when configured)
    from apprise.manager_plugins import NotificationManager  # noqa: PLC0415

    scheme = _scheme_of(url)
    if scheme is None:
        raise ValueError(
            f"{_ordinal(position)} is not a URL (expected service://..., e.g. mailtos://, "
            "ntfy://, tgram://, json://)"
        )
    plugin = Apprise.instantiate(url, asset=AppriseAsset(secure_logging=True))
    if plugin is None:
        known = NotificationManager()  # type: ignore[no-untyped-call]  # (untyped singleton)
        if scheme not in known:
            raise ValueError(
                f"{_ordinal(position)}: Apprise knows no service {scheme}:// "
                f"(the services and their URLs: {SERVICES_HELP})"
            )
        raise ValueError(
            f"{_ordinal(position)} ({scheme}://) is not one Apprise can use: a part is missing "
            f"or malformed (a token, user, host or recipient); see {SERVICES_HELP}"
        )
    for part in {url, url_of(plugin, privacy=False), *private_parts(plugin)}:
        register_secret(part)
    return NotifyTarget(position, scheme, str(plugin.service_name), url)


def checked_targets(raw: str) -> tuple[list[NotifyTarget], list[str]]:
    """Every URL of ``raw`` checked with Apprise (its secrets registered): the usable ones,
    and one problem for each unusable one (naming the URL by its position, never by its
    text) or for the whole text (no URL, text between the URLs)."""
    urls = split_urls(raw)
    for url in urls:  # before anything may fail and be reported
        register_secret(url)
    if not urls:
        return [], ["no URL in it (expected one or several Apprise URLs, e.g. ntfy://...)"]
    residue = raw
    for url in urls:
        residue = residue.replace(url, " ", 1)
    if _DELIMITERS.sub("", residue):
        return [], [
            "it holds text that is not a URL; separate the URLs with spaces, commas or "
            "new lines (e.g. mailtos://... ntfy://...)"
        ]
    targets: list[NotifyTarget] = []
    problems: list[str] = []
    with _apprise_quiet():
        for position, url in enumerate(urls, 1):
            try:
                targets.append(_instantiate(position, url))
            except ValueError as exc:
                problems.append(str(exc))
    return targets, problems


def notify_targets(raw: str) -> list[NotifyTarget]:
    """Check every URL of ``raw`` with Apprise and register its secrets; ``ValueError``
    (naming the URL by its position, never by its text) for the first unusable one."""
    targets, problems = checked_targets(raw)
    if problems:
        raise ValueError(problems[0])
    return targets
