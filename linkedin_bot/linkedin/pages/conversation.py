"""Opening the conversation with one person, and making sure it is theirs.

The conversation opens from the person's catch-up card (its Message action: a button, or
a link to ``/messaging/compose/`` that LinkedIn prefills with its own greeting), else from
their profile's Message action. It is found among the open overlay bubbles by its header:
the profile link there (often a member id, ``/in/ACoAA.../``, resolved as the site
resolves it) says whose it is, and its name must agree with the name the card showed, or
the greeting could be wrong (``name_uncertain``). Thread URLs are opaque: never guessed.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from urllib.parse import quote

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator

from linkedin_bot.core.errors import ElementNotFound, InvalidInput
from linkedin_bot.core.logging import get_logger
from linkedin_bot.linkedin.pages.base import PageKit
from linkedin_bot.linkedin.pages.birthdays import MEMBER_ID, on_catch_up_page, person_of
from linkedin_bot.linkedin.pages.card_text import same_name
from linkedin_bot.linkedin.pages.message_list import link_id
from linkedin_bot.linkedin.selectors import COMPOSE_LINK, MESSAGE_ACTION_PATTERN

PROFILE_PATH = "/in/{public_id}/"
POPUP_RESWEEP_S = 15.0
POLL_S = 0.025  # an overlay shows within a frame or two of its answer
log = get_logger(__name__)

_HEADER_JS = """(bubble) => {
  const inList = (el) => el.closest('li, [role="listitem"], [role="list"], ul, ol');
  const links = Array.from(bubble.querySelectorAll('a[href*="/in/"]')).filter((a) => !inList(a));
  const named = links.find((a) => a.innerText.trim());
  return {
    hrefs: links.map((a) => a.getAttribute("href")),
    name: named ? named.innerText.trim() : "",
  };
}"""


@dataclass(frozen=True)
class Person:
    """Whom the conversation must be with."""

    public_id: str
    name: str  # as the card (or the caller) shows it; "" when unknown
    member_id: str | None = None


@dataclass(frozen=True)
class Conversation:
    """Where the messages and the composer of one conversation are."""

    scope: Locator
    header_name: str
    their_ids: set[str] = field(default_factory=set)  # their slug and member id, casefolded

    def name_disagrees(self, person: Person) -> bool:
        """The header names them differently from the card: the greeting may be wrong."""
        return bool(person.name and self.header_name) and not same_name(
            person.name, self.header_name
        )


class _Identities:
    """Member ids resolved to slugs, once each (a resolution is one request)."""

    def __init__(self, kit: PageKit, person: Person) -> None:
        self.kit = kit
        self.theirs = {person.public_id.casefold()}
        if person.member_id:
            self.theirs.add(person.member_id.casefold())
        self.resolved: dict[str, str] = {}

    async def is_theirs(self, href: str) -> bool:
        ident = link_id(href)
        if ident in self.theirs:
            return True
        raw = href.split("?", maxsplit=1)[0].rstrip("/").rsplit("/", 1)[-1]
        if not MEMBER_ID.match(raw):
            return False
        if ident not in self.resolved:
            try:
                self.resolved[ident] = await person_of(self.kit, href)
            except InvalidInput:
                self.resolved[ident] = ""
        if self.resolved[ident] in self.theirs:
            self.theirs.add(ident)
            return True
        return False


async def _theirs(bubble: Locator, person: Person, ids: _Identities) -> Conversation | None:
    header = await bubble.evaluate(_HEADER_JS)
    name, hrefs = str(header["name"]), [str(h) for h in header["hrefs"] if h]
    if hrefs:
        for href in hrefs:
            if await ids.is_theirs(href):
                return Conversation(bubble, name, set(ids.theirs))
        return None
    if person.name and name and same_name(person.name, name):
        return Conversation(bubble, name, set(ids.theirs))
    return None


async def wait_for_theirs(kit: PageKit, person: Person) -> Conversation:
    """The open overlay bubble whose header is the person's (bounded wait)."""
    ids = _Identities(kit, person)
    deadline = time.monotonic() + kit.timeouts.element_s
    while True:
        kit.check_signals()  # the overlay's own request may have been refused (401, 999)
        found = await kit.engine.find("overlay.container", timeout_s=0)
        if found is not None:
            for index in reversed(range(await found.locator.count())):
                conversation = await _theirs(found.locator.nth(index), person, ids)
                if conversation is not None:
                    return conversation
        if time.monotonic() >= deadline:
            raise ElementNotFound(
                "no conversation whose header is this person's opened",
                element="overlay.container",
                url=kit.page.url,
                public_id=person.public_id,
            )
        await asyncio.sleep(POLL_S)


