"""Message templates a person can edit: partial files fall back to the packaged ones, a
person is never silently skipped for lack of a fresh template, and the choice is the same
for a dry run and the real run of the day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from linkedin_bot.core.errors import ConfigurationError
from linkedin_bot.services.messages import COMMON_VARIABLES, TemplateBook, render

NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
TWO_YEARS_AGO = NOW - timedelta(days=730)


def _write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(exist_ok=True)
    (directory / name).write_text(text, encoding="utf-8")
    return directory


def test_a_custom_file_may_define_only_birthdays(tmp_path: Path) -> None:
    """A user's fr.toml with only [[birthday]] replaces the packaged French birthday
    templates and keeps the packaged French late ones (it used to be refused)."""
    folder = _write(
        tmp_path / "t", "fr.toml", '[[birthday]]\nid = "mine"\ntext = "Bon anniv {first_name} !"\n'
    )
    book = TemplateBook.load(folder)
    assert [t.id for t in book.for_locale("birthday", "fr")] == ["mine"]
    assert book.for_locale("late", "fr")
    assert all(t.locale == "fr" for t in book.for_locale("late", "fr"))
    assert len(book.for_locale("birthday", "en")) == 4  # other locales untouched


def test_with_one_template_the_person_is_wished_again_next_year(tmp_path: Path) -> None:
    """With a single template and the two-year no-repeat rule, next year's wish reuses it
    (the least recently used) instead of silently skipping the person."""
    folder = _write(
        tmp_path / "t",
        "en.toml",
        '[[birthday]]\nid = "only"\ntext = "Happy birthday {first_name}!"\n',
    )
    book = TemplateBook.load(folder)
    history = {"only": NOW - timedelta(days=365)}
    chosen = book.choose("birthday", "en", history, seed="1:2026-11-29", fresh_after=TWO_YEARS_AGO)
    assert chosen is not None
    assert chosen.id == "only"


def test_fresh_templates_first_then_the_least_recently_used() -> None:
    """A template not sent to the person within the window comes first; when all were,
    the one sent longest ago is chosen."""
    book = TemplateBook.load()
    ids = [t.id for t in book.for_locale("birthday", "en")]
    recent = {i: NOW - timedelta(days=30 + n) for n, i in enumerate(ids[:-1])}
    chosen = book.choose("birthday", "en", recent, seed="s", fresh_after=TWO_YEARS_AGO)
    assert chosen is not None
    assert chosen.id == ids[-1]
    every = {i: NOW - timedelta(days=30 + n) for n, i in enumerate(ids)}
    oldest = book.choose("birthday", "en", every, seed="s", fresh_after=TWO_YEARS_AGO)
    assert oldest is not None
    assert oldest.id == ids[-1]


def test_the_same_occasion_gives_the_same_text() -> None:
    """The choice depends on the contact and the occasion only: a dry run previews exactly
    the template the real run sends that day."""
    book = TemplateBook.load()
    picks = {
        book.choose("birthday", "fr", {}, seed="42:2026-11-29", fresh_after=TWO_YEARS_AGO)
        for _ in range(20)
    }
    assert len(picks) == 1


def test_a_template_needing_what_the_card_does_not_say_is_not_chosen() -> None:
    """A work anniversary card without years or company gets a template that does not
    use them; render refuses a missing value rather than sending a hole."""
    book = TemplateBook.load()
    chosen = book.choose(
        "work_anniversary",
        "en",
        {},
        seed="x",
        fresh_after=TWO_YEARS_AGO,
        available=COMMON_VARIABLES,
    )
    assert chosen is not None
    assert chosen.variables <= COMMON_VARIABLES
    with_company = next(
        t for t in book.for_locale("work_anniversary", "en") if "company" in t.variables
    )
    with pytest.raises(Exception, match="has no value"):
        render(with_company, first_name="Anna", name="Anna Schmidt", years="5", company=" ")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[[birthday]]\nid = "x"\ntext = "Hi {firstname}"\n', "unknown placeholder {firstname}"),
        ('[[birthday]]\nid = "x"\ntext = "Hi {company}"\n', "unknown placeholder {company}"),
        ('[[birthdays]]\nid = "x"\ntext = "Hi"\n', "unknown section(s) birthdays"),
        ('[[birthday]]\ntext = "Hi"\n', "needs an id and a text"),
        ("[[birthday]\n", "not valid TOML"),
    ],
)
def test_a_broken_file_is_refused_naming_it(tmp_path: Path, content: str, message: str) -> None:
    """A mistake in a template file stops start-up with a message naming the file and
    what is wrong (a variable a kind cannot fill, a misspelt section)."""
    folder = _write(tmp_path / "t", "en.toml", content)
    with pytest.raises(
        ConfigurationError,
        match=message.replace("(", r"\(")
        .replace(")", r"\)")
        .replace("{", r"\{")
        .replace("}", r"\}"),
    ) as caught:
        TemplateBook.load(folder)
    assert "en.toml" in caught.value.detail
