"""What ends a run is said by the error itself (its action) and nowhere else: the statuses
a user sees for each cause, all valid run statuses."""

from __future__ import annotations

import pytest

from linkedin_bot.core.errors import (
    AccountRestricted,
    AutomationError,
    BrowserFailed,
    CircuitOpen,
    CooldownActive,
    ElementNotFound,
    LinkedInBotError,
    LinkedInUnreachable,
    PageChanged,
    RepeatedFailures,
    SessionExpired,
    SessionMissing,
)
from linkedin_bot.db.enums import CooldownKind, RunStatus


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (AccountRestricted("HTTP 999"), RunStatus.RESTRICTED),
        (SessionExpired("login wall"), RunStatus.AUTH_REQUIRED),
        (SessionMissing("no session"), RunStatus.AUTH_REQUIRED),
        (PageChanged("no card has a name"), RunStatus.PAGE_CHANGED),
        (RepeatedFailures("3 in a row"), RunStatus.FAILED),
        (CircuitOpen("open", restricted=True), RunStatus.RESTRICTED),
        (CircuitOpen("open"), RunStatus.FAILED),
        (CooldownActive("until 10:00", kind=CooldownKind.RESTRICTION), RunStatus.RESTRICTED),
        (CooldownActive("import", kind=CooldownKind.SESSION_EXPIRED), RunStatus.AUTH_REQUIRED),
    ],
)
def test_errors_that_end_the_run_and_the_status_they_give(
    error: LinkedInBotError, status: RunStatus
) -> None:
    """A restriction, an expired session, a changed page, repeated failures, an open
    breaker or a cool-down end the run, each with the status the user sees."""
    assert error.ends_run
    ended_as, reason = error.ends_run_as()
    assert RunStatus(ended_as) is status
    assert error.detail in reason


@pytest.mark.parametrize(
    "error",
    [
        LinkedInUnreachable("ERR_NAME_NOT_RESOLVED"),
        BrowserFailed("crashed"),
        ElementNotFound("no Message button"),
        AutomationError("timeout"),
    ],
)
def test_a_contact_level_failure_does_not_end_the_run(error: AutomationError) -> None:
    """One contact that cannot be reached or read fails alone; the run goes on (three in a
    row of the same cause end it, as RepeatedFailures)."""
    assert not error.ends_run
    assert error.ends_run_as() == (RunStatus.FAILED.value, error.detail)
