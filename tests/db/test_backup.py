"""Backups and restores on real SQLite files and a real PostgreSQL database.

The service functions block (sqlite3, pg_dump, their own event loops), so these async tests
call them through ``asyncio.to_thread``, exactly as the scheduler does.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import sqlite3
import subprocess
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, inspect, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine
from structlog.testing import capture_logs

from linkedin_bot.core.clock import FrozenClock
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.backup import BackupInvalid, head_revision
from linkedin_bot.db.base import Base
from linkedin_bot.db.engine import create_engine, create_session_factory
from linkedin_bot.db.in_use import DatabaseInUse
from linkedin_bot.db.migrate import upgrade
from linkedin_bot.db.models import (
    SQLITE_SEARCH_TABLE,
    CampaignRun,
    Contact,
    Cooldown,
    Interaction,
    LinkedInSelector,
    SchedulePause,
)
from linkedin_bot.db.sqlite_backup import check_sqlite_backup
from linkedin_bot.services.backup import (
    RestorePlan,
    create_backup,
    prune_backups,
    restore_backup,
)
from tests.builders import BASE_TIME, contact, interaction
from tests.helpers import Database, make_settings

Snapshot = dict[str, list[tuple[Any, ...]]]


def _settings(tmp_path: Path, url: str, **overrides: object) -> Settings:
    return make_settings(tmp_path / "data", url, **overrides)


# --- data ----------------------------------------------------------------------------------


async def populate(db: Database) -> None:
    """Rows in every table, with JSON payloads, unicode, NULLs, dates and times."""
    async with db.sessions.begin() as session:
        people = [
            contact(
                first_name="Zoë",
                last_name="Ångström",
                full_name="Zoë Ångström",
                headline="Ingénieure — données 🚀",
                about="Line one\nline two, with \"quotes\" and 'apostrophes' and \\ back",
                birth_month=2,
                birth_day=29,
                birth_date=date(1992, 2, 29),
                skills=["Python", "SQL", "日本語"],
                profile_data={"experience": [{"company": "Café ☕", "years": 3.5}], "x": None},
                fit_score=87.5,
                open_to_work=True,
                connected_on=date(2020, 5, 17),
                last_visited_at=BASE_TIME + timedelta(days=3, microseconds=123456),
            ),
            contact(locale="fr", email="jean@example.org", blacklisted=True),
            contact(status="prospect", source="search", years_experience=12.25),
        ]
        session.add_all(people)
        runs = [
            CampaignRun(
                kind="birthday",
                status="succeeded",
                trigger="schedule",
                params={"dry_run": False, "late_days": 2},
                stats={"sent": 2, "skipped": ["a", "b"], "note": "ünïcödé"},
                created_at=BASE_TIME,
                started_at=BASE_TIME + timedelta(seconds=1),
                finished_at=BASE_TIME + timedelta(minutes=5),
                heartbeat_at=BASE_TIME + timedelta(minutes=4),
            ),
            # Queued long ago, never picked up: stale, so it does not block a restore.
            CampaignRun(kind="sourcing", status="queued", account="other", created_at=BASE_TIME),
        ]
        session.add_all(runs)
        await session.flush()
        session.add_all(
            [
                interaction(
                    people[0].id,
                    run_id=runs[0].id,
                    dedup_key=f"birthday_message:{people[0].id}:2026",
                    payload={"message": "Joyeux anniversaire Zoë ! 🎂", "locale": "fr"},
                    quota_day=date(2026, 1, 1),
                ),
                interaction(
                    people[1].id,
                    status="unknown",
                    error="timeout after click",
                    payload={"nested": {"list": [1, 2.5, None, True, "ß"]}},
                    lease_expires_at=BASE_TIME + timedelta(hours=1),
                ),
                interaction(people[2].id, type="profile_visit", status="visited", payload={}),
            ]
        )
        session.add(
            Cooldown(
                kind="restriction",
                signal="checkpoint",
                reason="security check ✋",
                url="https://www.linkedin.com/checkpoint/challenge/x/",
                run_id=runs[0].id,
                started_at=BASE_TIME,
                until=BASE_TIME + timedelta(hours=48),
                ended_at=BASE_TIME + timedelta(hours=2),
                ended_by="resumed",
            )
        )
        session.add_all(
            [
                LinkedInSelector(
                    element="send_button",
                    selector="button[aria-label='Envoyer ✉']",
                    source="default",
                    score=0.75,
                    success_count=3,
                    failure_count=1,
                    last_success_at=BASE_TIME,
                ),
                LinkedInSelector(element="message_box", selector="div[role=textbox]"),
            ]
        )
        session.add(SchedulePause(job="backup", paused_at=BASE_TIME, paused_by="cli"))


async def mutate(db: Database) -> None:
    """Change, delete and add rows in every table, as a bad day would."""
    async with db.sessions.begin() as session:
        await session.execute(update(Contact).values(full_name="Overwritten"))
        await session.execute(delete(Interaction).where(Interaction.status == "unknown"))
        await session.execute(update(CampaignRun).values(stats={"sent": 999}))
        await session.execute(delete(LinkedInSelector))
        session.add(contact(public_id="added-after-backup"))
        await session.execute(text("UPDATE alembic_version SET version_num = '0001'"))


async def snapshot(engine: AsyncEngine) -> Snapshot:
    """Every row of every table, in primary-key order, after the column types' conversion."""
    async with engine.connect() as conn:
        names = set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))
        rows: Snapshot = {}
        for table in Base.metadata.sorted_tables:
            result = await conn.execute(select(table).order_by(*table.primary_key.columns))
            rows[table.name] = [tuple(row) for row in result]
        version = await conn.execute(text("SELECT version_num FROM alembic_version"))
        rows["alembic_version"] = [tuple(row) for row in version]
        # SQLite's search index (an FTS5 table and its shadow tables): unknown to the
        # metadata, compared row by row all the same.
        for name in sorted(names - set(rows)):
            if name.startswith(SQLITE_SEARCH_TABLE):
                result = await conn.execute(text(f'SELECT * FROM "{name}"'))
                rows[name] = sorted((tuple(row) for row in result), key=repr)
    assert set(rows) == names, "the comparison must cover every table"
    return rows


