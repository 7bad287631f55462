"""Dates as LinkedIn writes them, in English or French.

- A card's "when" line, as a number of days ago (``days_ago``): "Birthday today" /
  "Anniversaire aujourd'hui", "Yesterday" / "Hier", "3 days ago", or a month and day
  ("Oct 24" / "24 oct."), without a year. A month-day is the most recent occurrence on or
  before ``today``, so "Dec 30" read on 2 January is three days ago.
- A conversation's day heading, as a date (``heading_day``): the same, a weekday of the
  last week ("Monday" / "lundi"), or a full date ("Oct 24, 2024" / "24 oct. 2024").
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

_TODAY = re.compile(r"\b(today|aujourd'hui)\b")
_YESTERDAY = re.compile(r"\b(yesterday|hier)\b")
_DAYS_AGO = re.compile(r"\b(\d{1,2}) (days? ago|jours?)\b")
_MONTH_DAY = re.compile(r"\b([a-z]{3,9})\.? (\d{1,2})\b")  # "oct 24", "october 24"
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:er)? ([a-z]{3,9})\.?")  # "24 oct.", "1er fevr."
_MONTH_DAY_YEAR = re.compile(r"\b([a-z]{3,9})\.? (\d{1,2}),? (\d{4})\b")  # "oct 24, 2024"
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:er)? ([a-z]{3,9})\.? (\d{4})\b")  # "24 oct. 2024"
_WEEKDAYS: tuple[tuple[str, ...], ...] = (
    ("monday", "mon", "lundi"),
    ("tuesday", "tue", "mardi"),
    ("wednesday", "wed", "mercredi"),
    ("thursday", "thu", "jeudi"),
    ("friday", "fri", "vendredi"),
    ("saturday", "sat", "samedi"),
    ("sunday", "sun", "dimanche"),
)
_WEEKDAY_OF = {name: index for index, names in enumerate(_WEEKDAYS) for name in names}

# Prefixes of month names (accents removed): English and French, abbreviated or not.
_MONTHS: tuple[tuple[str, ...], ...] = (
    ("jan", "janv", "janvier", "january"),
    ("feb", "fev", "fevr", "fevrier", "february"),
    ("mar", "mars", "march"),
    ("apr", "avr", "avril", "april"),
    ("may", "mai"),
    ("jun", "juin", "june"),
    ("jul", "juil", "juillet", "july"),
    ("aug", "aout", "august"),
    ("sep", "sept", "september", "septembre"),
    ("oct", "october", "octobre"),
    ("nov", "november", "novembre"),
    ("dec", "december", "decembre"),
)
_MONTH_OF = {name: index + 1 for index, names in enumerate(_MONTHS) for name in names}


def _plain(text: str) -> str:
    """Lowercase, accents removed, typographic apostrophes straightened, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(ascii_text.lower().split())


def _occurrence(month: int, day: int, year: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, 2, 28) if (month, day) == (2, 29) else None


def _days_since(month: int, day: int, today: date) -> int | None:
    this_year = _occurrence(month, day, today.year)
    if this_year is None:
        return None
    if this_year > today:
        this_year = _occurrence(month, day, today.year - 1)
        if this_year is None:
            return None
    return (today - this_year).days


def days_ago(text: str, today: date) -> int | None:
    """Days since the birthday the text describes; None when the text is not understood."""
    plain = _plain(text)
    if _TODAY.search(plain):
        return 0
    if _YESTERDAY.search(plain):
        return 1
    if match := _DAYS_AGO.search(plain):
        return int(match.group(1))
    if (match := _MONTH_DAY.search(plain)) and match.group(1) in _MONTH_OF:
        return _days_since(_MONTH_OF[match.group(1)], int(match.group(2)), today)
    if (match := _DAY_MONTH.search(plain)) and match.group(2) in _MONTH_OF:
        return _days_since(_MONTH_OF[match.group(2)], int(match.group(1)), today)
    return None


def heading_day(text: str, today: date) -> date | None:
    """The day a conversation's day heading names; None when it is not understood."""
    plain = _plain(text)
    for pattern, month_group, day_group in ((_MONTH_DAY_YEAR, 1, 2), (_DAY_MONTH_YEAR, 2, 1)):
        match = pattern.search(plain)
        if match and match.group(month_group) in _MONTH_OF:
            month = _MONTH_OF[match.group(month_group)]
            return _occurrence(month, int(match.group(day_group)), int(match.group(3)))
    words = plain.replace(",", " ").split()
    if len(words) == 1 and words[0] in _WEEKDAY_OF:
        back = (today.weekday() - _WEEKDAY_OF[words[0]]) % 7 or 7
        return today - timedelta(days=back)
    ago = days_ago(text, today)
    return today - timedelta(days=ago) if ago is not None else None
