"""A contact's language from what they wrote: French or English when their messages say so
clearly, nothing when too short, ambiguous, or in a language we have no templates for."""

from __future__ import annotations

import pytest

from linkedin_bot.services.language import detect_locale

LOCALES = ("en", "fr")


@pytest.mark.parametrize(
    ("texts", "locale"),
    [
        (["Merci beaucoup ! Oui ça va très bien, et toi ?"], "fr"),
        (["Thanks a lot, all good here. How are you doing?"], "en"),
        (["Ok", "Merci pour ton message, à bientôt j'espère"], "fr"),
        (["Ok"], None),  # too short to tell
        (["😀👍🎉"], None),
        (["Danke schön, alles gut bei mir, und dir?"], None),  # no German templates
    ],
)
def test_the_language_they_write_in(texts: list[str], locale: str | None) -> None:
    """Their own messages tell their language among the template locales; a short or
    foreign text tells nothing (the default locale is used)."""
    assert detect_locale(texts, LOCALES) == locale


def test_one_locale_leaves_nothing_to_detect() -> None:
    """With templates in one language only there is nothing to choose: nothing is stored."""
    assert detect_locale(["Merci beaucoup, à bientôt !"], ["en"]) is None
