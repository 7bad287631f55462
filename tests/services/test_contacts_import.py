"""Importing LinkedIn's Connections.csv: good rows kept, bad rows reported by line."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.core.errors import ImportInterrupted, InvalidInput
from linkedin_bot.db.models import Contact
from linkedin_bot.db.queries import contact_upsert
from linkedin_bot.db.queries.contact_upsert import ContactRow, UpsertResult
from linkedin_bot.services import contacts_import
from linkedin_bot.services.contacts_import import (
    ImportLimits,
    ImportReport,
    RowIssue,
    import_connections,
    parse_connected_on,
)
from tests.factories import connection_row, write_connections_csv
from tests.helpers import Database

# Notes: line 1 "Notes:", line 2 the quoted sentence, line 3 blank, line 4 the header.
FIRST_DATA_LINE = 5


async def _import(db: Database, path: Path, **kwargs: object) -> ImportReport:
    return await import_connections(db.sessions, path, **kwargs)  # type: ignore[arg-type]


async def _contacts(db: Database) -> dict[str, Contact]:
    async with db.sessions() as session:
        return {c.public_id: c for c in (await session.scalars(select(Contact))).all()}


async def test_a_real_shaped_export_is_imported(db: Database, tmp_path: Path) -> None:
    """BOM, notes before the header, tracking query strings: every row becomes a contact
    with its canonical URL and parsed connection date."""
    path = write_connections_csv(
        tmp_path / "Connections.csv",
        [
            connection_row(
                1,
                URL="https://www.linkedin.com/in/Jane-Doe-1a2b3c?miniProfileUrn=urn%3Ali%3Ax",
                First_Name="Jane",
                Last_Name="Doe",
                Email_Address="jane@example.com",
            ),
            connection_row(2, URL="https://fr.linkedin.com/in/J%C3%A9r%C3%B4me/"),
        ],
    )
    report = await _import(db, path)
    assert (report.rows_read, report.inserted, report.updated, report.unchanged) == (2, 2, 0, 0)
    assert report.errors == []
    assert report.duplicates == []
    contacts = await _contacts(db)
    jane = contacts["jane-doe-1a2b3c"]
    assert jane.profile_url == "https://www.linkedin.com/in/jane-doe-1a2b3c/"
    assert (jane.full_name, jane.email) == ("Jane Doe", "jane@example.com")
    assert jane.connected_on == date(2026, 11, 21)
    assert contacts["jérôme"].profile_url == "https://www.linkedin.com/in/j%C3%A9r%C3%B4me/"


async def test_a_10000_row_export_imports_completely(db: Database, tmp_path: Path) -> None:
    """A large export (10,000 connections) is read and written in full, with progress."""
    path = write_connections_csv(tmp_path / "big.csv", (connection_row(i) for i in range(10_000)))
    calls: list[tuple[int, int]] = []
    report = await _import(db, path, progress=lambda done, total: calls.append((done, total)))
    assert (report.rows_read, report.inserted, report.errors) == (10_000, 10_000, [])
    assert calls[0] == (0, 10_000)
    assert calls[-1] == (10_000, 10_000)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    async with db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Contact)) == 10_000


async def test_reimporting_the_same_file_changes_nothing(db: Database, tmp_path: Path) -> None:
    """A second import of the same file: 0 inserted, 0 updated, N unchanged, and no
    contact's updated_at moves."""
    path = write_connections_csv(tmp_path / "c.csv", [connection_row(i) for i in range(300)])
    await _import(db, path)
    before = {k: c.updated_at for k, c in (await _contacts(db)).items()}
    report = await _import(db, path)
    assert (report.inserted, report.updated, report.unchanged) == (0, 0, 300)
    assert {k: c.updated_at for k, c in (await _contacts(db)).items()} == before


