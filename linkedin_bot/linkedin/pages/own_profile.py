"""The member's own profile, read from the signed-in page open now (the feed).

LinkedIn's top bar holds the member's "Me" control, whose menu links their own profile
(``/in/<slug>/``): on classic pages inside ``#global-nav``, on server-driven pages inside a
``<nav>`` with no id, the menu a ``role=menu`` (see ``reference/linkedin-pages.md``). The
link is looked for by place and target, never by class name: first in the page as it is,
then once the Me control is opened. Nothing is requested but what opening a menu asks for.
"""

from __future__ import annotations

import re

from playwright.async_api import Error as PlaywrightError

from linkedin_bot.core.errors import InvalidInput
from linkedin_bot.linkedin.browser_errors import browser_error
from linkedin_bot.linkedin.pages.base import PageKit

# Profile links in the top bar and its menus, menu first (the Me menu's "View profile").
_PROFILE_LINKS = """() => {
  const scopes = ['[role=menu]', 'header', 'nav', '[role=banner]', '[role=navigation]'];
  const found = [];
  for (const scope of scopes) {
    for (const root of document.querySelectorAll(scope)) {
      for (const link of root.querySelectorAll('a[href*="/in/"]')) {
        found.push(link.getAttribute('href'));
      }
    }
  }
  return found;
}"""
# The Me control: "Me", "Me, <name>", "Vous" (its name may also hold the member's photo).
_ME_CONTROL = re.compile(r"(^|[\s,])(me|vous)([\s,▾]|$)", re.IGNORECASE)


async def _linked_profile(kit: PageKit) -> str | None:
    hrefs: list[str | None] = await kit.page.evaluate(_PROFILE_LINKS)
    for href in hrefs:
        if not href:
            continue
        try:
            return kit.public_id_of(href)
        except InvalidInput:
            continue
    return None


async def own_profile_id(kit: PageKit) -> str | None:
    """The member's public id from the signed-in page open now, None if no link to it
    shows (even with the Me menu opened)."""
    try:
        found = await _linked_profile(kit)
        if found is not None:
            return found
        me = kit.page.get_by_role("button", name=_ME_CONTROL)
        if await me.count() == 0:
            return None
        await me.first.click(timeout=kit.timeouts.present_s * 1000)
        kit.check_signals()
        return await _linked_profile(kit)
    except PlaywrightError as exc:
        raise browser_error(exc, action="find the member's profile") from exc
