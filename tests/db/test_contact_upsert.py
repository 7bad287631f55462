"""Bulk upsert of imported contacts on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from linkedin_bot.db.enums import ContactStatus
from linkedin_bot.db.models import Contact
from linkedin_bot.db.queries.contact_upsert import (
    ContactRow,
    UpsertResult,
    rows_per_statement,
    upsert_contacts,
)
from tests.factories import make_contact
from tests.helpers import Database


def row(index: int, **overrides: object) -> ContactRow:
    values: dict[str, object] = {
        "public_id": f"person-{index}",
        "profile_url": f"https://www.linkedin.com/in/person-{index}/",
        "first_name": f"First{index}",
        "last_name": f"Last{index}",
        "email": f"p{index}@example.com",
        "company": "Acme",
        "position": "Engineer",
        "connected_on": date(2026, 11, 21),
    }
    values.update(overrides)
    return ContactRow(**values)  # type: ignore[arg-type]


async def _contacts(db: Database) -> dict[str, Contact]:
    async with db.sessions() as session:
        return {c.public_id: c for c in (await session.scalars(select(Contact))).all()}


async def test_new_rows_are_inserted_with_the_import_defaults(db: Database) -> None:
    """New public ids become connection contacts, full name built from first and last."""
    async with db.sessions() as session, session.begin():
        result = await upsert_contacts(session, [row(1), row(2, last_name="")])
    assert result == UpsertResult(inserted=2, updated=0, unchanged=0)
    contacts = await _contacts(db)
    assert contacts["person-1"].full_name == "First1 Last1"
    assert contacts["person-2"].full_name == "First2"
    assert contacts["person-1"].status == ContactStatus.CONNECTION
    assert contacts["person-1"].source == "import"
    assert contacts["person-1"].connected_on == date(2026, 11, 21)
    assert contacts["person-1"].blacklisted is False


async def test_same_rows_again_change_nothing_not_even_updated_at(db: Database) -> None:
    """A second upsert of the same rows reports 0 inserted, 0 updated, N unchanged and
    leaves every row (updated_at included) as it was."""
    rows = [row(i) for i in range(1, 6)]
    async with db.sessions() as session, session.begin():
        await upsert_contacts(session, rows)
    before = {k: c.updated_at for k, c in (await _contacts(db)).items()}
    async with db.sessions() as session, session.begin():
        result = await upsert_contacts(session, rows)
    assert result == UpsertResult(inserted=0, updated=0, unchanged=5)
    assert {k: c.updated_at for k, c in (await _contacts(db)).items()} == before


async def test_only_changed_rows_are_updated_and_counted(db: Database) -> None:
    """Of three known contacts, the one whose company changed is the only one updated."""
    async with db.sessions() as session, session.begin():
        await upsert_contacts(session, [row(1), row(2), row(3)])
    before = await _contacts(db)
    async with db.sessions() as session, session.begin():
        result = await upsert_contacts(session, [row(1), row(2, company="Globex"), row(4)])
    assert result == UpsertResult(inserted=1, updated=1, unchanged=1)
    after = await _contacts(db)
    assert after["person-2"].company == "Globex"
    assert after["person-2"].updated_at > before["person-2"].updated_at
    assert after["person-1"].updated_at == before["person-1"].updated_at


async def test_empty_values_never_erase_what_is_stored(db: Database) -> None:
    """An export row with an empty email, company or date keeps the stored values."""
    async with db.sessions() as session, session.begin():
        await upsert_contacts(session, [row(1)])
    sparse = row(1, email=None, company="", position=None, connected_on=None, last_name="")
    async with db.sessions() as session, session.begin():
        result = await upsert_contacts(session, [sparse])
    assert result == UpsertResult(inserted=0, updated=0, unchanged=1)
    contact = (await _contacts(db))["person-1"]
    assert (contact.email, contact.company, contact.position) == (
        "p1@example.com",
        "Acme",
        "Engineer",
    )
    assert contact.connected_on == date(2026, 11, 21)
    assert contact.full_name == "First1 Last1"


async def test_upsert_keeps_birthday_blacklist_score_and_archived_status(db: Database) -> None:
    """What the import does not know (birthday, blacklist, fit score, sourcing data, an
    archived status) survives an update of the columns it does know."""
    async with db.sessions() as session, session.begin():
        await make_contact(
            session,
            index=1,
            birth_month=3,
            birth_day=14,
            birth_date=date(1990, 3, 14),
            blacklisted=True,
            fit_score=72.5,
            headline="Staff engineer",
            status=ContactStatus.ARCHIVED.value,
            source="sourcing",
        )
    async with db.sessions() as session, session.begin():
        result = await upsert_contacts(session, [row(1, first_name="Janet", company="Initech")])
    assert result == UpsertResult(inserted=0, updated=1, unchanged=0)
    contact = (await _contacts(db))["person-1"]
    assert (contact.first_name, contact.full_name, contact.company) == (
        "Janet",
        "Janet Last1",
        "Initech",
    )
    assert (contact.birth_month, contact.birth_day, contact.birth_date) == (
        3,
        14,
        date(1990, 3, 14),
    )
    assert contact.blacklisted is True
    assert contact.fit_score == 72.5
    assert contact.headline == "Staff engineer"
    assert contact.status == ContactStatus.ARCHIVED
    assert contact.source == "sourcing"


async def test_a_full_name_set_elsewhere_is_kept_while_names_do_not_change(db: Database) -> None:
    """A display name read on the profile is not replaced when the export's names agree."""
    async with db.sessions() as session, session.begin():
        await make_contact(session, index=1, full_name="Dr. First1 Last1", company="Old")
    async with db.sessions() as session, session.begin():
        await upsert_contacts(session, [row(1)])
    contact = (await _contacts(db))["person-1"]
    assert contact.full_name == "Dr. First1 Last1"
    assert contact.company == "Acme"


