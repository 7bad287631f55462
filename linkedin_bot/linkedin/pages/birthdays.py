"""The birthdays list: who has a birthday today, and who had one in the last few days.

LinkedIn has served it at ``/mynetwork/catch-up/birthday/`` and, since late 2025, at
``/mynetwork/invite-connect/celebrations/birthdays/`` (the old URL redirects there). The
list is lazy-loaded: the driver scrolls until no new card arrives (bounded), then reads
every card: the name, the ``/in/`` link (reduced to the canonical public id) and the
"when" line (turned into days ago).
"""

from __future__ import annotations

import asyncio
import time
from datetime import date
from urllib.parse import urlsplit

from playwright.async_api import Locator

from linkedin_bot.core.errors import ElementNotFound, InvalidInput
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.profiles import canonical_profile_url
from linkedin_bot.linkedin.pages.base import PageKit, normalized
from linkedin_bot.linkedin.pages.lazy import load_all
from linkedin_bot.linkedin.selector_engine import Field
from linkedin_bot.linkedin.types import BirthdayCard
from linkedin_bot.linkedin.when import days_ago

BIRTHDAY_PATHS = (
    "/mynetwork/catch-up/birthday/",
    "/mynetwork/invite-connect/celebrations/birthdays/",
)
POLL_S = 0.05
log = get_logger(__name__)


def on_birthdays_page(url: str) -> bool:
    return urlsplit(url).path in BIRTHDAY_PATHS


async def open_birthdays(kit: PageKit) -> Locator | None:
    """Open the list; every card (None when the list says there are no birthdays)."""
    for path in BIRTHDAY_PATHS:
        status = await kit.goto(path)
        if status >= 400:
            log.info("birthdays.path_unavailable", path=path, status=status)
            continue
        deadline = time.monotonic() + kit.timeouts.element_s
        while time.monotonic() < deadline:
            kit.check_signals()
            cards = await kit.engine.find("birthdays.card", timeout_s=0)
            if cards is not None:
                return cards.locator
            if await kit.engine.find("birthdays.empty_state", timeout_s=0) is not None:
                return None
            await asyncio.sleep(POLL_S)
        log.info("birthdays.no_cards_at", path=path, url=kit.page.url)
    raise ElementNotFound(
        "the birthdays list shows neither cards nor an empty state",
        element="birthdays.card",
        url=kit.page.url,
    )


CARD_FIELDS = {
    "href": Field("birthdays.card_link", "href"),
    "name": Field("birthdays.card_name"),
    "when": Field("birthdays.card_when"),
}


def _card(
    kit: PageKit, href: str | None, name: str, when_text: str, today: date
) -> BirthdayCard | None:
    """A card's values as a :class:`BirthdayCard`, or None (logged) when one is unusable."""
    if not href:
        log.warning("birthdays.card_skipped", reason="no profile link")
        return None
    try:
        public_id = kit.public_id_of(href)
    except InvalidInput as exc:
        log.warning("birthdays.card_skipped", reason=exc.detail)
        return None
    ago = days_ago(when_text, today)
    if ago is None or not name:
        log.warning("birthdays.card_skipped", public_id=public_id, when=when_text)
        return None
    profile_url = canonical_profile_url(public_id, kit.base_url)
    return BirthdayCard(public_id, profile_url, name, ago, when_text)


async def _text_of(kit: PageKit, element: str, card: Locator) -> str:
    found = await kit.engine.find(element, scope=card, timeout_s=0)
    if found is None:
        return ""
    return normalized(await found.locator.first.inner_text())


async def read_card(kit: PageKit, card: Locator, today: date) -> BirthdayCard | None:
    """One card as data, item by item with every fallback, or None (logged) when it is not
    a readable birthday card."""
    link = await kit.engine.find("birthdays.card_link", scope=card, timeout_s=0)
    href = await link.locator.first.get_attribute("href") if link else None
    name = await _text_of(kit, "birthdays.card_name", card)
    photo = card.locator("img[alt]")
    if not name and await photo.count():  # the photo's alternative text is the name
        name = normalized(await photo.first.get_attribute("alt"))
    when_text = await _text_of(kit, "birthdays.card_when", card)
    return _card(kit, href, name, when_text, today)


async def read_birthdays(kit: PageKit, today: date, max_days_late: int) -> list[BirthdayCard]:
    """Every card of the list with ``days_ago <= max_days_late``, each person once.

    All cards are read in one evaluation in the page; a card that CSS cannot read
    completely is read again on its own, with the role/label/text fallbacks.
    """
    cards = await open_birthdays(kit)
    if cards is None:
        return []
    await load_all(kit, cards)
    rows = await kit.engine.extract(cards, CARD_FIELDS)
    found: dict[str, BirthdayCard] = {}
    slow = 0
    for index, row in enumerate(rows):
        name, when_text = normalized(row["name"]), normalized(row["when"])
        if row["href"] and name and when_text:
            card = _card(kit, row["href"], name, when_text, today)
        else:
            slow += 1
            card = await read_card(kit, cards.nth(index), today)
        if card is not None and card.days_ago <= max_days_late:
            found.setdefault(card.public_id, card)
    log.info(
        "birthdays.read",
        cards=len(rows),
        kept=len(found),
        read_one_by_one=slow,
        max_days_late=max_days_late,
    )
    return list(found.values())
