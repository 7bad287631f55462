"""PostgreSQL restores: refused while a linkedin-bot session is connected, no connection
while one runs, and dumps carrying code (a function, a trigger, a view) refused."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from linkedin_bot.db.backup import BackupInvalid
from linkedin_bot.db.engine import create_engine
from linkedin_bot.db.in_use import DatabaseInUse
from linkedin_bot.db.pg_backup import exclusive_session
from linkedin_bot.services.backup import create_backup, restore_backup
from tests.helpers import make_settings

pytestmark = pytest.mark.postgres

_CONNECT = """
import asyncio, sys
from sqlalchemy import text
from linkedin_bot.db.engine import create_engine

async def main() -> None:
    engine = create_engine(sys.argv[1])
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    finally:
        await engine.dispose()

asyncio.run(main())
"""


async def test_restore_is_refused_while_a_session_is_connected(
    scratch_pg: str, tmp_path: Path
) -> None:
    """While an engine holds a connection to the database, restore is refused, naming that
    process (pid, from its application_name) and saying to stop the service; once the
    engine is disposed, the same restore goes through."""
    settings = make_settings(tmp_path / "data", scratch_pg)
    dump = (await asyncio.to_thread(create_backup, settings)).path
    engine = create_engine(scratch_pg)
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        with pytest.raises(DatabaseInUse) as refused:
            await asyncio.to_thread(restore_backup, settings, dump)
        assert f"pid {os.getpid()}" in refused.value.detail
        assert "stop the service" in refused.value.detail
    finally:
        await engine.dispose()
    assert await asyncio.to_thread(restore_backup, settings, dump) is not None


def test_no_connection_is_opened_while_a_restore_holds_the_database(scratch_pg: str) -> None:
    """While a restore holds the database, another process's engine cannot connect: it
    fails with "being restored", no traceback of ours needed to understand it; afterwards
    it connects."""
    probe = [sys.executable, "-c", _CONNECT, scratch_pg]
    with exclusive_session(scratch_pg):
        during = subprocess.run(probe, capture_output=True, text=True, timeout=60, check=False)
    after = subprocess.run(probe, capture_output=True, text=True, timeout=60, check=False)
    assert during.returncode != 0
    assert "is being restored: try again when the restore has finished" in during.stderr
    assert after.returncode == 0, after.stderr


def test_a_second_restore_is_refused(scratch_pg: str) -> None:
    """Two restores of one database: the second is refused while the first holds it."""
    with exclusive_session(scratch_pg):
        script = (
            "import sys\n"
            "from linkedin_bot.db.pg_backup import exclusive_session\n"
            "with exclusive_session(sys.argv[1]):\n"
            "    pass\n"
        )
        second = subprocess.run(
            [sys.executable, "-c", script, scratch_pg],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert second.returncode != 0
    assert "DatabaseInUse" in second.stderr


@pytest.mark.parametrize(
    ("ddl", "reason"),
    [
        (
            [
                "CREATE FUNCTION wipe() RETURNS trigger LANGUAGE plpgsql AS"
                " $$ BEGIN DELETE FROM contacts; RETURN NEW; END $$",
                "CREATE TRIGGER wipe AFTER INSERT ON interactions"
                " FOR EACH ROW EXECUTE FUNCTION wipe()",
            ],
            "the dump holds 'FUNCTION public wipe",
        ),
        (["CREATE VIEW everyone AS SELECT full_name FROM contacts"], "'VIEW public everyone"),
        (["CREATE SCHEMA elsewhere", "CREATE TABLE elsewhere.t (id int)"], "schema 'elsewhere'"),
    ],
    ids=["trigger", "view", "schema"],
)
async def test_a_dump_carrying_code_is_refused(
    scratch_pg: str, tmp_path: Path, ddl: list[str], reason: str
) -> None:
    """A dump with a function and trigger, a view, or another schema is refused before
    anything is touched: none of them is back in the database afterwards."""
    settings = make_settings(tmp_path / "data", scratch_pg)
    engine = create_engine(scratch_pg)
    try:
        async with engine.begin() as conn:
            for statement in ddl:
                await conn.execute(text(statement))
        dump = (await asyncio.to_thread(create_backup, settings)).path
        async with engine.begin() as conn:
            for statement in (
                "DROP SCHEMA IF EXISTS elsewhere CASCADE",
                "DROP VIEW IF EXISTS everyone",
            ):
                await conn.execute(text(statement))
            await conn.execute(text("DROP FUNCTION IF EXISTS wipe() CASCADE"))
    finally:
        await engine.dispose()
    with pytest.raises(BackupInvalid, match=reason):
        await asyncio.to_thread(restore_backup, settings, dump)
    engine = create_engine(scratch_pg)
    try:
        async with engine.connect() as conn:
            found = await conn.scalar(text("SELECT count(*) FROM pg_proc WHERE proname = 'wipe'"))
            assert found == 0
            assert await conn.scalar(text("SELECT to_regclass('public.everyone')")) is None
            assert await conn.scalar(text("SELECT to_regnamespace('elsewhere')")) is None
    finally:
        await engine.dispose()


async def test_a_dump_with_another_column_type_is_refused_and_undone(
    scratch_pg: str, tmp_path: Path
) -> None:
    """A dump whose table has another column type (checked once restored, against our
    models) is refused, and the previous database is put back with its rows and types."""
    settings = make_settings(tmp_path / "data", scratch_pg)
    engine = create_engine(scratch_pg)
    column_type = text(
        "SELECT data_type FROM information_schema.columns"
        " WHERE table_name = 'linkedin_selectors' AND column_name = 'score'"
    )
    try:
        async with engine.begin() as conn:
            await conn.execute(text("ALTER TABLE linkedin_selectors ALTER COLUMN score TYPE text"))
        dump = (await asyncio.to_thread(create_backup, settings)).path
        async with engine.begin() as conn:
            await conn.execute(
                text("ALTER TABLE linkedin_selectors ALTER COLUMN score TYPE float USING 0")
            )
            await conn.execute(
                text(
                    "INSERT INTO contacts (public_id, profile_url, first_name, last_name,"
                    " full_name, status, blacklisted, source, created_at, updated_at) VALUES"
                    " ('kept', 'u', 'K', 'E', 'K E', 'connection', false, 'import', now(), now())"
                )
            )
    finally:
        await engine.dispose()

    with pytest.raises(BackupInvalid) as refused:
        await asyncio.to_thread(restore_backup, settings, dump)

    assert "column linkedin_selectors.score: type TEXT, expected FLOAT" in refused.value.detail
    assert "the previous database was put back" in refused.value.detail
    engine = create_engine(scratch_pg)
    try:
        async with engine.connect() as conn:
            assert await conn.scalar(column_type) == "double precision"
            assert await conn.scalar(text("SELECT public_id FROM contacts")) == "kept"
    finally:
        await engine.dispose()
