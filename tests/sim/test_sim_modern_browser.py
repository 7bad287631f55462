"""classic and sdui in real Chromium: lazy cards, compose links, Enter-to-send, shadow root."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from playwright.async_api import BrowserContext, Locator, Page, expect
from playwright.async_api import Error as PlaywrightError

from sim import SimServer, SimState
from sim.occasions import occasions

pytestmark = pytest.mark.browser
CATCH_UP = "/mynetwork/catch-up/birthday/"


@pytest.fixture
def sim_state(make_state: Callable[..., SimState]) -> SimState:
    """25 birthday cards (15 today, 10 late), served in sdui, seed 7 (Enter-to-send)."""
    state = make_state(7, birthdays_today=15, birthdays_late=10)
    state.set_faults(variant="sdui")
    return state


def cards_of(page: Page) -> Locator:
    return page.get_by_role("main").get_by_role("listitem")


def listed(state: SimState) -> list[str]:
    """Display names on the birthdays list, in order."""
    return [
        o.person.display_name for o in occasions(state.connections(), state.today, ("birthday",))
    ]


def slugs(state: SimState) -> list[str]:
    """Profile slugs on the birthdays list, in order (namesakes exist)."""
    return [o.person.slug for o in occasions(state.connections(), state.today, ("birthday",))]


def bubble(page: Page, name: str) -> Locator:
    """The open conversation whose header names `name` (several may be open)."""
    return page.locator("[data-sim-bubble]").filter(has=page.get_by_role("link", name=name))


async def open_from_card(page: Page, name: str) -> Locator:
    card = cards_of(page).filter(has=page.get_by_text(name, exact=True))
    await card.get_by_role("link", name=f"Send message to {name}").click()
    conversation = bubble(page, name)
    await expect(conversation.get_by_role("textbox")).to_be_focused()
    return conversation


async def test_cards_render_when_scrolled_and_show_more(
    signed_in_context: BrowserContext, sim_server: SimServer
) -> None:
    """Of the first 10 cards only 4 are rendered; the others render once scrolled into view;
    "Show more" adds the next 10, which again wait to be scrolled to."""
    page = await signed_in_context.new_page()
    await page.goto(CATCH_UP)
    cards = cards_of(page)
    await expect(cards).to_have_count(10)
    profile_links = page.get_by_role("main").locator('a[href^="/in/"]')
    await expect(profile_links).to_have_count(4)
    for _ in range(20):
        if await profile_links.count() == 10:
            break
        await page.mouse.wheel(0, 400)
        await asyncio.sleep(0.1)
    await expect(profile_links).to_have_count(10)
    await page.get_by_role("button", name="Show more").click()
    await expect(cards).to_have_count(20)
    assert await profile_links.count() < 20
    await cards.last.scroll_into_view_if_needed()
    await expect(cards.last.locator('a[href^="/in/"]')).to_have_count(1)
    await page.get_by_role("button", name="Show more").click()
    await expect(cards).to_have_count(25)
    await expect(page.get_by_role("button", name="Show more")).to_have_count(0)


@pytest.mark.parametrize("variant", ["classic", "sdui"])
async def test_compose_link_prefills_and_the_sent_text_is_recorded_exactly(
    signed_in_context: BrowserContext, sim_server: SimServer, variant: str
) -> None:
    """Message on a card opens the overlay with LinkedIn's greeting in the composer.
    Cleared first, exactly our text is delivered; not cleared, the greeting goes too."""
    state = sim_server.state
    state.set_faults(variant=variant, enter_to_send=False)
    first, second = listed(state)[:2]
    page = await signed_in_context.new_page()
    await page.goto(CATCH_UP)
    conversation = await open_from_card(page, first)
    box = conversation.get_by_role("textbox", name="Write a message…")
    greeting = await box.inner_text()
    assert greeting.startswith("Happy birthday")
    await box.press("Control+a")
    await box.press("Backspace")
    await expect(conversation.get_by_role("button", name="Send", exact=True)).to_be_disabled()
    await box.type("Joyeux anniversaire !")
    await conversation.get_by_role("button", name="Send", exact=True).click()
    await expect(conversation.get_by_text("Joyeux anniversaire !", exact=True)).to_be_visible()
    # An open bubble covers part of the page (as on LinkedIn): close it first.
    await conversation.get_by_role("button", name=f"Close your conversation with {first}").click()
    second_box = (await open_from_card(page, second)).get_by_role("textbox")
    second_greeting = await second_box.inner_text()
    await second_box.press("End")
    await page.keyboard.type(" See you at the offsite")
    await bubble(page, second).get_by_role("button", name="Send", exact=True).click()
    delivered = bubble(page, second).get_by_text(f"{second_greeting} See you at the offsite")
    await expect(delivered).to_be_visible()
    sent = [(m.recipient_slug, m.text) for m in state.messages]
    assert sent == [
        (slugs(state)[0], "Joyeux anniversaire !"),
        (slugs(state)[1], f"{second_greeting} See you at the offsite"),
    ]


async def test_enter_to_send_and_click_to_send(
    signed_in_context: BrowserContext, sim_server: SimServer
) -> None:
    """Enter-to-send: no Send button, Shift+Enter makes a new line, Enter sends. Otherwise
    Enter makes a new line and only the Send button sends."""
    state = sim_server.state
    assert state.enter_to_send()
    first, second = listed(state)[:2]
    page = await signed_in_context.new_page()
    await page.goto(CATCH_UP)
    conversation = await open_from_card(page, first)
    await expect(conversation.get_by_role("button", name="Send", exact=True)).to_have_count(0)
    box = conversation.get_by_role("textbox")
    await box.press("Control+a")
    await box.press("Backspace")
    await page.keyboard.type("Line one")
    await page.keyboard.press("Shift+Enter")
    await page.keyboard.type("Line two")
    assert state.messages == []
    await page.keyboard.press("Enter")
    await expect(conversation.get_by_text("Line two", exact=False)).to_be_visible()
    assert [m.text for m in state.messages] == ["Line one\nLine two"]
    state.set_faults(enter_to_send=False)
    await page.reload()
    conversation = await open_from_card(page, second)
    box = conversation.get_by_role("textbox")
    await box.press("Control+a")
    await box.press("Backspace")
    await page.keyboard.type("Hello")
    await page.keyboard.press("Enter")
    await page.keyboard.type("from Zanzibar")
    await asyncio.sleep(0.3)
    assert len(state.messages) == 1
    await conversation.get_by_role("button", name="Send", exact=True).click()
    await expect(conversation.get_by_text("from Zanzibar", exact=False)).to_be_visible()
    assert [m.text for m in state.messages][1] == "Hello\nfrom Zanzibar"


async def test_several_overlays_and_the_shadow_root(
    signed_in_context: BrowserContext, sim_server: SimServer
) -> None:
    """Two conversations open at once, each a dialog whose screen names Message; their
    message lists live in open shadow roots (invisible to document.querySelectorAll, seen
    by locators that pierce them); a send lands in the conversation it was typed in."""
    state = sim_server.state
    first, second = listed(state)[:2]
    page = await signed_in_context.new_page()
    await page.goto(CATCH_UP)
    await open_from_card(page, first)
    target = await open_from_card(page, second)
    dialogs = page.locator('[role="dialog"][data-sdui-screen*="Message"]')
    await expect(dialogs).to_have_count(2)
    box = target.get_by_role("textbox")
    await box.press("Control+a")
    await box.press("Backspace")
    await page.keyboard.type("Only for you")
    await page.keyboard.press("Enter")
    await expect(target.get_by_text("Only for you", exact=True)).to_be_visible()
    await expect(bubble(page, first).get_by_text("Only for you")).to_have_count(0)
    light = await page.evaluate(
        "() => [...document.querySelectorAll('[role=dialog] [role=listitem]')].length"
    )
    shadowed = await page.evaluate(
        "() => [...document.querySelectorAll('[role=dialog]')].map("
        "d => d.querySelector('[data-testid=message-list-host]').shadowRoot"
        ".querySelectorAll('[role=listitem]').length)"
    )
    assert light == 0
    assert sum(shadowed) >= 1
    assert [(m.recipient_slug, m.text) for m in state.messages] == [
        (slugs(state)[1], "Only for you")
    ]


async def test_failed_send_shows_retry(
    signed_in_context: BrowserContext, sim_server: SimServer
) -> None:
    """A failed send leaves the message in the list marked "Not sent." with Retry (not
    delivered); Retry once the fault is gone delivers it."""
    state = sim_server.state
    state.set_faults(variant="classic", send_fails_status=500)
    name = listed(state)[0]
    page = await signed_in_context.new_page()
    await page.goto(CATCH_UP)
    conversation = await open_from_card(page, name)
    box = conversation.get_by_role("textbox")
    await box.press("Control+a")
    await box.press("Backspace")
    await page.keyboard.type("Hello")
    await conversation.get_by_role("button", name="Send", exact=True).click()
    await expect(conversation.get_by_role("alert")).to_contain_text("Not sent.")
    assert state.messages == []
    state.set_faults(send_fails_status=None)
    await conversation.get_by_role("button", name="Retry").click()
    await expect(conversation.get_by_role("alert")).to_have_count(0)
    assert [m.text for m in state.messages] == ["Hello"]


async def test_redirect_loop_fails_the_navigation(
    signed_in_context: BrowserContext, sim_server: SimServer
) -> None:
    """redirect_loop: the browser gives up with ERR_TOO_MANY_REDIRECTS."""
    sim_server.state.set_faults(redirect_loop=True)
    page = await signed_in_context.new_page()
    with pytest.raises(PlaywrightError, match="ERR_TOO_MANY_REDIRECTS"):
        await page.goto("/feed/")


async def test_profile_cards_and_details_render_as_scrolled(
    signed_in_context: BrowserContext, sim_server: SimServer
) -> None:
    """sdui profile: cards below the fold render once scrolled to, then the Skills card's
    "Show all" leads to a details page that loads the rest of the skills as it is scrolled."""
    state = sim_server.state
    person = next(p for p in state.connections() if len(p.skills) > 5 and p.about)
    page = await signed_in_context.new_page()
    await page.goto(f"/in/{person.slug}/")
    skills_heading = page.get_by_role("heading", name="Skills")
    await expect(skills_heading).to_have_count(0)
    for _ in range(30):
        if await skills_heading.count():
            break
        await page.mouse.wheel(0, 400)
        await asyncio.sleep(0.1)
    await expect(skills_heading).to_have_count(1)
    await page.get_by_role("link", name=f"Show all {len(person.skills)} skills").click()
    await page.wait_for_url(f"**/in/{person.slug}/details/skills/")
    items = page.locator("[data-sim-items] > *")
    await expect(items).to_have_count(3)
    for _ in range(30):
        if await items.count() == len(person.skills):
            break
        await page.mouse.wheel(0, 600)
        await asyncio.sleep(0.1)
    await expect(items).to_have_count(len(person.skills))


async def test_classic_profile_message_button_opens_an_empty_composer(
    signed_in_context: BrowserContext, sim_server: SimServer
) -> None:
    """classic: "Message <first name>" opens the overlay with an empty composer; what is
    typed is delivered exactly."""
    state = sim_server.state
    state.set_faults(variant="classic")
    person = state.connections()[0]
    page = await signed_in_context.new_page()
    await page.goto(f"/in/{person.slug}/")
    await page.get_by_role("button", name=f"Message {person.linkedin_first_name}").click()
    conversation = bubble(page, person.display_name)
    box = conversation.get_by_role("textbox")
    await expect(box).to_be_focused()
    await expect(box).to_have_text("")
    await page.keyboard.type("Bonjour")
    await conversation.get_by_role("button", name="Send", exact=True).click()
    await expect(conversation.get_by_text("Bonjour", exact=True)).to_be_visible()
    assert [(m.recipient_slug, m.text) for m in state.messages] == [(person.slug, "Bonjour")]


async def test_search_results_render_as_scrolled_and_next_pages(
    signed_in_context: BrowserContext, sim_server: SimServer
) -> None:
    """sdui search: the last five results of a page render once scrolled to; Next leads
    to page 2."""
    page = await signed_in_context.new_page()
    await page.goto("/search/results/people/?keywords=")
    results = page.get_by_role("main").get_by_role("listitem")
    await expect(results).to_have_count(10)
    name_links = page.get_by_role("main").locator('a[href^="/in/"][href*="lipi="]')
    await expect(name_links).to_have_count(10)
    for _ in range(30):
        if await name_links.count() == 20:
            break
        await page.mouse.wheel(0, 400)
        await asyncio.sleep(0.1)
    await expect(name_links).to_have_count(20)
    await page.get_by_role("button", name="Next").click()
    await page.wait_for_url("**page=2**")


async def test_send_noop_and_composer_keeps_text(
    signed_in_context: BrowserContext, sim_server: SimServer
) -> None:
    """send_noop: Send does nothing (text stays, nothing delivered); composer_keeps_text:
    delivered, yet the text stays in the composer."""
    state = sim_server.state
    state.set_faults(variant="classic", send_noop=True)
    name = listed(state)[0]
    page = await signed_in_context.new_page()
    await page.goto(CATCH_UP)
    conversation = await open_from_card(page, name)
    box = conversation.get_by_role("textbox")
    await box.press("Control+a")
    await page.keyboard.type("Hi")
    await conversation.get_by_role("button", name="Send", exact=True).click()
    await asyncio.sleep(0.3)
    await expect(box).to_have_text("Hi")
    assert state.messages == []
    state.set_faults(send_noop=False, composer_keeps_text=True)
    await page.reload()
    conversation = await open_from_card(page, name)
    box = conversation.get_by_role("textbox")
    await box.press("Control+a")
    await page.keyboard.type("Hi")
    await conversation.get_by_role("button", name="Send", exact=True).click()
    sent = conversation.get_by_role("listitem").filter(has=page.get_by_text("Hi", exact=True))
    await expect(sent).to_have_count(1)
    await expect(box).to_have_text("Hi")
    assert [m.text for m in state.messages] == ["Hi"]
