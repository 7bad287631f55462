"""What ``linkedin-bot inspect`` reads on each page: the driver's own answer, untouched,
and what the bot would make of it (the greeting name; for birthdays, who would be skipped
and why), without sending anything or reserving any quota.

The driver's dataclasses are kept whole: the commands show and serialise their fields
generically (``dataclasses.fields``), so a field added to the driver shows up here at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from linkedin_bot.linkedin.driver import LinkedInDriver
    from linkedin_bot.linkedin.types import (
        BirthdayCard,
        ProfileData,
        SearchResult,
        SearchWalk,
        ThreadMessage,
    )
    from linkedin_bot.wiring import Runtime

# Why a birthday would be skipped, in the words of a run's summary (cli/summary.py).
SKIP_WORDS = {
    "blacklisted": "blocked by you",
    "name_uncertain": "name not certain (a name is never guessed)",
    "already_wished": "already wished",
}


@dataclass(frozen=True)
class FeedReading:
    """The feed: whether the session signs in, and the member's own profile if it shows."""

    url: str
    signed_in: bool
    own_profile: str | None  # public id, from the Me menu's link


@dataclass(frozen=True)
class BirthdayVerdict:
    """One card as read, and what a birthday run would do with it."""

    card: BirthdayCard
    greeting_name: str | None
    skip: str | None = None  # a key of SKIP_WORDS, None when the person would be wished
    skip_detail: str | None = None


@dataclass(frozen=True)
class BirthdaysReading:
    url: str
    today: date
    max_days_late: int
    cards: list[BirthdayVerdict] = field(default_factory=list)


@dataclass(frozen=True)
class ProfileReading:
    url: str
    profile: ProfileData
    greeting_name: str | None


@dataclass(frozen=True)
class SearchHit:
    result: SearchResult
    greeting_name: str | None


@dataclass(frozen=True)
class SearchReading:
    url: str
    walk: dict[str, Any]  # the walk's fields (pages read, people seen, why it stopped)
    results: list[SearchHit] = field(default_factory=list)


@dataclass(frozen=True)
class ThreadReading:
    url: str
    looked_up_by: str  # what the driver found the conversation by (a public id, a thread id)
    messages: list[ThreadMessage] = field(default_factory=list)


Reading = FeedReading | BirthdaysReading | ProfileReading | SearchReading | ThreadReading


def _page_url(driver: LinkedInDriver) -> str:
    return driver.kit.page.url


async def read_feed(driver: LinkedInDriver) -> FeedReading:
    """The signed-in check (the driver's), then the member's profile link on that page."""
    await driver.validate_session()
    return FeedReading(_page_url(driver), True, await driver.own_profile_id())


def birthday_window(runtime: Runtime, max_days_late: int | None) -> int:
    """How many days back a birthday run would look (the settings', unless given)."""
    if max_days_late is not None:
        return max_days_late
    settings = runtime.settings
    return settings.max_days_late if settings.process_late_birthdays else 0


async def read_birthdays(
    runtime: Runtime, driver: LinkedInDriver, max_days_late: int | None
) -> BirthdaysReading:
    from linkedin_bot.core.clock import local_date

    today = local_date(runtime.clock.now(), runtime.settings.tz)
    window = birthday_window(runtime, max_days_late)
    cards = await driver.birthdays(today, window)
    verdicts = await birthday_verdicts(runtime, cards)
    return BirthdaysReading(_page_url(driver), today, window, verdicts)


async def birthday_verdicts(runtime: Runtime, cards: list[BirthdayCard]) -> list[BirthdayVerdict]:
    """What a birthday run would do with each card, read from the database only (no
    contact created, no quota reserved): skipped when the contact is blocked, when no
    first name can be established, or when the ledger already holds a wish within the
    minimum interval between two (as the run's reservation would refuse it)."""
    from linkedin_bot.core.clock import local_date
    from linkedin_bot.db.queries.birthdays import contacts_by_public_id
    from linkedin_bot.db.queries.ledger import last_counted_for_contact
    from linkedin_bot.services.birthday_dates import MIN_DAYS_BETWEEN_WISHES
    from linkedin_bot.services.birthday_send import KIND, greeting_for

    since = runtime.clock.now() - timedelta(days=MIN_DAYS_BETWEEN_WISHES)
    since_day = local_date(since, runtime.settings.tz)
    verdicts = []
    async with runtime.read_sessions() as session:
        known = await contacts_by_public_id(session, [card.public_id for card in cards])
        for card in cards:
            contact = known.get(card.public_id)
            greeting = greeting_for({"first_name": contact.first_name if contact else None}, card)
            if contact is not None and contact.blacklisted:
                verdicts.append(BirthdayVerdict(card, greeting, "blacklisted", "blocked by you"))
                continue
            if greeting is None:
                detail = f"no first name can be established from {card.full_name!r}"
                verdicts.append(BirthdayVerdict(card, None, "name_uncertain", detail))
                continue
            recent = None
            if contact is not None:
                recent = await last_counted_for_contact(session, KIND, contact.id, since, since_day)
            if recent is not None:
                day = recent.quota_day or recent.created_at.date()
                detail = f"wished on {day.isoformat()} ({recent.status})"
                verdicts.append(BirthdayVerdict(card, greeting, "already_wished", detail))
                continue
            verdicts.append(BirthdayVerdict(card, greeting))
    return verdicts


async def read_profile(driver: LinkedInDriver, public_id: str) -> ProfileReading:
    from linkedin_bot.core.names import greeting_name

    profile = await driver.visit_profile(public_id)
    return ProfileReading(_page_url(driver), profile, greeting_name(profile.full_name))


async def read_search(driver: LinkedInDriver, search_url: str, pages: int) -> SearchReading:
    """The results of the search's first ``pages`` pages (each person once)."""
    from linkedin_bot.core.names import greeting_name

    walk: SearchWalk = await driver.search_people(search_url, wanted=10_000, max_pages=pages)
    about = {f.name: getattr(walk, f.name) for f in fields(walk) if f.name != "results"}
    hits = [SearchHit(result, greeting_name(result.full_name)) for result in walk.results]
    return SearchReading(search_url, about, hits)


async def read_thread(
    driver: LinkedInDriver, url: str, key: str, page: str | None
) -> ThreadReading:
    """The messages of a conversation: its own ``page`` (a thread URL), or the person's
    (``key``, their public id) opened as a run opens it."""
    if page is not None:
        return ThreadReading(url, key, await driver.conversation_at(page))
    return ThreadReading(url, key, await driver.thread_messages(key))
