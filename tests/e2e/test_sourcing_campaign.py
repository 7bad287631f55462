"""The sourcing campaign, end to end: real Chromium against the simulator, real databases."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from linkedin_bot.db.models import Contact, Interaction
from linkedin_bot.linkedin.types import ExperienceEntry, ProfileData
from linkedin_bot.services.options import SourcingOptions
from linkedin_bot.services.scoring import score_profile
from linkedin_bot.services.sourcing_criteria import Criteria
from sim import Person
from sim.truth import expected_profile as truth_profile
from tests.e2e.conftest import MORNING, TODAY, Bot, BotFactory
from tests.helpers import Database

pytestmark = pytest.mark.browser

CRITERIA = Criteria(
    keywords=["engineer", "data"],
    excluded_keywords=["recruiter"],
    locations=["France", "Germany"],
    min_years=1,
    max_years=4,
    open_to_work=True,
    required_skills=["Python", "SQL"],
    bonus_skills={"Docker": 3, "FastAPI": 1, "Kubernetes": 2},
)
# The signed-in check (the feed, once per run, as every run does), search pages, profiles
# and their details pages: the bot may open nothing else.
ALLOWED_PATH = re.compile(
    r"^/feed/$|^/search/results/people/$"
    r"|^/in/[^/]+/(details/(experience|education|skills|certifications|languages)/)?$"
)


def _seed(bot: Bot, prospects: int, seed: int = 21) -> list[Person]:
    """Prospects on the tidy variant A, whose plain names the comparisons below use (the
    sdui test further down compares with the truth API)."""
    bot.state.reset(
        seed, today=TODAY, connections=0, birthdays_today=0, birthdays_late=0, prospects=prospects
    )
    bot.state.set_faults(variant="A")
    return bot.state.all_people()


def _url(bot: Bot) -> str:
    return f"{bot.sim.base_url}/search/results/people/?keywords=&origin=SWITCH_SEARCH_VERTICAL"


def covered_years(person: Person) -> float | None:
    """Years of experience the simple way: the set of months covered, counted once."""
    months: set[int] = set()
    for e in person.experience:
        end = e.end or TODAY
        months.update(range(e.start.year * 12 + e.start.month, end.year * 12 + end.month + 1))
    return round(len(months) / 12, 1) if months else None


def expected_profile(person: Person) -> ProfileData:
    """What the page of this person says, from the simulator's own data."""
    current = [e.company for e in person.experience if e.end is None]
    return ProfileData(
        public_id=person.slug,
        profile_url="",
        full_name=person.full_name,
        headline=person.headline,
        location=person.location,
        about=person.about or None,
        open_to_work=person.open_to_work,
        experience=tuple(
            ExperienceEntry(e.title, e.company, e.employment_type, "", None, None)
            for e in person.experience
        ),
        skills=tuple(person.skills),
        years_experience=covered_years(person),
        current_company=current[0] if current else None,
    )


async def _contacts(bot: Bot) -> dict[str, Contact]:
    async with bot.runtime.sessions() as session:
        return {c.public_id: c for c in (await session.scalars(select(Contact))).all()}


async def _interactions(bot: Bot) -> list[Interaction]:
    async with bot.runtime.sessions() as session:
        return list((await session.scalars(select(Interaction).order_by(Interaction.id))).all())


def _assert_contact_read(contact: Contact, person: Person) -> None:
    """The stored contact says what the simulator's page says, field by field."""
    want = expected_profile(person)
    assert contact.full_name == person.full_name
    assert contact.headline == person.headline
    assert contact.location == person.location
    assert (contact.about or "") == person.about
    assert contact.skills == (person.skills or None)
    assert contact.open_to_work is person.open_to_work
    assert contact.years_experience == want.years_experience
    assert contact.current_company == want.current_company
    assert contact.fit_score == score_profile(want, CRITERIA).score
    data = contact.profile_data or {}
    assert [e["title"] for e in data["experience"]] == [e.title for e in person.experience]
    assert [e["company"] for e in data["experience"]] == [e.company for e in person.experience]
    assert data["certifications"] == person.certifications
    assert data["languages"] == person.languages
    assert [e["school"] for e in data["education"]] == [e.school for e in person.education]


