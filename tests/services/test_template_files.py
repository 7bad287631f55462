"""The user's template files: what a save writes is read back exactly, a file changed by
hand is seen without a restart, and a text the loader would refuse is never written."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkedin_bot.core.errors import ConfigurationError
from linkedin_bot.core.settings import Settings
from linkedin_bot.services.template_files import (
    Draft,
    TemplateFiles,
    TemplatesRefused,
    check_text,
    load_templates,
    save_set,
)
from tests.helpers import make_settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data", f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")


def test_a_saved_text_is_read_back_exactly(settings: Settings) -> None:
    """Quotes, backslashes, tabs, several lines, emoji and the DEL character survive the
    file: the next run sends the text as it was typed (line ends as \\n)."""
    text = 'Joyeux "anniversaire" {first_name} \\o/\tà bientôt\r\n🎉 fin\x7f'
    save_set(settings, "birthday", "fr", [Draft(None, text)])
    [template] = load_templates(settings).for_locale("birthday", "fr")
    assert template.text == text.replace("\r\n", "\n")
    assert template.id == "fr-birthday-mine-1"


def test_a_file_changed_by_hand_is_read_again(settings: Settings) -> None:
    """TemplateFiles keeps its book while nothing changes, and reads the folder again
    when a file is added or edited; a file broken by hand is refused, naming it."""
    files = TemplateFiles(settings)
    first = files.current()
    assert files.current() is first
    folder = settings.data_dir / "templates"
    folder.mkdir(parents=True)
    (folder / "en.toml").write_text('[[late]]\nid = "x"\ntext = "Late, {name}!"\n', "utf-8")
    assert [t.text for t in files.current().for_locale("late", "en")] == ["Late, {name}!"]
    (folder / "en.toml").write_text('[[late]]\nid = "x"\ntext = "Late, {nom}!"\n', "utf-8")
    with pytest.raises(ConfigurationError, match=r"en\.toml"):
        files.current()


def test_a_text_the_loader_refuses_is_never_written(settings: Settings) -> None:
    """An unknown placeholder, a format spec, an attribute, a lone brace: each refused
    with its reason, and no file appears."""
    for text in ("Hi {prenom}", "Hi {first_name:>10}", "Hi {name.upper}", "Hi }", "{{x}}"):
        assert check_text("birthday", text) is not None, text
        with pytest.raises(TemplatesRefused):
            save_set(settings, "birthday", "en", [Draft(None, text)])
    assert not (settings.data_dir / "templates").exists()
    assert check_text("new_job", "Bravo {first_name}, {title} at {company}!") is None
