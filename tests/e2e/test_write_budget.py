"""A contact costs at most three write transactions on SQLite (reserve, sending, commit; a
visit: the prospect, reserve, commit with what was read), and the run's reads (cancel
check, template history, quota usage, the reaper's look-up) never take the write lock: a
Raspberry Pi's other processes (the API, `status`, a backup) are not held up by a run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Connection

from linkedin_bot.db.engine import SQLITE_BEGIN_OPTION
from linkedin_bot.services import runs
from linkedin_bot.services.options import BirthdayOptions, SourcingOptions
from tests.e2e.conftest import TODAY, Bot, BotFactory

pytestmark = pytest.mark.browser
WRITES_PER_CONTACT = 3


@contextmanager
def _begins(bot: Bot) -> Iterator[Counter[str]]:
    """Each transaction begun on the bot's SQLite database, by mode (IMMEDIATE takes the
    write lock at BEGIN, DEFERRED is a read). The driver's selector learning (once per
    element and run, whatever the number of contacts) is counted apart, as "selectors"."""
    seen: Counter[str] = Counter()
    open_writes: dict[int, list[str]] = {}

    def on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(SQLITE_BEGIN_OPTION, "IMMEDIATE")
        if mode == "IMMEDIATE":
            open_writes[id(conn)] = []
        else:
            seen[mode] += 1

    def on_execute(conn: Connection, *args: object) -> None:
        if id(conn) in open_writes:
            open_writes[id(conn)].append(str(args[1]))

    def on_end(conn: Connection) -> None:
        statements = open_writes.pop(id(conn), None)
        if statements is None:
            return
        learning = statements and all("linkedin_selectors" in s for s in statements)
        seen["selectors" if learning else "IMMEDIATE"] += 1

    engine = bot.runtime.engine.sync_engine
    hooks = (
        ("begin", on_begin),
        ("before_cursor_execute", on_execute),
        ("commit", on_end),
        ("rollback", on_end),
    )
    for name, hook in hooks:
        event.listen(engine, name, hook)
    try:
        yield seen
    finally:
        for name, hook in hooks:
            event.remove(engine, name, hook)


@pytest.fixture(autouse=True)
def _no_timed_heartbeat(monkeypatch: pytest.MonkeyPatch) -> None:
    """The heartbeat's timed write (every 15 s, whatever the run does) is not a contact's:
    pushed out of these short runs so that the count is exact."""
    monkeypatch.setattr(runs, "HEARTBEAT_INTERVAL_S", 3600.0)


async def _birthday_writes(bot: Bot, wished: int, seed: int) -> tuple[int, int]:
    bot.state.reset(
        seed,
        today=TODAY,
        connections=wished + 10,
        birthdays_today=wished,
        birthdays_late=0,
        prospects=0,
    )
    with _begins(bot) as seen:
        run = await bot.runtime.campaigns.run(BirthdayOptions(), "test")
    assert run.status == "succeeded", run.error
    assert run.stats["sent"] == wished
    return seen["IMMEDIATE"], seen["DEFERRED"]


async def test_a_wish_costs_at_most_three_writes(make_bot: BotFactory) -> None:
    """Four more people wished cost at most twelve more write transactions; the reads of
    the run begin DEFERRED."""
    bot = await make_bot()
    one, reads_one = await _birthday_writes(bot, 1, seed=3)
    five, reads_five = await _birthday_writes(bot, 5, seed=4)
    assert (five - one) / 4 <= WRITES_PER_CONTACT, (one, five)
    assert reads_five > reads_one  # each contact's reads are DEFERRED ones


async def test_a_visit_costs_at_most_three_writes(make_bot: BotFactory) -> None:
    """Sourcing: four more profiles visited cost at most twelve more write transactions."""
    bot = await make_bot()
    bot.state.reset(
        21, today=TODAY, connections=5, birthdays_today=0, birthdays_late=0, prospects=12
    )
    url = f"{bot.sim.base_url}/search/results/people/?keywords="
    counts = []
    for limit in (1, 5):
        with _begins(bot) as seen:
            run = await bot.runtime.campaigns.run(
                SourcingOptions(search_url=url, limit=limit), "test"
            )
        assert run.status == "succeeded", run.error
        assert run.stats["visited"] == limit
        counts.append(seen["IMMEDIATE"])
    assert (counts[1] - counts[0]) / 4 <= WRITES_PER_CONTACT, counts
