"""Consolidating V1's birthday_messages into interactions: counts in = counts out."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy import text as sa_text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.core.errors import InvalidInput
from linkedin_bot.db import legacy as legacy_queries
from linkedin_bot.db.models import Contact, Interaction
from linkedin_bot.services.legacy_import import (
    LegacyImportReport,
    RejectedRow,
    import_legacy_database,
    legacy_public_id,
    parse_sent_at,
)
from tests.factories import legacy_message, make_contact, make_legacy_db
from tests.helpers import Database

PARIS = ZoneInfo("Europe/Paris")


async def _import(db: Database, path: Path, *, commit: bool = True) -> LegacyImportReport:
    async with db.sessions() as session:
        report = await import_legacy_database(session, path, tz=PARIS)
        if commit:
            await session.commit()
        else:
            await session.rollback()
    return report


async def _interactions(db: Database) -> list[Interaction]:
    async with db.sessions() as session:
        query = select(Interaction).order_by(Interaction.id)
        return list((await session.scalars(query)).all())


async def _contacts(db: Database) -> dict[str, Contact]:
    async with db.sessions() as session:
        return {c.public_id: c for c in (await session.scalars(select(Contact))).all()}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Naive values are Paris time: winter UTC+1, summer UTC+2.
        ("2024-01-15T09:30:00", datetime(2024, 1, 15, 8, 30, tzinfo=UTC)),
        ("2024-07-15T09:30:00.123456", datetime(2024, 7, 15, 7, 30, 0, 123456, tzinfo=UTC)),
        ("2024-07-15 09:30:00", datetime(2024, 7, 15, 7, 30, tzinfo=UTC)),
        ("2024-07-15T09:30:00+00:00", datetime(2024, 7, 15, 9, 30, tzinfo=UTC)),
        ("2024-07-15T09:30:00Z", datetime(2024, 7, 15, 9, 30, tzinfo=UTC)),
        ("2024-07-15T09:30:00-04:00", datetime(2024, 7, 15, 13, 30, tzinfo=UTC)),
        (" 2024-07-15 09:30 ", datetime(2024, 7, 15, 7, 30, tzinfo=UTC)),
    ],
)
def test_sent_at_is_read_in_the_users_timezone_and_stored_in_utc(
    text: str, expected: datetime
) -> None:
    """ISO with or without offset or microseconds, and "YYYY-MM-DD HH:MM:SS"; a naive
    value is the configured timezone's local time."""
    assert parse_sent_at(text, PARIS) == expected


@pytest.mark.parametrize("value", ["", "yesterday", "15/07/2024 09:30", "2024-13-01", None, 17])
def test_unreadable_sent_at_is_refused(value: object) -> None:
    """Anything else is not guessed."""
    with pytest.raises(ValueError, match="sent_at"):
        parse_sent_at(value, PARIS)


async def test_every_legacy_row_is_accounted_for(db: Database, tmp_path: Path) -> None:
    """Rows read = imported + already present + rejected; each imported message is a sent
    birthday_message interaction with its payload, date and dedup key, and no orphans."""
    path = make_legacy_db(
        tmp_path / "v1.db",
        [
            legacy_message(1, sent_at="2024-03-01T09:15:00.123456", is_late=1, days_late=2),
            legacy_message(2, sent_at="2024-03-02 10:00:00", script_mode="unlimited"),
            legacy_message(3, sent_at="not a date"),
            legacy_message(4, sent_at="2024-03-04T08:00:00+00:00", script_mode=None),
        ],
    )
    report = await _import(db, path)
    assert (report.legacy_rows, report.imported, report.already_present) == (4, 3, 0)
    assert report.rejected == [RejectedRow(3, "unreadable sent_at 'not a date'")]
    assert report.ok
    assert report.orphans == 0
    assert report.interactions_found == 3
    first, second, fourth = await _interactions(db)
    assert first.type == "birthday_message"
    assert first.status == "sent"
    assert first.dedup_key == "legacy:birthday_messages:1"
    assert first.created_at == datetime(2024, 3, 1, 8, 15, 0, 123456, tzinfo=UTC)
    assert first.payload == {
        "message": "Happy birthday #1!",
        "is_late": True,
        "days_late": 2,
        "script_mode": "routine",
        "source": "legacy",
        "legacy_id": 1,
    }
    assert second.payload["script_mode"] == "unlimited"
    assert fourth.payload["script_mode"] == "routine"
    assert fourth.created_at == datetime(2024, 3, 4, 8, 0, tzinfo=UTC)


async def test_rerun_imports_nothing_new(db: Database, tmp_path: Path) -> None:
    """A second run finds every row already present and writes nothing."""
    path = make_legacy_db(tmp_path / "v1.db", [legacy_message(i) for i in range(1, 6)])
    await _import(db, path)
    before = [(i.id, i.updated_at) for i in await _interactions(db)]
    contacts_before = set(await _contacts(db))
    report = await _import(db, path)
    assert (report.imported, report.already_present, report.contacts_created) == (0, 5, 0)
    assert report.ok
    assert [(i.id, i.updated_at) for i in await _interactions(db)] == before
    assert set(await _contacts(db)) == contacts_before


