"""The domain's one error base and the errors that say what happened.

Each error carries what the HTTP API should answer (``status_code``, ``code``) and what the
caller should do next (``action``), so that services never raise HTTP exceptions and the
CLI can print an actionable message. An error whose action is ``stop_run`` or
``reauthenticate`` ends the run it happens in (``ends_run``), with the status and reason
``ends_run_as()`` gives: the run lifecycle (``services/runs.py``) reads them and nothing
else decides what ends a run.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

NextAction = Literal["none", "retry_later", "stop_run", "reauthenticate", "fix_input"]


class LinkedInBotError(Exception):
    """Base of every error the domain raises on purpose."""

    status_code: ClassVar[int] = 500
    code: ClassVar[str] = "internal_error"
    action: ClassVar[NextAction] = "none"  # what the caller should do next

    def __init__(self, detail: str, **context: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.context = context

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.code, "detail": self.detail}
        if self.context:
            body["context"] = self.context
        return body

    def headers(self) -> dict[str, str]:
        """HTTP headers the API adds to this error's answer (e.g. ``Retry-After``)."""
        return {}

    @property
    def ends_run(self) -> bool:
        """True when no further contact of the run may be tried (its action says so)."""
        return self.action in ("stop_run", "reauthenticate")

    def ends_run_as(self) -> tuple[str, str]:
        """The run status (a ``RunStatus`` value) and the reason a run ended by this error
        records."""
        return "failed", self.detail


class ConfigurationError(LinkedInBotError):
    """The configuration is invalid; start-up stops."""

    code = "configuration_error"
    action: ClassVar[NextAction] = "fix_input"


class InvalidInput(LinkedInBotError):
    """The caller's input is wrong; nothing was changed."""

    status_code = 422
    code = "invalid_input"
    action: ClassVar[NextAction] = "fix_input"


class NotFound(LinkedInBotError):
    status_code = 404
    code = "not_found"


class ContactNotFound(NotFound):
    code = "contact_not_found"


class RunNotFound(NotFound):
    code = "run_not_found"


class Conflict(LinkedInBotError):
    status_code = 409
    code = "conflict"


class ServiceStopping(LinkedInBotError):
    """The service received its stop signal: it finishes what it does, starts nothing."""

    status_code = 503
    code = "service_stopping"
    action: ClassVar[NextAction] = "retry_later"


class DatabaseUnavailable(LinkedInBotError):
    status_code = 503
    code = "database_unavailable"
    action: ClassVar[NextAction] = "retry_later"


class Unauthorized(LinkedInBotError):
    status_code = 401
    code = "unauthorized"
    action: ClassVar[NextAction] = "fix_input"


class Forbidden(LinkedInBotError):
    status_code = 403
    code = "forbidden"
    action: ClassVar[NextAction] = "fix_input"


class RunConflict(Conflict):
    """A run is already active for this account."""

    code = "run_already_active"
    action: ClassVar[NextAction] = "retry_later"


# --- Automation: each says what to do next -------------------------------------------------


class AutomationError(LinkedInBotError):
    """Something went wrong while driving LinkedIn. ``context`` keeps run, contact, page URL."""

    code = "automation_error"
    action: ClassVar[NextAction] = "retry_later"


class SessionExpired(AutomationError):
    """LinkedIn sent us to a login page: the saved session is no longer valid."""

    status_code = 401
    code = "session_expired"
    action: ClassVar[NextAction] = "reauthenticate"

    def ends_run_as(self) -> tuple[str, str]:
        return "auth_required", self.detail


class SessionMissing(SessionExpired):
    code = "session_missing"


class AccountRestricted(AutomationError):
    """A restriction signal (HTTP 999/429, checkpoint, rate-limit page): stop everything."""

    status_code = 503
    code = "account_restricted"
    action: ClassVar[NextAction] = "stop_run"

    def ends_run_as(self) -> tuple[str, str]:
        return "restricted", self.detail


class CircuitOpen(AutomationError):
    """The circuit breaker refuses browser actions for now: the run stops (a later one
    retries once the breaker lets it)."""

    status_code = 503
    code = "circuit_open"
    action: ClassVar[NextAction] = "stop_run"

    def ends_run_as(self) -> tuple[str, str]:
        # A restriction keeps its status; plain failures that opened the breaker fail.
        status = "restricted" if self.context.get("restricted") else "failed"
        return status, f"stopped by the circuit breaker: {self.detail}"


class LinkedInUnreachable(AutomationError):
    """The browser could not reach LinkedIn at all (DNS, refused or reset connection,
    network down): nothing was done on LinkedIn."""

    status_code = 503
    code = "linkedin_unreachable"
    action: ClassVar[NextAction] = "retry_later"


class BrowserFailed(AutomationError):
    """The browser itself crashed or closed under us."""

    code = "browser_failed"
    action: ClassVar[NextAction] = "retry_later"


class PageChanged(AutomationError):
    """A LinkedIn page no longer looks like what the driver knows: the run stops and sends
    nothing (it never counts as "nobody today")."""

    code = "page_changed"
    action: ClassVar[NextAction] = "stop_run"

    def ends_run_as(self) -> tuple[str, str]:
        return "page_changed", self.detail


class RepeatedFailures(AutomationError):
    """Several contacts in a row failed for the same cause: the run stops."""

    code = "repeated_failures"
    action: ClassVar[NextAction] = "stop_run"


class CooldownActive(LinkedInBotError):
    """A cool-down recorded in the database forbids any request to LinkedIn: after a
    restriction signal (until a time, or until the user resumes), or after a login wall
    (until a new session is imported)."""

    status_code = 503
    code = "cooldown_active"
    action: ClassVar[NextAction] = "stop_run"

    def headers(self) -> dict[str, str]:
        seconds = self.context.get("retry_after_s")
        return {"Retry-After": str(int(seconds))} if seconds else {}

    def ends_run_as(self) -> tuple[str, str]:
        # The cool-down's kind ("restriction" or "session"), as CooldownKind values.
        restricted = self.context.get("kind") == "restriction"
        return ("restricted" if restricted else "auth_required"), f"nothing done: {self.detail}"


class ElementNotFound(AutomationError):
    """No selector, learned, default or fallback, found the element on the page."""

    code = "element_not_found"


class PageFailed(AutomationError):
    """A page did not load or answered an unexpected error."""

    code = "page_failed"


class QuotaExhausted(LinkedInBotError):
    """A quota window has no unit left; nothing was sent."""

    status_code = 429
    code = "quota_exhausted"
    action: ClassVar[NextAction] = "retry_later"


# --- Storage: the database or the disk cannot take a write ----------------------------------


class DatabaseBusy(DatabaseUnavailable):
    """The database is up but cannot serve this request now: SQLite's write lock was held
    past the busy timeout, or PostgreSQL has no connection to spare. Nothing was changed."""

    code = "database_busy"


class StorageFull(LinkedInBotError):
    """The disk (or the database's storage) is full: what was being written was not."""

    status_code = 507
    code = "storage_full"
    action: ClassVar[NextAction] = "retry_later"


class ImportInterrupted(LinkedInBotError):
    """An import stopped part-way: ``context`` says how many rows were saved (they stay) out
    of how many; running it again completes it."""

    status_code = 503
    code = "import_interrupted"
    action: ClassVar[NextAction] = "retry_later"
