"""Import LinkedIn's own connections export (``Connections.csv``) into ``contacts``.

The export starts with a few note lines ("Notes:", a quoted sentence, a blank line) before
its header ``First Name,Last Name,URL,Email Address,Company,Position,Connected On``; the
header is found wherever it is. The user may add columns of their own after those seven:
``blacklisted`` (true/false, yes/no, 1/0), ``locale`` (one of the template locales) and
``note``; an empty cell changes nothing, and any other extra column is refused before
anything is written. Each data row is checked on its own: a bad row is reported
with its line number in the file and the reason, and the good rows are kept. When the same
profile appears twice, the last row wins and the earlier one is reported.

The file is read one record at a time, within a size cap and a row cap (settings
``LINKEDIN_BOT_IMPORT_MAX_BYTES``, ``LINKEDIN_BOT_IMPORT_MAX_ROWS``): past either, nothing
is written and the message says which limit. The good rows are held (one small object per
distinct profile: LinkedIn caps a member's connections at 30,000) so that duplicates are
resolved before anything is written, then written in short transactions of
:data:`IMPORT_BATCH_ROWS` rows each: SQLite's write lock is held for one batch at a time,
and a pause between batches lets the service's own writes in, so that it stays responsive
while a large import runs. An import is therefore not all-or-nothing: when a batch fails
(a full disk, a database gone), the batches before it stay, and
:class:`ImportInterrupted` says how many rows were saved and why it stopped. Running the
same import again is safe: rows already saved count as unchanged.
"""

from __future__ import annotations

import asyncio
import csv
import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.errors import ImportInterrupted, InvalidInput
from linkedin_bot.core.profiles import (
    LINKEDIN_BASE_URL,
    canonical_profile_url,
    public_id_from_url,
)
from linkedin_bot.core.settings import ENV_PREFIX
from linkedin_bot.core.text import unstorable
from linkedin_bot.db.errors import storage_error
from linkedin_bot.db.models import Contact
from linkedin_bot.db.queries.contact_upsert import ContactRow, UpsertResult, upsert_contacts
from linkedin_bot.services.contacts_import_columns import (
    HEADER,
    Layout,
    header_layout,
    user_fields,
)

IMPORT_BATCH_ROWS = 500  # one transaction: a few milliseconds of SQLite's write lock
# Between two batches on SQLite. A writer waiting for the lock polls it (busy handler) at
# most every 100 ms: a shorter gap could let the import take the lock back every time.
SQLITE_BATCH_PAUSE_S = 0.1
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


def _row_to_contact(cells: list[str], layout: Layout) -> ContactRow:
    """A data row as a contact; :class:`ValueError` naming what is wrong."""
    if len(cells) != layout.width:
        raise ValueError(f"expected {layout.width} columns, found {len(cells)}")
    for name, cell in zip((*HEADER, *layout.extras), cells, strict=True):
        if (why := unstorable(cell)) is not None:
            raise ValueError(f"{name} {why}")
    first, last, url, email, company, position, connected = (
        cell.strip() for cell in cells[: len(HEADER)]
    )
    if not url:
        raise ValueError("no profile URL")
    try:
        public_id = public_id_from_url(url, extra_hosts=layout.hosts)
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
        profile_url=canonical_profile_url(public_id, layout.base_url),
        first_name=first,
        last_name=last,
        email=email or None,
        company=company or None,
        position=position or None,
        connected_on=connected_on,
        **user_fields(layout, cells),  # type: ignore[arg-type]  # checked by _user_fields
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
    lines: Iterable[str],
    base_url: str = LINKEDIN_BASE_URL,
    max_rows: int | None = None,
    locales: Collection[str] | None = None,
) -> tuple[dict[str, tuple[int, ContactRow]], ImportReport]:
    """The good rows by profile (last one wins) and a report of what was read;
    :class:`InvalidInput` past ``max_rows`` data rows, or for an unknown extra column."""
    report = ImportReport()
    rows: dict[str, tuple[int, ContactRow]] = {}
    layout: Layout | None = None
    for line, cells in _records(lines):
        if layout is None:
            if not isinstance(cells, csv.Error) and (extras := header_layout(cells)) is not None:
                layout = Layout(
                    extras,
                    base_url,
                    # Profile URLs of the configured LinkedIn (the simulator, in a demo) too.
                    frozenset({(urlsplit(base_url).hostname or "").lower()}),
                    frozenset(locales) if locales is not None else None,
                )
            continue
        if isinstance(cells, list) and not any(cell.strip() for cell in cells):
            continue  # a blank line is not a row
        report.rows_read += 1
        if max_rows is not None and report.rows_read > max_rows:
            raise InvalidInput(
                f"the file has more than {max_rows} rows, the limit of one import "
                f"({ENV_PREFIX}IMPORT_MAX_ROWS); nothing was imported: split the file or "
                "raise the limit"
            )
        if isinstance(cells, csv.Error):
            report.errors.append(RowIssue(line, f"unreadable CSV: {cells}"))
            continue
        try:
            contact = _row_to_contact(cells, layout)
        except ValueError as exc:
            report.errors.append(RowIssue(line, str(exc)))
            continue
        previous = rows.pop(contact.public_id, None)
        if previous is not None:
            report.duplicates.append(
                RowIssue(previous[0], f"same profile as line {line}, which replaces it")
            )
        rows[contact.public_id] = (line, contact)
    if layout is None:
        raise InvalidInput("not a LinkedIn connections export: no header line " + ",".join(HEADER))
    report.errors.sort()
    report.duplicates.sort()
    return rows, report


