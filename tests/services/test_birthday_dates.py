"""Which birthday a card is about, however the user's clock and LinkedIn's disagree."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from linkedin_bot.services.birthday_dates import (
    SAME_BIRTHDAY_DAYS,
    nearest_occurrence,
    occurrence,
    same_birthday,
)
from linkedin_bot.services.birthday_send import dedup_key


def test_a_late_wish_across_new_year_belongs_to_the_previous_year() -> None:
    """A 30 December birthday wished late on 2 January is last year's birthday."""
    assert nearest_occurrence(12, 30, date(2027, 1, 1)) == date(2026, 12, 30)
    assert dedup_key(7, nearest_occurrence(12, 30, date(2027, 1, 2))) == "birthday_message:7:2026"


def test_29_february_in_a_common_year() -> None:
    """A 29 February birthday is celebrated on the 28th in a common year."""
    assert occurrence(2, 29, 2027) == date(2027, 2, 28)
    assert nearest_occurrence(2, 29, date(2028, 3, 1)) == date(2028, 2, 29)


@given(
    birthday=st.dates(min_value=date(1950, 1, 1), max_value=date(2005, 12, 31)),
    year=st.integers(min_value=2024, max_value=2040),
    shift=st.integers(min_value=-2, max_value=2),
)
def test_a_day_or_two_of_clock_disagreement_is_the_same_birthday(
    birthday: date, year: int, shift: int
) -> None:
    """Seen one or two days off (a timezone change, a run near midnight), a birthday is
    the same one, belongs to the same occurrence, and so gets the same de-duplication key:
    25 hours of timezone apart, nobody is wished twice."""
    true_day = occurrence(birthday.month, birthday.day, year)
    seen = true_day + timedelta(days=shift)
    assert same_birthday(birthday.month, birthday.day, seen)
    assert nearest_occurrence(birthday.month, birthday.day, seen) == true_day
    assert dedup_key(1, nearest_occurrence(birthday.month, birthday.day, seen)) == dedup_key(
        1, true_day
    )


def test_a_birthday_changed_on_linkedin_is_a_new_one() -> None:
    """More than a few days off is not a clock disagreement: the member changed it."""
    assert not same_birthday(6, 15, date(2026, 6, 15) + timedelta(days=SAME_BIRTHDAY_DAYS + 1))
    assert not same_birthday(6, 15, date(2026, 9, 1))
