"""Exit codes of the commands that act on LinkedIn, so a script or a timer can tell what
happened without parsing text (documented in the README).

0  the run succeeded
1  the run failed, finished with failed or doubtful contacts (partial), or stopped on a
   page that changed
2  bad usage or configuration (nothing was done)
3  LinkedIn pushed back: the run was restricted, or a cool-down forbids LinkedIn
4  the LinkedIn session is missing or expired: import a new one
5  nothing was done: outside working hours, cancelled, or the service stopped
"""

from __future__ import annotations

from linkedin_bot.core.errors import CooldownActive, LinkedInBotError, SessionExpired
from linkedin_bot.db.enums import CooldownKind, RunStatus

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_RESTRICTED = 3
EXIT_AUTH = 4
EXIT_NOT_RUN = 5

_BY_STATUS = {
    RunStatus.SUCCEEDED: EXIT_OK,
    RunStatus.PARTIAL: EXIT_FAILED,
    RunStatus.FAILED: EXIT_FAILED,
    RunStatus.PAGE_CHANGED: EXIT_FAILED,
    RunStatus.RESTRICTED: EXIT_RESTRICTED,
    RunStatus.AUTH_REQUIRED: EXIT_AUTH,
    RunStatus.OUTSIDE_HOURS: EXIT_NOT_RUN,
    RunStatus.CANCELLED: EXIT_NOT_RUN,
    RunStatus.INTERRUPTED: EXIT_NOT_RUN,
}


def exit_code_for_run(status: str) -> int:
    """The exit code of a command whose run ended with ``status``."""
    try:
        return _BY_STATUS[RunStatus(status)]
    except (KeyError, ValueError):
        return EXIT_FAILED


def exit_code_for_error(exc: LinkedInBotError) -> int:
    """The exit code of a command refused or stopped by ``exc`` before any run ended."""
    if isinstance(exc, CooldownActive):
        restricted = exc.context.get("kind") == CooldownKind.RESTRICTION
        return EXIT_RESTRICTED if restricted else EXIT_AUTH
    if isinstance(exc, SessionExpired):
        return EXIT_AUTH
    return EXIT_USAGE if exc.status_code < 500 else EXIT_FAILED
