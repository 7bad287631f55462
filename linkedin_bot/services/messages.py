"""Message templates: loaded from TOML files, checked once, chosen fairly, rendered strictly.

The format is documented in ``docs/templates.md``. The packaged files
(``linkedin_bot/templates/messages/<locale>.toml``) hold every kind in English and French;
a directory of the user's (``LINKEDIN_BOT_TEMPLATES_DIR``) may define only some kinds and
locales: a kind it defines for a locale replaces the packaged ones of that kind and locale,
everything else falls back to the packaged files.

A message with an unresolved variable is never sent: rendering refuses empty values and any
placeholder it does not know, and templates are validated when loaded, not when used. A
template may use only the variables of its kind; one that needs a value the card did not
show (``{company}`` on a card without a company) is not chosen.

The choice is deterministic for a contact and an occasion (seeded by both), so that a dry
run previews exactly the text a real run sends that day. No template is sent twice to the
same person within ``avoid_repetition_years``; when every template was, the one used least
recently is taken again (never a silent skip).
"""

from __future__ import annotations

import random
import string
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Literal

from linkedin_bot.core.errors import ConfigurationError, InvalidInput

TemplateKind = Literal["birthday", "late", "work_anniversary", "new_job"]
KINDS: tuple[TemplateKind, ...] = ("birthday", "late", "work_anniversary", "new_job")
COMMON_VARIABLES = frozenset({"first_name", "name"})
# What each kind of message may say, besides the person's names.
KIND_VARIABLES: dict[str, frozenset[str]] = {
    "birthday": COMMON_VARIABLES,
    "late": COMMON_VARIABLES,
    "work_anniversary": COMMON_VARIABLES | {"years", "company"},
    "new_job": COMMON_VARIABLES | {"title", "company"},
}
MAX_MESSAGE_CHARS = 8000  # LinkedIn's own limit for a message


class UnresolvedVariable(InvalidInput):
    code = "unresolved_variable"


@dataclass(frozen=True)
class MessageTemplate:
    id: str
    kind: TemplateKind
    locale: str
    text: str
    source: str = "packaged"  # the file it came from (for `templates check`)

    @property
    def variables(self) -> frozenset[str]:
        return frozenset(_fields(self.text, KIND_VARIABLES[self.kind]))


def _fields(text: str, allowed: frozenset[str]) -> list[str]:
    names = []
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if spec or conversion or name not in allowed:
            raise ValueError(
                f"unknown placeholder {{{name}}} (allowed here: {', '.join(sorted(allowed))})"
            )
        names.append(name)
    return names


def _parse_file(source: str, locale: str, content: str) -> dict[str, list[MessageTemplate]]:
    """The templates of one file, by kind; a clear error naming the file and the entry."""
    try:
        data = tomllib.loads(content)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{source}: not valid TOML ({exc})") from exc
    unknown = sorted(set(data) - set(KINDS))
    if unknown:
        raise ConfigurationError(
            f"{source}: unknown section(s) {', '.join(unknown)} (known: {', '.join(KINDS)})"
        )
    found: dict[str, list[MessageTemplate]] = {}
    for kind in KINDS:
        entries = data.get(kind, [])
        if not isinstance(entries, list):
            raise ConfigurationError(f"{source}: [[{kind}]] must be an array of tables")
        for entry in entries:
            tid, text = entry.get("id"), entry.get("text")
            if not isinstance(tid, str) or not isinstance(text, str) or not text.strip():
                raise ConfigurationError(f"{source}: each [[{kind}]] needs an id and a text")
            try:
                _fields(text, KIND_VARIABLES[kind])
            except ValueError as exc:
                raise ConfigurationError(f"{source}: template {tid}: {exc}") from exc
            template = MessageTemplate(tid, kind, locale, text.strip(), source)
            found.setdefault(kind, []).append(template)
    return found


def _packaged_files() -> dict[str, tuple[str, str]]:
    files: dict[str, tuple[str, str]] = {}
    packaged = resources.files("linkedin_bot") / "templates" / "messages"
    for item in packaged.iterdir():
        if item.name.endswith(".toml"):
            locale = item.name.removesuffix(".toml")
            files[locale] = (f"packaged {item.name}", item.read_text("utf-8"))
    return files


