"""Lazy-loaded lists (birthdays, search results): scroll until no more items arrive.

LinkedIn loads long lists in batches as the user scrolls. The end of a list is where, twice
in a row, a scroll brings nothing new and no loader is busy; while a loader shows, the page
is still loading and we wait for it (bounded), so a slow network or a loaded Pi does not
cut the list short.
"""

from __future__ import annotations

import asyncio
import time

from playwright.async_api import Locator

from linkedin_bot.core.logging import get_logger
from linkedin_bot.linkedin.pages.base import PageKit

log = get_logger(__name__)
POLL_S = 0.05
BUSY_SELECTOR = '[aria-busy="true"]'  # LinkedIn's loaders say they are busy
# Nothing new after this many scrolls in a row (each waiting lazy_idle_s with no loader in
# sight): the list is complete.
QUIET_ROUNDS = 2


async def _wait_for_more(kit: PageKit, cards: Locator, seen: int) -> int:
    """The card count once more cards arrived, or ``seen`` when loading has stopped.

    While the page shows a busy loader, it is still loading: we wait for it (a slow
    network or a loaded Pi must not cut the list short), up to the element timeout. With no
    loader in sight, a short quiet period means the list is complete.
    """
    started = time.monotonic()
    while True:
        count = await cards.count()
        if count > seen:
            return count
        waited = time.monotonic() - started
        busy = await kit.page.locator(BUSY_SELECTOR).filter(visible=True).count()
        if busy == 0 and waited >= kit.timeouts.lazy_idle_s:
            return seen
        if waited >= max(kit.timeouts.lazy_idle_s, kit.timeouts.element_s):
            log.warning("lazy_list.loader_stuck", cards=seen, waited_s=round(waited, 1))
            return seen
        await asyncio.sleep(POLL_S)


async def load_all(kit: PageKit, cards: Locator) -> int:
    """Scroll until lazy loading stops (at most ``max_scrolls`` times); the card count."""
    count = await cards.count()
    quiet_rounds = 0
    for _ in range(kit.timeouts.max_scrolls):
        await cards.nth(count - 1).scroll_into_view_if_needed()
        await kit.page.mouse.wheel(0, 2_000)
        await kit.pacing.scroll_pause()
        more = await _wait_for_more(kit, cards, count)
        kit.check_signals()
        if more > count:
            count, quiet_rounds = more, 0
            continue
        # A slow page may start loading only after our wait: one more scroll confirms.
        quiet_rounds += 1
        if quiet_rounds >= QUIET_ROUNDS:
            return count
    log.warning("lazy_list.scroll_limit", cards=count, scrolls=kit.timeouts.max_scrolls)
    return count
