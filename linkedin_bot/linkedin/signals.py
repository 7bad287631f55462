"""Restriction and expiry signals: read after every navigation and every XHR that matters.

LinkedIn tells an automated session to stop in a few known ways: HTTP 999 or 429, a
security check under ``/checkpoint/``, a page saying a limit was reached. Any of them is
an :class:`AccountRestricted` (the breaker opens for hours, the run stops). A redirect to a
login page or a 401 means the saved session is no longer valid: :class:`SessionExpired`,
which asks the user to re-authenticate and is not held against LinkedIn's health.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import CDPSession, Page
from playwright.async_api import Error as PlaywrightError

from linkedin_bot.core.errors import AccountRestricted, LinkedInUnreachable, SessionExpired
from linkedin_bot.linkedin.browser_errors import UNREACHABLE_CODES

RESTRICTION_STATUSES = frozenset({999, 429})
EXPIRY_STATUSES = frozenset({401})
# LinkedIn's API answers 403 to a request it wants challenged (a security check pending):
# on an XHR, the bot cannot tell it from a checkpoint page, so it is treated as one.
CHALLENGE_XHR_STATUS = 403
CHECKPOINT_PREFIXES = ("/checkpoint/",)
LOGIN_PREFIXES = ("/login", "/uas/login", "/authwall", "/signup")
# What a throttled or restricted page says, in English and French.
RESTRICTION_TEXT = re.compile(
    r"you['\u2019]ve reached the [\w\s]{0,40}limit|\bslow down\b|too many requests"
    r"|vous avez atteint la limite|trop de requêtes|veuillez ralentir",
    re.IGNORECASE,
)
# Only the parts of a page where LinkedIn puts such warnings are read, plus the whole text
# of short pages (error pages are short): a feed post saying "slow down" must not stop us.
_WARNING_TEXT_JS = """() => {
  const parts = [];
  for (const el of document.querySelectorAll(
      '[role=alert], [role=alertdialog], [role=dialog], .artdeco-modal, h1, h2')) {
    parts.push(el.innerText || '');
  }
  const body = document.body ? document.body.innerText || '' : '';
  if (body.length < 3000) parts.push(body);
  return parts.join('\\n');
}"""


def check_status(status: int, url: str) -> None:
    """Raise for a status that is a restriction (999, 429) or an expiry (401)."""
    if status in RESTRICTION_STATUSES:
        raise AccountRestricted(
            f"LinkedIn answered HTTP {status}: the account is being throttled or restricted; "
            "the run stops and the circuit breaker stays open for hours",
            status=status,
            url=url,
            signal=f"http_{status}",
        )
    if status in EXPIRY_STATUSES:
        raise SessionExpired(
            "LinkedIn answered 401: the saved session is no longer valid; "
            "run `linkedin-bot auth import` with a fresh li_at cookie",
            status=status,
            url=url,
        )


def check_url(url: str) -> None:
    """Raise when the browser landed on a checkpoint (restricted) or a login page (expired)."""
    path = urlsplit(url).path
    if path.startswith(CHECKPOINT_PREFIXES):
        raise AccountRestricted(
            "LinkedIn asks for a security check (checkpoint): complete it in a browser, "
            "then import a fresh session",
            url=url,
            signal="checkpoint",
        )
    if path.startswith(LOGIN_PREFIXES):
        raise SessionExpired(
            "LinkedIn sent us to its sign-in page: the saved session expired; "
            "run `linkedin-bot auth import` with a fresh li_at cookie",
            url=url,
        )


async def check_page_text(page: Page) -> None:
    """Raise :class:`AccountRestricted` when the page says a limit was reached."""
    try:
        text = await page.evaluate(_WARNING_TEXT_JS)
    except PlaywrightError:
        return  # the page navigated away meanwhile: the next check reads the new one
    match = RESTRICTION_TEXT.search(str(text))
    if match:
        raise AccountRestricted(
            f"LinkedIn shows a rate-limit warning ({match.group(0)!r}): stop for now",
            url=page.url,
            signal="limit_page",
        )


@dataclass(frozen=True)
class Signal:
    status: int
    url: str
    xhr: bool = False


class SignalMonitor:
    """Listens to a page's responses and keeps those that are restriction or expiry signals.

    Lazy-loading and send XHRs happen behind the page's back; the monitor lets the driver
    notice a 999 on them right after the action that caused it.

    It listens through the page's DevTools session (``Network.responseReceived``) rather
    than Playwright's ``response`` event: Playwright keeps every Request and Response object
    it reports, in its driver and in this process, until 10,000 of them or the page closes,
    and a run sending 500 messages from one birthdays page would hoard thousands (measured:
    tens of MB in each process). A DevTools event is a plain dict, dropped once read.
    """

    def __init__(self, origin: str) -> None:
        self._host = urlsplit(origin).netloc
        self._signals: list[Signal] = []
        self._unreachable: str | None = None  # the network error of a request that failed

    async def attach(self, cdp: CDPSession) -> None:
        cdp.on("Network.responseReceived", self._on_response)
        cdp.on("Network.loadingFailed", self._on_failed)
        await cdp.send("Network.enable")

    def _on_failed(self, event: dict[str, Any]) -> None:
        """A request the page made could not reach LinkedIn at all (the network went away
        mid-run): every page of the run is LinkedIn's, and images are blocked on purpose
        with another error, so a network error here means LinkedIn is unreachable."""
        if event.get("canceled"):
            return
        code = str(event.get("errorText", "")).removeprefix("net::")
        if code in UNREACHABLE_CODES:
            self._unreachable = code

    def _on_response(self, event: dict[str, Any]) -> None:
        response = event.get("response") or {}
        url, status = str(response.get("url", "")), int(response.get("status", 0))
        if urlsplit(url).netloc != self._host:
            return
        xhr = event.get("type") in ("XHR", "Fetch")
        if status in RESTRICTION_STATUSES | EXPIRY_STATUSES or (
            xhr and status == CHALLENGE_XHR_STATUS
        ):
            self._signals.append(Signal(status, url, xhr))

    def clear(self) -> None:
        self._signals.clear()
        self._unreachable = None

    def raise_if_signaled(self) -> None:
        """Raise for the first signal seen since the last check, and forget them all; a
        request that could not reach LinkedIn raises :class:`LinkedInUnreachable`."""
        if not self._signals:
            code, self._unreachable = self._unreachable, None
            if code is not None:
                raise LinkedInUnreachable(
                    f"LinkedIn unreachable ({code}): check the network, the DNS or the proxy",
                    network_error=code,
                )
            return
        first = self._signals[0]
        self._signals.clear()
        if first.xhr and first.status == CHALLENGE_XHR_STATUS:
            raise AccountRestricted(
                "LinkedIn refused a request with 403 (a security challenge is pending): "
                "open LinkedIn in a browser, then import a fresh session",
                status=first.status,
                url=first.url,
                signal="challenge_403",
            )
        check_status(first.status, first.url)
