"""Every browser action passes the cool-down gate and the circuit breaker (DESIGN 4).

The guard asks the cool-down gate first (a cool-down recorded in the database by any
process refuses the action before any request leaves), then the breaker (an open breaker
raises :class:`CircuitOpen`), then runs the action and records how it went:

- a restriction signal starts a cool-down in the database (hours; every process honours
  it), then the error goes on up and ends the run;
- a login wall condemns the saved session in the database (until a new one is imported);
  it does not count against LinkedIn's health: the user's credential needs attention;
- plain failures (timeouts, a missing element, LinkedIn unreachable) count towards the
  breaker's backoff;
- success closes the breaker.

Playwright's own errors are turned into domain errors here (``browser_errors.py``), so
callers above the driver only ever see errors whose message says what to do.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from playwright.async_api import Error as PlaywrightError

from linkedin_bot.core.errors import (
    AccountRestricted,
    AutomationError,
    SessionExpired,
    SessionMissing,
)
from linkedin_bot.core.logging import get_logger, log_fields
from linkedin_bot.core.metrics import (
    BROWSER_ACTION_DURATION,
    CIRCUIT_BREAKER_TRIPS,
    ERRORS,
    RESTRICTIONS_DETECTED,
)
from linkedin_bot.linkedin.browser_errors import browser_error
from linkedin_bot.safety.breaker import BreakerState, CircuitBreaker
from linkedin_bot.safety.cooldown import CooldownGate

T = TypeVar("T")
log = get_logger(__name__)

# Called with the action's name and the error, to save a screenshot and the page's HTML
# (it sets ``error.context["artifact"]``).
OnFailure = Callable[[str, AutomationError], Awaitable[None]]


class ActionGuard:
    """Runs browser actions under the cool-down gate and the circuit breaker."""

    def __init__(
        self,
        breaker: CircuitBreaker,
        on_failure: OnFailure | None = None,
        cooldowns: CooldownGate | None = None,
    ) -> None:
        self._breaker = breaker
        self._on_failure = on_failure
        self._cooldowns = cooldowns

    async def run(
        self,
        name: str,
        action: Callable[[], Awaitable[T]],
        *,
        failed: Callable[[T], str | None] | None = None,
    ) -> T:
        """Run ``action``; ``failed(result)`` may call a returned result a plain failure."""
        if self._cooldowns is not None:
            await self._cooldowns.check()
        await self._breaker.before_call()
        started = time.perf_counter()
        try:
            try:
                result = await action()
            except PlaywrightError as exc:
                raise browser_error(exc, action=name) from exc
        except AccountRestricted as exc:
            await self._restricted(name, exc)
            raise
        except SessionExpired as exc:
            await self._session_expired(name, exc)
            raise
        except AutomationError as exc:
            ERRORS.labels(exc.code, "linkedin").inc()
            await self._failure(f"{name}: {exc.detail}")
            await self._report(name, exc)
            raise
        finally:
            BROWSER_ACTION_DURATION.labels(name).observe(time.perf_counter() - started)
        reason = failed(result) if failed is not None else None
        if reason is None:
            await self._breaker.record_success()
        else:
            await self._failure(f"{name}: {reason}")
        return result

    async def _restricted(self, name: str, exc: AccountRestricted) -> None:
        """Save what the page showed, then start the cool-down every process honours. If
        the database cannot record it, this process's breaker stops it at least."""
        signal = str(exc.context.get("signal", "restriction"))
        RESTRICTIONS_DETECTED.labels(signal).inc()
        CIRCUIT_BREAKER_TRIPS.labels("restriction").inc()
        fields = log_fields(exc.context, action=name, detail=exc.detail)
        log.warning("linkedin.restricted", **fields)
        await self._report(name, exc)
        url = exc.context.get("url")
        artifact = exc.context.get("artifact")
        if self._cooldowns is None:  # tests and tools without a database
            await self._breaker.trip(exc.detail)
            return
        try:
            info = await self._cooldowns.restricted(
                exc.detail,
                signal=signal,
                url=str(url) if url else None,
                artifact=str(artifact) if artifact else None,
            )
            exc.context["cooldown_until"] = info.until.isoformat() if info.until else None
        except Exception as error:  # noqa: BLE001  (the stop must hold even without a database)
            log.error("cooldown.not_recorded", error=f"{type(error).__name__}: {error}")  # noqa: TRY400
            await self._breaker.trip(exc.detail)

    async def _session_expired(self, name: str, exc: SessionExpired) -> None:
        log.warning("linkedin.session_expired", **log_fields(exc.context, action=name))
        if isinstance(exc, SessionMissing) or self._cooldowns is None:
            return
        url = exc.context.get("url")
        try:
            await self._cooldowns.session_expired(exc.detail, url=str(url) if url else None)
        except Exception as error:  # noqa: BLE001  (the run ends as auth_required anyway)
            log.error("cooldown.not_recorded", error=f"{type(error).__name__}: {error}")  # noqa: TRY400

    async def _failure(self, reason: str) -> None:
        """Count a plain failure; when it is the one that opens the breaker, say so."""
        was_open = (await self._breaker.snapshot()).state is BreakerState.OPEN
        await self._breaker.record_failure(reason)
        if not was_open and (await self._breaker.snapshot()).state is BreakerState.OPEN:
            CIRCUIT_BREAKER_TRIPS.labels("failures").inc()

    async def _report(self, name: str, error: AutomationError) -> None:
        if self._on_failure is None:
            return
        try:
            await self._on_failure(name, error)
        except Exception as failure:  # noqa: BLE001  (a failed screenshot never changes a run)
            log.warning("linkedin.report_failed", error=f"{type(failure).__name__}: {failure}")
