"""The feed: where the driver proves the saved session still signs us in."""

from __future__ import annotations

from linkedin_bot.core.errors import PageFailed
from linkedin_bot.linkedin.pages.base import PageKit

FEED_PATH = "/feed/"


async def validate_session(kit: PageKit) -> None:
    """Open the feed and find a signed-in marker (global nav, own photo, search box).

    A login redirect raises :class:`SessionExpired`, a checkpoint or 999
    :class:`AccountRestricted` (both from :meth:`PageKit.goto`); a feed without any
    signed-in marker raises :class:`ElementNotFound`.
    """
    status = await kit.goto(FEED_PATH)
    if status >= 400:
        raise PageFailed(f"the feed answered HTTP {status}", url=kit.page.url, status=status)
    await kit.engine.require("nav.signed_in", timeout_s=kit.timeouts.element_s)
