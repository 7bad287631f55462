"""Real headless Chromium against the live simulator: lazy loading, overlay, faults."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from playwright.async_api import BrowserContext, Locator, Page, expect
from playwright.async_api import Error as PlaywrightError

from sim import SimServer, SimState

pytestmark = pytest.mark.browser
BIRTHDAYS = "/mynetwork/catch-up/birthday/"


@pytest.fixture
def sim_state(make_state: Callable[..., SimState]) -> SimState:
    """25 birthday cards: 15 today and 10 over the last ten days."""
    return make_state(connections=40, birthdays_today=15, birthdays_late=10)


def cards_of(page: Page) -> Locator:
    """Birthday cards: list items of the main region (the nav has list items too)."""
    return page.get_by_role("main").get_by_role("listitem")


async def scroll_until_all_cards(page: Page, expected: int) -> None:
    cards = cards_of(page)
    for _ in range(30):
        if (
            await cards.count() >= expected
            and await page.get_by_text("You're all caught up").is_visible()
        ):
            return
        await page.mouse.wheel(0, 3000)
        await asyncio.sleep(0.2)
    raise AssertionError(f"only {await cards.count()} cards loaded")


async def open_composer(page: Page, name: str) -> None:
    await page.get_by_role("button", name=f"Send message to {name}").click()
    dialog = page.get_by_role("dialog", name=f"Conversation with {name}")
    await dialog.get_by_role("textbox").click()


async def test_birthdays_scroll_and_send(
    signed_in_context: BrowserContext, sim_server: SimServer
) -> None:
    """Scroll loads all 25 cards; Message opens the overlay; Send delivers and shows the text."""
    page = await signed_in_context.new_page()
    await page.goto(BIRTHDAYS)
    await expect(cards_of(page)).to_have_count(10)
    await scroll_until_all_cards(page, 25)
    await expect(cards_of(page)).to_have_count(25)
    last = cards_of(page).last
    name = await last.locator("img").get_attribute("alt")
    assert name
    await last.scroll_into_view_if_needed()
    await open_composer(page, name)
    await page.keyboard.type("Joyeux anniversaire, Zoë !")
    dialog = page.get_by_role("dialog", name=f"Conversation with {name}")
    await dialog.get_by_role("button", name="Send").click()
    await expect(dialog.locator("li p")).to_have_text(["Joyeux anniversaire, Zoë !"])
    await expect(dialog.get_by_role("textbox")).to_have_text("")
    [message] = sim_server.state.messages
    assert message.recipient_name == name
    assert message.text == "Joyeux anniversaire, Zoë !"


async def test_send_noop_delivers_nothing(
    signed_in_context: BrowserContext, sim_server: SimServer
) -> None:
    """send_noop: clicking Send does nothing; the text stays in the composer."""
    sim_server.state.set_faults(send_noop=True)
    page = await signed_in_context.new_page()
    await page.goto(BIRTHDAYS)
    name = await cards_of(page).first.locator("img").get_attribute("alt")
    assert name
    await open_composer(page, name)
    await page.keyboard.type("Happy birthday!")
    dialog = page.get_by_role("dialog", name=f"Conversation with {name}")
    await dialog.get_by_role("button", name="Send").click()
    await asyncio.sleep(0.5)
    await expect(dialog.get_by_role("textbox")).to_have_text("Happy birthday!")
    await expect(dialog.locator("li")).to_have_count(0)
    assert sim_server.state.messages == []


async def test_popups_block_clicks_until_dismissed(
    signed_in_context: BrowserContext, sim_server: SimServer
) -> None:
    """With popups on, the premium modal intercepts clicks until Dismiss/Accept/Not now."""
    sim_server.state.set_faults(popups=True)
    page = await signed_in_context.new_page()
    await page.goto(BIRTHDAYS)
    button = page.get_by_role("button", name="Send message to").first
    with pytest.raises(PlaywrightError):
        await button.click(timeout=1000)
    for label in ("Dismiss", "Accept", "Not now"):
        await page.get_by_role("button", name=label, exact=True).click()
    await button.click(timeout=2000)
    await expect(page.get_by_role("dialog", name="Conversation with")).to_have_count(1)


async def test_two_overlays_composer_keeps_text_and_search_next(
    signed_in_context: BrowserContext, sim_server: SimServer
) -> None:
    """Two overlays stay open; composer_keeps_text delivers but keeps the text; Next paginates."""
    sim_server.state.set_faults(composer_keeps_text=True, variant="B")
    page = await signed_in_context.new_page()
    await page.goto(BIRTHDAYS)
    assert page.url.endswith("/mynetwork/invite-connect/celebrations/birthdays/")
    names = [await cards_of(page).nth(i).locator("img").get_attribute("alt") for i in (0, 1)]
    for name in names:
        assert name
        await page.get_by_role("button", name=f"Send message to {name}").click()
    await expect(page.get_by_role("dialog", name="Conversation with")).to_have_count(2)
    dialog = page.get_by_role("dialog", name=f"Conversation with {names[1]}")
    await dialog.get_by_role("textbox").fill("Hi")
    await dialog.get_by_role("button", name="Send").click()
    await expect(dialog.locator("li")).to_have_count(1)
    await expect(dialog.get_by_role("textbox")).to_have_text("Hi")
    assert len(sim_server.state.messages) == 1
    await page.goto("/search/results/people/")
    results = page.locator('[data-view-name="people-search-result"]')
    await expect(results).to_have_count(5)
    await page.mouse.wheel(0, 3000)
    await expect(results).to_have_count(10)
    await page.get_by_role("button", name="Next").click()
    await page.wait_for_url("**page=2**")
