"""Sending one message to one person, and proving it arrived; reading a thread.

The conversation is opened and checked in ``conversation.py``. Then: the composer is
emptied of whatever it holds (LinkedIn prefills a greeting when opened from a catch-up
card: left there, it would be sent in front of ours), our text is typed, and it is sent
the way this member's LinkedIn sends: with the Send button, or with Enter when the member
chose "Press Enter to Send" (then there is no Send button).

Delivery is never assumed from the click (a known failure is a Send that does nothing):
only our exact text appearing as the thread's new last message makes it ``DELIVERED``
("(Edited)" markers and "Seen by" lines aside). If it does not appear and the text is
still in the composer, or the thread says "Not sent.", nothing was sent
(``NOT_DELIVERED``); anything else may have been sent (``UNCERTAIN``) and must never be
re-sent blindly.
"""

from __future__ import annotations

import asyncio
import time
from datetime import date

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator

from linkedin_bot.core.logging import get_logger
from linkedin_bot.linkedin.pages.base import PageKit, normalized
from linkedin_bot.linkedin.pages.conversation import (
    Conversation,
    Person,
    close,
    open_conversation,
)
from linkedin_bot.linkedin.pages.message_list import (
    Shown,
    as_thread,
    link_id,
    read_shown,
    same_text,
)
from linkedin_bot.linkedin.types import (
    BeforeClick,
    ComposeFromThread,
    Delivery,
    OccasionCard,
    SendResult,
    ThreadMessage,
)

POLL_S = 0.025  # a sent message shows within a frame or two of its answer
NAME_UNCERTAIN = "name_uncertain"
ALREADY_WISHED = "already_wished"
log = get_logger(__name__)


async def _composer_text(composer: Locator) -> str:
    return normalized(await composer.inner_text())


async def clear(kit: PageKit, composer: Locator) -> bool:
    """Empty the composer as a person would (select all, delete); True when it is empty."""
    await composer.click()
    await kit.page.keyboard.press("ControlOrMeta+A")
    await kit.page.keyboard.press("Delete")
    for _ in range(3):
        if not await _composer_text(composer):
            return True
        await kit.page.keyboard.press("ControlOrMeta+A")
        await kit.page.keyboard.press("Backspace")
    return not await _composer_text(composer)


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


async def _composer_and_send(
    kit: PageKit, conversation: Conversation
) -> tuple[Locator, Locator | None]:
    """The composer, and the Send button (None: this member sends with Enter)."""
    scope = conversation.scope
    composer = await kit.engine.require(
        "overlay.composer", scope=scope, timeout_s=kit.timeouts.element_s
    )
    # The button is drawn with the composer: absent now means "Press Enter to Send".
    send = await kit.engine.find("overlay.send_button", scope=scope, timeout_s=0)
    return composer.locator.first, send.locator.last if send is not None else None


def _outcome(before: int, now: list[Shown], text: str) -> SendResult | None:
    """What the thread's new messages say about our send (None: nothing of ours yet).

    Ours is the newest new message with our text (a reply may have come in after it)."""
    for message in reversed(now[before:]):
        if same_text(message.text, text):
            if message.failed:
                return SendResult(Delivery.NOT_DELIVERED, "LinkedIn shows the message as not sent")
            return SendResult(Delivery.DELIVERED, "the message is in the conversation, exactly")
        if normalized(text) in normalized(message.text) and not message.failed:
            log.error("messaging.sent_with_more_text", extra_chars=len(message.text) - len(text))
            return SendResult(
                Delivery.DELIVERED, "the message was sent with text we did not type around it"
            )
    return None


async def _verify(
    kit: PageKit, conversation: Conversation, composer: Locator, text: str, before: int
) -> SendResult:
    """Wait (bounded) for the text to be the thread's new last message; classify."""
    deadline = time.monotonic() + kit.timeouts.verify_s
    while True:
        kit.check_signals()  # a 999/429/401 answer to the send raises here
        result = _outcome(before, await read_shown(kit, conversation.scope), text)
        if result is not None:
            kit.check_signals()  # what the thread shows came with the send's answer
            return result
        if time.monotonic() >= deadline:
            break
        await asyncio.sleep(POLL_S)
    if await _composer_text(composer) == normalized(text):
        return SendResult(
            Delivery.NOT_DELIVERED, "Send did nothing: the text is still in the composer"
        )
    return SendResult(
        Delivery.UNCERTAIN, "the message does not appear, yet the composer was emptied"
    )


