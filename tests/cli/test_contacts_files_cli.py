"""`contacts import` and `contacts export` as processes, on the edges of storage: the caps of
an import, a disk that fills during an import or an export, the mode of an export file."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import connection_row, write_connections_csv
from tests.full_disk import fill, small_filesystem

BIN = Path(sys.executable).parent / "linkedin-bot"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A user's environment: the data directory and database under tmp_path only."""
    values = {k: v for k, v in os.environ.items() if not k.startswith("LINKEDIN_BOT_")}
    values["LINKEDIN_BOT_DATA_DIR"] = str(tmp_path / "data")
    return values


def cli(
    args: list[str], env: dict[str, str], cwd: Path, umask: int | None = None
) -> subprocess.CompletedProcess[str]:
    command = [str(BIN), *args]
    if umask is not None:  # through a shell, as a user's session sets it
        command = ["sh", "-c", f'umask {umask:03o}; exec "$0" "$@"', *command]
    return subprocess.run(
        command, env=env, cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


def count(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        return int(conn.execute("SELECT count(*) FROM contacts").fetchone()[0])


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_import_over_the_row_cap_names_the_setting(env: dict[str, str], tmp_path: Path) -> None:
    """Past LINKEDIN_BOT_IMPORT_MAX_ROWS the import is refused (exit 2), naming the limit
    and the setting, and no contact is written."""
    path = write_connections_csv(tmp_path / "c.csv", [connection_row(i) for i in range(20)])
    result = cli(
        ["contacts", "import", str(path)], {**env, "LINKEDIN_BOT_IMPORT_MAX_ROWS": "10"}, tmp_path
    )
    assert result.returncode == 2
    assert "more than 10 rows" in one_line(result.stderr)
    assert "LINKEDIN_BOT_IMPORT_MAX_ROWS" in one_line(result.stderr)
    assert count(tmp_path / "data" / "linkedin.db") == 0


def test_import_over_the_size_cap_names_the_setting(env: dict[str, str], tmp_path: Path) -> None:
    """Past LINKEDIN_BOT_IMPORT_MAX_BYTES the import is refused the same way."""
    path = write_connections_csv(tmp_path / "c.csv", [connection_row(i) for i in range(200)])
    result = cli(
        ["contacts", "import", str(path)],
        {**env, "LINKEDIN_BOT_IMPORT_MAX_BYTES": "2048"},
        tmp_path,
    )
    assert result.returncode == 2
    assert "larger than 2048 bytes" in one_line(result.stderr)
    assert "LINKEDIN_BOT_IMPORT_MAX_BYTES" in one_line(result.stderr)
    assert count(tmp_path / "data" / "linkedin.db") == 0


@pytest.mark.slow
def test_import_on_a_disk_that_fills_says_how_many_were_saved(
    env: dict[str, str], tmp_path: Path
) -> None:
    """On a real filesystem that fills during the import, the command prints one line
    saying how many contacts were saved out of how many and that the disk is full, exits 1
    without a traceback, and the contacts it says were saved are there."""
    rows = [connection_row(i) for i in range(6000)]
    path = write_connections_csv(tmp_path / "c.csv", rows)
    with small_filesystem(tmp_path / "disk", 8192) as disk:
        env = {**env, "LINKEDIN_BOT_DATA_DIR": str(disk / "data")}
        assert cli(["db", "upgrade"], env, tmp_path).returncode == 0
        filler = fill(disk)
        os.truncate(filler, filler.stat().st_size - 600 * 1024)  # room for a few batches
        result = cli(["contacts", "import", str(path)], env, tmp_path)
        message = one_line(result.stderr)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        assert "the disk is full" in message
        saved = int(message.split("stopped after ")[1].split(" ")[0])
        assert f"stopped after {saved} of 6000 contacts were saved" in message
        assert 0 < saved < 6000
        filler.unlink()
        assert count(disk / "data" / "linkedin.db") == saved
        # Once there is room again, the same import completes the rest.
        again = cli(["contacts", "import", str(path)], env, tmp_path)
        assert again.returncode == 0, again.stderr
        assert count(disk / "data" / "linkedin.db") == 6000


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_export_file_is_private_whatever_the_umask(env: dict[str, str], tmp_path: Path) -> None:
    """Under umask 000, `contacts export --output` creates its missing directory 0700 and
    the file 0600, and a file that was there with a wider mode ends 0600 too."""
    path = write_connections_csv(tmp_path / "c.csv", [connection_row(i) for i in range(5)])
    assert cli(["contacts", "import", str(path)], env, tmp_path).returncode == 0
    output = tmp_path / "exports" / "contacts.csv"
    result = cli(["contacts", "export", "--output", str(output)], env, tmp_path, umask=0)
    assert result.returncode == 0, result.stderr
    assert mode(output.parent) == 0o700
    assert mode(output) == 0o600
    assert output.read_text().count("\n") == 6
    os.chmod(output, 0o666)
    assert cli(["contacts", "export", "-o", str(output)], env, tmp_path, umask=0).returncode == 0
    assert mode(output) == 0o600
    assert sorted(p.name for p in output.parent.iterdir()) == ["contacts.csv"]


def test_export_on_a_full_disk_leaves_no_partial_file(env: dict[str, str], tmp_path: Path) -> None:
    """An export to a full filesystem says the disk is full in one line (exit 1) and leaves
    no file behind: neither a truncated export nor its temporary file; an earlier export
    at that path is kept whole."""
    path = write_connections_csv(tmp_path / "c.csv", [connection_row(i) for i in range(2000)])
    assert cli(["contacts", "import", str(path)], env, tmp_path).returncode == 0
    with small_filesystem(tmp_path / "disk", 256) as disk:
        earlier = disk / "contacts.csv"
        earlier.write_text("an earlier export\n")
        fill(disk)
        result = cli(["contacts", "export", "--output", str(earlier)], env, tmp_path)
        assert result.returncode == 1
        assert "the disk is full" in one_line(result.stderr)
        assert "Traceback" not in result.stderr
        assert sorted(p.name for p in disk.iterdir()) == [".filler", "contacts.csv"]
        assert earlier.read_text() == "an earlier export\n"