async def message_action(kit: PageKit, scope: Locator, timeout_s: float) -> Locator | None:
    """The Message action within ``scope``: a compose link, else a button or link labelled
    "Message...", "Send message to..." (English or French), whatever else it says."""
    pattern = re.compile(MESSAGE_ACTION_PATTERN, re.IGNORECASE)
    candidates = (
        scope.locator(COMPOSE_LINK),
        scope.get_by_role("button", name=pattern),
        scope.get_by_role("link", name=pattern),
    )
    deadline = time.monotonic() + timeout_s
    while True:
        for candidate in candidates:
            visible = candidate.filter(visible=True)
            if await visible.count():
                return visible.first
        if time.monotonic() >= deadline:
            return None
        await asyncio.sleep(POLL_S)


async def _card_of(kit: PageKit, person: Person) -> Locator | None:
    cards = await kit.engine.find("birthdays.card", timeout_s=0)
    if cards is None:
        return None
    ids = {person.public_id, quote(person.public_id, safe="")}
    has = [f'a[href*="/in/{i}/" i], a[href$="/in/{i}" i]' for i in ids]
    if person.member_id:
        has += [f'a[href*="/in/{person.member_id}"]', f'a[href*="={person.member_id}"]']
    selector = ", ".join(has)
    # The card's position in one evaluation, then "the card at that position that holds
    # their link": one card per lookup, and nobody else's if the list moved meanwhile.
    index = await cards.locator.evaluate_all(
        "(cards, has) => cards.findIndex((card) => card.querySelector(has) !== null)", selector
    )
    if index < 0:
        return None
    return cards.locator.nth(index).filter(has=kit.page.locator(selector))


async def _click_and_wait(kit: PageKit, action: Locator, person: Person) -> Conversation:
    await kit.pacing.think()
    await action.click()
    return await wait_for_theirs(kit, person)


async def _from_card(kit: PageKit, person: Person) -> Conversation | None:
    if not on_catch_up_page(kit.page.url):
        return None
    card = await _card_of(kit, person)
    if card is None:
        return None
    action = await message_action(kit, card, 0)
    if action is None:
        log.info("messaging.card_without_action", public_id=person.public_id)
        return None
    return await _click_and_wait(kit, action, person)


async def _from_profile(kit: PageKit, person: Person) -> Conversation | None:
    status = await kit.goto(PROFILE_PATH.format(public_id=quote(person.public_id, safe="")))
    if status >= 400:
        return None
    action = await message_action(kit, kit.page.locator("main"), kit.timeouts.element_s)
    if action is None:
        return None
    return await _click_and_wait(kit, action, person)


async def close_all(kit: PageKit) -> None:
    """Close every open conversation bubble (they cover the cards' Message actions)."""
    found = await kit.engine.find("overlay.container", timeout_s=0)
    if found is None:
        return
    for index in reversed(range(await found.locator.count())):
        await close(kit, found.locator.nth(index))


async def close(kit: PageKit, bubble: Locator) -> None:
    """Close one bubble; failing to close is logged, never an error of the send."""
    try:
        button = await kit.engine.find(
            "overlay.close_button", scope=bubble, timeout_s=kit.timeouts.present_s
        )
        if button is not None:
            await button.locator.first.click(timeout=kit.timeouts.present_s * 1000)
            return
    except PlaywrightError as exc:
        log.warning("messaging.close_failed", error=str(exc).splitlines()[0])
        return
    log.warning("messaging.close_failed", error="no close button")


async def open_conversation(kit: PageKit, person: Person) -> Conversation:
    """The person's conversation: from their card, else from their profile."""
    # One may have appeared since the page loaded; they come with time, not with clicks.
    await kit.sweep_popups(unless_within_s=POPUP_RESWEEP_S)
    await close_all(kit)
    conversation = await _from_card(kit, person)
    if conversation is None:
        conversation = await _from_profile(kit, person)
    if conversation is None:
        raise ElementNotFound(
            "no Message action for this person (catch-up card, profile)",
            element="message_action",
            url=kit.page.url,
            public_id=person.public_id,
        )
    log.info("messaging.opened", public_id=person.public_id)
    return conversation
