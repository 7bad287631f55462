"""Which birthday a card is about, whatever the clock says.

LinkedIn shows a birthday as "today", "yesterday" or a month-day, on LinkedIn's own
calendar; we turn it into a date on the user's calendar (``today - days_ago``). Those two
calendars can disagree by a day (the user's timezone changed, a run near midnight, the
machine's clock moved), so the date read from a card is only *near* the birthday:

- the stored birthday (month, day) is the reference once known: a card a day or two off
  is the same birthday, and does not rewrite it (only a difference of more than
  :data:`SAME_BIRTHDAY_DAYS` means the member changed it on LinkedIn);
- the occurrence a wish belongs to is the stored birthday's occurrence nearest to the date
  read, so a late wish on 2 January for a 30 December birthday belongs to the previous
  year, and a run 25 hours of timezone later finds the same occurrence.

One wish per contact per occurrence is the de-duplication key; on top of it, no second
birthday message to a contact within :data:`MIN_DAYS_BETWEEN_WISHES` days, whatever the key.
"""

from __future__ import annotations

from datetime import date

SAME_BIRTHDAY_DAYS = 3
MIN_DAYS_BETWEEN_WISHES = 300


def occurrence(month: int, day: int, year: int) -> date:
    """The birthday in ``year``; 29 February falls on the 28th in common years."""
    try:
        return date(year, month, day)
    except ValueError:
        if (month, day) != (2, 29):
            raise
        return date(year, 2, 28)


def nearest_occurrence(month: int, day: int, around: date) -> date:
    """The occurrence of (month, day) closest to ``around`` (previous, same or next year)."""
    candidates = [occurrence(month, day, around.year + offset) for offset in (-1, 0, 1)]
    return min(candidates, key=lambda when: abs((when - around).days))


def same_birthday(month: int, day: int, seen: date) -> bool:
    """Whether a birthday read as ``seen`` is the stored (month, day), give or take the
    disagreement of two calendars."""
    near = nearest_occurrence(month, day, seen)
    return abs((near - seen).days) <= SAME_BIRTHDAY_DAYS
