"""`linkedin-bot db import-legacy FILE [--dry-run]`, as a user moves from V1."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linkedin_bot.cli import app
from linkedin_bot.services import legacy_import
from linkedin_bot.services.legacy_import import LegacyImportReport
from tests.cli.conftest import flat
from tests.factories import legacy_message, make_legacy_db


def _counts(path: Path) -> tuple[int, int]:
    with sqlite3.connect(path) as conn:
        contacts = conn.execute("SELECT count(*) FROM contacts").fetchone()[0]
        interactions = conn.execute("SELECT count(*) FROM interactions").fetchone()[0]
    return int(contacts), int(interactions)


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    return make_legacy_db(
        tmp_path / "v1.db",
        [legacy_message(1), legacy_message(2), legacy_message(3, sent_at="soon")],
    )


def test_import_prints_the_integrity_report(database: Path, legacy: Path) -> None:
    """The import writes the readable rows, lists the rejected one and says in = out."""
    result = CliRunner().invoke(app, ["db", "import-legacy", str(legacy)])
    assert result.exit_code == 0, result.output
    assert "legacy rows read" in flat(result.output)
    assert "unreadable sent_at 'soon'" in flat(result.output)
    assert "integrity check: consistent" in flat(result.output)
    assert _counts(database) == (2, 2)


def test_rerun_imports_nothing_new(database: Path, legacy: Path) -> None:
    """Running it again adds nothing: every row is already present or rejected."""
    runner = CliRunner()
    assert runner.invoke(app, ["db", "import-legacy", str(legacy)]).exit_code == 0
    result = runner.invoke(app, ["db", "import-legacy", str(legacy)])
    assert result.exit_code == 0, result.output
    assert _counts(database) == (2, 2)


def test_dry_run_writes_nothing_and_leaves_the_file_alone(database: Path, legacy: Path) -> None:
    """--dry-run reports what would be imported, then keeps nothing; the V1 file's
    bytes never change."""
    digest = hashlib.sha256(legacy.read_bytes()).hexdigest()
    result = CliRunner().invoke(app, ["db", "import-legacy", str(legacy), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "dry run" in flat(result.output)
    assert _counts(database) == (0, 0)
    assert hashlib.sha256(legacy.read_bytes()).hexdigest() == digest


def test_failed_integrity_check_exits_1_and_keeps_nothing(
    database: Path, legacy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When counts do not add up, the command says so, exits 1 and rolls everything back."""
    real = legacy_import.import_legacy_database

    async def unbalanced(*args: object, **kwargs: object) -> LegacyImportReport:
        report = await real(*args, **kwargs)  # type: ignore[arg-type]
        report.legacy_rows += 1  # a row read but neither imported nor rejected
        return report

    monkeypatch.setattr(legacy_import, "import_legacy_database", unbalanced)
    result = CliRunner().invoke(app, ["db", "import-legacy", str(legacy)])
    assert result.exit_code == 1
    assert "integrity check failed" in flat(result.output)
    assert _counts(database) == (0, 0)


def test_bad_legacy_file_exits_2(database: Path, tmp_path: Path) -> None:
    """A missing file or a file that is not SQLite: exit 2 with a clear message."""
    missing = CliRunner().invoke(app, ["db", "import-legacy", str(tmp_path / "nope.db")])
    assert missing.exit_code == 2
    assert "legacy database not found" in flat(missing.output)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    wrong = CliRunner().invoke(app, ["db", "import-legacy", str(text)])
    assert wrong.exit_code == 2
    assert "is not a SQLite database" in flat(wrong.output)
