"""`linkedin-bot inspect ...` and `linkedin-bot doctor` as a user runs them: real processes,
real Chromium, against the simulator (its truth API says what each page really holds).

Both are read-only: nothing is sent, no quota is used, and a cool-down or a dead session
refuses them before any request to LinkedIn, with the exit codes of `run`.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from linkedin_bot.core.clock import local_date, utc_now
from linkedin_bot.db.engine import create_engine, create_session_factory
from linkedin_bot.db.migrate import upgrade
from linkedin_bot.db.models import CampaignRun
from sim import SimServer, SimState
from tests.builders import contact, interaction
from tests.helpers import make_settings
from tests.processes import bot_env, flat, free_port, import_session, run_cli

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The simulator variant these tests read. `classic` until the driver's signed-in check works
# on `sdui` (issue 11); then this one constant moves to "sdui".
VARIANT = "classic"
SEED = 3
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_RESTRICTED, EXIT_AUTH = 0, 1, 2, 3, 4


def _today() -> date:
    """Today on the bot's calendar (its default timezone), so the simulator agrees."""
    return local_date(utc_now(), make_settings(Path("x"), "sqlite+aiosqlite:///x").tz)


@pytest.fixture(scope="module")
def sim() -> Iterator[SimServer]:
    state = SimState.from_seed(
        SEED,
        today=_today(),
        variant=VARIANT,
        connections=30,
        birthdays_today=4,
        birthdays_late=0,
        unnamed_birthdays=1,
        prospects=20,
    )
    with SimServer(state) as server:
        yield server
        server.state.clear_faults()


class Bot:
    """The bot's data directory and environment, with the simulator's session imported."""

    def __init__(self, tmp_path: Path, base_url: str, li_at: str | None) -> None:
        self.cwd = tmp_path
        self.db = tmp_path / "data" / "bot.db"
        self.env = bot_env(
            tmp_path / "data",
            f"sqlite+aiosqlite:///{self.db}",
            linkedin_base_url=base_url,
            min_delay_s="0",
            max_delay_s="0",
        )
        self.env["COLUMNS"] = "200"  # Rich wraps at 80 columns without a terminal
        if li_at is not None:
            import_session(self.env, tmp_path, li_at)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        result = run_cli(list(args), self.env, self.cwd)
        both = result.stdout + result.stderr
        assert "Traceback" not in both, both
        return result

    def count(self, table: str) -> int:
        with sqlite3.connect(self.db) as db:
            return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@pytest.fixture
def bot(sim: SimServer, tmp_path: Path) -> Iterator[Bot]:
    yield Bot(tmp_path, sim.base_url, sim.state.valid_li_at)
    sim.state.clear_faults()


def _checks(screen: str) -> dict[str, tuple[str, str]]:
    """The rows of doctor's table: check -> (result, detail with its continuation lines)."""
    rows: dict[str, tuple[str, str]] = {}
    name = ""
    for line in screen.splitlines():
        cells = [cell.strip() for cell in line.split("\u2502")[1:-1]]
        if len(cells) != 3:
            continue
        if cells[0]:
            name = cells[0]
            rows[name] = (cells[1], cells[2])
        elif name:
            result, detail = rows[name]
            rows[name] = (result, f"{detail} {cells[2]}")
    return rows


def _truth(sim: SimServer, path: str) -> Any:
    return httpx.get(f"{sim.base_url}/__sim/{path}", timeout=10).json()


def test_inspect_profile_shows_what_the_page_holds(sim: SimServer, bot: Bot) -> None:
    """`inspect profile URL` prints the person's name and the fields the driver read (as
    the simulator's truth says the page holds them) with the greeting name; `--json` is
    one JSON document with the same values; nothing is sent."""
    person = next(c for c in _truth(sim, "expected/catch-up/birthday") if c["greeting"])
    truth = _truth(sim, f"expected/profile/{person['slug']}")
    url = f"{sim.base_url}/in/{person['slug']}/"

    shown = bot.run("inspect", "profile", url)
    assert shown.returncode == EXIT_OK, shown.stdout + shown.stderr
    text = flat(shown.stdout)
    assert f"Profile: {truth['name']}" in text
    for value in (truth["headline"], truth["location"], truth["greeting"]):
        assert value in text

    done = bot.run("inspect", "profile", url, "--json")
    assert done.returncode == EXIT_OK, done.stderr
    document = json.loads(done.stdout)
    assert document["page"] == "profile"
    read = document["profile"]
    assert read["public_id"] == person["slug"]
    assert (read["full_name"], read["headline"], read["location"]) == (
        truth["name"],
        truth["headline"],
        truth["location"],
    )
    assert document["greeting_name"] == truth["greeting"]
    assert _truth(sim, "messages") == []