async def test_rolled_back_import_writes_nothing(db: Database, tmp_path: Path) -> None:
    """A dry run (the whole import, then a rollback) leaves no contact and no interaction,
    and still reports what it would have done."""
    path = make_legacy_db(tmp_path / "v1.db", [legacy_message(i) for i in range(1, 4)])
    report = await _import(db, path, commit=False)
    assert (report.imported, report.contacts_created) == (3, 3)
    assert await _interactions(db) == []
    assert await _contacts(db) == {}


async def test_contacts_are_matched_by_url_then_name_else_created(
    db: Database, tmp_path: Path
) -> None:
    """A V1 contact's URL finds our contact by public id; otherwise the exact full name
    (any case) finds it; otherwise a legacy contact is created; two messages to one
    unknown person create one contact."""
    async with db.sessions() as session, session.begin():
        by_url = await make_contact(session, index=1, full_name="Somebody Else")
        by_name = await make_contact(session, index=2, full_name="Élodie Durand")
    path = make_legacy_db(
        tmp_path / "v1.db",
        [
            legacy_message(1, contact_id=10, contact_name="Old Name"),
            legacy_message(2, contact_id=None, contact_name="ÉLODIE  durand"),
            legacy_message(3, contact_id=30, contact_name="Marc Petit"),
            legacy_message(4, contact_id=30, contact_name="Marc Petit", sent_at="2025-03-01"),
            legacy_message(5, contact_id=None, contact_name="Zoé Martin"),
            legacy_message(6, contact_id=40, contact_name="Known Url"),
        ],
        contacts=[
            (10, "Old Name", "https://www.linkedin.com/in/PERSON-1/?trk=x"),
            (30, "Marc Petit", None),
            (40, "Known Url", "https://fr.linkedin.com/in/known-url"),
        ],
    )
    report = await _import(db, path)
    assert report.ok
    assert report.rejected == []
    assert (report.contacts_matched, report.contacts_created) == (3, 3)
    contact_of = {i.dedup_key: i.contact_id for i in await _interactions(db)}
    contacts = await _contacts(db)
    assert contact_of["legacy:birthday_messages:1"] == by_url.id
    assert contact_of["legacy:birthday_messages:2"] == by_name.id
    marc = contacts["legacy-marc-petit-30"]
    assert contact_of["legacy:birthday_messages:3"] == contact_of["legacy:birthday_messages:4"]
    assert contact_of["legacy:birthday_messages:3"] == marc.id
    assert (marc.first_name, marc.last_name, marc.source) == ("Marc", "Petit", "legacy")
    assert marc.status == "connection"
    assert marc.profile_url == ""
    zoe = contacts[legacy_public_id("Zoé Martin", None)]
    assert zoe.public_id.startswith("legacy-zoe-martin-")
    known = contacts["known-url"]
    assert known.profile_url == "https://www.linkedin.com/in/known-url/"


async def test_ambiguous_name_is_reported_not_guessed(db: Database, tmp_path: Path) -> None:
    """Two contacts with the message's name: the row is rejected with the reason."""
    async with db.sessions() as session, session.begin():
        await make_contact(session, index=1, full_name="Jean Martin")
        await make_contact(session, index=2, full_name="jean martin")
    path = make_legacy_db(
        tmp_path / "v1.db", [legacy_message(1, contact_name="Jean Martin"), legacy_message(2)]
    )
    report = await _import(db, path)
    assert report.rejected == [
        RejectedRow(1, "ambiguous name: 2 contacts named 'Jean Martin'"),
    ]
    assert (report.imported, report.ok) == (1, True)


async def test_corrupt_rows_make_nothing_else_fail(db: Database, tmp_path: Path) -> None:
    """Odd values SQLite let V1 store (numbers as dates, empty names, empty messages,
    garbage flags) reject their own row only."""
    path = make_legacy_db(
        tmp_path / "v1.db",
        [
            legacy_message(1),
            legacy_message(2, sent_at=1710000000),
            legacy_message(3, contact_name="   "),
            legacy_message(4, message_text=""),
            legacy_message(5, is_late="yes", days_late="three"),
            legacy_message(6, contact_name="x" * 401),
        ],
    )
    report = await _import(db, path)
    reasons = dict(report.rejected)
    assert sorted(reasons) == [2, 3, 4, 6]
    assert reasons[2] == "unreadable sent_at '1710000000'"
    assert reasons[3] == "no contact name"
    assert reasons[4] == "no message text"
    assert "longer than 400" in reasons[6]
    assert report.imported == 2
    assert report.ok
    late = next(i for i in await _interactions(db) if i.payload["legacy_id"] == 5)
    assert (late.payload["is_late"], late.payload["days_late"]) == (True, 0)


