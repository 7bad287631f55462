"""What each notification says: what happened, until when, what to do (plain text).

Built from records (runs, cool-downs, the session's status), never from a secret: a run's
error is redacted (and the whole message again when it leaves); a LinkedIn URL loses its
query string (a checkpoint's may carry a token).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from linkedin_bot.core.redaction import redact
from linkedin_bot.db.models import CampaignRun
from linkedin_bot.db.queries.notifications import DayActivity
from linkedin_bot.safety.cooldown import CooldownInfo
from linkedin_bot.services.notification_delivery import Level, Message

APP = "linkedin-bot"
RESUME = "`linkedin-bot resume`"
AUTH_IMPORT = "`linkedin-bot auth import`"
DETAILS = "Details: `linkedin-bot status` and the logs"
ERROR_MAX_CHARS = 600


class EventKind(StrEnum):
    """The kinds of event: each has its own limit of one notification per hour."""

    COOLDOWN = "cooldown"
    SESSION_EXPIRED = "session_expired"
    SESSION_EXPIRING = "session_expiring"
    RUN_FAILED = "run_failed"
    PAGE_CHANGED = "page_changed"
    BACKUP_FAILED = "backup_failed"
    DAILY_SUMMARY = "daily_summary"


# How a count of each kind reads: "3 more failed runs".
KIND_NOUNS: dict[str, str] = {
    EventKind.COOLDOWN: "restriction alerts",
    EventKind.SESSION_EXPIRED: "session alerts",
    EventKind.SESSION_EXPIRING: "session reminders",
    EventKind.RUN_FAILED: "failed runs",
    EventKind.PAGE_CHANGED: "runs stopped by a changed page",
    EventKind.BACKUP_FAILED: "failed backups",
    EventKind.DAILY_SUMMARY: "summaries",
}


@dataclass(frozen=True)
class Event:
    """One thing to tell; ``once`` names its occurrence (told once, whatever repeats it)."""

    kind: EventKind
    message: Message
    once: str | None = None


@dataclass(frozen=True)
class RunFacts:
    """What a notification needs of a run, read from its record when it ends."""

    id: int
    kind: str
    status: str
    error: str | None
    dry_run: bool
    trigger: str
    stats: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, run: CampaignRun) -> RunFacts:
        return cls(
            run.id,
            run.kind,
            run.status,
            run.error,
            bool(run.dry_run),
            run.trigger,
            dict(run.stats or {}),
        )

    @property
    def name(self) -> str:
        dry = ", dry run" if self.dry_run else ""
        return f"run {self.id} ({self.kind}{dry}, {self.trigger})"

    @property
    def cause(self) -> str:
        return clean_error(self.error) or "no reason was recorded"

    @property
    def counts(self) -> str:
        done = [f"{k.replace('_', ' ')} {v}" for k, v in self.stats.items() if _is_count(v)]
        return ", ".join(done) if done else "nothing"


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def clean_error(text: str | None) -> str:
    """A recorded error as it may be shown: redacted, one paragraph, bounded."""
    if not text:
        return ""
    return redact(" ".join(text.split()))[:ERROR_MAX_CHARS]


def bare_url(url: str | None) -> str | None:
    """A page's address without its query and fragment (they may carry tokens)."""
    if not url:
        return None
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def when(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%a %d %b %H:%M %Z")


def since(moment: datetime, now: datetime, tz: ZoneInfo) -> str:
    """``10:02`` today, ``Wed 14 Jan 10:02`` another day (the user's timezone)."""
    local = moment.astimezone(tz)
    same_day = local.date() == now.astimezone(tz).date()
    return local.strftime("%H:%M" if same_day else "%a %d %b %H:%M")


def cooldown_started(
    info: CooldownInfo | None, run: RunFacts | None, tz: ZoneInfo, now: datetime
) -> Message:
    """LinkedIn pushed back: why, until when, what to do."""
    during = f", during {run.name}" if run else ""
    if info is None or info.until is None:
        cause = run.cause if run else "a restriction signal"
        return Message(
            f"{APP}: LinkedIn pushed back, runs stopped",
            f"LinkedIn showed a restriction signal{during}: {cause}.\n"
            f"Nothing is sent to LinkedIn during the cool-down. Check your account in a "
            f"browser; {RESUME} ends the cool-down early.",
            Level.FAILURE,
        )
    page = bare_url(info.url)
    where = f" at {page}" if page else ""
    hours = max(0.0, (info.until - now).total_seconds() / 3600)
    return Message(
        f"{APP}: LinkedIn pushed back, paused until {when(info.until, tz)}",
        f"LinkedIn showed a restriction signal ({info.signal}){where} on "
        f"{when(info.started_at, tz)}{during}: {clean_error(info.reason)}.\n"
        f"Nothing is sent to LinkedIn until {when(info.until, tz)} (in {hours:.0f} h): the "
        "cool-down protects your account from a ban.\n"
        "What to do: open LinkedIn in your browser and answer any security check yourself "
        "(the bot never does). The bot resumes by itself when the cool-down ends; "
        f"{RESUME} ends it now.",
        Level.FAILURE,
    )


def session_expired(detail: str, since_text: str | None = None) -> Message:
    """The saved session is unusable: nothing runs until a new one is imported."""
    moment = f" ({since_text})" if since_text else ""
    return Message(
        f"{APP}: the LinkedIn session must be renewed",
        f"{detail}{moment}.\nNothing runs until you import a new session from a browser "
        f"signed in to LinkedIn: {AUTH_IMPORT} (see docs/notifications.md).",
        Level.FAILURE,
    )


def session_expiring(expires_at: datetime, now: datetime, tz: ZoneInfo) -> Message:
    days = max(0, (expires_at - now).days)
    in_days = "today" if days == 0 else f"in {days} day{'s' if days > 1 else ''}"
    return Message(
        f"{APP}: the LinkedIn session expires {in_days}",
        f"The saved LinkedIn session expires on {when(expires_at, tz)}. Import a fresh one "
        f"before then, from a browser signed in to LinkedIn: {AUTH_IMPORT}. Otherwise the "
        "runs stop on that day.",
        Level.WARNING,
    )


def run_failed(run: RunFacts) -> Message:
    return Message(
        f"{APP}: {run.name} failed",
        f"{run.name[0].upper()}{run.name[1:]} failed: {run.cause}.\n"
        f"Done before it stopped: {run.counts}. Nothing is retried blindly: a message in "
        f"doubt is checked at the next run. {DETAILS} (run_id={run.id}).",
        Level.FAILURE,
    )


def page_changed(run: RunFacts) -> Message:
    return Message(
        f"{APP}: a LinkedIn page changed, {run.name} stopped",
        f"{run.name[0].upper()}{run.name[1:]} stopped: {run.cause}.\n"
        f"Done before it stopped: {run.counts}; nothing more was sent. LinkedIn may have "
        "changed its pages: update linkedin-bot, or report it with the page's screenshot "
        f"(in the data directory's artifacts/, when one could be taken). {DETAILS} "
        f"(run_id={run.id}).",
        Level.WARNING,
    )


def backup_failed(error: str, where: str) -> Message:
    return Message(
        f"{APP}: the backup failed",
        f"The scheduled backup failed: {clean_error(error)}.\nThe earlier backups are kept. "
        f"Check the free space and permissions of {where}, then try `linkedin-bot db backup`.",
        Level.FAILURE,
    )


def _names(label: str, names: list[str], limit: int = 30) -> str:
    shown = ", ".join(names[:limit])
    rest = f" and {len(names) - limit} more" if len(names) > limit else ""
    return f"{label} ({len(names)}): {shown}{rest}"


def daily_summary(activity: DayActivity, day: date) -> Message:
    """Who was wished today and who replied, for a person to read."""
    lines = [day.strftime("%A %d %B %Y")]
    lines.append(_names("Wished", activity.wished) if activity.wished else "Nobody wished.")
    if activity.in_doubt:
        lines.append(_names("In doubt, check the conversation by hand", activity.in_doubt))
    lines.append(_names("Replies", activity.replied) if activity.replied else "No reply recorded.")
    runs = ", ".join(f"{count} {status}" for status, count in sorted(activity.runs.items()))
    lines.append(f"Runs: {runs}." if runs else "No run today.")
    count = len(activity.wished)
    return Message(
        f"{APP}: today, {count} wish{'es' if count != 1 else ''} sent",
        "\n".join(lines),
        Level.WARNING if activity.in_doubt else Level.INFO,
    )


def with_more(message: Message, kind: str, more: int, since_text: str | None) -> Message:
    """The message, saying how many of its kind were held back since when."""
    if more <= 0:
        return message
    noun = KIND_NOUNS.get(kind, "events")
    since_text = f" since {since_text}" if since_text else ""
    return Message(
        f"{message.title} (+{more})",
        f"{message.body}\n\n(And {more} more {noun}{since_text}, not sent separately: at most "
        "one notification of a kind per hour.)",
        message.level,
    )


def held_back(kind: str, more: int, since_text: str | None, last_title: str | None) -> Message:
    """The notice of events held back by the hourly limit, once the hour is over."""
    noun = KIND_NOUNS.get(kind, "events")
    when_text = f" since {since_text}" if since_text else ""
    last = f" The last: {last_title}." if last_title else ""
    return Message(
        f"{APP}: {more} more {noun}{when_text}",
        f"{more} more {noun}{when_text} were not sent separately (at most one notification "
        f"of a kind per hour).{last} {DETAILS}.",
        Level.WARNING,
    )


def test_message(host: str, now: datetime, tz: ZoneInfo) -> Message:
    return Message(
        f"{APP}: test notification",
        f"This is a test from linkedin-bot on {host}, sent {when(now, tz)}. If you read it, "
        "you will be told here when LinkedIn restricts the account, the session expires, a "
        "run fails or a backup fails.",
        Level.INFO,
    )