async def test_a_prospect_found_in_the_export_becomes_a_connection(db: Database) -> None:
    """A sourced prospect who appears in the connections export is now a connection."""
    async with db.sessions() as session, session.begin():
        await make_contact(session, index=1, status=ContactStatus.PROSPECT.value)
    async with db.sessions() as session, session.begin():
        await upsert_contacts(session, [row(1, first_name="First1", email=None)])
    assert (await _contacts(db))["person-1"].status == ContactStatus.CONNECTION


async def test_duplicate_ids_in_one_call_last_one_wins(db: Database) -> None:
    """Two rows for one person in the same call: one contact, holding the last row."""
    async with db.sessions() as session, session.begin():
        result = await upsert_contacts(session, [row(1, company="First"), row(1, company="Last")])
    assert result == UpsertResult(inserted=1, updated=0, unchanged=0)
    assert (await _contacts(db))["person-1"].company == "Last"


async def test_many_rows_are_written_in_batches_under_the_variable_limit(db: Database) -> None:
    """2,500 rows (several statements on both backends) are all written and counted."""
    rows = [row(i) for i in range(2500)]
    async with db.sessions() as session, session.begin():
        result = await upsert_contacts(session, rows)
    assert result == UpsertResult(inserted=2500, updated=0, unchanged=0)
    async with db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Contact)) == 2500
    assert rows_per_statement("sqlite", 14) * 14 <= 32766
    assert rows_per_statement("postgresql", 14) * 14 <= 32767


async def test_upsert_flushes_but_does_not_commit(db: Database) -> None:
    """The caller owns the transaction: rolled back, the upsert leaves nothing behind."""
    async with db.sessions() as session:
        await upsert_contacts(session, [row(1)])
        await session.rollback()
    assert await _contacts(db) == {}


async def test_no_rows_is_a_no_op(db: Database) -> None:
    """An empty list writes nothing and reports zeros."""
    async with db.sessions() as session, session.begin():
        assert await upsert_contacts(session, []) == UpsertResult()