@dataclass(frozen=True)
class ImportLimits:
    """What one import accepts (the settings ``IMPORT_MAX_BYTES`` and ``IMPORT_MAX_ROWS``)."""

    max_bytes: int
    max_rows: int


def _too_big(path: Path, limit: int) -> InvalidInput:
    return InvalidInput(
        f"{path} is larger than {limit} bytes, the limit of one import "
        f"({ENV_PREFIX}IMPORT_MAX_BYTES); nothing was imported: split the file or raise "
        "the limit"
    )


def _read_lines(path: Path, max_bytes: int | None = None) -> Iterator[str]:
    """The file's lines, decoded as UTF-8 (BOM tolerated); :class:`InvalidInput` if
    unreadable or larger than ``max_bytes`` (checked before reading a regular file, and
    while reading anything else: a pipe has no size)."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from exc
    with handle:
        if max_bytes is not None and os.fstat(handle.fileno()).st_size > max_bytes:
            raise _too_big(path, max_bytes)
        read = 0
        try:
            for line in handle:
                read += len(line)  # characters: at most the bytes they came from
                if max_bytes is not None and read > max_bytes:
                    raise _too_big(path, max_bytes)
                yield line
        except UnicodeDecodeError as exc:
            raise InvalidInput(f"{path} is not a UTF-8 text file: {exc.reason}") from exc


def _on_sqlite(sessions: async_sessionmaker[AsyncSession]) -> bool:
    bind = sessions.kw.get("bind")
    return bind is not None and bind.dialect.name == "sqlite"


async def _write_batch(
    sessions: async_sessionmaker[AsyncSession], batch: list[ContactRow]
) -> UpsertResult:
    async with sessions.begin() as session:
        return await upsert_contacts(session, batch)


def _interrupted(exc: Exception, saved: int, total: int) -> ImportInterrupted:
    known = storage_error(exc)
    if known is not None:
        why = known.detail
    else:  # the driver's own message, first line: no SQL, no parameters
        cause = getattr(exc, "orig", None) or exc
        first = (str(cause).splitlines() or [""])[0][:200]
        why = f"the database refused a write ({type(cause).__name__}: {first})"
    return ImportInterrupted(
        f"the import stopped after {saved} of {total} contacts were saved: {why}. The saved "
        "ones stay; run the same import again once this is fixed (they count as unchanged)",
        saved=saved,
        total=total,
    )


async def import_connections(
    sessions: async_sessionmaker[AsyncSession],
    path: Path,
    *,
    base_url: str = LINKEDIN_BASE_URL,
    limits: ImportLimits | None = None,
    progress: ProgressCallback | None = None,
    batch_rows: int = IMPORT_BATCH_ROWS,
    locales: Collection[str] | None = None,
) -> ImportReport:
    """Import a ``Connections.csv`` export into ``contacts``, one transaction per batch.

    Raises :class:`InvalidInput` (nothing written) when the file cannot be read, is not an
    export or passes a limit; :class:`ImportInterrupted` when a batch cannot be written
    (the batches before it stay). Bad rows do not raise, they are listed in the report.
    """
    max_bytes, max_rows = (limits.max_bytes, limits.max_rows) if limits else (None, None)
    # Reading and checking the file is blocking work: off the event loop.
    rows, report = await asyncio.to_thread(
        parse_connections, _read_lines(path, max_bytes), base_url, max_rows, locales
    )
    contacts = [contact for _line, contact in rows.values()]
    total = len(contacts)
    result = UpsertResult()
    pause_s = SQLITE_BATCH_PAUSE_S if _on_sqlite(sessions) else 0.0
    if progress is not None:
        progress(0, total)
    for start in range(0, total, batch_rows):
        if start and pause_s:
            await asyncio.sleep(pause_s)
        batch = contacts[start : start + batch_rows]
        try:
            result += await _write_batch(sessions, batch)
        except (SQLAlchemyError, OSError) as exc:
            raise _interrupted(exc, start, total) from exc
        if progress is not None:
            progress(start + len(batch), total)
    report.inserted, report.updated, report.unchanged = (
        result.inserted,
        result.updated,
        result.unchanged,
    )
    return report
