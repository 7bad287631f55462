"""The selector engine on small static pages: order, fallbacks, learning, scope, failure."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page
from structlog.testing import capture_logs

from linkedin_bot.core.errors import ElementNotFound
from linkedin_bot.linkedin.selector_engine import Field, MemorySelectorStore, SelectorEngine
from linkedin_bot.linkedin.selectors import ELEMENTS, spec_for

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="module")]

SEND = "overlay.send_button"


@pytest_asyncio.fixture(loop_scope="module")
async def page(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context()
    yield await context.new_page()
    await context.close()


async def test_first_default_wins_and_nothing_is_learned(page: Page) -> None:
    """LinkedIn's own class matches: used as is, no fallback logged, nothing stored."""
    await page.set_content('<button class="msg-form__send-button" type="submit">Send</button>')
    store = MemorySelectorStore()
    with capture_logs() as logs:
        found = await SelectorEngine(page, store).require(SEND, timeout_s=0)
    assert found.selector == spec_for(SEND).css[0]
    assert store.scores == {}
    assert not [e for e in logs if e["event"] == "selector.fallback"]


async def test_later_default_is_logged_and_learned(page: Page) -> None:
    """A renamed class: the structural default works, is logged and stored as learned."""
    await page.set_content('<form><button class="_x9" type="submit">Send</button></form>')
    store = MemorySelectorStore()
    with capture_logs() as logs:
        found = await SelectorEngine(page, store).require(SEND, timeout_s=0)
    assert found.selector == 'form button[type="submit"]'
    [event] = [e for e in logs if e["event"] == "selector.fallback"]
    assert (event["element"], event["selector"]) == (SEND, found.selector)
    assert store.scores == {(SEND, found.selector): 1.0}


@pytest.mark.parametrize(
    ("html", "button_text"),
    [
        ('<div><button class="_y">Send</button></div>', "Send"),
        ('<div><button class="_y">Envoyer</button></div>', "Envoyer"),
    ],
)
async def test_role_fallback_in_english_and_french(page: Page, html: str, button_text: str) -> None:
    """No CSS matches: the role/name fallback finds Send / Envoyer, and its learned key
    finds the very same element when tried as a plain selector next time."""
    await page.set_content(html)
    store = MemorySelectorStore()
    found = await SelectorEngine(page, store).require(SEND, timeout_s=0)
    assert found.source == "fallback"
    assert await found.locator.inner_text() == button_text
    assert await page.locator(found.selector).inner_text() == button_text
    assert (SEND, found.selector) in store.scores


async def test_learned_selector_is_tried_first_next_run(page: Page) -> None:
    """A learned selector beats the defaults in the next run, even when a default matches."""
    await page.set_content(
        '<button class="msg-form__send-button">Old</button>'
        '<form><button type="submit">New</button></form>'
    )
    store = MemorySelectorStore()
    await store.record_success(SEND, 'form button[type="submit"]', "default")
    found = await SelectorEngine(page, store).require(SEND, timeout_s=0)
    assert found.source == "learned"
    assert await found.locator.inner_text() == "New"


async def test_learned_selector_that_stopped_working_scores_down(page: Page) -> None:
    """A learned selector that misses while a default works loses score, once per run."""
    await page.set_content('<button class="msg-form__send-button">Send</button>')
    store = MemorySelectorStore()
    await store.record_success(SEND, "button.gone", "default")
    engine = SelectorEngine(page, store)
    for _ in range(3):
        found = await engine.require(SEND, timeout_s=0)
        assert found.selector == spec_for(SEND).css[0]
    assert store.scores[(SEND, "button.gone")] == pytest.approx(-0.5)
    assert await store.learned(SEND) == []


async def test_lookup_stays_within_its_scope(page: Page) -> None:
    """Within one card, the card's own link is found, never a neighbour's."""
    await page.set_content(
        '<main><div role="listitem" id="a"><a href="/in/ann/">Ann</a></div>'
        '<div role="listitem" id="b"><a href="/in/bob/">Bob</a></div></main>'
    )
    engine = SelectorEngine(page, MemorySelectorStore())
    cards = await engine.require("birthdays.card", timeout_s=0)
    assert await cards.locator.count() == 2
    link = await engine.require("birthdays.card_link", scope=cards.locator.nth(1), timeout_s=0)
    assert await link.locator.get_attribute("href") == "/in/bob/"


