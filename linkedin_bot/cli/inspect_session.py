"""What ``inspect`` and ``doctor`` share: one browser on the saved session, opened only
when no cool-down forbids LinkedIn, and the errors of LinkedIn as one line and an exit code.

They go to LinkedIn as a run does (``run birthday``), through the same driver, breaker and
cool-downs, but they open no run, reserve no quota and send nothing: what they write to the
database is what the driver records on its own (selectors learned, a cool-down started by a
restriction or a login wall).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack, asynccontextmanager, contextmanager
from typing import TYPE_CHECKING

from linkedin_bot.cli.outcomes import (
    EXIT_FAILED,
    EXIT_RESTRICTED,
    EXIT_USAGE,
    exit_code_for_error,
)
from linkedin_bot.core.errors import (
    AccountRestricted,
    AutomationError,
    CircuitOpen,
    CooldownActive,
    LinkedInBotError,
    SessionExpired,
)

if TYPE_CHECKING:
    from pathlib import Path

    from linkedin_bot.core.settings import Settings
    from linkedin_bot.linkedin.driver import LinkedInDriver
    from linkedin_bot.wiring import Runtime

AUTH_HINT = "run `linkedin-bot auth import`"
# The driver names its artifacts and log lines after the run; these commands have none.
RUN_LABEL = "inspect"


def explain(exc: LinkedInBotError) -> str:
    """One line: what happened and what to do (the words a run's summary uses)."""
    if isinstance(exc, SessionExpired) and "auth import" not in exc.detail:
        return f"{exc.detail}: {AUTH_HINT}"
    if isinstance(exc, CircuitOpen):
        return f"stopped by the circuit breaker: {exc.detail}"
    return exc.detail


def exit_code(exc: LinkedInBotError) -> int:
    """The exit code ``run`` would end with for this error (``cli/outcomes.py``): 3 when
    LinkedIn pushed back, 4 when the session must be imported again, 1 for any other
    failure on LinkedIn, 2 for bad input."""
    if isinstance(exc, CooldownActive | SessionExpired):
        return exit_code_for_error(exc)
    if isinstance(exc, AccountRestricted):
        return EXIT_RESTRICTED
    if isinstance(exc, CircuitOpen):
        return EXIT_RESTRICTED if exc.context.get("restricted") else EXIT_FAILED
    if isinstance(exc, AutomationError):
        return EXIT_FAILED
    return EXIT_USAGE if exc.status_code < 500 else EXIT_FAILED


def profile_public_id(url: str, settings: Settings) -> str:
    """The public id of a profile URL on LinkedIn or on the configured LinkedIn (the
    simulator's host); :class:`InvalidInput` naming what is wrong."""
    from urllib.parse import urlsplit

    from linkedin_bot.core.profiles import public_id_from_url

    host = (urlsplit(settings.linkedin_base_url).hostname or "").lower()
    return public_id_from_url(url, extra_hosts=frozenset({host}))


def stops_everything(exc: LinkedInBotError) -> bool:
    """After this error no further page may be opened (a restriction, a login wall, a
    cool-down, an open breaker): the next check would only make it worse."""
    return isinstance(exc, CooldownActive | SessionExpired | AccountRestricted | CircuitOpen)


@asynccontextmanager
async def prepared(settings: Settings) -> AsyncIterator[Runtime]:
    """The migrated database and the runtime a run would have, closed afterwards."""
    from linkedin_bot.db.migrate import upgrade_async
    from linkedin_bot.wiring import build_runtime

    await upgrade_async(settings.effective_database_url)
    runtime = await build_runtime(settings)
    try:
        yield runtime
    finally:
        await runtime.close()


async def _refuse_during_a_run(runtime: Runtime) -> None:
    """A run of this account going on now (its process beats) has LinkedIn to itself: a
    second browser on the same session beside it is refused (:class:`RunConflict`)."""
    from linkedin_bot.core.errors import RunConflict
    from linkedin_bot.db.queries.runs import active_run
    from linkedin_bot.services.runs import STALE_AFTER

    async with runtime.read_sessions() as session:
        run = await active_run(session, runtime.account)
    if run is None or (run.heartbeat_at or run.created_at) < runtime.clock.now() - STALE_AFTER:
        return  # none, or one whose process died (the next run ends it)
    raise RunConflict(
        f"run {run.id} is using LinkedIn now: try again once it has ended (linkedin-bot status)",
        active_run_id=run.id,
    )


@asynccontextmanager
async def browser(runtime: Runtime) -> AsyncIterator[LinkedInDriver]:
    """The driver on the saved session, after the cool-down check: a cool-down in force
    raises :class:`CooldownActive` before any browser starts or any request leaves, a run
    going on :class:`RunConflict`, and a missing session :class:`SessionMissing`."""
    from linkedin_bot.db.queries.selectors import SqlSelectorStore
    from linkedin_bot.linkedin.auth import load_session
    from linkedin_bot.linkedin.driver import LinkedInDriver

    await runtime.cooldowns.check()
    await _refuse_during_a_run(runtime)
    state = load_session(runtime.settings)
    driver = LinkedInDriver(
        runtime.settings,
        runtime.clock,
        runtime.breaker,
        SqlSelectorStore(runtime.sessions),
        state,
        run_id=RUN_LABEL,
        cooldowns=runtime.cooldowns,
    )
    async with driver:
        yield driver


@contextmanager
def calm_terminal(settings: Settings) -> Iterator[Path | None]:
    """On a terminal, the log lines go to the log file of the runs (``cli/live.py``) and
    only warnings and errors to the screen; elsewhere (a pipe, a timer) they stay on
    standard error. The file used, or None."""
    from linkedin_bot.cli.common import err_console, warn
    from linkedin_bot.cli.live import LOG_FILE
    from linkedin_bot.core.logging import logs_to_file

    with ExitStack() as stack:
        used: Path | None = None
        if err_console.is_terminal:
            used = settings.data_dir / LOG_FILE
            try:
                stack.enter_context(logs_to_file(used, terminal_level=logging.WARNING))
            except OSError as exc:
                warn(f"cannot write the log file {used} ({exc.strerror or exc}): logs stay here")
                used = None
        yield used
