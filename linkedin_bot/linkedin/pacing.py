"""Human pacing: the pauses a person makes, drawn from the settings' ranges.

A person reading a list, typing a message and moving to the next one leaves seconds
between actions and a few hundredths of a second between keystrokes; an account that acts
at machine speed is what LinkedIn restricts. Every pause goes through the injected clock,
so tests move time instead of waiting, and ``pacing_enabled=False`` zeroes all of it.
"""

from __future__ import annotations

import random

from linkedin_bot.core.clock import Clock
from linkedin_bot.core.settings import Settings

THINK_S = (0.6, 2.2)  # reading, moving the mouse to the next button
SCROLL_PAUSE_S = (0.4, 1.3)
TYPING_DELAY_MS = (45.0, 140.0)  # per character; one draw per message keeps a rhythm


class Pacing:
    """Sleeps between actions as a person would; all zero when pacing is disabled."""

    def __init__(self, settings: Settings, clock: Clock, rng: random.Random | None = None) -> None:
        self.enabled = settings.pacing_enabled
        self._min_delay_s = settings.min_delay_s
        self._max_delay_s = settings.max_delay_s
        self._visit_delay_s = (settings.min_visit_delay_s, settings.max_visit_delay_s)
        self._clock = clock
        self._rng = rng or random.Random()  # noqa: S311  (pauses, not secrets)

    def _draw(self, low: float, high: float) -> float:
        return self._rng.uniform(low, high) if self.enabled else 0.0

    async def _sleep(self, seconds: float) -> float:
        if seconds > 0:
            await self._clock.sleep(seconds)
        return seconds

    def message_pause(self) -> float:
        """How long to pause between two messages (``min_delay_s`` .. ``max_delay_s``); the
        run sleeps it itself, so that a stop request can cut it short (``RunHandle.pause``)."""
        return self._draw(self._min_delay_s, self._max_delay_s)

    def visit_pause(self) -> float:
        """How long to pause between two profile visits (``min_visit_delay_s`` .. ``max_...``),
        slept by the run as :meth:`message_pause` is."""
        return self._draw(*self._visit_delay_s)

    async def think(self) -> float:
        """A short pause before an action."""
        return await self._sleep(self._draw(*THINK_S))

    async def scroll_pause(self) -> float:
        """The pause after a scroll, while a person looks at what appeared."""
        return await self._sleep(self._draw(*SCROLL_PAUSE_S))

    def typing_delay_ms(self) -> float:
        """Delay between keystrokes for one message (0 when pacing is disabled)."""
        return self._draw(*TYPING_DELAY_MS)
