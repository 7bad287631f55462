"""Every browser action passes the circuit breaker (DESIGN invariant 4).

The guard asks the breaker first (an open breaker raises :class:`CircuitOpen` before any
request leaves), then runs the action and tells the breaker how it went:

- a restriction signal trips the breaker at once (hours), then the error goes on up;
- an expired session goes up without counting against LinkedIn's health: it is the
  user's credential, not LinkedIn, that needs attention;
- plain failures (timeouts, a missing element, a page error) count towards the backoff;
- success closes the breaker.

Playwright's own errors are turned into :class:`PageFailed` here, so that callers above
the driver only ever see the domain's errors.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from playwright.async_api import Error as PlaywrightError

from linkedin_bot.core.errors import (
    AccountRestricted,
    AutomationError,
    ElementNotFound,
    PageFailed,
    SessionExpired,
)
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.metrics import (
    BROWSER_ACTION_DURATION,
    CIRCUIT_BREAKER_TRIPS,
    ERRORS,
    RESTRICTIONS_DETECTED,
)
from linkedin_bot.safety.breaker import BreakerState, CircuitBreaker

T = TypeVar("T")
log = get_logger(__name__)

# Called with the action's name and the error, to save a screenshot and the page's HTML.
OnFailure = Callable[[str, AutomationError], Awaitable[None]]


class ActionGuard:
    """Runs browser actions under the circuit breaker."""

    def __init__(self, breaker: CircuitBreaker, on_failure: OnFailure | None = None) -> None:
        self._breaker = breaker
        self._on_failure = on_failure

    async def run(
        self,
        name: str,
        action: Callable[[], Awaitable[T]],
        *,
        failed: Callable[[T], str | None] | None = None,
    ) -> T:
        """Run ``action``; ``failed(result)`` may call a returned result a plain failure."""
        await self._breaker.before_call()
        started = time.perf_counter()
        try:
            result = await action()
        except AccountRestricted as exc:
            RESTRICTIONS_DETECTED.labels(str(exc.context.get("signal", "restriction"))).inc()
            CIRCUIT_BREAKER_TRIPS.labels("restriction").inc()
            await self._breaker.trip(exc.detail)
            log.warning("linkedin.restricted", action=name, detail=exc.detail, **exc.context)
            await self._report(name, exc)
            raise
        except SessionExpired as exc:
            log.warning("linkedin.session_expired", action=name, **exc.context)
            raise
        except (ElementNotFound, PageFailed) as exc:
            ERRORS.labels(exc.code, "linkedin").inc()
            await self._failure(f"{name}: {exc.detail}")
            await self._report(name, exc)
            raise
        except PlaywrightError as exc:
            error = PageFailed(f"{name} failed in the browser: {_first_line(exc)}", action=name)
            ERRORS.labels(error.code, "linkedin").inc()
            await self._failure(f"{name}: {error.detail}")
            await self._report(name, error)
            raise error from exc
        finally:
            BROWSER_ACTION_DURATION.labels(name).observe(time.perf_counter() - started)
        reason = failed(result) if failed is not None else None
        if reason is None:
            await self._breaker.record_success()
        else:
            await self._failure(f"{name}: {reason}")
        return result

    async def _failure(self, reason: str) -> None:
        """Count a plain failure; when it is the one that opens the breaker, say so."""
        was_open = (await self._breaker.snapshot()).state is BreakerState.OPEN
        await self._breaker.record_failure(reason)
        if not was_open and (await self._breaker.snapshot()).state is BreakerState.OPEN:
            CIRCUIT_BREAKER_TRIPS.labels("failures").inc()

    async def _report(self, name: str, error: AutomationError) -> None:
        if self._on_failure is not None:
            await self._on_failure(name, error)


def _first_line(exc: BaseException) -> str:
    """Playwright's messages run to many lines of call log; the first says what happened."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
