"""What the catch-up pages list: one occasion per person (birthdays now; work
anniversaries and job changes share the same shape), newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from sim.birthdays import WINDOW_DAYS, birthday_cards, days_since_birthday
from sim.data import Person

Kind = Literal["birthday", "work_anniversary", "job_change"]

# The catch-up URL segment of each kind (`/mynetwork/catch-up/<segment>/`).
SEGMENTS: dict[str, Kind] = {
    "birthday": "birthday",
    "work_anniversaries": "work_anniversary",
    "job_changes": "job_change",
}
ALL_SEGMENT = "all"


@dataclass(frozen=True)
class Occasion:
    kind: Kind
    person: Person
    days_ago: int
    occurred_on: date
    years: int | None = None  # work anniversaries: how many years
    company: str = ""  # work anniversaries and job changes
    title: str = ""  # job changes: the new title


def birthdays(connections: list[Person], today: date) -> list[Occasion]:
    return [
        Occasion("birthday", card.person, card.days_ago, card.occurred_on)
        for card in birthday_cards(connections, today, WINDOW_DAYS)
    ]


def work_anniversaries(connections: list[Person], today: date) -> list[Occasion]:
    """A current position that started one or more whole years ago, within the window."""
    found = []
    for person in connections:
        current = next((e for e in person.experience if e.end is None), None)
        if current is None:
            continue
        ago = days_since_birthday(current.start, today)
        occurred = date.fromordinal(today.toordinal() - ago)
        years = occurred.year - current.start.year
        if ago <= WINDOW_DAYS and years >= 1:
            found.append(
                Occasion("work_anniversary", person, ago, occurred, years, current.company)
            )
    return found


def job_changes(connections: list[Person], today: date) -> list[Occasion]:
    """A position started within the window, after another one."""
    found = []
    for person in connections:
        current = person.experience[0] if person.experience else None
        if current is None or current.end is not None or len(person.experience) < 2:
            continue
        ago = (today - current.start).days
        if 0 <= ago <= WINDOW_DAYS:
            found.append(
                Occasion(
                    "job_change", person, ago, current.start, None, current.company, current.title
                )
            )
    return found


FINDERS = {
    "birthday": birthdays,
    "work_anniversary": work_anniversaries,
    "job_change": job_changes,
}


def occasions(connections: list[Person], today: date, kinds: tuple[Kind, ...]) -> list[Occasion]:
    """Occasions of `kinds`, newest first, then by name (stable across requests)."""
    found = [o for kind in kinds if kind in FINDERS for o in FINDERS[kind](connections, today)]
    found.sort(key=lambda o: (o.days_ago, o.person.last_name, o.person.first_name, o.kind))
    return found


def kinds_of(segment: str) -> tuple[Kind, ...] | None:
    """The kinds a catch-up URL segment lists (`all`: every kind); None if unknown."""
    if segment == ALL_SEGMENT:
        return tuple(SEGMENTS.values())
    kind = SEGMENTS.get(segment)
    return (kind,) if kind else None
