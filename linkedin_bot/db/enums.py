"""The closed vocabularies stored in the database (kept as data, in one place)."""

from __future__ import annotations

from enum import StrEnum


class ContactStatus(StrEnum):
    CONNECTION = "connection"  # a 1st-degree connection (export, birthday list)
    PROSPECT = "prospect"  # found by a people search
    ARCHIVED = "archived"  # kept for history, never acted on


class InteractionType(StrEnum):
    BIRTHDAY_MESSAGE = "birthday_message"
    ANNIVERSARY_MESSAGE = "anniversary_message"  # a work anniversary congratulated
    NEW_JOB_MESSAGE = "new_job_message"  # a new position congratulated
    PROFILE_VISIT = "profile_visit"
    REPLY = "reply"  # the person's answer to one of our messages, read in the conversation


# The messages sent to people: one daily and weekly quota shared by all of them.
MESSAGE_TYPES = (
    InteractionType.BIRTHDAY_MESSAGE.value,
    InteractionType.ANNIVERSARY_MESSAGE.value,
    InteractionType.NEW_JOB_MESSAGE.value,
)


class InteractionStatus(StrEnum):
    RESERVED = "reserved"  # quota unit held, nothing done on LinkedIn yet
    SENDING = "sending"  # intent recorded, the click may have happened
    SENT = "sent"  # verified in the conversation thread
    VISITED = "visited"  # profile read
    FAILED = "failed"  # known not to have been delivered
    UNKNOWN = "unknown"  # in doubt: may have been sent; never re-sent automatically
    DRY_RUN = "dry_run"  # what would have been sent; nothing happened on LinkedIn
    SKIPPED = "skipped"  # looked at and left alone, with the reason (name uncertain...)
    RECEIVED = "received"  # a reply read in a conversation


class RunKind(StrEnum):
    BIRTHDAY = "birthday"
    ANNIVERSARY = "anniversary"
    NEW_JOB = "new_job"
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
