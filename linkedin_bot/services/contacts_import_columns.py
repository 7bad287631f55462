"""The columns of a connections file: LinkedIn's seven, then the user's optional ones
(``blacklisted``, ``locale``, ``note``), and how a row's user columns are read."""

from __future__ import annotations

from dataclasses import dataclass

from linkedin_bot.core.errors import InvalidInput
from linkedin_bot.core.profiles import LINKEDIN_BASE_URL
from linkedin_bot.db.models import NOTE_MAX_CHARS

HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")
_HEADER_KEY = tuple(name.casefold() for name in HEADER)
# The user's optional columns, after LinkedIn's (any order).
EXTRA_COLUMNS = ("blacklisted", "locale", "note")
_TRUE = frozenset({"true", "yes", "1", "y"})
_FALSE = frozenset({"false", "no", "0", "n"})


@dataclass(frozen=True)
class Layout:
    """How the file's columns are read: LinkedIn's seven, then the user's extra ones."""

    extras: tuple[str, ...] = ()
    base_url: str = LINKEDIN_BASE_URL
    hosts: frozenset[str] = frozenset()
    locales: frozenset[str] | None = None  # None: any locale (no templates to check)

    @property
    def width(self) -> int:
        return len(HEADER) + len(self.extras)


def header_layout(cells: list[str]) -> tuple[str, ...] | None:
    """The extra columns of a header line, or None if it is no header of ours."""
    key = tuple(cell.strip().lstrip("\ufeff").casefold() for cell in cells)
    if key[: len(HEADER)] != _HEADER_KEY:
        return None
    extras = tuple(name for name in key[len(HEADER) :])
    unknown = [name for name in extras if name not in EXTRA_COLUMNS]
    if unknown or len(set(extras)) != len(extras):
        what = f"unknown column {unknown[0]!r}" if unknown else "a column given twice"
        raise InvalidInput(
            f"the header has {what}; after LinkedIn's columns only "
            f"{', '.join(EXTRA_COLUMNS)} may follow; nothing was imported"
        )
    return extras


def user_fields(layout: Layout, cells: list[str]) -> dict[str, object]:
    """The row's values of the user's columns (empty cells left out)."""
    values: dict[str, object] = {}
    for name, raw in zip(layout.extras, cells[len(HEADER) :], strict=True):
        cell = raw.strip()
        if not cell:
            continue
        if name == "blacklisted":
            if cell.casefold() not in _TRUE | _FALSE:
                raise ValueError(f"blacklisted must be true or false, not {cell!r}")
            values[name] = cell.casefold() in _TRUE
        elif name == "locale":
            locale = cell.casefold()
            if layout.locales is not None and locale not in layout.locales:
                known = ", ".join(sorted(layout.locales))
                raise ValueError(f"locale {cell!r} is not one of the template locales ({known})")
            values[name] = locale
        else:
            if len(cell) > NOTE_MAX_CHARS:
                raise ValueError(f"note longer than {NOTE_MAX_CHARS} characters")
            values[name] = cell
    return values
