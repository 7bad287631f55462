"""Messaging: open a conversation with one person, send one message, prove it arrived.

The conversation is opened from the person's birthday card (its Message button's label
names them), else from their profile, else from the full thread page. The driver only
types into a conversation that names the person, and acts on the last one open.

Delivery is never assumed from the click (a known failure is a Send that does nothing):
only the text appearing as a new message in the thread makes it ``DELIVERED``. If it does
not appear and the text is still in the composer, nothing was sent (``NOT_DELIVERED``);
anything else may have been sent (``UNCERTAIN``) and must never be re-sent blindly.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from urllib.parse import quote

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator

from linkedin_bot.core.errors import ElementNotFound
from linkedin_bot.core.logging import get_logger
from linkedin_bot.linkedin.pages.base import PageKit, normalized
from linkedin_bot.linkedin.pages.birthdays import on_birthdays_page
from linkedin_bot.linkedin.types import BeforeClick, Delivery, SendResult

THREAD_PATH = "/messaging/thread/{public_id}/"
PROFILE_PATH = "/in/{public_id}/"
POPUP_RESWEEP_S = 15.0
POLL_S = 0.025  # an overlay or a sent message shows within a frame or two of its answer
log = get_logger(__name__)


@dataclass(frozen=True)
class Conversation:
    """Where the messages and the composer of one conversation are."""

    scope: Locator
    overlay: bool  # an overlay bubble (to close afterwards) rather than the thread page


def _names(label: str | None, full_name: str) -> bool:
    return bool(label) and normalized(full_name).casefold() in normalized(label or "").casefold()


def _is_message(item: str, text: str) -> bool:
    """An item shows the message (an item may start with the sender's name)."""
    got, want = normalized(item), normalized(text)
    return got == want or got.endswith(" " + want)


async def _wait_overlay(kit: PageKit, full_name: str | None) -> Conversation:
    """The last open overlay naming the person (any last overlay when no name is known)."""
    deadline = time.monotonic() + kit.timeouts.element_s
    while True:
        kit.check_signals()  # the overlay's own request may have been refused (401, 999)
        found = await kit.engine.find("overlay.container", timeout_s=0)
        if found is not None:
            bubbles = found.locator.filter(has_text=full_name) if full_name else found.locator
            if await bubbles.count() > 0:
                return Conversation(bubbles.last, overlay=True)
        if time.monotonic() >= deadline:
            raise ElementNotFound(
                "no conversation overlay naming the person opened",
                element="overlay.container",
                url=kit.page.url,
                person=full_name,
            )
        await asyncio.sleep(POLL_S)


async def _click_named(kit: PageKit, element: str, scope: Locator | None, name: str) -> bool:
    """Click the element if its label names the person; False when absent or not theirs."""
    found = await kit.engine.find(element, scope=scope, timeout_s=kit.timeouts.present_s)
    if found is None:
        return False
    for index in range(await found.locator.count()):
        button = found.locator.nth(index)
        label = await button.get_attribute("aria-label") or await button.inner_text()
        if _names(label, name):
            await kit.pacing.think()
            await button.click()
            return True
    log.warning("messaging.button_not_theirs", element=element, person=name)
    return False


async def _from_card(kit: PageKit, public_id: str, name: str) -> Conversation | None:
    if not on_birthdays_page(kit.page.url):
        return None
    cards = await kit.engine.find("birthdays.card", timeout_s=0)
    if cards is None:
        return None
    links = {public_id, quote(public_id, safe="")}
    has = ", ".join(f'a[href*="/in/{slug}/" i], a[href$="/in/{slug}" i]' for slug in links)
    # Find the card's position in one evaluation, then address it as "the card at that
    # position that holds their link": every later lookup resolves one card, not a
    # search through the whole list (a list of 1,000 cards made each lookup ~25 ms), and
    # if the list moved meanwhile the locator finds nothing rather than someone else.
    index = await cards.locator.evaluate_all(
        "(cards, has) => cards.findIndex((card) => card.querySelector(has) !== null)", has
    )
    if index < 0:
        return None
    card = cards.locator.nth(index).filter(has=kit.page.locator(has))
    if not await _click_named(kit, "birthdays.message_button", card, name):
        return None
    return await _wait_overlay(kit, name)


async def _from_profile(kit: PageKit, public_id: str, name: str) -> Conversation | None:
    status = await kit.goto(PROFILE_PATH.format(public_id=quote(public_id, safe="")))
    if status >= 400:
        return None
    found = await kit.engine.find("profile.message_button", timeout_s=kit.timeouts.element_s)
    if found is None or not await _click_named(kit, "profile.message_button", None, name):
        return None
    return await _wait_overlay(kit, name)


async def _from_thread_page(kit: PageKit, public_id: str) -> Conversation | None:
    status = await kit.goto(THREAD_PATH.format(public_id=quote(public_id, safe="")))
    if status >= 400:
        return None
    found = await kit.engine.find("thread.container", timeout_s=kit.timeouts.element_s)
    return Conversation(found.locator.first, overlay=False) if found else None


async def open_conversation(kit: PageKit, public_id: str, name: str) -> Conversation:
    """The person's conversation: from their card, else their profile, else the thread."""
    # One may have appeared since the page loaded; they come with time, not with clicks.
    await kit.sweep_popups(unless_within_s=POPUP_RESWEEP_S)
    conversation = await _from_card(kit, public_id, name)
    if conversation is None:
        conversation = await _from_profile(kit, public_id, name)
    if conversation is None:
        conversation = await _from_thread_page(kit, public_id)
    if conversation is None:
        raise ElementNotFound(
            "no way to open a conversation with this person (card, profile, thread page)",
            element="overlay.container",
            url=kit.page.url,
            public_id=public_id,
        )
    log.info("messaging.opened", public_id=public_id, overlay=conversation.overlay)
    return conversation


async def message_texts(kit: PageKit, conversation: Conversation) -> list[str]:
    """The texts of the messages shown in the conversation, oldest first."""
    found = await kit.engine.find(
        "overlay.message_list_item", scope=conversation.scope, timeout_s=0
    )
    if found is None:
        return []
    return [normalized(text) for text in await found.locator.all_inner_texts()]


async def _count(kit: PageKit, conversation: Conversation, text: str) -> int:
    return sum(_is_message(item, text) for item in await message_texts(kit, conversation))


async def _clear(kit: PageKit, composer: Locator) -> None:
    await composer.click()
    await kit.page.keyboard.press("ControlOrMeta+A")
    await kit.page.keyboard.press("Delete")


async def _type(kit: PageKit, composer: Locator, text: str) -> None:
    """Real key events at a human pace; with pacing off, each line arrives as one text
    input (as a paste would), since keystrokes with no delay look no more human and cost a
    browser round trip each. A new line is Shift+Enter (Enter alone may send on LinkedIn).
    """
    await composer.click()
    delay = kit.pacing.typing_delay_ms()
    for index, line in enumerate(text.split("\n")):
        if index:
            await kit.page.keyboard.press("Shift+Enter")
        if not line:
            continue
        if delay > 0:
            await kit.page.keyboard.type(line, delay=delay)
        else:
            await kit.page.keyboard.insert_text(line)


async def _composer_and_send(kit: PageKit, conversation: Conversation) -> tuple[Locator, Locator]:
    scope = conversation.scope
    composer = await kit.engine.require(
        "overlay.composer", scope=scope, timeout_s=kit.timeouts.element_s
    )
    send = await kit.engine.require(
        "overlay.send_button", scope=scope, timeout_s=kit.timeouts.present_s
    )
    return composer.locator.first, send.locator.last


async def _verify(
    kit: PageKit, conversation: Conversation, composer: Locator, text: str, before: int
) -> SendResult:
    """Wait (bounded) for the text to appear as a new message; classify what happened."""
    deadline = time.monotonic() + kit.timeouts.verify_s
    while True:
        kit.check_signals()  # a 999/429/401 answer to the send raises here
        if await _count(kit, conversation, text) > before:
            return SendResult(Delivery.DELIVERED, "the message appears in the conversation")
        if time.monotonic() >= deadline:
            break
        await asyncio.sleep(POLL_S)
    if normalized(await composer.inner_text()) == normalized(text):
        return SendResult(
            Delivery.NOT_DELIVERED, "Send did nothing: the text is still in the composer"
        )
    return SendResult(
        Delivery.UNCERTAIN, "the message does not appear, yet the composer was emptied"
    )


async def send_in(
    kit: PageKit, conversation: Conversation, text: str, before_click: BeforeClick
) -> SendResult:
    """Type ``text``, call ``before_click``, click Send, verify delivery."""
    composer, send = await _composer_and_send(kit, conversation)
    if normalized(await composer.inner_text()):
        await _clear(kit, composer)  # a draft left from another time
    await kit.pacing.think()
    await _type(kit, composer, text)
    if normalized(await composer.inner_text()) != normalized(text):
        await _clear(kit, composer)
        return SendResult(Delivery.NOT_DELIVERED, "the composer did not take the text")
    before = await _count(kit, conversation, text)
    await kit.pacing.think()
    kit.check_signals()
    await before_click()
    try:
        await send.click(timeout=kit.timeouts.present_s * 1000)
    except PlaywrightError as exc:  # the verification below tells whether anything left
        log.warning("messaging.send_click_failed", error=str(exc).splitlines()[0])
    result = await _verify(kit, conversation, composer, text, before)
    if normalized(await composer.inner_text()):
        await _clear(kit, composer)  # never leave a draft the user could send by mistake
    return result


async def close(kit: PageKit, conversation: Conversation) -> None:
    """Close an overlay bubble; failing to close is logged, never an error of the send."""
    if not conversation.overlay:
        return
    try:
        found = await kit.engine.find(
            "overlay.close_button", scope=conversation.scope, timeout_s=kit.timeouts.present_s
        )
        if found is not None:
            await found.locator.first.click(timeout=kit.timeouts.present_s * 1000)
            return
    except PlaywrightError as exc:
        log.warning("messaging.close_failed", error=str(exc).splitlines()[0])
        return
    log.warning("messaging.close_failed", error="no close button")


async def send_message(
    kit: PageKit, public_id: str, name: str, text: str, before_click: BeforeClick
) -> SendResult:
    """Open the person's conversation, send ``text`` once, verify, close."""
    conversation = await open_conversation(kit, public_id, name)
    try:
        return await send_in(kit, conversation, text, before_click)
    finally:
        await close(kit, conversation)


async def thread_messages(kit: PageKit, public_id: str) -> list[str]:
    """The messages of the conversation with ``public_id`` (thread page, else the overlay)."""
    conversation = await _from_thread_page(kit, public_id)
    if conversation is None:
        status = await kit.goto(PROFILE_PATH.format(public_id=quote(public_id, safe="")))
        found = None
        if status < 400:
            found = await kit.engine.find(
                "profile.message_button", timeout_s=kit.timeouts.element_s
            )
        if found is None:
            raise ElementNotFound(
                "cannot open the conversation to read it",
                element="thread.container",
                url=kit.page.url,
                public_id=public_id,
            )
        await found.locator.first.click()
        conversation = await _wait_overlay(kit, None)
    try:
        await kit.engine.require(
            "overlay.composer", scope=conversation.scope, timeout_s=kit.timeouts.element_s
        )
        return await message_texts(kit, conversation)
    finally:
        await close(kit, conversation)
