"""Generated people and the formats the pages use."""
# ruff: noqa: RUF001  -- typographic apostrophes and dashes are what LinkedIn shows

from __future__ import annotations

from datetime import date

import pytest

from sim.birthdays import birthday_cards, days_since_birthday
from sim.data import Person, generate_people, person_from_dict, person_to_dict
from sim.i18n import date_range, day_month

TODAY = date(2025, 10, 24)


def test_same_seed_gives_same_people() -> None:
    """Generation is deterministic for a seed and differs between seeds."""
    first = [person_to_dict(p) for p in generate_people(3, today=TODAY)]
    again = [person_to_dict(p) for p in generate_people(3, today=TODAY)]
    other = [person_to_dict(p) for p in generate_people(4, today=TODAY)]
    assert first == again
    assert first != other


@pytest.mark.parametrize("today", [TODAY, date(2024, 2, 29), date(2025, 1, 3), date(2025, 12, 31)])
def test_exact_birthday_counts(today: date) -> None:
    """Exactly N birthdays today, M late (1..10 days), and nobody else within ±15 days."""
    people = generate_people(11, today=today, connections=60, birthdays_today=6, birthdays_late=4)
    connections = [p for p in people if p.is_connection]
    assert len(connections) == 60
    assert len(people) == 160
    cards = birthday_cards(connections, today)
    assert sum(c.days_ago == 0 for c in cards) == 6
    assert sum(1 <= c.days_ago <= 10 for c in cards) == 4
    listed = {c.person.slug for c in cards}
    for person in connections:
        if person.slug not in listed and person.birthday is not None:
            ago = days_since_birthday(person.birthday, today)
            assert 15 < ago < 350
    assert [c.days_ago for c in cards] == sorted(c.days_ago for c in cards)


def test_late_birthdays_are_spread() -> None:
    """Late birthdays are spread over the window rather than piled on one day."""
    people = generate_people(1, today=TODAY, birthdays_late=3, max_days_late=10)
    cards = birthday_cards([p for p in people if p.is_connection], TODAY)
    assert sorted({c.days_ago for c in cards if c.days_ago}) == [1, 4, 7]


def test_names_come_from_many_languages() -> None:
    """Names include diacritics, apostrophes and hyphens; slugs stay ASCII and unique."""
    people = generate_people(5, today=TODAY, connections=200, prospects=300)
    names = " ".join(p.full_name for p in people)
    assert any(ch in names for ch in "éüłąōÖ")
    assert "'" in names
    assert "-" in names
    slugs = [p.slug for p in people]
    assert len(set(slugs)) == len(slugs)
    assert all(s.isascii() for s in slugs)
    assert not any(p.is_connection for p in people[200:])


def test_person_dict_round_trip() -> None:
    """A person survives the JSON form used by the control API."""
    person = generate_people(2, today=TODAY, connections=1, birthdays_today=1, birthdays_late=0)[0]
    raw = person_to_dict(person)
    assert raw["full_name"] == person.full_name
    assert person_from_dict(raw) == person


def test_person_by_hand_needs_few_fields() -> None:
    """Tests can build a Person with just a slug and a name."""
    person = Person("zoe-obrien", "Zoë", "O'Brien")
    assert person.full_name == "Zoë O'Brien"
    assert person.is_connection
    assert person.skills == []


def test_date_formats_in_both_languages() -> None:
    """Experience ranges and 'when' dates read like LinkedIn's in English and French."""
    today = date(2024, 2, 15)
    assert date_range(date(2019, 1, 1), None, today, "en") == "Jan 2019 - Present · 5 yrs 2 mos"
    assert (
        date_range(date(2019, 1, 1), None, today, "fr") == "janv. 2019 - aujourd’hui · 5 ans 2 mois"
    )
    assert (
        date_range(date(2023, 1, 1), date(2023, 12, 1), today, "en") == "Jan 2023 - Dec 2023 · 1 yr"
    )
    assert day_month(date(2025, 10, 24), "en") == "Oct 24"
    assert day_month(date(2025, 10, 24), "fr") == "24 oct."
