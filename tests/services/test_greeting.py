"""Whom a birthday wish greets: a real first name, agreed on by what we know, or nobody."""

from __future__ import annotations

import pytest

from linkedin_bot.linkedin.types import BirthdayCard
from linkedin_bot.services.birthday_send import greeting_for


def _card(name: str) -> BirthdayCard:
    return BirthdayCard("p", "https://www.linkedin.com/in/p/", name, 0, "today")


@pytest.mark.parametrize(
    ("shown", "greeting"),
    [
        ("🔥 Nicolas Martin 🚀", "Nicolas"),
        ("Dr. Anna Schmidt, PhD", "Anna"),
        ("JEAN DUPONT", "Jean"),
        ("Philippe GAUDET", "Philippe"),
        ("李明", "李明"),
        ("Photo", None),
        ("Status is online", None),
        ("J. Smith", None),
        ("🔥", None),
    ],
)
def test_the_card_name_gives_the_greeting_or_nothing(shown: str, greeting: str | None) -> None:
    """From the name LinkedIn shows, the greeting is a real first name; a UI word, an emoji
    or an initial greets nobody (the contact is skipped as name_uncertain)."""
    assert greeting_for({"first_name": ""}, _card(shown)) == greeting


def test_a_known_first_name_must_agree_with_linkedin() -> None:
    """A first name from the user's own export is used when LinkedIn shows the same person;
    when the two disagree, nobody is greeted (we cannot tell which is right)."""
    assert greeting_for({"first_name": "JEAN"}, _card("Jean Dupont")) == "Jean"
    assert greeting_for({"first_name": "Jean-Luc"}, _card("🔥 Jean-Luc Picard")) == "Jean-Luc"
    assert greeting_for({"first_name": "Robert"}, _card("Maria Lopez")) is None
    assert greeting_for({"first_name": "Jean"}, _card("Photo")) is None
