"""The catch-up lists: birthdays, work anniversaries and new jobs, read card by card.

LinkedIn lists them at ``/mynetwork/catch-up/<birthday|work_anniversaries|job_changes>/``
(birthdays also at an older celebrations URL). A list shows a first batch, then a "Show
more" button (or, on older pages, loads more as it is scrolled), and renders some cards
only once they scroll into view (busy placeholders). The reader loads every card, then
reads them all in one evaluation in the page: each card's ``/in/`` link (a member-id link
is resolved as the site resolves it, by its redirect), its visible text blocks, alternative
texts and Message action; ``card_text.py`` decides the name and the occasion.

**Drift canary** (DESIGN 4b): before anything is sent, what was read must be coherent:
every card has a person link, a name and an occasion, and an empty list is only "nobody
today" when the page says so. Otherwise :class:`PageChanged` stops the run.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from playwright.async_api import Locator

from linkedin_bot.core.errors import InvalidInput, PageChanged, PageFailed
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.metrics import PAGE_CHANGED
from linkedin_bot.core.profiles import canonical_profile_url
from linkedin_bot.linkedin.pages.base import PageKit
from linkedin_bot.linkedin.pages.card_text import Block, choose_name, find_occasion
from linkedin_bot.linkedin.pages.dom_text import VISIBLE_TEXT_JS
from linkedin_bot.linkedin.pages.lazy import load_all
from linkedin_bot.linkedin.selectors import COMPOSE_LINK, MESSAGE_ACTION_PATTERN
from linkedin_bot.linkedin.signals import check_status
from linkedin_bot.linkedin.types import BirthdayCard, MessageAction, OccasionCard, OccasionKind

CATCH_UP_PATHS: dict[OccasionKind, tuple[str, ...]] = {
    "birthday": (
        "/mynetwork/catch-up/birthday/",
        "/mynetwork/invite-connect/celebrations/birthdays/",
    ),
    "work_anniversary": ("/mynetwork/catch-up/work_anniversaries/",),
    "job_change": ("/mynetwork/catch-up/job_changes/",),
}
CATCH_UP_PREFIXES = ("/mynetwork/catch-up/", "/mynetwork/invite-connect/celebrations/")
POLL_S = 0.05
PLACEHOLDERS = 'main [aria-busy="true"]'  # cards (or a loader) not rendered yet
MEMBER_ID = re.compile(r"^ACo[A-Za-z0-9_-]{10,}$")  # /in/ACoAA.../ links name no slug
log = get_logger(__name__)

_CARDS_JS = (
    "(cards, [composeLink, actionPattern]) => {"
    + VISIBLE_TEXT_JS
    + """
  const actionRe = new RegExp(actionPattern, "i");
  const labelOf = (el) => (el.getAttribute("aria-label") || el.innerText || "").trim();
  const isAction = (el) => el.matches(composeLink) || el.matches("button, [role=button]")
    || (el.matches("a[href]") && actionRe.test(labelOf(el)));
  return cards.map((card) => {
    const path = (a) => { try { return new URL(a.href).pathname; } catch (e) { return ""; } };
    const person = Array.from(card.querySelectorAll("a[href]"))
      .find((a) => path(a).startsWith("/in/"));
    let action = card.querySelector(composeLink);
    if (!action) {
      action = Array.from(card.querySelectorAll("button, a[href], [role=button]"))
        .find((el) => actionRe.test(labelOf(el)));
    }
    return {
      href: person ? person.getAttribute("href") : null,
      alts: Array.from(card.querySelectorAll("img[alt]")).map((img) => img.alt),
      blocks: blocks(card).map((b) => {
        const control = b.el.closest(INTERACTIVE);
        const action = !!control && card.contains(control) && isAction(control);
        return {text: b.text, strong: b.strong, action: action};
      }),
      action: action ? {
        kind: action.matches("a[href]") ? "link" : "button",
        href: action.getAttribute("href"),
        label: action.getAttribute("aria-label") || "",
      } : null,
    };
  });
}"""
)


# The rendered items of the list a card belongs to (placeholders aside): more of them than
# cards with a profile link means some "cards" name nobody.
_SIBLING_ITEMS_JS = """(card) => Array.from(card.parentElement ? card.parentElement.children : [])
  .filter((el) => el.matches('li, [role="listitem"]') && el.getAttribute("aria-busy") !== "true")
  .length"""


@dataclass(frozen=True)
class _Raw:
    """One card as the page shows it (what the script above returns)."""

    href: str | None
    alts: list[str]
    blocks: list[Block]
    action: MessageAction | None
    action_href: str | None
    action_label: str


def on_catch_up_page(url: str) -> bool:
    return urlsplit(url).path.startswith(CATCH_UP_PREFIXES)


def _changed(kit: PageKit, detail: str, **context: object) -> PageChanged:
    PAGE_CHANGED.labels("catch_up").inc()
    return PageChanged(detail, url=kit.page.url, **context)


async def open_list(kit: PageKit, kind: OccasionKind) -> Locator | None:
    """Open the catch-up list of ``kind``: its cards, or None when the page shows its empty
    state. A page showing neither is a changed page; no page at all, a failed one."""
    loaded = False
    for path in CATCH_UP_PATHS[kind]:
        status = await kit.goto(path)
        if status >= 400:
            log.info("catch_up.path_unavailable", path=path, status=status)
            continue
        loaded = True
        deadline = time.monotonic() + kit.timeouts.element_s
        while time.monotonic() < deadline:
            kit.check_signals()
            cards = await kit.engine.find("birthdays.card", timeout_s=0)
            if cards is not None:
                return cards.locator
            if await kit.engine.find("birthdays.empty_state", timeout_s=0) is not None:
                return None
            await asyncio.sleep(POLL_S)
        log.info("catch_up.no_cards_at", path=path, url=kit.page.url)
    if not loaded:
        raise PageFailed(f"no catch-up page for {kind} could be opened", url=kit.page.url)
    raise _changed(
        kit,
        "the catch-up page shows neither cards nor its empty state: LinkedIn changed it, "
        "nothing was sent",
        kind=kind,
    )


async def _until_more(kit: PageKit, cards: Locator, count: int, waiting: int) -> bool:
    """Wait (bounded) until more cards show or fewer placeholders wait; False if neither."""
    busy = kit.page.locator(PLACEHOLDERS)
    deadline = time.monotonic() + kit.timeouts.element_s
    while time.monotonic() < deadline:
        kit.check_signals()
        if await cards.count() > count or await busy.count() != waiting:
            return True
        await asyncio.sleep(POLL_S)
    return False


async def load_every_card(kit: PageKit, cards: Locator) -> int:
    """Render every card: scroll placeholders into view, click "Show more" until it is
    gone; a list with neither loads as it is scrolled. The number of cards."""
    busy = kit.page.locator(PLACEHOLDERS)
    knows_its_end = False
    for _ in range(kit.timeouts.max_scrolls):
        count, waiting = await cards.count(), await busy.count()
        if waiting:
            knows_its_end = True
            await busy.first.scroll_into_view_if_needed()
            await kit.pacing.scroll_pause()
            if not await _until_more(kit, cards, count, waiting):
                log.warning("catch_up.placeholder_stuck", cards=count, waiting=waiting)
                break
            continue
        more = await kit.engine.find("catch_up.show_more", timeout_s=0)
        if more is None:
            break
        knows_its_end = True
        await kit.pacing.think()
        await more.locator.first.click()
        if not await _until_more(kit, cards, count, waiting):
            log.warning("catch_up.show_more_did_nothing", cards=count)
            break
    if not knows_its_end:
        return await load_all(kit, cards)
    return await cards.count()


def _raw(row: dict[str, Any]) -> _Raw:
    action = row.get("action")
    blocks = [Block(str(b["text"]), str(b["strong"]), bool(b["action"])) for b in row["blocks"]]
    kind: MessageAction | None = None
    href = label = None
    if isinstance(action, dict):
        kind = "link" if action.get("kind") == "link" else "button"
        href, label = action.get("href"), action.get("label")
    return _Raw(
        str(row["href"]) if row.get("href") else None,
        [str(a) for a in row["alts"]],
        blocks,
        kind,
        str(href) if href else None,
        str(label or ""),
    )


def _member_of(href: str | None) -> str | None:
    """The recipient member id of a compose link (``?recipient=ACoAA...``)."""
    if not href or "/messaging/compose" not in href:
        return None
    values = parse_qs(urlsplit(href).query).get("recipient") or []
    return values[0] if values else None


async def person_of(kit: PageKit, href: str) -> str:
    """The public id of a profile link; a member-id link (``/in/ACoAA.../``) is resolved as
    the site does, by the redirect its profile URL answers."""
    path = urlsplit(urljoin(kit.base_url + "/", href)).path
    parts = [p for p in path.split("/") if p]
    if len(parts) < 2 or parts[0] != "in" or not MEMBER_ID.match(parts[1]):
        return kit.public_id_of(href)
    url = f"{kit.base_url}/in/{parts[1]}/"
    response = await kit.page.request.get(url, max_redirects=0)
    check_status(response.status, url)
    location = response.headers.get("location")
    if 300 <= response.status < 400 and location:
        return kit.public_id_of(location)
    return kit.public_id_of(url)


async def read_cards(
    kit: PageKit, cards: Locator, today: date, kind: OccasionKind
) -> list[OccasionCard]:
    """Every card of the list as data; :class:`PageChanged` when one cannot be read."""
    rows = await cards.evaluate_all(_CARDS_JS, [COMPOSE_LINK, MESSAGE_ACTION_PATTERN])
    found: list[OccasionCard] = []
    broken: list[str] = []
    items = await cards.first.evaluate(_SIBLING_ITEMS_JS) if rows else 0
    if items > len(rows):  # items of the same list that hold no profile link at all
        broken.append(f"{items - len(rows)} list item(s) without a profile link")
    for index, raw in enumerate(_raw(row) for row in rows):
        card = await _card(kit, raw, today, kind)
        if isinstance(card, str):
            broken.append(f"card {index + 1}: {card}")
        else:
            found.append(card)
    if broken:
        raise _changed(
            kit,
            f"catch-up cards that do not read as a person's occasion ({'; '.join(broken[:3])}"
            f"{'; ...' if len(broken) > 3 else ''}, {len(rows)} cards): LinkedIn changed the "
            "page, nothing was sent",
            kind=kind,
        )
    return found


async def _card(kit: PageKit, raw: _Raw, today: date, kind: OccasionKind) -> OccasionCard | str:
    """The card, or what is missing from it."""
    if not raw.href:
        return "no profile link"
    try:
        public_id = await person_of(kit, raw.href)
    except InvalidInput as exc:
        return f"unreadable profile link ({exc.detail})"
    found = find_occasion(raw.blocks, today, kind)
    name = choose_name(raw.blocks, found[0] if found else None, raw.alts, [raw.action_label])
    if not name:
        return "no visible name"
    if found is None:
        return "no occasion"
    occasion = found[1]
    made = BirthdayCard if occasion.kind == "birthday" else OccasionCard
    return made(
        public_id=public_id,
        profile_url=canonical_profile_url(public_id, kit.base_url),
        full_name=name,
        days_ago=occasion.days_ago,
        when_text=occasion.text,
        kind=occasion.kind,
        message_action=raw.action,
        member_id=_member_of(raw.action_href),
        years=occasion.years,
        company=occasion.company,
        title=occasion.title,
    )


async def read_occasions(kit: PageKit, kind: OccasionKind, today: date) -> list[OccasionCard]:
    """Every card of the ``kind`` list (all batches), each person once, in page order."""
    cards = await open_list(kit, kind)
    if cards is None:
        log.info("catch_up.empty", kind=kind)
        return []
    await load_every_card(kit, cards)
    found: dict[str, OccasionCard] = {}
    for card in await read_cards(kit, cards, today, kind):
        if card.kind != kind:
            log.warning("catch_up.other_kind", kind=kind, found=card.kind)
            continue
        found.setdefault(card.public_id, card)
    log.info(
        "catch_up.read",
        kind=kind,
        kept=len(found),
        without_message_action=sum(c.message_action is None for c in found.values()),
    )
    return list(found.values())


async def read_birthdays(kit: PageKit, today: date, max_days_late: int) -> list[BirthdayCard]:
    """Today's birthdays and those up to ``max_days_late`` days ago, each person once."""
    cards = await read_occasions(kit, "birthday", today)
    return [c for c in cards if isinstance(c, BirthdayCard) and c.days_ago <= max_days_late]
