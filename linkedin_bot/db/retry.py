"""Retrying the writes that must not be lost when the database blinks.

A run's end, and the outcome of a message already clicked, have to reach the database: a
run left "running" blocks every later run, and a send left "sending" is neither counted nor
reconciled. When the database is briefly unreachable (PostgreSQL restarting, SQLite locked
or its disk full for a moment), these writes are retried with backoff (tenacity) until a
deadline, instead of being dropped on the first error. Other writes fail as usual.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy import exc as sa_exc
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_delay,
    wait_exponential_jitter,
)

from linkedin_bot.core.logging import get_logger

T = TypeVar("T")
log = get_logger("linkedin_bot.db")
DEFAULT_DEADLINE_S = 600.0  # how long a must-not-lose write keeps trying
MAX_WAIT_S = 5.0  # the longest pause between two attempts


# SQLSTATE classes and codes of PostgreSQL errors that pass by themselves: connection
# exceptions, a server shutting down or starting up, too many connections, serialization
# failures and deadlocks.
TRANSIENT_SQLSTATE_PREFIXES = ("08", "57P0", "53300", "40001", "40P01")


def _sqlstate(error: BaseException) -> str | None:
    """The SQLSTATE of a database error, looked for along its chain of causes."""
    seen: BaseException | None = error
    for _ in range(5):
        if seen is None:
            return None
        for attribute in ("sqlstate", "pgcode"):
            code = getattr(seen, attribute, None)
            if isinstance(code, str) and code:
                return code
        seen = seen.__cause__ or getattr(seen, "orig", None)
    return None


def is_transient(error: BaseException) -> bool:
    """A database error that may go away by itself: unreachable server, dropped or
    invalidated connection, a server starting up or shutting down, a locked SQLite file, a
    full disk, a pool timeout. Integrity, data and programming errors are not: retrying
    them would not change the answer."""
    if isinstance(error, sa_exc.DBAPIError):
        if error.connection_invalidated:
            return True
        if isinstance(error, sa_exc.OperationalError | sa_exc.InterfaceError):
            return True
        code = _sqlstate(error)
        if code is not None:
            return code.startswith(TRANSIENT_SQLSTATE_PREFIXES)
        return isinstance(error.orig, OSError | TimeoutError | ConnectionError)
    return isinstance(error, sa_exc.TimeoutError | OSError | TimeoutError | ConnectionError)


def _log_retry(what: str) -> Callable[[RetryCallState], None]:
    def before_sleep(state: RetryCallState) -> None:
        outcome = state.outcome
        error = outcome.exception() if outcome is not None else None
        log.warning(
            "db.retrying",
            what=what,
            attempt=state.attempt_number,
            error=f"{type(error).__name__}: {error}"[:300] if error else None,
        )

    return before_sleep


async def retry_db(
    write: Callable[[], Awaitable[T]], *, what: str, deadline_s: float = DEFAULT_DEADLINE_S
) -> T:
    """``await write()``, retried on transient database errors for up to ``deadline_s``
    seconds; the last error is raised when the deadline passes."""
    retrying = AsyncRetrying(
        retry=retry_if_exception(is_transient),
        stop=stop_after_delay(deadline_s),
        wait=wait_exponential_jitter(multiplier=0.2, max=MAX_WAIT_S, jitter=0.2),
        before_sleep=_log_retry(what),
        reraise=True,
    )
    async for attempt in retrying:
        with attempt:
            return await write()
    raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover
