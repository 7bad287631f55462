"""Contacts as CSV, for the API's ``?format=csv`` and ``linkedin-bot contacts export``.

One header line, then one line per contact, written batch by batch: a caller streams the
chunks as they come, and memory stays flat for a hundred contacts or a million.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.db.queries.contacts import ContactFilters
from linkedin_bot.db.queries.contacts_export import EXPORT_COLUMNS, iter_contacts

SKILL_SEPARATOR = "; "
# A cell starting with one of these is a formula to a spreadsheet: it is quoted with "'".
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        value = SKILL_SEPARATOR.join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _lines(rows: Sequence[RowMapping] | None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if rows is None:
        writer.writerow(EXPORT_COLUMNS)
    else:
        writer.writerows([_cell(row[c]) for c in EXPORT_COLUMNS] for row in rows)
    return buffer.getvalue()


PRIMED_CHUNKS = 2  # the CSV header, then the first batch of contacts


async def primed(chunks: AsyncIterator[str], count: int = PRIMED_CHUNKS) -> AsyncIterator[str]:
    """The stream with its first ``count`` chunks (the header and the first batch) read
    already: a database that is busy or gone gets its error answer before a 200 starts,
    not a file cut short."""
    head: list[str] = []
    async for chunk in chunks:
        head.append(chunk)
        if len(head) == count:
            break

    async def stream() -> AsyncIterator[str]:
        for chunk in head:
            yield chunk
        async for chunk in chunks:
            yield chunk

    return stream()


async def contacts_csv(
    sessions: async_sessionmaker[AsyncSession], filters: ContactFilters
) -> AsyncIterator[str]:
    """The header, then the matching contacts (newest first), one chunk per batch."""
    yield _lines(None)
    async for rows in iter_contacts(sessions, filters):
        yield _lines(rows)