async def test_hidden_elements_do_not_count(page: Page) -> None:
    """A hidden match (a template, a collapsed pop-up) is not a match."""
    await page.set_content('<div hidden><button class="msg-form__send-button">S</button></div>')
    assert await SelectorEngine(page, MemorySelectorStore()).find(SEND, timeout_s=0) is None


async def test_missing_element_raises_with_context(page: Page) -> None:
    """Nothing matches within the timeout: ElementNotFound names the element and page URL."""
    await page.set_content("<p>nothing here</p>")
    with pytest.raises(ElementNotFound) as caught:
        await SelectorEngine(page, MemorySelectorStore()).require(SEND, timeout_s=0.3)
    assert caught.value.context == {"element": SEND, "url": "about:blank"}


async def test_waits_for_an_element_that_appears_later(page: Page) -> None:
    """The lookup polls: an element added after 200 ms is found within the timeout."""
    await page.set_content("<div id=root></div>")
    await page.evaluate(
        """() => setTimeout(() => { document.getElementById('root').innerHTML =
        '<button class="msg-form__send-button">Send</button>'; }, 200)"""
    )
    found = await SelectorEngine(page, MemorySelectorStore()).require(SEND, timeout_s=3)
    assert found.source == "default"


async def test_every_default_and_fallback_is_a_valid_selector(page: Page) -> None:
    """Each stored key parses in Playwright (a typo would only show on the day it is needed)."""
    await page.set_content("<main><p>empty</p></main>")
    for spec in ELEMENTS:
        for selector in spec.candidates():
            assert await page.locator(selector).count() >= 0, selector


CARD_FIELDS = {
    "href": Field("birthdays.card_link", "href"),
    "name": Field("birthdays.card_name"),
    "when": Field("birthdays.card_when"),
}


async def test_extract_reads_every_item_in_one_go(page: Page) -> None:
    """A long list is read in one evaluation: every item's link, name and 'when' line, by
    LinkedIn's class or a structural default; hidden matches are skipped; a value that no
    CSS selector finds is None (the caller reads that item again with the fallbacks)."""
    await page.set_content(
        "<main>"
        '<div class="mn-catch-up-card" role="listitem"><a class="mn-catch-up-card__link"'
        ' href="/in/ann/"><span class="mn-catch-up-card__name">Ann  Lee</span></a>'
        '<p class="mn-catch-up-card__occasion">Today</p></div>'
        '<div class="mn-catch-up-card" role="listitem"><a href="/in/bob/">'
        '<span hidden class="mn-catch-up-card__name">template</span>Bob Ray</a>'
        "<time>Yesterday</time></div>"
        '<div class="mn-catch-up-card" role="listitem"><a href="/in/cy/">Cy</a>'
        "<span>June 12</span></div>"
        "</main>"
    )
    engine = SelectorEngine(page, MemorySelectorStore())
    cards = await engine.require("birthdays.card", timeout_s=0)
    rows = await engine.extract(cards.locator, CARD_FIELDS)
    assert rows == [
        {"href": "/in/ann/", "name": "Ann Lee", "when": "Today"},
        {"href": "/in/bob/", "name": "Bob Ray", "when": "Yesterday"},
        {"href": "/in/cy/", "name": "Cy", "when": None},
    ]
    assert await engine.extract(page.locator(".nothing"), CARD_FIELDS) == []


async def test_extract_learns_from_the_first_item_and_tries_that_first(page: Page) -> None:
    """Renamed classes: the first item teaches the engine the structural selector (logged
    and stored, as any fallback), and every item is read with it."""
    await page.set_content(
        "<main>"
        + "".join(
            f'<div role="listitem"><a href="/in/p{i}/">Person {i}</a><time>Today</time></div>'
            for i in range(3)
        )
        + "</main>"
    )
    store = MemorySelectorStore()
    engine = SelectorEngine(page, store)
    cards = await engine.require("birthdays.card", timeout_s=0)
    with capture_logs() as logs:
        rows = await engine.extract(cards.locator, CARD_FIELDS)
    assert [row["href"] for row in rows] == ["/in/p0/", "/in/p1/", "/in/p2/"]
    assert [row["name"] for row in rows] == ["Person 0", "Person 1", "Person 2"]
    assert {row["when"] for row in rows} == {"Today"}
    learned = {e["element"] for e in logs if e["event"] == "selector.fallback"}
    assert learned == {"birthdays.card_link", "birthdays.card_name", "birthdays.card_when"}
    assert ("birthdays.card_when", "time") in store.scores
