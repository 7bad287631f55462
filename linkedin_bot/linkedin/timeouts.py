"""How long the driver waits for LinkedIn, in one place (tests pass shorter ones)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Timeouts:
    """Bounds on every wait; a Pi on a home connection needs the generous defaults."""

    navigation_ms: float = 45_000  # a page load, redirects included
    element_s: float = 15.0  # an element of a page that is still rendering
    present_s: float = 2.0  # an element inside something already on the page
    verify_s: float = 10.0  # a sent message appearing in the conversation
    lazy_idle_s: float = 3.0  # no new cards for this long after a scroll: the list is done
    max_scrolls: int = 80  # bound on lazy loading (about 800 cards)


FAST_TIMEOUTS = Timeouts(
    navigation_ms=15_000, element_s=5.0, present_s=1.0, verify_s=5.0, lazy_idle_s=1.0
)
"""For a local simulator: the same logic, shorter waits."""
