"""People named in the wild, grouped positions and seeded conversations (the data)."""

from __future__ import annotations

import random
from datetime import date

import pytest

from sim.birthdays import birthday_cards
from sim.data import Person, generate_people, person_from_dict, person_to_dict
from sim.wild import STYLES, apply_style
from sim.wild_names import PLAIN_SURNAMES

TODAY = date(2025, 10, 24)


def celebrated(people: list[Person]) -> list[Person]:
    cards = birthday_cards([p for p in people if p.is_connection], TODAY)
    return [card.person for card in cards]


@pytest.mark.parametrize("seed", [1, 7, 11])
def test_every_birthday_person_has_a_greeting_by_default(seed: int) -> None:
    """By default every person on the birthdays list can be greeted by a first name, so a
    campaign can deliver every wish; their displayed names are a mix, not all plain."""
    people = generate_people(seed, today=TODAY, connections=40, birthdays_today=8, birthdays_late=4)
    listed = celebrated(people)
    assert len(listed) == 12
    assert all(p.greeting for p in listed)
    assert sum(p.display_name != p.full_name for p in listed) >= 8


def test_unnamed_birthdays_switch() -> None:
    """`unnamed_birthdays=2`: two of today's birthdays display no usable first name
    ("J. Smith", "Dr. Smith") and have no greeting; the others still have one."""
    people = generate_people(3, today=TODAY, birthdays_today=5, unnamed_birthdays=2)
    today_people = [c.person for c in birthday_cards(people, TODAY) if c.days_ago == 0]
    unnamed = [p for p in today_people if p.greeting is None]
    assert len(unnamed) == 2
    assert all(p.first_name not in p.display_name for p in unnamed)
    with pytest.raises(ValueError, match="unnamed"):
        generate_people(3, today=TODAY, birthdays_today=1, unnamed_birthdays=2)


def test_names_in_the_wild_are_all_there() -> None:
    """A large seeded network holds emoji, all caps, titles, suffixes, particles, single
    names, initials and non-Latin scripts; slugs stay ASCII and unique."""
    people = generate_people(5, today=TODAY, connections=300, prospects=300)
    shown = [p.display_name for p in people]
    assert any("🔥" in n or "✨" in n or "🌍" in n for n in shown)
    assert any(n.split()[-1].isupper() and len(n.split()[-1]) > 2 for n in shown)
    assert any(n.startswith(("Dr. ", "Prof. ", "Me ")) for n in shown)
    assert any(n.endswith((", PhD", " MBA", ", CFA", "(she/her)", "(he/him)")) for n in shown)
    assert any(" van der " in n or " de la " in n or " von " in n for n in shown)
    assert any("李" in n or "王" in n or "张" in n for n in shown)
    assert any(any("Ѐ" <= ch <= "ӿ" for ch in n) for n in shown)
    assert any(p.greeting is None for p in people)
    slugs = [p.slug for p in people]
    assert len(set(slugs)) == len(slugs)
    assert all(s.isascii() for s in slugs)


@pytest.mark.parametrize(
    ("style", "first", "last", "shown", "greeting"),
    [
        ("all_caps", "Jean", "Dupont", "JEAN DUPONT", "Jean"),
        ("caps_last", "Philippe", "Gaudet", "Philippe GAUDET", "Philippe"),
        ("single", "Agnieszka", "Wójcik", "Agnieszka", "Agnieszka"),
        ("initials", "Jean-Luc", "Smith", "J.-L. ", None),
        ("title_surname", "Anna", "Schmidt", "", None),
    ],
)
def test_styles_keep_the_true_greeting(
    style: str, first: str, last: str, shown: str, greeting: str | None
) -> None:
    """Each style changes what is displayed, and `greeting` stays what a human would use;
    names that tell no first name take a surname that is not also a given name."""
    person = Person(slug="x-1", first_name=first, last_name=last)
    apply_style(person, style, random.Random(1))
    if greeting is None:
        assert person.last_name in PLAIN_SURNAMES
        assert person.display_name.startswith(shown)
        assert person.display_name.endswith(person.last_name)
        assert first not in person.display_name
    else:
        assert person.display_name == shown
    assert person.greeting == greeting


def test_every_style_is_known_and_decorations_keep_the_greeting() -> None:
    """Emoji, titles and suffixes decorate the name; the greeting is the plain first name."""
    for style in ("emoji", "title", "suffix", "emoji_caps"):
        person = Person(slug="anna-schmidt-1", first_name="Anna", last_name="Schmidt")
        apply_style(person, style, random.Random(3))
        assert person.display_name != "Anna Schmidt"
        assert person.greeting == "Anna"
    assert set(STYLES) >= {"non_latin", "particle", "title_surname", "plain"}


def test_grouped_positions_and_histories_are_seeded() -> None:
    """Some people held several positions in a row at one company (LinkedIn groups them);
    some connections have earlier messages from both sides; positions carry descriptions
    and skills."""
    people = generate_people(2, today=TODAY, connections=60, prospects=20)
    assert any(
        len(p.experience) > 1 and p.experience[0].company == p.experience[1].company for p in people
    )
    histories = [p.history for p in people if p.history]
    assert histories
    assert any(m.from_member for h in histories for m in h)
    assert any(not m.from_member for h in histories for m in h)
    assert all(m.sent_on < TODAY for h in histories for m in h)
    assert not any(p.history for p in people if not p.is_connection)
    assert any(e.description for p in people for e in p.experience)
    assert any(e.skills for p in people for e in p.experience)


def test_new_fields_survive_the_json_form() -> None:
    """display_name, greeting (None too), pronouns, history and position details survive
    the control API's JSON form."""
    people = generate_people(4, today=TODAY, connections=30, birthdays_today=3, unnamed_birthdays=1)
    for person in people:
        assert person_from_dict(person_to_dict(person)) == person


def test_work_anniversaries_and_job_changes_are_seeded() -> None:
    """After the birthdays come two work anniversaries and two job changes by default
    (today first, then late ones), each person with a greeting name; the counts can be set."""
    from sim.occasions import occasions  # noqa: PLC0415

    people = generate_people(6, today=TODAY, connections=40, birthdays_today=3, birthdays_late=2)
    connections = [p for p in people if p.is_connection]
    found = occasions(connections, TODAY, ("work_anniversary", "job_change"))
    assert sorted(o.kind for o in found) == ["job_change"] * 2 + ["work_anniversary"] * 2
    assert all(o.person.greeting for o in found)
    assert {o.days_ago for o in found if o.kind == "work_anniversary"} == {0, 4}
    assert all(o.years and o.years >= 1 for o in found if o.kind == "work_anniversary")
    for o in found:
        ends = [e.end for e in o.person.experience[1:]]
        assert all(end is not None and end <= o.person.experience[0].start for end in ends[:1])
    none = generate_people(6, today=TODAY, connections=40, work_anniversaries=0, job_changes=0)
    quiet = [p for p in none if p.is_connection]
    assert occasions(quiet, TODAY, ("job_change",)) == []