@dataclass(frozen=True)
class TemplateBook:
    templates: tuple[MessageTemplate, ...]
    default_locale: str = "en"

    @classmethod
    def load(cls, directory: Path | None = None, default_locale: str = "en") -> TemplateBook:
        """The packaged templates, with what ``directory`` defines (per kind and locale)
        in place of the packaged ones."""
        files: list[tuple[str, str, str]] = []
        if directory is not None:
            if not directory.is_dir():
                raise ConfigurationError(f"templates directory {directory} does not exist")
            files = [
                (str(path), path.stem, path.read_text("utf-8"))
                for path in sorted(directory.glob("*.toml"))
            ]
        return cls.from_files(files, default_locale)

    @classmethod
    def from_files(
        cls, files: Sequence[tuple[str, str, str]], default_locale: str = "en"
    ) -> TemplateBook:
        """The packaged templates with ``files`` (source, locale, content) over them, each
        kind a file defines in place of the packaged ones of its locale; checked."""
        by_key: dict[tuple[str, str], list[MessageTemplate]] = {}
        for locale, (source, content) in sorted(_packaged_files().items()):
            for kind, templates in _parse_file(source, locale, content).items():
                by_key[(locale, kind)] = templates
        for source, locale, content in files:
            for kind, templates in _parse_file(source, locale, content).items():
                by_key[(locale, kind)] = templates
        order = sorted(by_key, key=lambda key: (key[0], KINDS.index(key[1])))
        book = cls(tuple(t for key in order for t in by_key[key]), default_locale)
        book._check()
        return book

    def _check(self) -> None:
        ids = [t.id for t in self.templates]
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        if duplicated:
            raise ConfigurationError(f"message template ids must be unique: {duplicated}")
        for kind in KINDS:
            if not self.for_locale(kind, self.default_locale):
                raise ConfigurationError(
                    f"no {kind!r} template for the default locale {self.default_locale!r}"
                )

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(sorted({t.locale for t in self.templates}))

    def for_locale(self, kind: TemplateKind, locale: str | None) -> list[MessageTemplate]:
        """The templates of this kind in the locale, else in the default locale."""
        wanted = [t for t in self.templates if t.kind == kind and t.locale == locale]
        if wanted:
            return wanted
        return [t for t in self.templates if t.kind == kind and t.locale == self.default_locale]

    def choose(
        self,
        kind: TemplateKind,
        locale: str | None,
        history: Mapping[str, datetime],
        *,
        seed: str,
        fresh_after: datetime,
        available: frozenset[str] = COMMON_VARIABLES,
    ) -> MessageTemplate | None:
        """The template to send: among those whose variables are ``available``, one not
        sent to this person since ``fresh_after`` (``history``: template id -> when it
        was last sent to them), else the least recently sent. The same ``seed`` (a
        contact and an occasion) gives the same choice. None only when no template of
        the kind can be rendered with what is available."""
        usable = [t for t in self.for_locale(kind, locale) if t.variables <= available]
        if not usable:
            return None
        fresh = [t for t in usable if t.id not in history or history[t.id] < fresh_after]
        if fresh:
            pick = random.Random(seed)  # noqa: S311  (variety, not security)
            return pick.choice(sorted(fresh, key=lambda t: t.id))
        return min(usable, key=lambda t: (history[t.id], t.id))


def render(template: MessageTemplate, **values: str) -> str:
    """The message, or :class:`UnresolvedVariable` if any variable it uses would be empty."""
    clean = {name: str(value).strip() for name, value in values.items()}
    for field_name in _fields(template.text, KIND_VARIABLES[template.kind]):
        if not clean.get(field_name):
            raise UnresolvedVariable(
                f"template {template.id}: {{{field_name}}} has no value", template=template.id
            )
    text = template.text.format_map(clean)
    if "{" in text or "}" in text or not text.strip():
        raise UnresolvedVariable(f"template {template.id}: placeholder left in the message")
    if len(text) > MAX_MESSAGE_CHARS:
        raise UnresolvedVariable(f"template {template.id}: message longer than LinkedIn allows")
    return text
