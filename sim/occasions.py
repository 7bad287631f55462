"""What the catch-up pages list: one occasion per person (birthdays now; work
anniversaries and job changes share the same shape), newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from sim.birthdays import WINDOW_DAYS, birthday_cards
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


FINDERS = {"birthday": birthdays}


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
