"""The catch-up lists are read exactly, on every markup variant, in English and French.

What "exactly" means comes from the simulator's truth API (`sim.truth.expected_catch_up`):
the person (slug), the name as displayed, the day, and for the other lists the years,
company and title. Names are the visible name text, never a photo's alternative text.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from linkedin_bot.core.errors import PageChanged
from linkedin_bot.core.metrics import PAGE_CHANGED
from linkedin_bot.linkedin.types import BirthdayCard, OccasionCard
from sim import SimState
from sim.modern.ids import member_id_of
from sim.truth import expected_catch_up
from tests.linkedin.conftest import TODAY, Harness, seeded_state

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="module")]


@pytest.fixture
def sim_state() -> SimState:
    """30 birthdays today and 10 late (four batches behind "Show more"), sdui by default."""
    return seeded_state(variant="sdui")


def expected(state: SimState, lang: str, max_days_late: int = 10) -> set[tuple[str, str, int]]:
    """(public id, name shown, days ago) of every birthday card the simulator shows."""
    tidy = state.faults.variant in ("A", "B")
    people = {p.slug: p for p in state.connections()}
    return {
        (row["slug"], people[row["slug"]].full_name if tidy else row["name"], row["days_ago"])
        for row in expected_catch_up(state, "birthday", lang)
        if row["days_ago"] <= max_days_late
    }


def as_tuples(cards: list[BirthdayCard]) -> set[tuple[str, str, int]]:
    return {(card.public_id, card.full_name, card.days_ago) for card in cards}


@pytest.mark.parametrize(
    ("variant", "locale"), [("A", "en"), ("B", "fr"), ("classic", "en"), ("sdui", "fr")]
)
async def test_every_birthday_card_read_exactly(
    harness: Harness, variant: str, locale: str
) -> None:
    """30 today + 10 late, pop-ups in the way: every person, displayed name and day is
    right (no name read from a photo's alt text or a presence line), every batch loaded
    ("Show more", placeholders rendered by scrolling, or lazy loading), every card's
    Message action found, in English and French."""
    state = harness.sim.state
    state.set_faults(variant=variant, ui_locale=locale, popups=True)
    async with harness.driver() as driver:
        cards = await driver.birthdays(TODAY, max_days_late=10)
    assert len(cards) == 40
    assert as_tuples(cards) == expected(state, locale)
    assert sum(card.days_ago == 0 for card in cards) == 30
    base = harness.sim.base_url
    assert all(card.profile_url == f"{base}/in/{card.public_id}/" for card in cards)
    assert {card.message_action for card in cards} == {
        "button" if variant in ("A", "B") else "link"
    }
    assert not any(re.search(r"photo|picture|status is|statut", c.full_name, re.I) for c in cards)
    if variant in ("classic", "sdui"):
        truth = {row["slug"]: row["member_id"] for row in expected_catch_up(state, "birthday")}
        assert all(card.member_id == truth[card.public_id] for card in cards)


async def test_late_birthdays_beyond_the_window_are_left_out(harness: Harness) -> None:
    """Only cards up to max_days_late days ago come back ("yesterday", "N days ago" and
    dated sentences read right)."""
    async with harness.driver() as driver:
        recent = await driver.birthdays(TODAY, max_days_late=3)
    assert as_tuples(recent) == expected(harness.sim.state, "en", 3)
    assert 30 < len(recent) < 40


@pytest.mark.parametrize(
    "sim_state",
    [SimState.from_seed(3, today=TODAY, birthdays_today=0, birthdays_late=0, variant="sdui")],
)
async def test_empty_list_is_an_empty_result(harness: Harness) -> None:
    """No birthdays and the page says so (its empty state): an empty list, not an error."""
    async with harness.driver() as driver:
        assert await driver.birthdays(TODAY, max_days_late=10) == []


@pytest.mark.parametrize("variant", ["A", "sdui"])
async def test_drifted_page_is_page_changed_with_artifacts(harness: Harness, variant: str) -> None:
    """The `drift` fault (list items with no person, name or occasion, no empty state):
    the read ends in PageChanged, never "nobody today"; a screenshot and the page's HTML
    are saved and linkedin_page_changed_total counts it."""
    harness.sim.state.set_faults(variant=variant, drift=True)
    before = PAGE_CHANGED.labels("catch_up")._value.get()
    async with harness.driver() as driver:
        with pytest.raises(PageChanged, match="LinkedIn changed"):
            await driver.birthdays(TODAY, max_days_late=10)
    saved = sorted(p.suffix for p in (harness.settings.data_dir / "artifacts").iterdir())
    assert saved == [".html", ".png"]
    assert PAGE_CHANGED.labels("catch_up")._value.get() == before + 1


def _occasion_truth(state: SimState, segment: str) -> set[tuple[Any, ...]]:
    return {
        (
            r["slug"],
            r["name"],
            r["kind"],
            r["days_ago"],
            r["years"],
            r["company"] or None,
            r["title"] or None,
        )
        for r in expected_catch_up(state, segment)
    }


def _occasion_tuples(cards: list[OccasionCard]) -> set[tuple[Any, ...]]:
    return {
        (c.public_id, c.full_name, c.kind, c.days_ago, c.years, c.company, c.title) for c in cards
    }


@pytest.mark.parametrize("variant", ["classic", "sdui"])
async def test_work_anniversaries_and_new_jobs_are_read(harness: Harness, variant: str) -> None:
    """The other catch-up lists through the same reader: each card's person, name, kind,
    day, years (anniversaries), company and title (new jobs), as the truth API says."""
    state = harness.sim.state
    state.set_faults(variant=variant)
    async with harness.driver() as driver:
        anniversaries = await driver.occasions("work_anniversary")
        new_jobs = await driver.occasions("job_change")
    assert anniversaries
    assert new_jobs
    assert _occasion_tuples(anniversaries) == _occasion_truth(state, "work_anniversaries")
    assert _occasion_tuples(new_jobs) == _occasion_truth(state, "job_changes")
    assert all(not isinstance(c, BirthdayCard) for c in anniversaries + new_jobs)


@pytest.mark.parametrize(
    "sim_state", [seeded_state(connections=20, birthdays_today=4, birthdays_late=2, variant="sdui")]
)
async def test_sdui_class_names_change_between_starts_and_reading_does_not(
    harness: Harness,
) -> None:
    """Two sdui starts share no class name (hashed per start), and the driver reads the
    same cards from both: nothing depends on a class."""
    other = SimState(variant="sdui")
    first_html = await _classes(harness, harness.sim.state)
    async with harness.driver() as driver:
        first = await driver.birthdays(TODAY, max_days_late=10)
    harness.sim.state.class_salt = other.class_salt
    second_html = await _classes(harness, harness.sim.state)
    async with harness.driver() as driver:
        second = await driver.birthdays(TODAY, max_days_late=10)
    assert first_html
    assert second_html
    assert not first_html & second_html
    assert as_tuples(first) == as_tuples(second) == expected(harness.sim.state, "en")


async def _classes(harness: Harness, state: SimState) -> set[str]:
    """The hashed class tokens of the catch-up page as served now."""
    async with harness.driver() as driver:
        await driver.kit.goto("/mynetwork/catch-up/birthday/")
        html = await driver.kit.page.content()
    tokens = {t for value in re.findall(r'class="([^"]*)"', html) for t in value.split()}
    return {t for t in tokens if re.fullmatch(r"_?[0-9a-f]{6,}", t)}


async def test_member_id_link_is_resolved_to_the_person(harness: Harness) -> None:
    """A card whose only profile link is a member id (/in/ACoAA.../) is that person: the
    driver follows the site's own redirect to their slug; the name comes from the visible
    paragraph, not from the photo's "Photo de profil de ..." alt or the presence line."""
    state = harness.sim.state
    person = state.connections()[0]
    member = member_id_of(person.slug)
    body = (
        "<!DOCTYPE html><html><head><meta charset=utf-8></head><body><main>"
        "<div data-sdui-screen='x.CatchUpBirthday'>"
        "<div role='listitem'><a href='/in/" + member + "/'>"
        f"<img alt='Photo de profil de {person.display_name}' src='data:,'>"
        "<span style='position:absolute;width:1px;height:1px;overflow:hidden;"
        "clip:rect(0 0 0 0)'>Statut : en ligne</span></a>"
        f"<p>{person.display_name}</p>"
        f"<p>C\u2019est l\u2019anniversaire de {person.display_name} "
        "<strong>aujourd\u2019hui</strong></p>"
        f"<a href='/messaging/compose/?recipient={member}'>Message</a></div>"
        "</div></main></body></html>"
    )
    async with harness.driver() as driver:
        await driver.kit.page.route(
            "**/mynetwork/catch-up/birthday/",
            lambda route: route.fulfill(status=200, content_type="text/html", body=body),
        )
        [card] = await driver.birthdays(TODAY, max_days_late=0)
    assert (card.public_id, card.full_name, card.days_ago) == (
        person.slug,
        person.display_name,
        0,
    )
    assert (card.member_id, card.message_action) == (member, "link")


def _good_card(slug: str, name: str) -> str:
    return (
        f"<div role='listitem'><a href='/in/{slug}/'><img alt='' src='data:,'></a>"
        f"<p>{name}</p><p>It's {name}'s birthday <strong>today</strong></p></div>"
    )


@pytest.mark.parametrize(
    ("odd_one", "missing"),
    [
        (
            "<div role='listitem'><p>Discover more of what matters to you</p></div>",
            "without a profile link",
        ),
        (
            "<div role='listitem'><a href='/in/cy-day-3/'><img alt='' src='data:,'></a>"
            "<p>Cy Day</p><p>Head of Data at Acme</p></div>",
            "no occasion",
        ),
        (
            "<div role='listitem'><a href='/in/cy-day-3/'><img alt=\"Cy Day's profile "
            "picture\" src='data:,'></a><p>It's Cy Day's birthday <strong>today</strong></p>"
            "</div>",
            "no visible name",
        ),
    ],
)
async def test_one_unreadable_card_among_good_ones_is_page_changed(
    harness: Harness, odd_one: str, missing: str
) -> None:
    """A list where one item names nobody, says no occasion, or shows its name only in a
    photo's alt text: the read stops with PageChanged saying what is missing, instead of
    wishing the others as if nothing had changed."""
    body = (
        "<!DOCTYPE html><html><head><meta charset=utf-8></head><body><main><div>"
        + _good_card("ann-lee-1", "Ann Lee")
        + odd_one
        + _good_card("bob-ray-2", "Bob Ray")
        + "</div></main></body></html>"
    )
    async with harness.driver() as driver:
        await driver.kit.page.route(
            "**/mynetwork/catch-up/birthday/",
            lambda route: route.fulfill(status=200, content_type="text/html", body=body),
        )
        with pytest.raises(PageChanged, match=missing):
            await driver.birthdays(TODAY, max_days_late=10)
