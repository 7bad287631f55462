"""The user's message templates on disk: where they live, loading them, checking an edited
text, and saving an edited set (one occasion in one language).

- **Where**: ``LINKEDIN_BOT_TEMPLATES_DIR`` when it is set (it must exist), else
  ``<data_dir>/templates`` (created, 0700, by the first save). Its ``<locale>.toml`` files
  replace the packaged templates per kind and locale (:class:`TemplateBook`).
- **Reloading**: :class:`TemplateFiles` remembers the folder's files (name, size, time,
  inode); :meth:`TemplateFiles.current` loads the book again when one changed. The run
  engine asks it when it opens a run, so an edit (saved by the dashboard, or a file edited
  by hand) is used from the next run, without a restart, by every process sharing the
  folder. A file broken by hand refuses the next run with the file and template named, as
  it would stop start-up: a run never sends from templates nobody checked.
- **Editing**: :func:`check_text` gives what is wrong with one text (the loader's
  refusals, and what rendering refuses: a brace left over, a message longer than LinkedIn
  takes), as data the dashboard words in its language; :func:`save_set` writes one set
  atomically into ``<folder>/<locale>.toml``, keeping the file's other kinds. The whole
  book is loaded from the would-be file first: what would stop start-up is refused and
  nothing is written.
"""

from __future__ import annotations

import json
import string
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from linkedin_bot.core.errors import ConfigurationError, InvalidInput
from linkedin_bot.core.private_files import ensure_private_dir, fsync_path, write_private_file
from linkedin_bot.core.settings import Settings
from linkedin_bot.core.text import unstorable
from linkedin_bot.services.messages import (
    KIND_VARIABLES,
    KINDS,
    MAX_MESSAGE_CHARS,
    MessageTemplate,
    TemplateBook,
    TemplateKind,
)

FOLDER_NAME = "templates"
PACKAGED = "packaged"
# What {years}, {company} and {title} say in a preview and when a text's length is checked.
SAMPLE_VALUES = {
    "first_name": "Jean",
    "name": "Jean Dupont",
    "years": "5",
    "company": "Acme",
    "title": "CTO",
}
# The id's middle part of a new template, as the packaged ids write the kind.
_ID_KIND = {
    "birthday": "birthday",
    "late": "late",
    "work_anniversary": "anniversary",
    "new_job": "new-job",
}
ProblemCode = Literal["empty", "unstorable", "braces", "unknown_variable", "too_long"]


def templates_folder(settings: Settings) -> Path:
    """Where the user's templates are read from and saved to."""
    return settings.templates_dir or settings.data_dir / FOLDER_NAME


def load_templates(settings: Settings) -> TemplateBook:
    """The packaged templates with the user's folder over them (the default folder may
    not exist yet: nothing of the user's; a ``templates_dir`` that was set must)."""
    folder = templates_folder(settings)
    use = folder if settings.templates_dir is not None or folder.is_dir() else None
    return TemplateBook.load(use, settings.default_locale)


def _stamp(folder: Path) -> tuple[tuple[str, int, int, int], ...] | None:
    if not folder.is_dir():
        return None
    found = []
    for path in folder.glob("*.toml"):
        try:
            stat = path.stat()
        except FileNotFoundError:  # removed while listed
            continue
        found.append((path.name, stat.st_mtime_ns, stat.st_size, stat.st_ino))
    return tuple(sorted(found))


@dataclass
class TemplateFiles:
    """The templates a process uses, loaded again when the folder's files change."""

    settings: Settings
    _book: TemplateBook | None = None
    _stamp: tuple[tuple[str, int, int, int], ...] | None = None

    @property
    def folder(self) -> Path:
        return templates_folder(self.settings)

    def current(self) -> TemplateBook:
        """The book as the files say now (a stat of each file; a load when one changed);
        :class:`ConfigurationError` naming the file when one is invalid."""
        stamp = _stamp(self.folder)
        if self._book is None or stamp != self._stamp:
            self._book = load_templates(self.settings)
            self._stamp = stamp
        return self._book


# --- Sets: one kind in one locale ---------------------------------------------------------