async def test_limit_25_over_three_pages_then_a_second_run(make_bot: BotFactory) -> None:
    """3 result pages of 10, limit 25: exactly 25 profiles visited, each read field by field
    and scored as the criteria say; a second run skips those 25 and visits the last 5; the
    bot requested nothing but the signed-in check, search pages and profiles."""
    bot = await make_bot()
    people = _seed(bot, 30)
    options = SourcingOptions(search_url=_url(bot), limit=25, criteria=CRITERIA)
    first = await bot.runtime.campaigns.run(options, "test")
    assert first.status == "succeeded", first.error
    assert first.stats["visited"] == 25
    assert first.stats["pages"] == 3
    assert bot.state.profile_views == [p.slug for p in people[:25]]
    contacts = await _contacts(bot)
    for person in people[:25]:
        _assert_contact_read(contacts[person.slug], person)
        assert contacts[person.slug].status == "prospect"
    visits = await _interactions(bot)
    assert Counter(i.status for i in visits) == {"visited": 25}
    for visit in visits:
        person = next(p for p in people if p.slug == visit.payload["public_id"])
        fit = score_profile(expected_profile(person), CRITERIA)
        assert visit.payload["fit_score"] == fit.score
        assert visit.payload["score"] == fit.as_dict()

    bot.clock.advance(timedelta(hours=1))
    second = await bot.runtime.campaigns.run(options, "test")
    assert second.status == "succeeded", second.error
    assert second.stats["skipped_visited_recently"] == 25
    assert second.stats["visited"] == 5
    assert Counter(bot.state.profile_views) == Counter(p.slug for p in people)
    assert all(ALLOWED_PATH.match(r.path) for r in bot.state.requests), {
        r.path for r in bot.state.requests
    }


async def test_real_markup_sdui_contacts_stored_as_the_truth_says(make_bot: BotFactory) -> None:
    """On the 2026 markup (hashed classes, screen-reader copies, grouped positions, cut
    sections, wild names), each visited prospect is stored as a perfect reader reads its
    page, and scored on that; the bot opened only search, profile and details pages."""
    bot = await make_bot()
    people = _seed(bot, 6)
    bot.state.set_faults(variant="sdui")
    options = SourcingOptions(search_url=_url(bot), limit=6, criteria=CRITERIA)
    run = await bot.runtime.campaigns.run(options, "test")
    assert run.status == "succeeded", run.error
    assert run.stats["visited"] == 6
    contacts = await _contacts(bot)
    for person in people:
        truth = truth_profile(bot.state, person)
        contact = contacts[person.slug]
        assert contact.full_name == truth["name"] == person.display_name
        assert (contact.headline, contact.location) == (truth["headline"], truth["location"])
        assert (contact.about or "") == truth["about"]
        assert contact.skills == (truth["skills"] or None)
        assert contact.open_to_work is truth["open_to_work"]
        data = contact.profile_data or {}
        read = [{k: e[k] for k in ("title", "company")} for e in data["experience"]]
        assert read == [{k: e[k] for k in ("title", "company")} for e in truth["experience"]]
        assert data["languages"] == truth["languages"]
        assert data["pronouns"] == (truth["pronouns"] or None)
    assert any(p.display_name != p.full_name for p in people)  # wild names were read
    assert all(ALLOWED_PATH.match(r.path) for r in bot.state.requests)


