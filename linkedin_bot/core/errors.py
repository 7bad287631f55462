"""The domain's one error base and the errors that say what happened.

Each error carries what the HTTP API should answer (``status_code``, ``code``) and what the
caller should do next (``action``), so that services never raise HTTP exceptions and the
CLI can print an actionable message.
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


class SessionMissing(SessionExpired):
    code = "session_missing"


class AccountRestricted(AutomationError):
    """A restriction signal (HTTP 999/429, checkpoint, rate-limit page): stop everything."""

    status_code = 503
    code = "account_restricted"
    action: ClassVar[NextAction] = "stop_run"


class CircuitOpen(AutomationError):
    """The circuit breaker refuses browser actions for now."""

    status_code = 503
    code = "circuit_open"
    action: ClassVar[NextAction] = "retry_later"


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