@dataclass(frozen=True)
class TemplateSet:
    kind: TemplateKind
    locale: str
    templates: tuple[MessageTemplate, ...]

    @property
    def source(self) -> str:
        """``packaged``, or the path of the user's file."""
        first = self.templates[0].source
        return PACKAGED if first.startswith(f"{PACKAGED} ") else first

    @property
    def overridden(self) -> bool:
        return self.source != PACKAGED

    @property
    def variables(self) -> frozenset[str]:
        return KIND_VARIABLES[self.kind]


def template_sets(book: TemplateBook) -> list[TemplateSet]:
    """Every set the book holds, by kind (in :data:`KINDS` order) then locale."""
    by_key: dict[tuple[str, str], list[MessageTemplate]] = {}
    for template in book.templates:
        by_key.setdefault((template.kind, template.locale), []).append(template)
    order = sorted(by_key, key=lambda key: (KINDS.index(key[0]), key[1]))
    return [TemplateSet(by_key[k][0].kind, k[1], tuple(by_key[k])) for k in order]


def find_set(book: TemplateBook, kind: str, locale: str) -> TemplateSet | None:
    return next((s for s in template_sets(book) if s.kind == kind and s.locale == locale), None)


# --- Checking one text --------------------------------------------------------------------


@dataclass(frozen=True)
class TextProblem:
    """What is wrong with a text: ``code`` for the dashboard to word, ``detail`` in
    English (logs, CLI), ``name`` the placeholder concerned, ``length`` the characters."""

    code: ProblemCode
    detail: str
    name: str = ""
    length: int = 0


def _placeholder(name: str, conversion: str | None, spec: str | None) -> str:
    shown = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
    return "{" + shown + "}"


def _placeholder_problem(kind: TemplateKind, text: str) -> TextProblem | None:
    """A placeholder the kind cannot fill, or a brace without its pair."""
    allowed = KIND_VARIABLES[kind]
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return TextProblem("braces", "a { or } without its pair")
    for _literal, name, spec, conversion in parts:
        if name is not None and (spec or conversion or name not in allowed):
            shown = _placeholder(name, conversion, spec)
            return TextProblem(
                "unknown_variable",
                f"unknown placeholder {shown} (allowed here: {', '.join(sorted(allowed))})",
                name=shown,
            )
    if "{" in text.format_map(SAMPLE_VALUES) or "}" in text.format_map(SAMPLE_VALUES):
        return TextProblem("braces", "a brace would be left in the message ({{ or }})")
    return None


def check_text(kind: TemplateKind, text: str) -> TextProblem | None:
    """The first thing that would make the loader refuse ``text`` as a ``kind`` template,
    or rendering refuse its message; None when it can be sent."""
    if not text.strip():
        return TextProblem("empty", "the text is empty")
    if (why := unstorable(text)) is not None:
        return TextProblem("unstorable", why)
    if (problem := _placeholder_problem(kind, text.strip())) is not None:
        return problem
    length = max(len(text.strip()), len(text.strip().format_map(SAMPLE_VALUES)))
    if length > MAX_MESSAGE_CHARS:
        return TextProblem(
            "too_long",
            f"{length} characters; LinkedIn takes at most {MAX_MESSAGE_CHARS}",
            length=length,
        )
    return None


# --- Saving a set -------------------------------------------------------------------------


def _lines(text: str) -> str:
    """The text stripped, its line ends as ``\\n`` (a browser sends a textarea's as CRLF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


class TemplatesRefused(InvalidInput):
    """An edited set that cannot be saved; ``problems`` by the position of each text."""

    code = "templates_refused"

    def __init__(self, detail: str, problems: dict[int, TextProblem]) -> None:
        super().__init__(detail)
        self.problems = problems


@dataclass(frozen=True)
class Draft:
    """One text of an edited set: the id it had (None for a new one) and its text."""

    template_id: str | None
    text: str


def _toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, but for DEL, which JSON leaves."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


@dataclass
class _FileKinds:
    """The kinds a user's file defines, as (id, text) pairs."""

    kinds: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> _FileKinds:
        if not path.is_file():
            return cls()
        source = str(path)
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigurationError(f"{source}: not valid TOML ({exc})") from exc
        kinds: dict[str, list[tuple[str, str]]] = {}
        for kind in KINDS:
            entries = data.get(kind)
            if isinstance(entries, list) and entries:
                kinds[kind] = [
                    (str(e.get("id", "")), str(e.get("text", "")))
                    for e in entries
                    if isinstance(e, dict)
                ]
        return cls(kinds)

    def toml(self, locale: str) -> str:
        lines = [
            f"# Message templates, {locale} (format: docs/templates.md). Each kind written",
            "# here replaces the packaged templates of that kind in this language.",
            "",
        ]
        for kind in KINDS:
            for template_id, text in self.kinds.get(kind, []):
                lines += [f"[[{kind}]]", f"id = {_toml_string(template_id)}"]
                lines += [f"text = {_toml_string(text)}", ""]
        return "\n".join(lines)