async def test_variant_b_in_french_keeps_what_was_known(make_bot: BotFactory, db: Database) -> None:
    """DOM variant B, French, pop-ups (SQLite and PostgreSQL): every profile read right; a
    connection's birthday and status survive the visit; a blacklisted person is never
    visited."""
    bot = await make_bot(db)
    people = _seed(bot, 8, seed=4)
    bot.state.set_faults(variant="B", ui_locale="fr", popups=True)
    known, banned = people[0], people[1]
    async with bot.runtime.sessions.begin() as session:
        session.add(
            Contact(
                public_id=known.slug,
                profile_url=f"https://www.linkedin.com/in/{known.slug}/",
                full_name=known.full_name,
                status="connection",
                birth_month=3,
                birth_day=9,
                birth_date=date(1990, 3, 9),
                last_visited_at=MORNING - timedelta(days=31),
            )
        )
        session.add(Contact(public_id=banned.slug, profile_url="https://x/in/b/", blacklisted=True))
    run = await bot.runtime.campaigns.run(
        SourcingOptions(search_url=_url(bot), limit=50, criteria=CRITERIA), "test"
    )
    assert run.status == "succeeded", run.error
    assert run.stats["skipped_blacklisted"] == 1
    assert banned.slug not in bot.state.profile_views
    contacts = await _contacts(bot)
    for person in [*people[2:], known]:
        _assert_contact_read(contacts[person.slug], person)
    kept = contacts[known.slug]
    assert (kept.status, kept.birth_month, kept.birth_day) == ("connection", 3, 9)
    assert kept.birth_date == date(1990, 3, 9)
    assert contacts[banned.slug].blacklisted
    assert contacts[banned.slug].fit_score is None


async def test_999_mid_run_ends_it_restricted_with_no_further_request(
    make_bot: BotFactory,
) -> None:
    """LinkedIn answers 999 on a profile: the run ends restricted, the unit of that visit is
    given back, the earlier visits stay, and no request follows the 999."""
    bot = await make_bot()
    _seed(bot, 20)
    bot.state.set_faults(http_status=999, status_after_actions=6)
    run = await bot.runtime.campaigns.run(
        SourcingOptions(search_url=_url(bot), limit=20, criteria=CRITERIA), "test"
    )
    assert run.status == "restricted"
    assert bot.state.requests[-1].status == 999
    assert sum(r.status == 999 for r in bot.state.requests) == 1
    statuses = Counter(i.status for i in await _interactions(bot))
    assert statuses["failed"] == 1
    assert statuses["visited"] == run.stats.get("visited", 0) >= 1
    usage = {w.window: w.used for w in await bot.runtime.ledger.usage("profile_visit")}
    assert usage["day"] == statuses["visited"]
    assert (await bot.runtime.cooldowns.current()) is not None


async def test_dry_run_lists_who_it_would_visit_and_writes_nothing(
    make_bot: BotFactory,
) -> None:
    """A dry run walks the pages, lists the people in its stats, opens no profile and writes
    no contact and no interaction."""
    bot = await make_bot()
    people = _seed(bot, 14)
    run = await bot.runtime.campaigns.run(
        SourcingOptions(search_url=_url(bot), limit=12, criteria=CRITERIA, dry_run=True), "test"
    )
    assert run.status == "succeeded", run.error
    assert run.dry_run
    assert bot.state.profile_views == []
    assert run.stats["would_visit_count"] == 12
    assert [w["public_id"] for w in run.stats["would_visit"]] == [p.slug for p in people[:12]]
    assert await _contacts(bot) == {}
    assert await _interactions(bot) == []


async def test_daily_visit_quota_ends_the_run_with_the_reason(make_bot: BotFactory) -> None:
    """With 4 visits a day, a run asked for 10 visits 4 and says which quota stopped it."""
    bot = await make_bot(daily_visit_limit=4)
    _seed(bot, 10)
    run = await bot.runtime.campaigns.run(
        SourcingOptions(search_url=_url(bot), limit=10, criteria=CRITERIA), "test"
    )
    assert run.status == "succeeded", run.error
    assert run.stats["visited"] == 4
    assert len(bot.state.profile_views) == 4
    assert "quota" in run.stats["stop_reason"]


async def test_outside_working_hours_visits_nothing_unless_forced(make_bot: BotFactory) -> None:
    """At night (user's timezone) a sourcing run ends as outside_hours without opening a
    page; forced, it runs."""
    bot = await make_bot()
    _seed(bot, prospects=3)
    bot.clock.set(MORNING.replace(hour=22))  # midnight in Paris
    run = await bot.runtime.campaigns.run(SourcingOptions(search_url=_url(bot), limit=2), "test")
    assert run.status == "outside_hours"
    assert bot.state.requests == []
    forced = await bot.runtime.campaigns.run(
        SourcingOptions(search_url=_url(bot), limit=2, force=True), "test"
    )
    assert forced.status == "succeeded", forced.error
    assert len(bot.state.profile_views) == 2
