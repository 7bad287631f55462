"""A catch-up card's words read right: the occasion, its day, and a name never taken from
an alternative text or a presence line. Plain functions, no browser."""

from __future__ import annotations

from datetime import date

import pytest

from linkedin_bot.linkedin.pages.card_text import (
    Block,
    choose_name,
    find_occasion,
    name_in_label,
    parse_occasion,
)

TODAY = date(2025, 10, 24)


@pytest.mark.parametrize(
    ("text", "kind", "days", "years", "company", "title"),
    [
        ("It\u2019s Anna Schmidt\u2019s birthday today", "birthday", 0, None, None, None),
        ("Anna\u2019s birthday was yesterday", "birthday", 1, None, None, None),
        ("Anna\u2019s birthday was 4 days ago", "birthday", 4, None, None, None),
        ("Anna celebrated a birthday on Oct 17", "birthday", 7, None, None, None),
        (
            "C\u2019est l\u2019anniversaire d\u2019Anna aujourd\u2019hui",
            "birthday",
            0,
            None,
            None,
            None,
        ),
        ("L'anniversaire d'Anna était il y a 3 jours", "birthday", 3, None, None, None),
        ("L'anniversaire d'Anna était le 17 oct.", "birthday", 7, None, None, None),
        ("Yesterday", "birthday", 1, None, None, None),
        ("Oct 22", "birthday", 2, None, None, None),
        ("Celebrating 5 years at Acme", "work_anniversary", 0, 5, "Acme", None),
        ("Celebrated 1 year at Today Inc yesterday", "work_anniversary", 1, 1, "Today Inc", None),
        ("A fêté ses 3 ans chez Dupont SA le 20 oct.", "work_anniversary", 4, 3, "Dupont SA", None),
        ("Started a new position as CTO at Acme", "job_change", 0, None, "Acme", "CTO"),
        (
            "A commencé un nouveau poste de Directrice technique chez Acme il y a 2 jours",
            "job_change",
            2,
            None,
            "Acme",
            "Directrice technique",
        ),
    ],
)
def test_occasion_sentences_in_english_and_french(
    text: str, kind: str, days: int, years: int | None, company: str | None, title: str | None
) -> None:
    """Each sentence gives its kind, its day (today, yesterday, N days ago, a date), and for
    work anniversaries and new jobs the years, company and title."""
    occasion = parse_occasion(text, TODAY, "birthday")
    assert occasion is not None
    assert (occasion.kind, occasion.days_ago, occasion.years) == (kind, days, years)
    assert (occasion.company, occasion.title) == (company, title)


def test_a_headline_is_no_occasion() -> None:
    """A line with no occasion and no day is not one (a birthday needs its day)."""
    assert parse_occasion("Software engineer at Acme", TODAY, "birthday") is None
    assert parse_occasion("Birthday party planner", TODAY, "birthday") is None


def test_the_name_is_the_visible_one_an_alt_text_only_witnesses() -> None:
    """The photo's alt ("Photo de profil de X") and the Message label confirm which block
    is the name; the headline, the occasion sentence and the action text never are."""
    blocks = [
        Block("Head of Data at Acme"),
        Block("🔥 Nicolas Martin 🚀"),
        Block("It's 🔥 Nicolas Martin 🚀's birthday today", strong="today"),
        Block("Message", action=True),
    ]
    found = find_occasion(blocks, TODAY, "birthday")
    assert found is not None
    assert found[0] == 2
    name = choose_name(blocks, found[0], ["Photo de profil de 🔥 Nicolas Martin 🚀"], [])
    assert name == "🔥 Nicolas Martin 🚀"


def test_no_visible_name_is_no_name() -> None:
    """A card whose only name is in an alt text or a label has no name (the card is not
    read, the page is reported changed): a name is never taken from a photo."""
    blocks = [Block("It's Anna's birthday today", strong="today"), Block("Message", action=True)]
    found = find_occasion(blocks, TODAY, "birthday")
    assert choose_name(blocks, found[0] if found else None, ["Anna's profile picture"], []) == ""


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("Send message to Anna Schmidt", "Anna Schmidt"),
        ("Send message to Anna Schmidt: Happy birthday, Anna!", "Anna Schmidt"),
        ("Envoyer un message à Jean Dupont : Joyeux anniversaire !", "Jean Dupont"),
        ("Message Anna", "Anna"),
        ("Message", None),
    ],
)
def test_name_in_a_message_label(label: str, name: str | None) -> None:
    """The person a Message action's label names, without LinkedIn's appended greeting."""
    assert name_in_label(label) == name
