"""The closed vocabularies stored in the database (kept as data, in one place)."""

from __future__ import annotations

from enum import StrEnum


class ContactStatus(StrEnum):
    CONNECTION = "connection"  # a 1st-degree connection (export, birthday list)
    PROSPECT = "prospect"  # found by a people search
    ARCHIVED = "archived"  # kept for history, never acted on


class InteractionType(StrEnum):
    BIRTHDAY_MESSAGE = "birthday_message"
    PROFILE_VISIT = "profile_visit"


class InteractionStatus(StrEnum):
    RESERVED = "reserved"  # quota unit held, nothing done on LinkedIn yet
    SENDING = "sending"  # intent recorded, the click may have happened
    SENT = "sent"  # verified in the conversation thread
    VISITED = "visited"  # profile read
    FAILED = "failed"  # known not to have been delivered
    UNKNOWN = "unknown"  # in doubt: may have been sent; never re-sent automatically
    DRY_RUN = "dry_run"  # what would have been sent; nothing happened on LinkedIn
    SKIPPED = "skipped"


class RunKind(StrEnum):
    BIRTHDAY = "birthday"
    SOURCING = "sourcing"


class RunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"  # every contact done, none failed or in doubt
    PARTIAL = "partial"  # finished, but some contacts failed or are in doubt
    FAILED = "failed"
    AUTH_REQUIRED = "auth_required"
    RESTRICTED = "restricted"
    OUTSIDE_HOURS = "outside_hours"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"
    PAGE_CHANGED = "page_changed"  # a LinkedIn page no longer looks as the driver knows it


class CooldownKind(StrEnum):
    RESTRICTION = "restriction"  # LinkedIn pushed back: a timed cool-down (or until resumed)
    SESSION_EXPIRED = "session_expired"  # a login wall: until a new session is imported


class CooldownEnd(StrEnum):
    RESUMED = "resumed"  # the user said so (CLI, API)
    NEW_SESSION = "new_session"  # a new LinkedIn session was imported


class ScheduledJob(StrEnum):
    """The jobs of `serve`'s schedule, which the user may pause and resume."""

    BIRTHDAY = "birthday"
    BACKUP = "backup"


ACTIVE_RUN_STATUSES = (RunStatus.QUEUED.value, RunStatus.RUNNING.value)
