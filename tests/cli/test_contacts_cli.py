"""`linkedin-bot contacts import FILE`, as a user runs it on their LinkedIn export."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from linkedin_bot.cli import app
from tests.cli.conftest import flat
from tests.factories import connection_row, write_connections_csv


def _count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM contacts").fetchone()[0])


def test_import_prints_a_summary_and_the_bad_rows_by_line(database: Path, tmp_path: Path) -> None:
    """Good rows are imported, bad rows are listed with their line, and the command
    succeeds (exit 0): the file was readable."""
    rows = [connection_row(1), connection_row(2, URL=""), connection_row(3)]
    path = write_connections_csv(tmp_path / "Connections.csv", rows)
    result = CliRunner().invoke(app, ["contacts", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "inserted" in flat(result.output)
    assert "Bad rows" in flat(result.output)
    assert "no profile URL" in flat(result.output)
    assert " 6 " in flat(result.output)  # the line of the bad row
    assert _count(database) == 2


def test_reimport_reports_everything_unchanged(database: Path, tmp_path: Path) -> None:
    """Running the same import twice: the second run inserts and updates nothing."""
    path = write_connections_csv(tmp_path / "c.csv", [connection_row(i) for i in range(20)])
    runner = CliRunner()
    assert runner.invoke(app, ["contacts", "import", str(path)]).exit_code == 0
    result = runner.invoke(app, ["contacts", "import", str(path)])
    assert result.exit_code == 0, result.output
    summary = {
        line.split("│")[1].strip(): line.split("│")[2].strip()
        for line in result.output.splitlines()
        if line.count("│") >= 3
    }
    assert (summary["inserted"], summary["updated"], summary["unchanged"]) == ("0", "0", "20")
    assert _count(database) == 20


def test_unreadable_file_exits_2_with_a_message(database: Path, tmp_path: Path) -> None:
    """A missing file, or one that is not an export, stops with exit 2 and says why."""
    missing = CliRunner().invoke(app, ["contacts", "import", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 2
    assert "cannot read" in flat(missing.output)
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n")
    wrong = CliRunner().invoke(app, ["contacts", "import", str(other)])
    assert wrong.exit_code == 2
    assert "no header line" in flat(wrong.output)
    assert "Traceback" not in missing.output + wrong.output
    assert _count(database) == 0
