"""The feed: where the driver proves the saved session still signs us in."""

from __future__ import annotations

import asyncio
import time

from linkedin_bot.core.errors import ElementNotFound, PageFailed
from linkedin_bot.linkedin.pages.base import PageKit
from linkedin_bot.linkedin.selectors import SIGNED_IN_NAV_JS

FEED_PATH = "/feed/"
POLL_S = 0.05


async def _signed_in(kit: PageKit) -> bool:
    """What the reference calls robust first: a navigation landmark linking the feed, the
    network and messaging (no id, no label needed); then the known markers (global nav,
    own photo, search box, the "Me" menu naming the member)."""
    if await kit.page.evaluate(SIGNED_IN_NAV_JS):
        return True
    return await kit.engine.find("nav.signed_in", timeout_s=0) is not None


async def validate_session(kit: PageKit) -> None:
    """Open the feed and find a signed-in marker.

    A login redirect raises :class:`SessionExpired`, a checkpoint or 999
    :class:`AccountRestricted` (both from :meth:`PageKit.goto`); a feed without any
    signed-in marker raises :class:`ElementNotFound`.
    """
    status = await kit.goto(FEED_PATH)
    if status >= 400:
        raise PageFailed(f"the feed answered HTTP {status}", url=kit.page.url, status=status)
    deadline = time.monotonic() + kit.timeouts.element_s
    while not await _signed_in(kit):
        kit.check_signals()
        if time.monotonic() >= deadline:
            raise ElementNotFound(
                "no signed-in navigation on the feed (links to the feed, network and"
                " messaging, or LinkedIn's known markers)",
                element="nav.signed_in",
                url=kit.page.url,
            )
        await asyncio.sleep(POLL_S)
