"""A card's "when" line in English and French, turned into days ago."""

from __future__ import annotations

from datetime import date

import pytest

from linkedin_bot.linkedin.when import days_ago, heading_day

TODAY = date(2025, 10, 24)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Birthday today", 0),
        ("Today", 0),
        ("Anniversaire aujourd'hui", 0),
        ("Anniversaire aujourd\u2019hui", 0),
        ("Aujourd'hui", 0),
        ("Yesterday", 1),
        ("Hier", 1),
        ("Oct 24", 0),
        ("Oct 20", 4),
        ("October 14", 10),
        ("24 oct.", 0),
        ("14 oct.", 10),
        ("1er oct.", 23),
        ("3 days ago", 3),
        ("il y a 3 jours", 3),
    ],
)
def test_english_and_french_lines(text: str, expected: int) -> None:
    """Every wording LinkedIn uses maps to the right number of days."""
    assert days_ago(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("Dec 30", date(2026, 1, 2), 3),
        ("30 déc.", date(2026, 1, 2), 3),
        ("Jan 2", date(2026, 1, 2), 0),
        ("févr. 28", date(2025, 3, 1), 1),
        ("Feb 29", date(2025, 3, 1), 1),  # a leap-day birthday falls on the 28th
        ("Feb 29", date(2024, 3, 1), 1),
    ],
)
def test_month_day_across_year_boundary_and_leap_day(text: str, today: date, expected: int) -> None:
    """A month-day without year is its most recent occurrence on or before today."""
    assert days_ago(text, today) == expected


@pytest.mark.parametrize("text", ["", "Say happy birthday", "Foo 12", "31 feb.", "Apr 31"])
def test_unknown_lines_are_none(text: str) -> None:
    """What is not understood is None (the card is skipped and logged), never a guess."""
    assert days_ago(text, TODAY) is None


@pytest.mark.parametrize(
    ("heading", "day"),
    [
        ("Today", date(2026, 11, 29)),
        ("Aujourd\u2019hui", date(2026, 11, 29)),
        ("Yesterday", date(2026, 11, 28)),
        ("Monday", date(2026, 11, 23)),
        ("lundi", date(2026, 11, 23)),
        ("Sunday", date(2026, 11, 22)),  # today is a Sunday: LinkedIn would say "Today"
        ("Nov 3", date(2026, 11, 3)),
        ("Dec 30", date(2025, 12, 30)),
        ("Oct 24, 2024", date(2024, 10, 24)),
        ("24 oct. 2024", date(2024, 10, 24)),
        ("1er févr. 2025", date(2025, 2, 1)),
        ("Not a day", None),
    ],
)
def test_a_conversation_day_heading_is_a_date(heading: str, day: date | None) -> None:
    """The day headings of a conversation, in English and French, relative or full, name
    the day its messages were sent on (what tells this year's wish from last year's)."""
    assert heading_day(heading, date(2026, 11, 29)) == day
