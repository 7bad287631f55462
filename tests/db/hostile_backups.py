"""Backup files a restore must refuse, each made from a sound backup ``good`` into ``bad``.

Each maker changes one thing, the way a hand-edited, foreign or hostile file would, and
returns the reason the refusal must give (a regular expression).
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

Maker = Callable[[Path, Path], str]


def _edit(good: Path, bad: Path, *statements: str) -> None:
    shutil.copyfile(good, bad)
    conn = sqlite3.connect(bad, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def rewrite_schema(path: Path, name: str, old: str, new: str) -> None:
    """Change the CREATE statement SQLite keeps for ``name`` (as a crafted file would)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        version = int(conn.execute("PRAGMA schema_version").fetchone()[0])
        conn.execute("PRAGMA writable_schema=ON")
        cursor = conn.execute(
            "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE name = ?", (old, new, name)
        )
        assert cursor.rowcount == 1
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        assert new in sql[0], "the text to replace was not found"
        conn.execute(f"PRAGMA schema_version={version + 1}")
        conn.execute("PRAGMA writable_schema=OFF")
    finally:
        conn.close()


def trigger_deleting_contacts(good: Path, bad: Path) -> str:
    _edit(
        good,
        bad,
        "CREATE TRIGGER wipe AFTER INSERT ON interactions BEGIN DELETE FROM contacts; END",
    )
    return "unknown trigger 'wipe' on table 'interactions'"


def extra_view(good: Path, bad: Path) -> str:
    _edit(good, bad, "CREATE VIEW everyone AS SELECT full_name, email FROM contacts")
    return "unknown view 'everyone'"


def wrong_column_type(good: Path, bad: Path) -> str:
    shutil.copyfile(good, bad)
    rewrite_schema(bad, "linkedin_selectors", "score FLOAT NOT NULL", "score TEXT NOT NULL")
    return r"column linkedin_selectors\.score is TEXT NOT NULL, expected FLOAT NOT NULL"


def nullable_column(good: Path, bad: Path) -> str:
    shutil.copyfile(good, bad)
    rewrite_schema(bad, "contacts", "public_id VARCHAR(200) NOT NULL", "public_id VARCHAR(200)")
    return r"column contacts\.public_id is VARCHAR\(200\) NULL"


def extra_column(good: Path, bad: Path) -> str:
    _edit(good, bad, "ALTER TABLE contacts ADD COLUMN notes TEXT")
    return r"unknown column contacts\.notes"


def loosened_check(good: Path, bad: Path) -> str:
    shutil.copyfile(good, bad)
    statuses = "('connection', 'prospect', 'archived')"
    rewrite_schema(bad, "contacts", statuses, "('connection', 'prospect', 'archived', 'x')")
    return "table 'contacts' has `constraint ck_contacts_status check"


def index_without_its_where(good: Path, bad: Path) -> str:
    _edit(
        good,
        bad,
        "DROP INDEX uq_campaign_runs_active_account",
        "CREATE UNIQUE INDEX uq_campaign_runs_active_account ON campaign_runs (account)",
    )
    return "index 'uq_campaign_runs_active_account' is"


def missing_index(good: Path, bad: Path) -> str:
    _edit(good, bad, "DROP INDEX ix_contacts_fit_score_id")
    return "missing index 'ix_contacts_fit_score_id'"


def unknown_revision(good: Path, bad: Path) -> str:
    _edit(good, bad, "UPDATE alembic_version SET version_num = '9999_from_the_future'")
    return "unknown to this version of linkedin-bot .*upgrade linkedin-bot first"


def dangling_foreign_key(good: Path, bad: Path) -> str:
    _edit(
        good,
        bad,
        "INSERT INTO interactions (contact_id, type, status, payload, created_at, updated_at)"
        " VALUES (424242, 'profile_visit', 'visited', '{}', '2026-01-01', '2026-01-01')",
    )
    return "1 rows point to missing rows"


def wal_dependent_copy(good: Path, bad: Path) -> str:
    """A copy of a WAL database's main file taken with its ``-wal`` beside it, while the
    last writes still lived in the WAL: the main file alone lacks them."""
    work = bad.with_name("wal-source.db")
    shutil.copyfile(good, work)
    conn = sqlite3.connect(work, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA wal_autocheckpoint=0")
        conn.execute("UPDATE contacts SET full_name = 'only in the WAL'")
        shutil.copyfile(work, bad)
        shutil.copyfile(work.with_name(work.name + "-wal"), bad.with_name(bad.name + "-wal"))
    finally:
        conn.close()
    return "-wal beside it holds committed writes"


HOSTILE: list[Maker] = [
    trigger_deleting_contacts,
    extra_view,
    wrong_column_type,
    nullable_column,
    extra_column,
    loosened_check,
    index_without_its_where,
    missing_index,
    unknown_revision,
    dangling_foreign_key,
    wal_dependent_copy,
]
