"""`linkedin-bot contacts block|unblock|blocked|edit`, and the import's optional columns."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from linkedin_bot.cli import app
from tests.cli.conftest import flat
from tests.factories import CONNECTIONS_HEADER, connection_row, write_connections_csv


def _row(database: Path, public_id: str) -> tuple[object, ...] | None:
    with sqlite3.connect(database) as conn:
        found: tuple[object, ...] | None = conn.execute(
            "SELECT id, blacklisted, locale, note, full_name FROM contacts WHERE public_id = ?",
            (public_id,),
        ).fetchone()
        return found


def _import(tmp_path: Path, rows: list[list[str]], header: list[str] | None = None) -> str:
    path = tmp_path / "Connections.csv"
    if header is None:
        write_connections_csv(path, rows)
    else:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
    result = CliRunner().invoke(app, ["contacts", "import", str(path)])
    assert result.exit_code in (0, 2), result.output
    return flat(result.output)


def test_block_list_and_unblock_by_url_and_id(database: Path, tmp_path: Path) -> None:
    """Block an imported person by profile URL with a note: `contacts blocked` lists them
    with the note; unblock by id takes them off; the note stays."""
    _import(tmp_path, [connection_row(1, **{"First Name": "Zoé", "Last Name": "Łęcka"})])
    runner = CliRunner()
    url = "https://www.linkedin.com/in/person-1/"
    blocked = runner.invoke(app, ["contacts", "block", url, "--note", "asked not to"])
    assert blocked.exit_code == 0, blocked.output
    assert "Blocked Zoé Łęcka" in flat(blocked.output)
    row = _row(database, "person-1")
    assert row is not None
    assert row[1:4] == (1, None, "asked not to")
    listed = runner.invoke(app, ["contacts", "blocked"])
    assert "Zoé Łęcka" in flat(listed.output)
    assert "asked not to" in flat(listed.output)
    unblocked = runner.invoke(app, ["contacts", "unblock", str(row[0])])
    assert unblocked.exit_code == 0, unblocked.output
    assert _row(database, "person-1")[1:4] == (0, None, "asked not to")  # type: ignore[index]
    assert "Nobody is blocked" in flat(runner.invoke(app, ["contacts", "blocked"]).output)


def test_blocking_someone_not_known_yet_keeps_them_blocked(database: Path, tmp_path: Path) -> None:
    """Blocking a profile URL no import has brought yet keeps the person, blacklisted;
    importing them later keeps the block."""
    runner = CliRunner()
    result = runner.invoke(app, ["contacts", "block", "https://www.linkedin.com/in/person-7"])
    assert result.exit_code == 0, result.output
    assert "Not in your contacts yet" in flat(result.output)
    _import(tmp_path, [connection_row(7)])
    row = _row(database, "person-7")
    assert row is not None
    assert row[1] == 1
    assert row[4] == "First7 Last7"


def test_bad_references_and_values_exit_2(database: Path, tmp_path: Path) -> None:
    """An unknown id, a URL that is no LinkedIn profile, a locale that is no template
    locale: exit 2 with the reason, and nothing changed."""
    _import(tmp_path, [connection_row(1)])
    runner = CliRunner()
    for args, reason in (
        (["contacts", "unblock", "999"], "no contact with id 999"),
        (["contacts", "block", "https://example.com/in/x/"], "contact:"),
        (["contacts", "edit", "1", "--locale", "xx"], "not one of the template locales"),
        (["contacts", "edit", "1"], "nothing to change"),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert reason in flat(result.output), result.output
    assert _row(database, "person-1")[1:4] == (0, None, None)  # type: ignore[index]


def test_edit_sets_and_clears_the_language_and_note(database: Path, tmp_path: Path) -> None:
    """`contacts edit` sets a template locale and a note; --no-locale and an empty note
    clear them."""
    _import(tmp_path, [connection_row(1)])
    runner = CliRunner()
    result = runner.invoke(app, ["contacts", "edit", "person-1", "--locale", "FR", "--note", "x"])
    assert result.exit_code == 0, result.output
    assert _row(database, "person-1")[2:4] == ("fr", "x")  # type: ignore[index]
    result = runner.invoke(app, ["contacts", "edit", "1", "--no-locale", "--note", ""])
    assert result.exit_code == 0, result.output
    assert _row(database, "person-1")[2:4] == (None, None)  # type: ignore[index]


def test_import_reads_the_optional_columns(database: Path, tmp_path: Path) -> None:
    """A file with blacklisted, locale and note columns after LinkedIn's sets them; an
    empty cell changes nothing; a bad value is a bad row with its reason; a re-import that
    changes only the block counts as updated."""
    header = [*CONNECTIONS_HEADER, "note", "blacklisted", "locale"]
    rows = [
        [*connection_row(1), "met at PyCon", "yes", "fr"],
        [*connection_row(2), "", "", ""],
        [*connection_row(3), "", "maybe", ""],
        [*connection_row(4), "", "", "klingon"],
    ]
    output = _import(tmp_path, rows, header)
    assert "blacklisted must be true or false" in output
    assert "not one of the template locales" in output
    assert _row(database, "person-1")[1:4] == (1, "fr", "met at PyCon")  # type: ignore[index]
    assert _row(database, "person-2")[1:4] == (0, None, None)  # type: ignore[index]
    assert _row(database, "person-3") is None
    again = _import(tmp_path, [[*connection_row(1), "", "no", ""]], header)
    assert "│ updated │ 1 │" in again
    assert _row(database, "person-1")[1:4] == (0, "fr", "met at PyCon")  # type: ignore[index]


def test_an_unknown_extra_column_is_refused_before_anything(database: Path, tmp_path: Path) -> None:
    """A column after LinkedIn's that is not one of ours: exit 2 naming it, nothing
    imported; LinkedIn's own export keeps working unchanged."""
    header = [*CONNECTIONS_HEADER, "nickname"]
    output = _import(tmp_path, [[*connection_row(1), "Zo"]], header)
    assert "unknown column 'nickname'" in output
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0
    assert "│ inserted │ 1 │" in _import(tmp_path, [connection_row(1)])