def _writable_folder(settings: Settings) -> Path:
    folder = templates_folder(settings)
    if settings.templates_dir is None:
        ensure_private_dir(folder)  # ours, under the data directory
    elif not folder.is_dir():
        raise ConfigurationError(f"templates directory {folder} does not exist")
    return folder


def _new_ids(kind: str, locale: str, drafts: Sequence[Draft], taken: set[str]) -> list[str]:
    """Each draft's id: its own when it had one, else a new one no template uses."""
    ids: list[str] = []
    number = 1
    for draft in drafts:
        if draft.template_id is not None:
            ids.append(draft.template_id)
            continue
        while f"{locale}-{_ID_KIND[kind]}-mine-{number}" in taken:
            number += 1
        new = f"{locale}-{_ID_KIND[kind]}-mine-{number}"
        taken.add(new)
        ids.append(new)
    return ids


def _book_with(settings: Settings, path: Path, content: str) -> TemplateBook:
    """The book once ``content`` is the file at ``path`` (empty: no such file), checked by
    the loader itself; :class:`ConfigurationError` naming the file otherwise."""
    folder = path.parent
    files = [
        (str(other), other.stem, other.read_text("utf-8"))
        for other in sorted(folder.glob("*.toml"))
        if other.name != path.name
    ]
    if content:
        files.append((str(path), path.stem, content))
    return TemplateBook.from_files(files, settings.default_locale)


def save_set(
    settings: Settings, kind: TemplateKind, locale: str, drafts: Sequence[Draft]
) -> TemplateBook:
    """Save the texts of ``kind`` in ``locale`` in the user's ``<locale>.toml``, in place of
    what was there (packaged or theirs); the book as it now is. :class:`TemplatesRefused`
    when a text is wrong or none is left: nothing written."""
    book = load_templates(settings)
    current = find_set(book, kind, locale)
    if current is None:
        raise InvalidInput(f"no {kind} templates in {locale!r}", field="locale")
    problems = {i: p for i, d in enumerate(drafts) if (p := check_text(kind, d.text)) is not None}
    if problems:
        raise TemplatesRefused(
            "; ".join(f"text {i + 1}: {p.detail}" for i, p in problems.items()), problems
        )
    if not drafts:
        raise TemplatesRefused("keep at least one text", {})
    # An id not of this set, or posted twice: that text is a new template.
    own = {t.id for t in current.templates}
    seen: set[str] = set()
    unique = []
    for draft in drafts:
        keep = draft.template_id in own and draft.template_id not in seen
        if keep and draft.template_id is not None:
            seen.add(draft.template_id)
        unique.append(Draft(draft.template_id if keep else None, _lines(draft.text)))
    taken = {t.id for t in book.templates} | seen
    ids = _new_ids(kind, locale, unique, taken)
    folder = _writable_folder(settings)
    path = folder / f"{locale}.toml"
    file = _FileKinds.read(path)
    file.kinds[kind] = [(i, d.text) for i, d in zip(ids, unique, strict=True)]
    content = file.toml(locale)
    result = _book_with(settings, path, content)
    write_private_file(path, content.encode("utf-8"))
    return result


def restore_packaged(settings: Settings, kind: TemplateKind, locale: str) -> TemplateBook:
    """Remove ``kind`` from the user's ``<locale>.toml`` (the file itself when nothing is
    left in it): the packaged templates apply again. The book as it now is."""
    path = templates_folder(settings) / f"{locale}.toml"
    file = _FileKinds.read(path)
    if kind in file.kinds:
        del file.kinds[kind]
        if file.kinds:
            content = file.toml(locale)
            _book_with(settings, path, content)
            write_private_file(path, content.encode("utf-8"))
        else:
            path.unlink()
            fsync_path(path.parent)
    return load_templates(settings)