def _recorder(plans: list[RestorePlan]) -> Callable[[RestorePlan], bool]:
    """A confirmation that says yes and remembers what it was shown."""

    def confirm(plan: RestorePlan) -> bool:
        plans.append(plan)
        return True

    return confirm


def _fingerprint(directory: Path) -> dict[str, str]:
    """Every file of a directory and the SHA-256 of its bytes."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.iterdir())
        if p.is_file()
    }


# --- SQLite --------------------------------------------------------------------------------


async def test_sqlite_round_trip_restores_every_row(sqlite_db: Database, tmp_path: Path) -> None:
    """Back up a populated SQLite file, change and delete data, restore: every row of every
    table is back as it was, and the replaced database is kept as a safety copy."""
    await populate(sqlite_db)
    original = await snapshot(sqlite_db.engine)
    assert all(original.values()), "every table holds rows"
    settings = _settings(tmp_path, sqlite_db.url)

    result = await asyncio.to_thread(create_backup, settings)
    assert result.path.name.startswith("linkedin-")
    assert result.path.suffix == ".db"
    assert result.bytes == result.path.stat().st_size
    assert result.tables == {name: len(rows) for name, rows in original.items()}
    assert result.path.stat().st_mode & 0o777 == 0o600
    assert result.path.parent.stat().st_mode & 0o777 == 0o700

    await mutate(sqlite_db)
    changed = await snapshot(sqlite_db.engine)
    assert changed != original
    await sqlite_db.engine.dispose()

    plans: list[RestorePlan] = []
    restored = await asyncio.to_thread(
        restore_backup, settings, result.path, confirm=_recorder(plans)
    )
    assert restored is not None
    assert plans[0].backup.tables == result.tables
    assert plans[0].current == {name: len(rows) for name, rows in changed.items()}
    assert restored.before == plans[0].current
    assert restored.after == result.tables
    assert await snapshot(sqlite_db.engine) == original
    assert restored.safety_copy is not None
    assert restored.safety_copy.name.startswith("pre-restore-")
    assert restored.safety_copy.stat().st_mode & 0o777 == 0o600
    safety = create_engine(f"sqlite+aiosqlite:///{restored.safety_copy}")
    try:
        assert await snapshot(safety) == changed
    finally:
        await safety.dispose()


async def test_restore_migrates_an_older_backup_to_head(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """A backup taken at an older schema revision is accepted and migrated up to head."""
    await populate(sqlite_db)
    settings = _settings(tmp_path, sqlite_db.url)
    await sqlite_db.engine.dispose()
    old = tmp_path / "old.db"
    await asyncio.to_thread(upgrade, f"sqlite+aiosqlite:///{old}", "0001")
    restored = await asyncio.to_thread(restore_backup, settings, old)
    assert restored is not None
    assert restored.revision == "0001"
    assert restored.migrated_to == head_revision()
    async with sqlite_db.engine.connect() as conn:
        assert (
            await conn.scalar(text("SELECT version_num FROM alembic_version"))
        ) == head_revision()
        assert (await conn.scalar(text("SELECT count(*) FROM contacts"))) == 0


def _writer(
    path: Path,
    stop: threading.Event,
    warmed_up: threading.Event,
    done: list[int],
    errors: list[Exception],
) -> None:
    """Insert a contact and its interaction per transaction until told to stop."""
    conn = sqlite3.connect(path, timeout=15, isolation_level=None)
    now = "2026-01-01 09:00:00.000000"
    try:
        while not stop.is_set():
            n = len(done)
            conn.execute("BEGIN IMMEDIATE")
            cursor = conn.execute(
                "INSERT INTO contacts (public_id, profile_url, first_name, last_name, full_name,"
                " status, blacklisted, source, created_at, updated_at)"
                " VALUES (?, ?, 'W', 'Riter', 'W Riter', 'connection', 0, 'import', ?, ?)",
                (f"w-{n}", f"https://www.linkedin.com/in/w-{n}/", now, now),
            )
            conn.execute(
                "INSERT INTO interactions (contact_id, type, status, dedup_key, payload,"
                " created_at, updated_at) VALUES (?, 'profile_visit', 'visited', ?, '{}', ?, ?)",
                (cursor.lastrowid, f"w-{n}", now, now),
            )
            conn.execute("COMMIT")
            done.append(n)
            if n == 20:
                warmed_up.set()
    except sqlite3.Error as exc:
        errors.append(exc)
    finally:
        conn.close()


async def test_backup_while_another_connection_writes_is_consistent(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """Backups taken while another connection commits in a loop are sound files holding
    whole transactions only (each contact with its interaction), and the writer never fails."""
    path = Path(sqlite_db.url.removeprefix("sqlite+aiosqlite:///"))
    settings = _settings(tmp_path, sqlite_db.url, backup_retention=10)
    stop, warmed_up = threading.Event(), threading.Event()
    done: list[int] = []
    errors: list[Exception] = []
    writer = threading.Thread(target=_writer, args=(path, stop, warmed_up, done, errors))
    writer.start()
    try:
        assert await asyncio.to_thread(warmed_up.wait, 30)
        results = []
        for _ in range(5):
            results.append(await asyncio.to_thread(create_backup, settings))
            await asyncio.sleep(0.02)
    finally:
        stop.set()
        writer.join(timeout=30)
    assert not errors
    seen = []
    for result in results:
        check_sqlite_backup(result.path)  # integrity_check ok, tables and revision known
        uri = f"{result.path.as_uri()}?mode=ro"
        with sqlite3.connect(uri, uri=True) as conn:
            contacts = conn.execute("SELECT count(*) FROM contacts").fetchone()[0]
            visits = conn.execute("SELECT count(*) FROM interactions").fetchone()[0]
            orphans = conn.execute(
                "SELECT count(*) FROM interactions i LEFT JOIN contacts c"
                " ON c.id = i.contact_id WHERE c.id IS NULL"
            ).fetchone()[0]
        conn.close()
        assert contacts == visits == result.tables["contacts"] == result.tables["interactions"]
        assert orphans == 0
        seen.append(contacts)
    assert seen == sorted(seen)
    assert seen[0] >= 20
    assert len(done) >= seen[-1]


async def test_retention_keeps_exactly_the_newest(sqlite_db: Database, tmp_path: Path) -> None:
    """With a retention of 3, five daily backups leave the three newest, and no other file
    (a PostgreSQL dump, a safety copy, the user's own) is touched."""
    settings = _settings(tmp_path, sqlite_db.url, backup_retention=3)
    directory = tmp_path / "data" / "backups"
    directory.mkdir(parents=True)
    others = ["linkedin-20200101T000000.000000Z.dump", "pre-restore-x.db", "notes.txt"]
    for name in others:
        (directory / name).write_text("keep me")
    clock = FrozenClock(datetime(2026, 3, 1, 2, 0, tzinfo=UTC))
    made = []
    for _ in range(5):
        made.append(await asyncio.to_thread(create_backup, settings, clock=clock))
        clock.advance(timedelta(days=1))
    kept = sorted(p.name for p in directory.glob("linkedin-*.db"))
    assert kept == [r.path.name for r in made[-3:]]
    assert kept[0] == "linkedin-20260303T020000.000000Z.db"
    assert all((directory / name).read_text() == "keep me" for name in others)
    assert prune_backups(directory, ".db", 1) == [directory / kept[0], directory / kept[1]]


def _corrupt_truncated(good: Path, bad: Path) -> None:
    data = good.read_bytes()
    bad.write_bytes(data[: len(data) // 2])


def _corrupt_pages(good: Path, bad: Path) -> None:
    data = bytearray(good.read_bytes())
    data[4096:] = os.urandom(len(data) - 4096)  # a valid header, garbage pages
    bad.write_bytes(bytes(data))


def _random_bytes(_good: Path, bad: Path) -> None:
    bad.write_bytes(os.urandom(64 * 1024))


def _not_sqlite(_good: Path, bad: Path) -> None:
    bad.write_text("First Name,Last Name,URL\nAda,Lovelace,https://x\n")


def _missing_tables(_good: Path, bad: Path) -> None:
    with sqlite3.connect(bad) as conn:
        conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY)")
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        conn.execute("INSERT INTO alembic_version VALUES ('0002')")
    conn.close()


def _newer_schema(good: Path, bad: Path) -> None:
    shutil.copyfile(good, bad)
    with sqlite3.connect(bad) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()


@pytest.mark.parametrize(
    ("make_bad", "reason"),
    [
        (_corrupt_truncated, "integrity check failed|unreadable"),
        (_corrupt_pages, "integrity check failed|unreadable"),
        (_random_bytes, "not a SQLite database"),
        (_not_sqlite, "not a SQLite database"),
        (_missing_tables, "missing tables"),
        (_newer_schema, "unknown to this version"),
    ],
)
async def test_restore_refuses_a_bad_file_and_changes_nothing(
    sqlite_db: Database, tmp_path: Path, make_bad: Any, reason: str
) -> None:
    """A corrupt, foreign, incomplete or newer-schema file is refused with the reason, before
    anything is asked or written: the current database is byte-for-byte unchanged."""
    await populate(sqlite_db)
    settings = _settings(tmp_path, sqlite_db.url)
    good = (await asyncio.to_thread(create_backup, settings)).path
    bad = tmp_path / "bad.db"
    make_bad(good, bad)
    await sqlite_db.engine.dispose()
    live_dir = Path(sqlite_db.url.removeprefix("sqlite+aiosqlite:///")).parent
    before, backups_before = _fingerprint(live_dir), _fingerprint(good.parent)
    asked: list[RestorePlan] = []

    with pytest.raises(BackupInvalid, match=reason):
        await asyncio.to_thread(restore_backup, settings, bad, confirm=_recorder(asked))
    assert not asked
    assert _fingerprint(live_dir) == before
    assert _fingerprint(good.parent) == backups_before


async def test_restore_refuses_while_this_process_has_the_database_open(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """While an engine of this very process has the database open, a restore is refused
    (nothing changes, nothing is asked); once the engine is disposed, it goes through."""
    await populate(sqlite_db)
    settings = _settings(tmp_path, sqlite_db.url)
    good = (await asyncio.to_thread(create_backup, settings)).path
    live_dir = Path(sqlite_db.url.removeprefix("sqlite+aiosqlite:///")).parent
    before = _fingerprint(live_dir)
    asked: list[RestorePlan] = []

    with pytest.raises(DatabaseInUse, match="open in this process"):
        await asyncio.to_thread(restore_backup, settings, good, confirm=_recorder(asked))
    assert not asked
    assert _fingerprint(live_dir) == before
    await sqlite_db.engine.dispose()
    assert await asyncio.to_thread(restore_backup, settings, good) is not None


async def test_declined_restore_changes_nothing(sqlite_db: Database, tmp_path: Path) -> None:
    """When the confirmation answers no, the restore returns None and writes nothing."""
    await populate(sqlite_db)
    settings = _settings(tmp_path, sqlite_db.url)
    good = (await asyncio.to_thread(create_backup, settings)).path
    await mutate(sqlite_db)
    await sqlite_db.engine.dispose()
    live_dir = Path(sqlite_db.url.removeprefix("sqlite+aiosqlite:///")).parent
    before = _fingerprint(live_dir)
    assert await asyncio.to_thread(restore_backup, settings, good, confirm=lambda _: False) is None
    assert _fingerprint(live_dir) == before
    assert [p.name for p in good.parent.iterdir()] == [good.name]


# --- PostgreSQL ----------------------------------------------------------------------------


@pytest.mark.postgres
async def test_postgres_round_trip_restores_every_row(
    scratch_pg: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pg_dump a populated database, change and delete data, pg_restore: every row of every
    table is back; the password reaches the tools only through PGPASSWORD, never argv or
    a log line."""
    engine = create_engine(scratch_pg)
    db = Database("postgres", scratch_pg, engine, create_session_factory(engine))
    password = str(make_url(scratch_pg).password)
    calls: list[tuple[list[str], dict[str, str]]] = []
    real_run = subprocess.run

    def spy(args: list[str], **kwargs: Any) -> Any:
        calls.append((list(args), dict(kwargs["env"])))
        return real_run(args, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)  # the module db.backup calls
    settings = _settings(tmp_path, scratch_pg)
    try:
        await populate(db)
        original = await snapshot(engine)
        with capture_logs() as logs:
            result = await asyncio.to_thread(create_backup, settings)
            assert result.path.suffix == ".dump"
            assert result.path.stat().st_mode & 0o777 == 0o600
            assert result.tables == {name: len(rows) for name, rows in original.items()}
            await mutate(db)
            assert await snapshot(engine) != original
            await engine.dispose()
            restored = await asyncio.to_thread(restore_backup, settings, result.path)
        assert restored is not None
        assert restored.after == result.tables
        assert restored.safety_copy is not None
        assert restored.safety_copy.name.startswith("pre-restore-")
        assert await snapshot(engine) == original
    finally:
        await engine.dispose()
    tools = {args[0] for args, _ in calls}
    assert {"pg_dump", "pg_restore"} <= tools
    for args, env in calls:
        assert all(password not in arg and "asyncpg" not in arg for arg in args), args
        if args[0] == "pg_dump" or "--clean" in args:
            assert env["PGPASSWORD"] == password
    assert password not in repr(logs)


@pytest.mark.postgres
async def test_postgres_restore_refuses_a_non_dump(scratch_pg: str, tmp_path: Path) -> None:
    """A file pg_restore --list cannot read is refused before anything is touched."""
    engine = create_engine(scratch_pg)
    db = Database("postgres", scratch_pg, engine, create_session_factory(engine))
    try:
        await populate(db)
        original = await snapshot(engine)
        bad = tmp_path / "bad.dump"
        bad.write_bytes(b"PGDMP" + os.urandom(4096))
        await engine.dispose()  # no other session: the file is what gets it refused
        with pytest.raises(BackupInvalid, match="not a readable pg_dump archive"):
            await asyncio.to_thread(restore_backup, _settings(tmp_path, scratch_pg), bad)
        assert await snapshot(engine) == original
    finally:
        await engine.dispose()
