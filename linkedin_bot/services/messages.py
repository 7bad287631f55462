"""Birthday message templates: loaded from TOML files, checked once, rendered strictly.

A message with an unresolved variable is never sent: rendering refuses empty values and any
placeholder it does not know, and templates are validated when loaded, not when used.
"""

from __future__ import annotations

import random
import string
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from linkedin_bot.core.errors import ConfigurationError, InvalidInput

TemplateKind = Literal["birthday", "late"]
KINDS: tuple[TemplateKind, ...] = ("birthday", "late")
VARIABLES = frozenset({"first_name", "name"})
MAX_MESSAGE_CHARS = 8000  # LinkedIn's own limit for a message


class UnresolvedVariable(InvalidInput):
    code = "unresolved_variable"


@dataclass(frozen=True)
class MessageTemplate:
    id: str
    kind: TemplateKind
    locale: str
    text: str


def _fields(text: str) -> list[str]:
    names = []
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if spec or conversion or name not in VARIABLES:
            raise ValueError(f"unknown placeholder {{{name}}} (allowed: first_name, name)")
        names.append(name)
    return names


def _parse_file(path_name: str, locale: str, content: str) -> list[MessageTemplate]:
    try:
        data = tomllib.loads(content)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{path_name}: not valid TOML ({exc})") from exc
    templates = []
    for kind in KINDS:
        for entry in data.get(kind, []):
            tid, text = entry.get("id"), entry.get("text")
            if not isinstance(tid, str) or not isinstance(text, str) or not text.strip():
                raise ConfigurationError(f"{path_name}: each [[{kind}]] needs an id and a text")
            try:
                _fields(text)
            except ValueError as exc:
                raise ConfigurationError(f"{path_name}: template {tid}: {exc}") from exc
            templates.append(MessageTemplate(tid, kind, locale, text.strip()))
    return templates


@dataclass(frozen=True)
class TemplateBook:
    templates: tuple[MessageTemplate, ...]
    default_locale: str = "en"

    @classmethod
    def load(cls, directory: Path | None = None, default_locale: str = "en") -> TemplateBook:
        """The packaged templates, with each ``<locale>.toml`` of ``directory`` replacing
        the packaged file of the same locale."""
        files: dict[str, tuple[str, str]] = {}
        packaged = resources.files("linkedin_bot") / "templates" / "messages"
        for item in packaged.iterdir():
            if item.name.endswith(".toml"):
                files[item.name.removesuffix(".toml")] = (item.name, item.read_text("utf-8"))
        if directory is not None:
            for path in sorted(directory.glob("*.toml")):
                files[path.stem] = (str(path), path.read_text("utf-8"))
        templates = [t for loc, (n, c) in sorted(files.items()) for t in _parse_file(n, loc, c)]
        book = cls(tuple(templates), default_locale)
        book._check()
        return book

    def _check(self) -> None:
        ids = [t.id for t in self.templates]
        if len(ids) != len(set(ids)):
            raise ConfigurationError("message template ids must be unique")
        for kind in KINDS:
            if not self.for_locale(kind, self.default_locale):
                raise ConfigurationError(
                    f"no {kind!r} template for the default locale {self.default_locale!r}"
                )

    def for_locale(self, kind: TemplateKind, locale: str | None) -> list[MessageTemplate]:
        wanted = [t for t in self.templates if t.kind == kind and t.locale == locale]
        if wanted:
            return wanted
        return [t for t in self.templates if t.kind == kind and t.locale == self.default_locale]

    def choose(
        self,
        kind: TemplateKind,
        locale: str | None,
        recently_used: Iterable[str],
        rng: random.Random,
    ) -> MessageTemplate | None:
        """A template of this kind and locale not used recently for this person, or None."""
        used = set(recently_used)
        fresh = [t for t in self.for_locale(kind, locale) if t.id not in used]
        return rng.choice(fresh) if fresh else None


def render(template: MessageTemplate, *, first_name: str, name: str) -> str:
    """The message, or :class:`UnresolvedVariable` if any variable would be empty."""
    values = {"first_name": first_name.strip(), "name": name.strip()}
    for field_name in _fields(template.text):
        if not values[field_name]:
            raise UnresolvedVariable(
                f"template {template.id}: {{{field_name}}} has no value", template=template.id
            )
    text = template.text.format_map(values)
    if "{" in text or "}" in text or not text.strip():
        raise UnresolvedVariable(f"template {template.id}: placeholder left in the message")
    if len(text) > MAX_MESSAGE_CHARS:
        raise UnresolvedVariable(f"template {template.id}: message longer than LinkedIn allows")
    return text
