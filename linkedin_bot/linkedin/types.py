"""What the LinkedIn driver hands to the services: plain data, no browser objects."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

OccasionKind = Literal["birthday", "work_anniversary", "job_change"]


@dataclass(frozen=True)
class OccasionCard:
    """One person on a catch-up list (birthdays, work anniversaries, new jobs)."""

    public_id: str  # the /in/<slug>/ identifier, lowercased (a member-id link resolved)
    profile_url: str  # canonical, tracking parameters stripped
    full_name: str  # the visible name text of the card, as displayed
    days_ago: int  # 0 = today, 1 = yesterday, ...
    when_text: str  # the card's own words ("It's X's birthday today", "Oct 24", ...)
    kind: OccasionKind = "birthday"
    message_action: MessageAction | None = None  # how the card offers Message, if it does
    member_id: str | None = None  # LinkedIn's opaque member id, when the card carries it
    years: int | None = None  # work anniversaries: "Celebrating 5 years at Acme"
    company: str | None = None  # work anniversaries and new jobs
    title: str | None = None  # new jobs: "Started a new position as CTO at Acme"


@dataclass(frozen=True)
class BirthdayCard(OccasionCard):
    """One person on the birthdays list."""


class Delivery(StrEnum):
    DELIVERED = "delivered"  # the message is in the conversation thread
    NOT_DELIVERED = "not_delivered"  # known not sent: nothing new in the thread, or
    # nothing was typed or clicked (the conversation was not the person's, say)
    UNCERTAIN = "uncertain"  # may have been sent: never re-send blindly


@dataclass(frozen=True)
class SendResult:
    delivery: Delivery
    detail: str = ""
    # Why nothing was sent on purpose: "name_uncertain" when the conversation's header
    # names the person differently from the card (the greeting could be wrong).
    skipped: str | None = None


@dataclass(frozen=True)
class ThreadMessage:
    """One message of a conversation as its thread shows it, markers removed."""

    sender: str  # the sender's displayed name ("" when the thread does not say)
    text: str
    from_member: bool | None  # True: sent by the account's member; None: cannot tell
    day: date | None = None  # the day heading above it says; None: not shown or not read


# Called by the driver after the text is typed and right before the Send click: the service
# records its intent ("sending") there, so a crash after the click leaves a trace.
BeforeClick = Callable[[], Awaitable[None]]

# Called by the driver once the person's conversation is open and read, before anything is
# typed: the service decides the text from what the thread shows (the person's language,
# a wish the member already wrote by hand), or None to send nothing.
ComposeFromThread = Callable[[list["ThreadMessage"]], Awaitable[str | None]]


# --- Sourcing: people search and profiles --------------------------------------------------


@dataclass(frozen=True)
class SearchResult:
    """One person on a people-search results page."""

    public_id: str  # the /in/<slug>/ identifier, lowercased
    profile_url: str  # canonical, tracking parameters stripped
    full_name: str
    page: int  # the results page (1-based) it was found on
    headline: str | None = None
    location: str | None = None
    is_connection: bool = False  # a 1st-degree connection of the member


@dataclass(frozen=True)
class ExperienceEntry:
    """One position of a profile's Experience section, as read from the page."""

    title: str
    company: str
    employment_type: str | None  # "Full-time", "Temps plein", ... (after " · ")
    dates: str  # the page's own words: "Jan 2019 - Present · 5 yrs 2 mos"
    start: tuple[int, int] | None  # (year, month); None when the dates were unreadable
    end: tuple[int, int] | None  # (year, month); None when current ("Present")
    location: str | None = None

    @property
    def current(self) -> bool:
        return self.start is not None and self.end is None


@dataclass(frozen=True)
class EducationEntry:
    school: str
    degree: str | None = None
    dates: str | None = None
    start_year: int | None = None
    end_year: int | None = None


# How a profile offers to message its member: a button ("Message Anna") or a link to
# /messaging/compose/ (2026 pages, often unlabelled); None: no Message action (not a
# connection).
MessageAction = Literal["button", "link"]


@dataclass(frozen=True)
class ProfileData:
    """What a profile page says about a person; a missing section is an empty value."""

    public_id: str
    profile_url: str
    full_name: str
    headline: str | None = None
    location: str | None = None
    about: str | None = None
    open_to_work: bool = False
    experience: tuple[ExperienceEntry, ...] = ()
    skills: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    education: tuple[EducationEntry, ...] = ()
    years_experience: float | None = None  # merged date ranges, in years (1 decimal)
    current_company: str | None = None
    greeting: str | None = None  # the first name to greet them by; None when unsure
    pronouns: str | None = None  # "She/Her", as shown next to the name
    is_connection: bool = False  # a 1st-degree connection of the member
    message_action: MessageAction | None = None  # how the profile offers to message them


@dataclass(frozen=True)
class SearchWalk:
    """What a walk through a people search found."""

    results: tuple[SearchResult, ...]  # the people kept, in search order
    pages: int  # result pages read
    seen: int  # distinct people seen on them
    stop_reason: str  # "enough", "last page", "no results", "page limit"


# Called with each page's people; returns those to keep (not blacklisted, not seen lately).
AcceptResults = Callable[[list[SearchResult]], Awaitable[list[SearchResult]]]
