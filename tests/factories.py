"""Small factories with overridable defaults: export files, V1 databases, contacts."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.db.models import Contact

CONNECTIONS_HEADER = [
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
]
# What LinkedIn writes before the header of Connections.csv.
CONNECTIONS_NOTES = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    'connections to see or download their email address using this setting."\r\n'
    "\r\n"
)


def connection_row(index: int = 1, **overrides: str) -> list[str]:
    """One data row of Connections.csv (columns in the export's order)."""
    values = {
        "First Name": f"First{index}",
        "Last Name": f"Last{index}",
        "URL": f"https://www.linkedin.com/in/person-{index}",
        "Email Address": "",
        "Company": f"Company {index % 50}",
        "Position": "Engineer",
        "Connected On": "21 Nov 2026",
    }
    values.update({key.replace("_", " "): value for key, value in overrides.items()})
    return [values[name] for name in CONNECTIONS_HEADER]


def write_connections_csv(
    path: Path,
    rows: Iterable[Sequence[str]],
    *,
    notes: bool = True,
    bom: bool = True,
    raw_lines: Sequence[str] = (),
) -> Path:
    """A Connections.csv as LinkedIn writes it: BOM, notes, header, rows (CRLF)."""
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        if notes:
            handle.write(CONNECTIONS_NOTES)
        writer = csv.writer(handle)
        writer.writerow(CONNECTIONS_HEADER)
        writer.writerows(rows)
        for line in raw_lines:
            handle.write(line)
    return path


async def make_contact(session: AsyncSession, **overrides: Any) -> Contact:
    """A contact saved (flushed) in ``session``."""
    index = overrides.pop("index", 1)
    values: dict[str, Any] = {
        "public_id": f"person-{index}",
        "profile_url": f"https://www.linkedin.com/in/person-{index}/",
        "first_name": f"First{index}",
        "last_name": f"Last{index}",
        "full_name": f"First{index} Last{index}",
    }
    values.update(overrides)
    contact = Contact(**values)
    session.add(contact)
    await session.flush()
    return contact


# --- V1 (legacy) databases ---------------------------------------------------------------

V1_SCHEMA = """
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    linkedin_url TEXT UNIQUE,
    last_message_date TEXT,
    message_count INTEGER DEFAULT 0,
    relationship_score REAL DEFAULT 0.0,
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE birthday_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id INTEGER,
    contact_name TEXT NOT NULL,
    message_text TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    is_late BOOLEAN DEFAULT 0,
    days_late INTEGER DEFAULT 0,
    response_received BOOLEAN DEFAULT 0,
    response_text TEXT,
    response_date TEXT,
    script_mode TEXT,
    FOREIGN KEY (contact_id) REFERENCES contacts (id)
);
"""


def legacy_message(legacy_id: int, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id": legacy_id,
        "contact_id": None,
        "contact_name": f"Legacy Person {legacy_id}",
        "message_text": f"Happy birthday #{legacy_id}!",
        "sent_at": f"2024-03-{(legacy_id % 28) + 1:02d}T09:15:00.123456",
        "is_late": 0,
        "days_late": 0,
        "script_mode": "routine",
    }
    values.update(overrides)
    return values


def make_legacy_db(
    path: Path,
    messages: Iterable[dict[str, Any]] = (),
    contacts: Iterable[tuple[int, str, str | None]] = (),
    *,
    wal: bool = True,
) -> Path:
    """A V1 SQLite database (V1 ran it in WAL mode) with these contacts and messages."""
    conn = sqlite3.connect(path)
    try:
        if wal:
            conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(V1_SCHEMA)
        conn.executemany(
            "INSERT INTO contacts (id, name, linkedin_url, created_at, updated_at) "
            "VALUES (?, ?, ?, '2024-01-01T00:00:00', '2024-01-01T00:00:00')",
            list(contacts),
        )
        conn.executemany(
            "INSERT INTO birthday_messages (id, contact_id, contact_name, message_text, sent_at,"
            " is_late, days_late, script_mode) VALUES (:id, :contact_id, :contact_name,"
            " :message_text, :sent_at, :is_late, :days_late, :script_mode)",
            list(messages),
        )
        conn.commit()
    finally:
        conn.close()
    return path
