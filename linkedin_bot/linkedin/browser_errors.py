"""Playwright's errors turned into the domain's, each saying what happened and what to do.

Playwright raises one exception type for everything (a DNS failure, a closed browser, a
selector timing out), with the browser's own words inside: ``net::ERR_NAME_NOT_RESOLVED at
https://...``. Callers above the driver must only ever see domain errors whose message a
user can act on ("LinkedIn unreachable (ERR_NAME_NOT_RESOLVED): check the network"), and
whose type tells the run what to do next:

- no route to LinkedIn at all: :class:`LinkedInUnreachable` (nothing was done there);
- a loop of redirects: LinkedIn's answer to a throttled session cookie, a restriction
  signal (:class:`AccountRestricted`, ``redirect_loop``);
- the browser closed or crashed: :class:`BrowserFailed`;
- a timeout: :class:`PageFailed` naming the wait;
- anything else: :class:`PageFailed` with the first line of Playwright's message.
"""

from __future__ import annotations

import re

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from linkedin_bot.core.errors import (
    AccountRestricted,
    AutomationError,
    BrowserFailed,
    LinkedInUnreachable,
    PageFailed,
)

# Chromium's network error names that mean "no way to LinkedIn from here".
UNREACHABLE_CODES = frozenset(
    {
        "ERR_NAME_NOT_RESOLVED",
        "ERR_NAME_RESOLUTION_FAILED",
        "ERR_CONNECTION_REFUSED",
        "ERR_CONNECTION_RESET",
        "ERR_CONNECTION_CLOSED",
        "ERR_CONNECTION_ABORTED",
        "ERR_CONNECTION_FAILED",
        "ERR_CONNECTION_TIMED_OUT",
        "ERR_TIMED_OUT",
        "ERR_INTERNET_DISCONNECTED",
        "ERR_ADDRESS_UNREACHABLE",
        "ERR_ADDRESS_INVALID",
        "ERR_NETWORK_CHANGED",
        "ERR_NETWORK_ACCESS_DENIED",
        "ERR_PROXY_CONNECTION_FAILED",
        "ERR_TUNNEL_CONNECTION_FAILED",
        "ERR_EMPTY_RESPONSE",
        "ERR_SOCKET_NOT_CONNECTED",
    }
)
REDIRECT_LOOP_CODE = "ERR_TOO_MANY_REDIRECTS"
_NET_CODE = re.compile(r"net::(ERR_[A-Z0-9_]+)")
_AT_URL = re.compile(r" at (\S+)")
_CLOSED = re.compile(
    r"(target page, context or browser has been closed|browser has been closed"
    r"|target closed|connection closed|browser closed|page crashed|crashed)",
    re.IGNORECASE,
)


def first_line(exc: BaseException) -> str:
    """Playwright's messages run to many lines of call log; the first says what happened."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def browser_error(exc: PlaywrightError, *, action: str, url: str | None = None) -> AutomationError:
    """The domain error for a Playwright error raised while doing ``action``."""
    line = first_line(exc)
    found = _NET_CODE.search(line)
    where = url
    at = _AT_URL.search(line)
    if at is not None:
        where = at.group(1)
    if found is not None:
        code = found.group(1)
        if code == REDIRECT_LOOP_CODE:
            return AccountRestricted(
                "LinkedIn redirects every page in a loop (ERR_TOO_MANY_REDIRECTS), its answer "
                "to a throttled session: the run stops and a cool-down starts",
                url=where,
                signal="redirect_loop",
                action=action,
            )
        if code in UNREACHABLE_CODES:
            return LinkedInUnreachable(
                f"LinkedIn unreachable ({code}): check the network, the DNS or the proxy",
                url=where,
                network_error=code,
                action=action,
            )
        return PageFailed(f"{action}: the browser could not load the page ({code})", url=where)
    if isinstance(exc, PlaywrightTimeoutError):
        return PageFailed(f"{action}: LinkedIn did not answer in time ({line})", url=where)
    if _CLOSED.search(line):
        return BrowserFailed(
            f"the browser closed or crashed during {action}: {line}", url=where, action=action
        )
    return PageFailed(f"{action} failed in the browser: {line}", url=where, action=action)