async def test_many_rows_in_batches(db: Database, tmp_path: Path) -> None:
    """1,200 messages (several batches) are all imported, with one contact per person."""
    messages = [legacy_message(i, contact_name=f"Person {i % 300}") for i in range(1, 1201)]
    report = await _import(db, make_legacy_db(tmp_path / "v1.db", messages))
    assert (report.legacy_rows, report.imported, report.contacts_created) == (1200, 1200, 300)
    assert report.ok


async def test_the_legacy_file_is_never_modified(db: Database, tmp_path: Path) -> None:
    """The V1 file's bytes are the same after an import (it is opened read-only)."""
    path = make_legacy_db(tmp_path / "v1.db", [legacy_message(1)], wal=False)
    digest = _sha256(path)
    await _import(db, path)
    assert _sha256(path) == digest


async def test_a_failure_mid_import_leaves_nothing(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the database refuses a write after earlier batches were flushed (an injected
    interaction that breaks a CHECK constraint), the import raises and, rolled back by
    its caller, leaves no contact and no interaction."""
    real_add = legacy_queries.add_interactions
    calls = 0

    async def add_then_violate(session: AsyncSession, interactions: list[Interaction]) -> None:
        nonlocal calls
        calls += 1
        await real_add(session, interactions)
        if calls == 2:
            bad = Interaction(contact_id=interactions[0].contact_id, type="bogus", status="sent")
            await real_add(session, [bad])

    monkeypatch.setattr(legacy_queries, "add_interactions", add_then_violate)
    messages = [legacy_message(i) for i in range(1, 801)]
    path = make_legacy_db(tmp_path / "v1.db", messages)
    with pytest.raises(IntegrityError):
        await _import(db, path)
    assert calls == 2
    assert await _interactions(db) == []
    assert await _contacts(db) == {}


async def test_missing_file_is_invalid_input(db: Database, tmp_path: Path) -> None:
    """No such file: a clear error."""
    with pytest.raises(InvalidInput, match="not found"):
        await _import(db, tmp_path / "nope.db")


async def test_a_file_that_is_not_sqlite_is_invalid_input(db: Database, tmp_path: Path) -> None:
    """A text file, or a directory, named as the legacy database: a clear error."""
    text = tmp_path / "v1.db"
    text.write_text("id,name\n1,Jane\n")
    with pytest.raises(InvalidInput, match="is not a SQLite database"):
        await _import(db, text)
    with pytest.raises(InvalidInput, match="is not a file"):
        await _import(db, tmp_path)


async def test_a_truncated_sqlite_file_is_invalid_input(db: Database, tmp_path: Path) -> None:
    """A damaged database (right header, missing pages) is refused, not crashed on."""
    good = make_legacy_db(tmp_path / "v1.db", [legacy_message(1)], wal=False)
    broken = tmp_path / "broken.db"
    broken.write_bytes(good.read_bytes()[:200])
    with pytest.raises(InvalidInput, match=r"broken\.db"):
        await _import(db, broken)


async def test_sqlite_without_birthday_messages_is_invalid_input(
    db: Database, tmp_path: Path
) -> None:
    """A SQLite file of another application: a clear error naming the missing table."""
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE things (id INTEGER PRIMARY KEY)")
    conn.close()
    with pytest.raises(InvalidInput, match="no birthday_messages table"):
        await _import(db, other)


async def test_an_older_v1_without_optional_columns_imports(db: Database, tmp_path: Path) -> None:
    """A V1 file without contacts table nor script_mode/is_late columns still imports,
    with defaults for what it lacks."""
    path = tmp_path / "v0.db"
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE birthday_messages (id INTEGER PRIMARY KEY, contact_name TEXT,"
        " message_text TEXT, sent_at TEXT)"
    )
    conn.execute("INSERT INTO birthday_messages VALUES (1, 'Ana Lima', 'Feliz!', '2023-05-01')")
    conn.commit()
    conn.close()
    report = await _import(db, path)
    assert (report.imported, report.ok) == (1, True)
    (interaction,) = await _interactions(db)
    assert interaction.payload["script_mode"] == "routine"
    assert interaction.payload["is_late"] is False


async def test_integrity_check_bites_on_an_orphan(db: Database, tmp_path: Path) -> None:
    """The report's checker is not decorative: a legacy interaction whose contact is gone
    (foreign keys bypassed) makes it fail."""
    path = make_legacy_db(tmp_path / "v1.db", [legacy_message(1), legacy_message(2)])
    await _import(db, path)
    if db.backend == "sqlite":
        # A plain sqlite3 connection: foreign keys are off unless asked for.
        raw = sqlite3.connect(db.url.removeprefix("sqlite+aiosqlite:///"))
        with raw:
            raw.execute("DELETE FROM contacts")
        raw.close()
    else:
        async with db.sessions() as session, session.begin():
            await session.execute(sa_text("SET LOCAL session_replication_role = replica"))
            await session.execute(sa_text("DELETE FROM contacts"))
    report = await _import(db, path)
    assert report.orphans == 2
    assert report.balanced
    assert not report.ok
    async with db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Contact)) == 0
