"""Pop-ups LinkedIn shows on arrival: premium upsell, cookie consent, notifications prompt.

They cover the buttons the driver needs. Each is looked for once, without waiting (a
person would not wait for a pop-up either), and dismissed when present; each is its own
element so the selector engine learns their selectors separately.
"""

from __future__ import annotations

from playwright.async_api import Error as PlaywrightError

from linkedin_bot.core.logging import get_logger
from linkedin_bot.linkedin.selector_engine import SelectorEngine

POPUP_ELEMENTS = ("popup.upsell_dismiss", "popup.cookie_consent", "popup.notifications_dismiss")
CLICK_TIMEOUT_MS = 2_000
log = get_logger(__name__)


async def dismiss_popups(engine: SelectorEngine) -> int:
    """Dismiss the pop-ups present right now; how many were dismissed."""
    dismissed = 0
    for element in POPUP_ELEMENTS:
        found = await engine.find(element, timeout_s=0)
        if found is None:
            continue
        try:
            await found.locator.first.click(timeout=CLICK_TIMEOUT_MS)
        except PlaywrightError as exc:  # gone by itself meanwhile: nothing to dismiss
            log.info("popup.dismiss_failed", element=element, error=str(exc).splitlines()[0])
            continue
        dismissed += 1
        log.info("popup.dismissed", element=element)
    return dismissed