async def send_in(
    kit: PageKit, conversation: Conversation, text: str, before_click: BeforeClick
) -> SendResult:
    """Empty the composer, type ``text``, call ``before_click``, send, verify."""
    composer, send = await _composer_and_send(kit, conversation)
    if await _composer_text(composer) and not await clear(kit, composer):
        return SendResult(Delivery.NOT_DELIVERED, "the composer's prefilled text would not go")
    await kit.pacing.think()
    await _type(kit, composer, text)
    if await _composer_text(composer) != normalized(text):
        await clear(kit, composer)
        return SendResult(Delivery.NOT_DELIVERED, "the composer did not take the text")
    before = len(await read_shown(kit, conversation.scope))
    await kit.pacing.think()
    kit.check_signals()
    await before_click()
    try:
        if send is None:
            log.info("messaging.enter_to_send")
            await composer.press("Enter")
        else:
            await send.click(timeout=kit.timeouts.present_s * 1000)
    except PlaywrightError as exc:  # the verification below tells whether anything left
        log.warning("messaging.send_failed_to_start", error=str(exc).splitlines()[0])
    result = await _verify(kit, conversation, composer, text, before)
    if await _composer_text(composer):
        await clear(kit, composer)  # never leave a draft the user could send by mistake
    return result


async def send_message(
    kit: PageKit,
    card: OccasionCard,
    text: str | ComposeFromThread,
    before_click: BeforeClick,
    today: date,
) -> SendResult:
    """Open the person's conversation, check it names them as the card did, send the text
    once, verify, close it. ``text`` may be decided from the thread (``ComposeFromThread``:
    called with its messages before anything is typed; None sends nothing)."""
    person = Person(card.public_id, card.full_name, card.member_id)
    conversation = await open_conversation(kit, person)
    try:
        if conversation.name_disagrees(person):
            log.warning(
                "messaging.name_uncertain",
                public_id=card.public_id,
                card=card.full_name[:120],
                header=conversation.header_name[:120],
            )
            return SendResult(
                Delivery.NOT_DELIVERED,
                "the conversation names the person differently from their card",
                skipped=NAME_UNCERTAIN,
            )
        if not isinstance(text, str):
            shown = await read_shown(kit, conversation.scope)
            thread = as_thread(shown, conversation.their_ids, conversation.header_name, today)
            decided = await text(thread)
            if decided is None:
                return SendResult(
                    Delivery.NOT_DELIVERED,
                    "the conversation shows this occasion was already answered",
                    skipped=ALREADY_WISHED,
                )
            text = decided
        return await send_in(kit, conversation, text, before_click)
    finally:
        await close(kit, conversation.scope)


async def thread_messages(kit: PageKit, public_id: str, today: date) -> list[ThreadMessage]:
    """The messages of the conversation with ``public_id`` (sender and text, oldest
    first), opened from their profile, read, closed."""
    conversation = await open_conversation(kit, Person(public_id, ""))
    try:
        composer = await kit.engine.require(
            "overlay.composer", scope=conversation.scope, timeout_s=kit.timeouts.element_s
        )
        shown = await read_shown(kit, conversation.scope)
        if await _composer_text(composer.locator.first):
            await clear(kit, composer.locator.first)  # LinkedIn's greeting: not ours to leave
        return as_thread(shown, conversation.their_ids, conversation.header_name, today)
    finally:
        await close(kit, conversation.scope)


_PAGE_HEADER_JS = """(root) => {
  const inList = (el) => el.closest('li, [role="listitem"], [role="list"], ul, ol');
  const link = Array.from(root.querySelectorAll('a[href*="/in/"]'))
    .find((a) => !inList(a) && a.innerText.trim());
  return link ? {href: link.getAttribute("href"), name: link.innerText.trim()} : null;
}"""


async def conversation_page(kit: PageKit, url: str, today: date) -> list[ThreadMessage]:
    """The messages of the conversation page at ``url`` (``/messaging/thread/<id>/``, an
    opaque id LinkedIn gave: never a guessed one), oldest first; whose they are is told by
    the conversation's header (its link to the person's profile)."""
    await kit.goto(url)
    scope = kit.page.locator("main").first
    if await scope.count() == 0:
        scope = kit.page.locator("body")
    await kit.engine.require(
        "overlay.message_list_item", scope=scope, timeout_s=kit.timeouts.element_s
    )
    header = await scope.evaluate(_PAGE_HEADER_JS)
    their_ids = {link_id(str(header["href"]))} if header else set()
    their_name = str(header["name"]) if header else ""
    return as_thread(await read_shown(kit, scope), their_ids, their_name, today)
