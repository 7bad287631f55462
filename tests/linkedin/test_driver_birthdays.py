"""The birthdays list is read exactly, in both DOM variants and both languages."""

from __future__ import annotations

from typing import Any

import pytest

from linkedin_bot.linkedin.pages import birthdays as birthdays_page
from linkedin_bot.linkedin.types import BirthdayCard
from sim.birthdays import birthday_cards
from sim.state import SimState
from tests.linkedin.conftest import TODAY, Harness

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="module")]


def expected(state: SimState, max_days_late: int = 10) -> set[tuple[str, str, int]]:
    """(public id, name, days ago) of every card the simulator shows."""
    return {
        (card.person.slug, card.person.full_name, card.days_ago)
        for card in birthday_cards(state.connections(), state.today)
        if card.days_ago <= max_days_late
    }


def as_tuples(cards: list[BirthdayCard]) -> set[tuple[str, str, int]]:
    return {(card.public_id, card.full_name, card.days_ago) for card in cards}


@pytest.mark.parametrize(
    ("variant", "locale"), [("A", "en"), ("B", "en"), ("A", "fr"), ("B", "fr")]
)
async def test_all_cards_parsed_exactly_through_lazy_loading(
    harness: Harness, variant: str, locale: str
) -> None:
    """30 today + 10 late: every name, public id and days-ago is right, pop-ups dismissed,
    all four batches loaded by scrolling, in variants A and B, in English and French."""
    state = harness.sim.state
    state.set_faults(variant=variant, ui_locale=locale, popups=True)
    async with harness.driver() as driver:
        cards = await driver.birthdays(TODAY, max_days_late=10)
    assert len(cards) == 40
    assert as_tuples(cards) == expected(state)
    assert sum(card.days_ago == 0 for card in cards) == 30
    base = harness.sim.base_url
    assert all(card.profile_url == f"{base}/in/{card.public_id}/" for card in cards)
    assert all("trk" not in card.profile_url for card in cards)


async def test_late_birthdays_beyond_the_window_are_left_out(harness: Harness) -> None:
    """Only cards up to max_days_late days ago come back."""
    async with harness.driver() as driver:
        recent = await driver.birthdays(TODAY, max_days_late=3)
    assert as_tuples(recent) == expected(harness.sim.state, 3)
    assert 30 < len(recent) < 40


@pytest.mark.parametrize(
    "sim_state", [SimState.from_seed(3, today=TODAY, birthdays_today=0, birthdays_late=0)]
)
async def test_empty_list_is_an_empty_result(harness: Harness) -> None:
    """No birthdays: an empty list, not an error."""
    async with harness.driver() as driver:
        assert await driver.birthdays(TODAY, max_days_late=10) == []


def _card_html(slug: str, name: str, when: str, *, classless_when: bool = False) -> str:
    when_html = (
        f"<span>{when}</span>"
        if classless_when
        else (f'<p class="mn-catch-up-card__occasion">{when}</p>')
    )
    return (
        f'<div class="mn-catch-up-card" role="listitem"><a class="mn-catch-up-card__link"'
        f' href="/in/{slug}/"><span class="mn-catch-up-card__name">{name}</span></a>'
        f"{when_html}</div>"
    )


async def test_a_card_css_cannot_read_is_read_on_its_own(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A card whose 'when' line lost every class and tag LinkedIn uses is still read (by
    its text, with the fallbacks), the others in one evaluation: nobody lost, nobody
    invented, and only that card took the slow, card-by-card path."""
    one_by_one: list[object] = []
    real_read_card = birthdays_page.read_card

    async def counting(*args: Any, **kwargs: Any) -> BirthdayCard | None:
        one_by_one.append(args)
        return await real_read_card(*args, **kwargs)

    monkeypatch.setattr(birthdays_page, "read_card", counting)
    body = (
        "<!DOCTYPE html><html><body><main>"
        + _card_html("ann-lee-1", "Ann Lee", "Today")
        + _card_html("bob-ray-2", "Bob Ray", "Yesterday", classless_when=True)
        + _card_html("cy-day-3", "Cy Day", "Today")
        + "</main></body></html>"
    )
    async with harness.driver() as driver:
        await driver.kit.page.route(
            "**/mynetwork/catch-up/birthday/",
            lambda route: route.fulfill(status=200, content_type="text/html", body=body),
        )
        cards = await driver.birthdays(TODAY, max_days_late=10)
    assert as_tuples(cards) == {
        ("ann-lee-1", "Ann Lee", 0),
        ("bob-ray-2", "Bob Ray", 1),
        ("cy-day-3", "Cy Day", 0),
    }
    assert len(one_by_one) == 1
