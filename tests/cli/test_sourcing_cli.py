"""`linkedin-bot run sourcing URL` and `linkedin-bot contacts export`, as a user runs them."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linkedin_bot.cli import app
from linkedin_bot.db.engine import create_engine, create_session_factory
from linkedin_bot.db.migrate import upgrade
from tests.builders import contact
from tests.cli.conftest import flat


def test_non_linkedin_search_url_is_refused_before_anything(database: Path) -> None:
    """A URL that is not a LinkedIn people search exits 2 naming search_url; no database
    is even created."""
    result = CliRunner().invoke(app, ["run", "sourcing", "https://example.com/search/"])
    assert result.exit_code == 2
    assert "search_url" in flat(result.output)
    assert not database.exists()


def test_bad_criteria_name_the_field(database: Path, tmp_path: Path) -> None:
    """Unknown criteria (inline JSON or @file) exit 2 naming the field."""
    url = "https://www.linkedin.com/search/results/people/?keywords=python"
    result = CliRunner().invoke(
        app, ["run", "sourcing", url, "--criteria", json.dumps({"keyword": ["x"]})]
    )
    assert result.exit_code == 2
    assert "criteria.keyword" in flat(result.output)
    path = tmp_path / "criteria.json"
    path.write_text(json.dumps({"min_years": 5, "max_years": 1}), encoding="utf-8")
    result = CliRunner().invoke(app, ["run", "sourcing", url, "--criteria", f"@{path}"])
    assert result.exit_code == 2
    assert "min_years must not exceed max_years" in flat(result.output)


def test_without_a_session_the_run_ends_auth_required(database: Path) -> None:
    """A valid request without a saved LinkedIn session: the run ends auth_required, exit 4
    (the documented code for "import a session"), and the summary says which command to
    run."""
    url = "https://www.linkedin.com/search/results/people/?keywords=python"
    result = CliRunner().invoke(
        app,
        [
            "run",
            "sourcing",
            url,
            "--limit",
            "5",
            "--force",
            "--criteria",
            '{"keywords": ["python"]}',
        ],
    )
    assert result.exit_code == 4, result.output
    assert "auth_required (the LinkedIn session is missing or expired)" in flat(result.output)
    assert "linkedin-bot auth import" in flat(result.output)


async def _add_contacts(url: str) -> None:
    engine = create_engine(url)
    async with create_session_factory(engine).begin() as session:
        session.add_all(
            [
                contact(status="prospect", fit_score=70.0, skills=["Python"]),
                contact(status="prospect", fit_score=10.0),
                contact(status="connection"),
            ]
        )
    await engine.dispose()


def test_export_writes_the_filtered_contacts(database: Path, tmp_path: Path) -> None:
    """`contacts export --output FILE` with filters writes those contacts as CSV; without
    --output the CSV goes to standard output."""
    url = f"sqlite+aiosqlite:///{database}"
    database.parent.mkdir(parents=True)
    upgrade(url)
    asyncio.run(_add_contacts(url))
    out = tmp_path / "prospects.csv"
    result = CliRunner().invoke(
        app,
        [
            "contacts",
            "export",
            "--output",
            str(out),
            "--status",
            "prospect",
            "--min-fit-score",
            "50",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["status"], r["fit_score"], r["skills"]) for r in rows] == [
        ("prospect", "70.0", "Python")
    ]
    result = CliRunner().invoke(app, ["contacts", "export"])
    assert result.exit_code == 0
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 3


def test_a_nul_in_criteria_is_refused_before_anything(database: Path) -> None:
    """A NUL character in a criterion (which PostgreSQL cannot store) exits 2 naming it;
    no run is created."""
    url = "https://www.linkedin.com/search/results/people/?keywords=python"
    result = CliRunner().invoke(
        app, ["run", "sourcing", url, "--criteria", json.dumps({"keywords": ["py\u0000thon"]})]
    )
    assert result.exit_code == 2, result.output
    assert "criteria.keywords.0" in flat(result.output)
    assert "NUL character" in flat(result.output)
    assert not database.exists()


def test_a_misspelt_setting_is_named(database: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A LINKEDIN_BOT_ variable that is no setting is reported with the closest known
    name, instead of being silently ignored; the command still runs."""
    monkeypatch.setenv("LINKEDIN_BOT_DAILY_MESAGE_LIMIT", "3")
    result = CliRunner().invoke(app, ["templates", "check"])
    assert result.exit_code == 0, result.output
    assert (
        "unknown setting LINKEDIN_BOT_DAILY_MESAGE_LIMIT is ignored "
        "(did you mean LINKEDIN_BOT_DAILY_MESSAGE_LIMIT?)"
    ) in flat(result.output)