async def test_bad_rows_are_reported_by_line_and_good_rows_kept(
    db: Database, tmp_path: Path
) -> None:
    """Each bad row is named by its line in the file with the reason; the rest imports."""
    rows = [
        connection_row(1),  # line 5
        connection_row(2, URL=""),  # 6
        connection_row(3, URL="https://www.linkedin.com/company/acme/"),  # 7
        connection_row(4, First_Name="", Last_Name=""),  # 8
        connection_row(5, Connected_On="31 Feb 2026"),  # 9
        [*connection_row(6), "extra"],  # 10
        connection_row(7, Connected_On="yesterday"),  # 11
        connection_row(8, Company="x" * 301),  # 12
        connection_row(9, Position="bad\x00byte"),  # 13
        connection_row(10),  # 14
    ]
    report = await _import(db, write_connections_csv(tmp_path / "c.csv", rows))
    lines = {issue.line: issue.reason for issue in report.errors}
    assert sorted(lines) == [6, 7, 8, 9, 10, 11, 12, 13]
    assert lines[6] == "no profile URL"
    assert "expected /in/<slug>/" in lines[7]
    assert lines[8] == "no name"
    assert "31 Feb 2026" in lines[9]
    assert "yesterday" in lines[11]
    assert lines[10] == "expected 7 columns, found 8"
    assert "company longer than 300" in lines[12]
    assert "NUL" in lines[13]
    assert (report.rows_read, report.inserted) == (10, 2)
    assert set(await _contacts(db)) == {"person-1", "person-10"}


async def test_line_numbers_count_multiline_quoted_cells(db: Database, tmp_path: Path) -> None:
    """A position spread over two lines inside quotes shifts the next rows' line numbers."""
    rows = [connection_row(1, Position="Head of\nthings"), connection_row(2, URL="")]
    report = await _import(db, write_connections_csv(tmp_path / "c.csv", rows))
    assert report.errors == [RowIssue(FIRST_DATA_LINE + 2, "no profile URL")]
    assert (await _contacts(db))["person-1"].position == "Head of\nthings"


async def test_duplicate_urls_last_one_wins_and_is_reported(db: Database, tmp_path: Path) -> None:
    """The same profile twice (spelled differently): one contact holding the later row;
    the earlier line is reported as replaced."""
    rows = [
        connection_row(1, Company="Old Co"),  # line 5
        connection_row(2),  # 6
        connection_row(1, URL="linkedin.com/in/PERSON-1/?trk=x", Company="New Co"),  # 7
    ]
    report = await _import(db, write_connections_csv(tmp_path / "c.csv", rows))
    assert report.duplicates == [RowIssue(5, "same profile as line 7, which replaces it")]
    assert (report.rows_read, report.inserted, report.errors) == (3, 2, [])
    assert (await _contacts(db))["person-1"].company == "New Co"


async def test_export_without_notes_or_bom_and_blank_lines(db: Database, tmp_path: Path) -> None:
    """A plain CSV (header on line 1, no BOM) with blank lines imports; blanks are not rows."""
    path = write_connections_csv(
        tmp_path / "c.csv",
        [connection_row(1)],
        notes=False,
        bom=False,
        raw_lines=["\r\n", "\r\n"],
    )
    report = await _import(db, path)
    assert (report.rows_read, report.inserted, report.errors) == (1, 1, [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21 Nov 2026", date(2026, 11, 21)),
        ("1 Sep 2019", date(2019, 9, 1)),
        ("05 sept. 2019", date(2019, 9, 5)),
        ("11/21/26", date(2026, 11, 21)),
        ("3/7/2021", date(2021, 3, 7)),
        ("2026-11-21", date(2026, 11, 21)),
        ("", None),
    ],
)
def test_connected_on_formats(text: str, expected: date | None) -> None:
    """LinkedIn's "21 Nov 2026", the US "11/21/26" and ISO dates are all understood."""
    assert parse_connected_on(text) == expected


@pytest.mark.parametrize("text", ["21 Foo 2026", "13/01/26", "2026-02-30", "tomorrow"])
def test_connected_on_rejects_what_is_not_a_date(text: str) -> None:
    """Anything else is a bad date (the row is reported, not guessed)."""
    with pytest.raises(ValueError, match=r"."):
        parse_connected_on(text)


async def test_missing_file_is_invalid_input(db: Database, tmp_path: Path) -> None:
    """A path that does not exist, or a directory, is a clear error, nothing written."""
    with pytest.raises(InvalidInput, match="cannot read"):
        await _import(db, tmp_path / "missing.csv")
    with pytest.raises(InvalidInput, match="cannot read"):
        await _import(db, tmp_path)