async def _known_contacts(url: str, blocked: dict[str, str], wished: dict[str, str]) -> None:
    """A blocked contact, and one wished 10 days ago (as a run would have recorded it)."""
    engine = create_engine(url)
    async with create_session_factory(engine).begin() as session:
        for slug, name in blocked.items():
            session.add(contact(public_id=slug, first_name="", full_name=name, blacklisted=True))
        for slug, name in wished.items():
            row = contact(public_id=slug, first_name="", full_name=name)
            session.add(row)
            await session.flush()
            earlier = utc_now() - timedelta(days=10)
            session.add(
                interaction(row.id, created_at=earlier, quota_day=earlier.date(), status="sent")
            )
    await engine.dispose()


def test_inspect_birthdays_lists_people_and_who_would_be_skipped(sim: SimServer, bot: Bot) -> None:
    """`inspect birthdays --json` lists today's people with their greeting names, and says
    who a run would skip and why: no first name (name_uncertain), blocked by the user, or
    already wished (per the ledger). It sends nothing and uses no quota: no message reached
    the simulator, the ledger and the contacts are as they were, no run was opened."""
    cards = _truth(sim, "expected/catch-up/birthday")
    unnamed = [c for c in cards if c["greeting"] is None]
    named = [c for c in cards if c["greeting"] is not None]
    assert len(unnamed) == 1
    assert len(named) >= 3
    blocked, wished = named[0], named[1]
    bot.db.parent.mkdir(parents=True, exist_ok=True)
    upgrade(bot.env["LINKEDIN_BOT_DATABASE_URL"])
    asyncio.run(
        _known_contacts(
            bot.env["LINKEDIN_BOT_DATABASE_URL"],
            {blocked["slug"]: blocked["name"]},
            {wished["slug"]: wished["name"]},
        )
    )

    done = bot.run("inspect", "birthdays", "--json")
    assert done.returncode == EXIT_OK, done.stdout + done.stderr
    document = json.loads(done.stdout)
    read = {v["card"]["public_id"]: v for v in document["cards"]}
    assert set(read) == {c["slug"] for c in cards}
    for card in named:
        assert read[card["slug"]]["greeting_name"] == card["greeting"], read[card["slug"]]
    skips = {slug: v["skip"] for slug, v in read.items() if v["skip"]}
    assert skips == {
        unnamed[0]["slug"]: "name_uncertain",
        blocked["slug"]: "blacklisted",
        wished["slug"]: "already_wished",
    }
    assert _truth(sim, "messages") == []
    assert (bot.count("interactions"), bot.count("contacts"), bot.count("campaign_runs")) == (
        1,
        2,
        0,
    )


def test_inspect_thread_reads_a_conversation(sim: SimServer, bot: Bot) -> None:
    """`inspect thread URL --json` reads a conversation's messages as the simulator holds
    them, oldest first, and sends nothing."""
    thread = _truth(sim, "threads")[0]
    done = bot.run("inspect", "thread", sim.base_url + thread["thread_url"], "--json")
    assert done.returncode == EXIT_OK, done.stdout + done.stderr
    read = json.loads(done.stdout)["messages"]
    assert [m["text"] for m in read] == [m["text"] for m in thread["messages"]]
    assert _truth(sim, "messages") == []


def test_a_cool_down_refuses_without_a_request_to_linkedin(sim: SimServer, bot: Bot) -> None:
    """LinkedIn's HTTP 999 met by `inspect` ends it restricted (exit 3) and starts the cool-down;
    the next `inspect` and `doctor` refuse with exit 3 and say until when, and the
    simulator receives not one request from them."""
    sim.state.set_faults(http_status=999)
    first = bot.run("inspect", "feed")
    assert first.returncode == EXIT_RESTRICTED, first.stdout + first.stderr
    requests = len(sim.state.requests)

    refused = bot.run("inspect", "birthdays")
    assert refused.returncode == EXIT_RESTRICTED, refused.stdout + refused.stderr
    assert "no request to LinkedIn until" in flat(refused.stderr)
    assert "linkedin-bot resume" in flat(refused.stderr)

    doctor = bot.run("doctor")
    assert doctor.returncode == EXIT_RESTRICTED, doctor.stdout + doctor.stderr
    checks = _checks(doctor.stdout)
    assert checks["cool-down"][0] == "failed"
    assert "LinkedIn pushed back (http_999" in checks["cool-down"][1]
    assert [checks[name][0] for name in ("feed", "birthdays", "profile")] == ["not run"] * 3
    assert len(sim.state.requests) == requests


