"""Which connections appear on the birthdays list, newest first, and their 'when' line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sim import i18n
from sim.data import Person

WINDOW_DAYS = 10


@dataclass(frozen=True)
class BirthdayCard:
    person: Person
    days_ago: int
    occurred_on: date


def _occurrence(birthday: date, year: int) -> date:
    """The birthday in `year`; 29 February falls on the 28th in common years."""
    try:
        return birthday.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def days_since_birthday(birthday: date, today: date) -> int:
    """Days since the most recent occurrence of `birthday` (0 = today)."""
    this_year = _occurrence(birthday, today.year)
    if this_year > today:
        this_year = _occurrence(birthday, today.year - 1)
    return (today - this_year).days


def birthday_cards(
    connections: list[Person], today: date, window: int = WINDOW_DAYS
) -> list[BirthdayCard]:
    """Connections whose birthday is today or within the last `window` days, newest first."""
    cards = []
    for person in connections:
        if person.birthday is None or not person.is_connection:
            continue
        ago = days_since_birthday(person.birthday, today)
        if ago <= window:
            occurred = date.fromordinal(today.toordinal() - ago)
            cards.append(BirthdayCard(person, ago, occurred))
    cards.sort(key=lambda c: (c.days_ago, c.person.last_name, c.person.first_name, c.person.slug))
    return cards


def when_label(card: BirthdayCard, lang: str) -> str:
    if card.days_ago == 0:
        return i18n.LABELS[lang]["birthday_today"]
    if card.days_ago == 1:
        return i18n.LABELS[lang]["yesterday"]
    return i18n.day_month(card.occurred_on, lang)
