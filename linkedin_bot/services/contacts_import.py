"""Import LinkedIn's own connections export (``Connections.csv``) into ``contacts``.

The export starts with a few note lines ("Notes:", a quoted sentence, a blank line) before
its header ``First Name,Last Name,URL,Email Address,Company,Position,Connected On``; the
header is found wherever it is. Each data row is checked on its own: a bad row is reported
with its line number in the file and the reason, and the good rows are kept. When the same
profile appears twice, the last row wins and the earlier one is reported.

The file is read one record at a time; the good rows are held (one small object per
distinct profile: LinkedIn caps a member's connections at 30,000) so that duplicates are
resolved before anything is written, then written in batches. Nothing is committed here:
the caller commits once, so an import writes all its good rows or nothing.
"""

from __future__ import annotations

import asyncio
import csv
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.core.errors import InvalidInput
from linkedin_bot.core.profiles import (
    LINKEDIN_BASE_URL,
    canonical_profile_url,
    public_id_from_url,
)
from linkedin_bot.db.models import Contact
from linkedin_bot.db.queries.contact_upsert import ContactRow, UpsertResult, upsert_contacts

HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")
_HEADER_KEY = tuple(name.casefold() for name in HEADER)
WRITE_BATCH_ROWS = 1000
MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4})")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")

ProgressCallback = Callable[[int, int], None]
"""Called as rows are written: (rows written so far, rows to write)."""


class RowIssue(NamedTuple):
    line: int
    reason: str


@dataclass
class ImportReport:
    """What an import read and did. ``rows_read = good + len(errors) + len(duplicates)``."""

    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowIssue] = field(default_factory=list)
    duplicates: list[RowIssue] = field(default_factory=list)

    @property
    def good_rows(self) -> int:
        return self.inserted + self.updated + self.unchanged


def _column_limit(name: str) -> int:
    length = getattr(Contact.__table__.c[name].type, "length", None)
    return int(length) if length else 10_000


_LIMITS = {
    "first_name": _column_limit("first_name"),
    "last_name": _column_limit("last_name"),
    "email": _column_limit("email"),
    "company": _column_limit("company"),
    "position": _column_limit("position"),
}


def parse_connected_on(value: str) -> date | None:
    """ "21 Nov 2026" (LinkedIn's format), "11/21/26" (US) or ISO; empty means unknown."""
    text = value.strip()
    if not text:
        return None
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        day, month_name, year = match.groups()
        month = MONTHS.get(month_name[:3].casefold())
        if month is None:
            raise ValueError(f"unknown month {month_name!r}")
        return date(int(year), month, int(day))
    if match := _US_DATE.fullmatch(text):
        month_text, day_text, year_text = match.groups()
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        return date(year, int(month_text), int(day_text))
    return date.fromisoformat(text)


def _row_to_contact(cells: list[str], base_url: str, hosts: frozenset[str]) -> ContactRow:
    """A data row as a contact; :class:`ValueError` naming what is wrong."""
    if len(cells) != len(HEADER):
        raise ValueError(f"expected {len(HEADER)} columns, found {len(cells)}")
    first, last, url, email, company, position, connected = (cell.strip() for cell in cells)
    if any("\x00" in cell for cell in cells):
        raise ValueError("contains a NUL character")
    if not url:
        raise ValueError("no profile URL")
    try:
        public_id = public_id_from_url(url, extra_hosts=hosts)
    except InvalidInput as exc:
        raise ValueError(exc.detail) from exc
    if not first and not last:
        raise ValueError("no name")
    values = {
        "first_name": first,
        "last_name": last,
        "email": email,
        "company": company,
        "position": position,
    }
    for name, value in values.items():
        if len(value) > _LIMITS[name]:
            raise ValueError(f"{name} longer than {_LIMITS[name]} characters")
    try:
        connected_on = parse_connected_on(connected)
    except ValueError as exc:
        raise ValueError(f"bad Connected On date {connected!r}") from exc
    return ContactRow(
        public_id=public_id,
        profile_url=canonical_profile_url(public_id, base_url),
        first_name=first,
        last_name=last,
        email=email or None,
        company=company or None,
        position=position or None,
        connected_on=connected_on,
    )


def _records(lines: Iterable[str]) -> Iterator[tuple[int, list[str] | csv.Error]]:
    """(first line of the record, its cells or the CSV error) for each record of the file."""
    reader = csv.reader(lines)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, exc
            continue
        yield start, cells


def parse_connections(
    lines: Iterable[str], base_url: str = LINKEDIN_BASE_URL
) -> tuple[dict[str, tuple[int, ContactRow]], ImportReport]:
    """The good rows by profile (last one wins) and a report of what was read."""
    report = ImportReport()
    rows: dict[str, tuple[int, ContactRow]] = {}
    # Profile URLs of the configured LinkedIn (the simulator, in a demo) are accepted too.
    hosts = frozenset({(urlsplit(base_url).hostname or "").lower()})
    header_seen = False
    for line, cells in _records(lines):
        if not header_seen:
            if not isinstance(cells, csv.Error):
                key = tuple(cell.strip().lstrip("\ufeff").casefold() for cell in cells)
                header_seen = key == _HEADER_KEY
            continue
        if isinstance(cells, list) and not any(cell.strip() for cell in cells):
            continue  # a blank line is not a row
        report.rows_read += 1
        if isinstance(cells, csv.Error):
            report.errors.append(RowIssue(line, f"unreadable CSV: {cells}"))
            continue
        try:
            contact = _row_to_contact(cells, base_url, hosts)
        except ValueError as exc:
            report.errors.append(RowIssue(line, str(exc)))
            continue
        previous = rows.pop(contact.public_id, None)
        if previous is not None:
            report.duplicates.append(
                RowIssue(previous[0], f"same profile as line {line}, which replaces it")
            )
        rows[contact.public_id] = (line, contact)
    if not header_seen:
        raise InvalidInput("not a LinkedIn connections export: no header line " + ",".join(HEADER))
    report.errors.sort()
    report.duplicates.sort()
    return rows, report


def _read_lines(path: Path) -> Iterator[str]:
    """The file's lines, decoded as UTF-8 (BOM tolerated); :class:`InvalidInput` if unreadable."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from exc
    with handle:
        try:
            yield from handle
        except UnicodeDecodeError as exc:
            raise InvalidInput(f"{path} is not a UTF-8 text file: {exc.reason}") from exc


async def import_connections(
    session: AsyncSession,
    path: Path,
    *,
    base_url: str = LINKEDIN_BASE_URL,
    progress: ProgressCallback | None = None,
    batch_rows: int = WRITE_BATCH_ROWS,
) -> ImportReport:
    """Import a ``Connections.csv`` export into ``contacts``; flush only, the caller commits.

    Raises :class:`InvalidInput` when the file cannot be read or is not an export; bad rows
    do not raise, they are listed in the report.
    """
    # Reading and checking the file is blocking work: off the event loop.
    rows, report = await asyncio.to_thread(parse_connections, _read_lines(path), base_url)
    contacts = [contact for _line, contact in rows.values()]
    total = len(contacts)
    result = UpsertResult()
    if progress is not None:
        progress(0, total)
    for start in range(0, total, batch_rows):
        batch = contacts[start : start + batch_rows]
        result += await upsert_contacts(session, batch)
        if progress is not None:
            progress(start + len(batch), total)
    report.inserted, report.updated, report.unchanged = (
        result.inserted,
        result.updated,
        result.unchanged,
    )
    return report