async def _running(url: str) -> None:
    """A birthday run going on now, as `serve` would have opened it (its heartbeat fresh)."""
    engine = create_engine(url)
    async with create_session_factory(engine).begin() as session:
        now = utc_now()
        session.add(
            CampaignRun(
                kind="birthday",
                status="running",
                dry_run=False,
                trigger="schedule",
                params={},
                stats={},
                created_at=now,
                started_at=now,
                heartbeat_at=now,
            )
        )
    await engine.dispose()


def test_inspect_waits_for_a_run_going_on(sim: SimServer, bot: Bot) -> None:
    """While a run of the account is going on, `inspect` opens no second browser beside it:
    one line naming the run, exit 2, not one request to LinkedIn."""
    bot.db.parent.mkdir(parents=True, exist_ok=True)
    upgrade(bot.env["LINKEDIN_BOT_DATABASE_URL"])
    asyncio.run(_running(bot.env["LINKEDIN_BOT_DATABASE_URL"]))
    requests = len(sim.state.requests)
    done = bot.run("inspect", "feed")
    assert done.returncode == EXIT_USAGE, done.stdout + done.stderr
    assert "run 1 is using LinkedIn now: try again once it has ended" in flat(done.stderr)
    assert len(sim.state.requests) == requests


def test_without_a_session_or_with_a_wrong_url_nothing_is_opened(
    sim: SimServer, tmp_path: Path
) -> None:
    """No saved session: `inspect` says to import one, exit 4, as `run` does; a URL that is
    no profile is refused with exit 2 naming it. No request reaches LinkedIn either way."""
    bot = Bot(tmp_path, sim.base_url, None)
    requests = len(sim.state.requests)
    done = bot.run("inspect", "profile", f"{sim.base_url}/in/someone/")
    assert done.returncode == EXIT_AUTH, done.stdout + done.stderr
    assert "no LinkedIn session saved yet: run `linkedin-bot auth import`" in flat(done.stderr)
    wrong = bot.run("inspect", "profile", "https://example.com/in/someone/")
    assert wrong.returncode == EXIT_USAGE, wrong.stdout + wrong.stderr
    assert flat(wrong.stderr).startswith("error: profile URL:")
    assert len(sim.state.requests) == requests


def test_unreachable_linkedin_is_one_clear_line(tmp_path: Path, sim: SimServer) -> None:
    """With LinkedIn unreachable, `inspect` says so in one line with what to check, exits
    1, and prints no traceback; `--json` still prints one JSON document naming the error."""
    bot = Bot(tmp_path, f"http://127.0.0.1:{free_port()}", sim.state.valid_li_at)
    done = bot.run("inspect", "feed", "--json")
    assert done.returncode == EXIT_FAILED, done.stdout + done.stderr
    assert "LinkedIn unreachable (ERR_CONNECTION_REFUSED): check the network" in flat(done.stderr)
    assert json.loads(done.stdout)["error"] == "linkedin_unreachable"


def test_doctor_reports_each_check(sim: SimServer, bot: Bot) -> None:
    """`doctor` checks the session and the cool-down, then signs in, reads the birthdays
    and finds and reads the member's own profile: each ok on one screen, exit 0."""
    done = bot.run("doctor")
    assert done.returncode == EXIT_OK, done.stdout + done.stderr
    checks = _checks(done.stdout)
    assert list(checks) == ["session", "cool-down", "feed", "birthdays", "profile"]
    assert {result for result, _ in checks.values()} == {"ok"}, checks
    member = _truth(sim, "state")
    assert f"your profile: {member['member_slug']}" in checks["feed"][1]
    people = len(_truth(sim, "expected/catch-up/birthday"))
    assert checks["birthdays"][1].startswith(f"{people} people ({people} today)")
    greeting = member["member_name"].split()[0]
    assert checks["profile"][1].startswith(f"{member['member_name']} (greeting: {greeting})")
    assert "Everything works." in done.stdout
    assert _truth(sim, "messages") == []


def test_doctor_names_the_failing_check_of_a_dead_session(sim: SimServer, tmp_path: Path) -> None:
    """With a session LinkedIn refuses, `doctor` names the feed check as failed with what
    to do, runs nothing after it, and exits 4 (import a session)."""
    bot = Bot(tmp_path, sim.base_url, "not-the-simulator-cookie-0123456789abcdef")
    done = bot.run("doctor")
    assert done.returncode == EXIT_AUTH, done.stdout + done.stderr
    checks = _checks(done.stdout)
    assert checks["session"][0] == checks["cool-down"][0] == "ok"
    assert checks["feed"][0] == "failed"
    assert "sign-in page" in checks["feed"][1]
    assert "what to do: import a new session: linkedin-bot auth import" in checks["feed"][1]
    assert checks["birthdays"] == checks["profile"] == ("not run", "not run: the feed check failed")
    assert "Failed: feed" in done.stdout