async def test_a_file_that_is_not_an_export_is_invalid_input(db: Database, tmp_path: Path) -> None:
    """A CSV without the export's header, or a binary file, is refused with the reason."""
    other = tmp_path / "other.csv"
    other.write_text("name,email\nJane,jane@example.com\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="no header line"):
        await _import(db, other)
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00\x00" * 10)
    with pytest.raises(InvalidInput, match="not a UTF-8 text file"):
        await _import(db, binary)


async def test_a_failure_mid_import_keeps_the_saved_batches_and_says_so(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches are committed one by one (the service stays responsive during a large
    import): when the database refuses the second batch (here: a contact that breaks a
    CHECK constraint, injected into it), the first batch stays, the second is rolled back
    whole, and the error says how many contacts were saved out of how many, and why."""
    real_upsert = contact_upsert.upsert_contacts
    calls = 0

    async def upsert_then_violate(session: AsyncSession, rows: list[ContactRow]) -> UpsertResult:
        nonlocal calls
        calls += 1
        result = await real_upsert(session, rows)
        if calls == 2:
            session.add(Contact(public_id="broken", profile_url="", status="no-such-status"))
            await session.flush()
        return result

    monkeypatch.setattr(contacts_import, "upsert_contacts", upsert_then_violate)
    path = write_connections_csv(tmp_path / "c.csv", [connection_row(i) for i in range(250)])
    with pytest.raises(ImportInterrupted) as caught:
        await _import(db, path, batch_rows=100)
    assert calls == 2
    assert caught.value.context == {"saved": 100, "total": 250}
    assert "stopped after 100 of 250 contacts were saved" in caught.value.detail
    assert "ck_contacts_status" in caught.value.detail  # the constraint, named by the driver
    saved = await _contacts(db)
    assert len(saved) == 100
    assert "broken" not in saved


async def test_a_full_database_mid_import_says_the_disk_is_full(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """SQLite reaching its size limit (SQLITE_FULL, as on a full disk; here through
    ``max_page_count``) stops the import with "the disk is full" and the count saved."""
    path = write_connections_csv(tmp_path / "c.csv", [connection_row(i) for i in range(3000)])

    def small_database(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + 200}")

    event.listen(sqlite_db.engine.sync_engine, "connect", small_database)
    await sqlite_db.engine.dispose()
    with pytest.raises(ImportInterrupted) as caught:
        await _import(sqlite_db, path)
    saved = caught.value.context["saved"]
    assert 0 < saved < 3000
    assert saved % 500 == 0
    assert "the disk is full" in caught.value.detail
    assert len(await _contacts(sqlite_db)) == saved


async def test_row_and_size_caps_refuse_the_file_and_write_nothing(
    db: Database, tmp_path: Path
) -> None:
    """Past the row cap or the size cap, the import is refused with the limit and the
    setting that raises it named, before anything is written."""
    path = write_connections_csv(tmp_path / "c.csv", [connection_row(i) for i in range(30)])
    with pytest.raises(InvalidInput, match=r"more than 20 rows.*LINKEDIN_BOT_IMPORT_MAX_ROWS"):
        await _import(db, path, limits=ImportLimits(max_bytes=10**6, max_rows=20))
    size = path.stat().st_size
    with pytest.raises(InvalidInput, match=f"larger than {size - 1} bytes.*IMPORT_MAX_BYTES"):
        await _import(db, path, limits=ImportLimits(max_bytes=size - 1, max_rows=1000))
    assert await _contacts(db) == {}
    report = await _import(db, path, limits=ImportLimits(max_bytes=size, max_rows=30))
    assert report.inserted == 30


async def test_nul_in_a_cell_is_a_bad_row_naming_its_column(db: Database, tmp_path: Path) -> None:
    """A NUL character (PostgreSQL text cannot hold it) makes its row a bad row whose
    reason names the column; the other rows are imported, on both backends."""
    rows = [connection_row(1), connection_row(2, Company="Acme\x00Corp"), connection_row(3)]
    report = await _import(db, write_connections_csv(tmp_path / "c.csv", rows))
    assert report.inserted == 2
    assert [(i.line, i.reason) for i in report.errors] == [
        (FIRST_DATA_LINE + 1, "Company contains a NUL character (U+0000), which cannot be stored")
    ]
    assert sorted(await _contacts(db)) == ["person-1", "person-3"]


async def test_urls_of_the_configured_linkedin_host_are_accepted(
    db: Database, tmp_path: Path
) -> None:
    """With the simulator configured on its own host name, its profile URLs import and are
    stored on that host; another site's URLs are still refused."""
    rows = [
        connection_row(1, URL="http://sim.local:8123/in/person-1/"),
        connection_row(2, URL="http://other.example/in/person-2/"),
    ]
    report = await _import(
        db, write_connections_csv(tmp_path / "c.csv", rows), base_url="http://sim.local:8123"
    )
    assert report.inserted == 1
    assert [issue.line for issue in report.errors] == [FIRST_DATA_LINE + 1]
    assert (await _contacts(db))["person-1"].profile_url == "http://sim.local:8123/in/person-1/"
