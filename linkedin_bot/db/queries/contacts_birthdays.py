"""Known upcoming birthdays (GET /contacts?birthday_within=N): the contacts whose birthday
(month, day) falls in the next N days, today included, soonest first.

The window is cut into at most two ranges of (month, day), each read from the
``(birth_month, birth_day)`` index in its order: from today to 31 December, then (when the
window crosses the year end) from 1 January to the window's end, stopping before today's
(month, day), which the first range already holds. In a common year 29 February falls on
the 28th (as the birthday campaign wishes it), so a range ending on 28 February also holds
29 February.

A page ends on (range, month, day, id); the cursor carries it, and the next page starts
just after it (a row-value comparison, which both backends serve from the index).
"""

from __future__ import annotations

import base64
import binascii
import calendar
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, RowMapping, Select, and_, or_, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.core.errors import InvalidInput
from linkedin_bot.db.ids import in_id_range
from linkedin_bot.db.models import Contact
from linkedin_bot.db.pagination import Page

MAX_BIRTHDAY_WINDOW_DAYS = 366
MonthDay = tuple[int, int]


@dataclass(frozen=True)
class BirthdayWindow:
    """The next ``days`` days from ``today`` (the user's calendar day), today included."""

    today: date
    days: int


@dataclass(frozen=True)
class BirthdayRange:
    """(month, day) from ``first`` to ``last`` (inclusive), in ``year``."""

    year: int
    first: MonthDay
    last: MonthDay


def _before(month_day: MonthDay) -> MonthDay:
    """The (month, day) just before, in a leap year's calendar (29 February exists)."""
    month, day = month_day
    if day > 1:
        return month, day - 1
    if month == 1:
        return 12, 31
    return month - 1, calendar.monthrange(2000, month - 1)[1]


def birthday_ranges(today: date, days: int) -> list[BirthdayRange]:
    """The (month, day) ranges of the window ``today .. today + days``, in date order."""
    end = today + timedelta(days=days)
    start_md = (today.month, today.day)
    first_last = (12, 31) if end.year > today.year else (end.month, end.day)
    ranges = [BirthdayRange(today.year, start_md, first_last)]
    if end.year > today.year:
        last = (end.month, end.day) if end.year == today.year + 1 else (12, 31)
        last = min(last, _before(start_md))
        if last >= (1, 1) and start_md != (1, 1):
            ranges.append(BirthdayRange(today.year + 1, (1, 1), last))
    return [_with_leap_day(r) for r in ranges]


def _with_leap_day(window: BirthdayRange) -> BirthdayRange:
    if window.last == (2, 28) and not calendar.isleap(window.year):
        return BirthdayRange(window.year, window.first, (2, 29))
    return window


def next_birthday(month: int, day: int, today: date) -> date:
    """The next occurrence of (month, day) from ``today`` (today included); 29 February
    falls on the 28th in a common year."""
    this_year = _occurrence(month, day, today.year)
    return this_year if this_year >= today else _occurrence(month, day, today.year + 1)


def _occurrence(month: int, day: int, year: int) -> date:
    if (month, day) == (2, 29) and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, month, day)


# --- cursor ----------------------------------------------------------------------------------


def encode_birthday_cursor(segment: int, month: int, day: int, contact_id: int) -> str:
    raw = json.dumps({"birthday": [segment, month, day, contact_id]}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_birthday_cursor(cursor: str) -> tuple[int, int, int, int]:
    """(range, month, day, id) a cursor points after; :class:`InvalidInput` otherwise."""
    bad = InvalidInput(
        "cursor: not a cursor returned by this API for a birthday_within list", field="cursor"
    )
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))["birthday"]
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise bad from exc
    if not (
        isinstance(values, list)
        and len(values) == 4
        and all(isinstance(v, int) and not isinstance(v, bool) for v in values)
    ):
        raise bad
    segment, month, day, contact_id = values
    if segment not in (0, 1) or not 1 <= month <= 12 or not 1 <= day <= 31:
        raise bad
    if not in_id_range(contact_id):
        raise bad
    return segment, month, day, contact_id


# --- query -----------------------------------------------------------------------------------


def _in_range(window: BirthdayRange) -> ColumnElement[bool]:
    month_day = tuple_(Contact.birth_month, Contact.birth_day)
    return and_(month_day >= tuple_(*window.first), month_day <= tuple_(*window.last))


def in_window(window: BirthdayWindow) -> ColumnElement[bool]:
    """Contacts whose birthday falls in the window (any order: the export's filter)."""
    return or_(*(_in_range(r) for r in birthday_ranges(window.today, window.days)))


def range_statement(
    base: Select[Any], month_days: BirthdayRange, after: tuple[int, ...] | None
) -> Select[Any]:
    """``base`` in one (month, day) range, in index order, after (month, day, id) if given."""
    stmt = base.where(_in_range(month_days))
    if after is not None:
        key = tuple_(Contact.birth_month, Contact.birth_day, Contact.id)
        stmt = stmt.where(key > tuple_(*after))
    return stmt.order_by(Contact.birth_month, Contact.birth_day, Contact.id)


async def upcoming_birthdays(
    session: AsyncSession,
    base: Select[Any],
    window: BirthdayWindow,
    *,
    limit: int,
    cursor: str | None,
) -> Page[dict[str, Any]]:
    """A page of ``base`` (the list's filtered select) restricted to birthdays in the window,
    soonest first, each row with its ``next_birthday``."""
    after = decode_birthday_cursor(cursor) if cursor is not None else None
    items: list[tuple[int, dict[str, Any]]] = []
    today = window.today
    for segment, month_days in enumerate(birthday_ranges(today, window.days)):
        if after is not None and segment < after[0]:
            continue
        start = after[1:] if after is not None and segment == after[0] else None
        stmt = range_statement(base, month_days, start).limit(limit + 1 - len(items))
        rows = (await session.execute(stmt)).mappings().all()
        items.extend((segment, _with_next(row, today)) for row in rows)
        if len(items) > limit:
            break
    if len(items) <= limit:
        return Page([row for _s, row in items], None)
    segment, last = items[limit - 1]
    next_cursor = encode_birthday_cursor(
        segment, int(last["birth_month"]), int(last["birth_day"]), int(last["id"])
    )
    return Page([row for _s, row in items[:limit]], next_cursor)


def _with_next(row: RowMapping, today: date) -> dict[str, Any]:
    item = dict(row)
    item["next_birthday"] = next_birthday(int(row["birth_month"]), int(row["birth_day"]), today)
    return item
