"""The birthday campaign, end to end: real Chromium against the simulator, real databases.

The simulator serves the 2026 server-driven markup (``sdui``) unless a test says otherwise;
the broad case runs on every variant.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import select

from linkedin_bot.core.errors import CooldownActive
from linkedin_bot.core.names import clean_display_name
from linkedin_bot.db.models import Contact, Interaction, LinkedInSelector
from linkedin_bot.services.birthday import BirthdayOptions
from linkedin_bot.services.messages import TemplateBook, render
from sim import SimServer, SimState
from sim.truth import expected_catch_up
from tests.e2e.conftest import TODAY, Bot, BotFactory
from tests.helpers import Database

pytestmark = pytest.mark.browser


@pytest.fixture
def sim_server() -> Iterator[SimServer]:
    """The simulator, serving the server-driven (sdui) markup."""
    with SimServer(SimState(today=TODAY, variant="sdui")) as server:
        yield server


def _seed(bot: Bot, today: int, late: int, seed: int = 3, **more: int) -> None:
    bot.state.reset(
        seed,
        today=TODAY,
        connections=today + late + 20,
        birthdays_today=today,
        birthdays_late=late,
        prospects=0,
        **more,
    )


def _delivered(bot: Bot) -> list[dict[str, str]]:
    """What the simulator received, as its truth API reports it."""
    answer = httpx.get(f"{bot.sim.base_url}/__sim/messages", timeout=10)
    answer.raise_for_status()
    rows: list[dict[str, str]] = answer.json()
    return rows


@pytest.mark.parametrize("variant", ["A", "B", "classic", "sdui"])
async def test_every_wish_delivered_with_exactly_the_expected_text(
    make_bot: BotFactory, variant: str
) -> None:
    """Six birthdays today and two late, pop-ups in the way: each person receives exactly
    one message, exactly the template rendered with the first name a human would use
    (the simulator's own greeting for them: "Nicolas" for "🔥 Nicolas Martin 🚀"),
    nothing of LinkedIn's prefilled greeting, and every interaction is "sent"."""
    bot = await make_bot(daily_message_limit=40)
    _seed(bot, today=6, late=2, seed=5)
    bot.state.set_faults(variant=variant, popups=True)
    run = await bot.runtime.campaigns.run_birthday(BirthdayOptions(), "test")
    assert run.status == "succeeded", run.error
    people = {p.slug: p for p in bot.state.connections()}
    rows = await _interactions(bot)
    by_slug = {r.payload["public_id"]: r for r in rows}
    delivered = _delivered(bot)
    assert len(delivered) == 8
    assert Counter(m["recipient_slug"] for m in delivered).most_common(1)[0][1] == 1
    book = TemplateBook.load(None, "en")
    for message in delivered:
        person = people[message["recipient_slug"]]
        payload = by_slug[person.slug].payload
        [template] = [t for t in book.templates if t.id == payload["template_id"]]
        shown = person.full_name if variant in ("A", "B") else person.display_name
        expected = render(template, first_name=person.greeting, name=clean_display_name(shown))
        assert message["text"] == expected
    assert Counter(r.status for r in rows) == {"sent": 8}


async def test_people_without_a_usable_first_name_are_skipped(make_bot: BotFactory) -> None:
    """Two of today's people show no usable first name ("J.-L. Smith", "Dr. Müller"): they
    are skipped as name_uncertain, nothing is sent to them, everyone else is wished."""
    bot = await make_bot(daily_message_limit=40)
    _seed(bot, today=5, late=0, seed=5, unnamed_birthdays=2)
    run = await bot.runtime.campaigns.run_birthday(BirthdayOptions(), "test")
    assert run.status == "succeeded", run.error
    todays = expected_catch_up(bot.state, "birthday")
    unnamed = {row["slug"] for row in todays if row["greeting"] is None}
    assert len(unnamed) == 2
    delivered = {m["recipient_slug"] for m in _delivered(bot)}
    assert len(delivered) == 3
    assert not delivered & unnamed
    assert run.stats["skipped_name_uncertain"] == 2


async def test_changed_page_ends_the_run_and_sends_nothing(make_bot: BotFactory) -> None:
    """The catch-up page drifted (cards without a person, a name or an occasion): the run
    ends page_changed with a message saying so, a screenshot and the HTML are saved, and
    nothing is sent."""
    bot = await make_bot()
    _seed(bot, today=4, late=0)
    bot.state.set_faults(drift=True)
    run = await bot.runtime.campaigns.run_birthday(BirthdayOptions(), "test")
    assert run.status == "page_changed"
    assert "changed" in (run.error or "")
    assert _delivered(bot) == []
    assert await _interactions(bot) == []
    saved = {p.suffix for p in (bot.settings.data_dir / "artifacts").iterdir()}
    assert saved == {".png", ".html"}


async def _blacklist(bot: Bot, public_id: str) -> None:
    async with bot.runtime.sessions.begin() as session:
        session.add(
            Contact(
                public_id=public_id,
                profile_url=f"https://x/in/{public_id}/",
                full_name="",
                blacklisted=True,
            )
        )


async def _interactions(bot: Bot) -> list[Interaction]:
    async with bot.runtime.sessions() as session:
        return list((await session.scalars(select(Interaction).order_by(Interaction.id))).all())


async def test_two_runs_wish_thirty_birthdays_once_each(make_bot: BotFactory, db: Database) -> None:
    """30 birthdays today and 10 late, 15 per run (40 a day): each run delivers exactly 15
    messages to distinct, right people with their own first name, the blacklisted one never;
    the second run wishes the next ones and repeats no one."""
    bot = await make_bot(db, daily_message_limit=40)
    _seed(bot, today=30, late=10)
    people = {p.slug: p for p in bot.state.connections()}
    todays = [
        p
        for p in people.values()
        if p.birthday and (p.birthday.month, p.birthday.day) == (TODAY.month, TODAY.day)
    ]
    blacklisted = todays[0].slug
    await _blacklist(bot, blacklisted)

    first = await bot.runtime.campaigns.run_birthday(BirthdayOptions(), "test")
    assert first.status == "succeeded", first.error
    assert len(bot.state.messages) == 15
    second = await bot.runtime.campaigns.run_birthday(BirthdayOptions(), "test")
    assert second.status == "succeeded", second.error
    messages = bot.state.messages
    assert len(messages) == 30
    per_person = Counter(m.recipient_slug for m in messages)
    assert max(per_person.values()) == 1
    assert blacklisted not in per_person
    for message in messages:
        person = people[message.recipient_slug]
        assert person.first_name in message.text
        assert "{" not in message.text
    # Today's birthdays (29 without the blacklisted one) go before the late ones.
    today_slugs = {p.slug for p in todays} - {blacklisted}
    assert today_slugs <= set(per_person)
    statuses = Counter(i.status for i in await _interactions(bot))
    assert statuses == {"sent": 30}


async def test_default_daily_limit_stops_the_second_run(make_bot: BotFactory) -> None:
    """With the default 15 a day, a second run the same day sends nothing and says why."""
    bot = await make_bot()
    _seed(bot, today=20, late=0)
    await bot.runtime.campaigns.run_birthday(BirthdayOptions(), "test")
    assert len(bot.state.messages) == 15
    second = await bot.runtime.campaigns.run_birthday(BirthdayOptions(), "test")
    assert len(bot.state.messages) == 15
    assert second.stats.get("sent", 0) == 0
    assert "quota" in second.stats["stop_reason"]
    assert "day" in second.stats["stop_reason"]


async def test_dry_run_delivers_nothing_and_records_the_plan(make_bot: BotFactory) -> None:
    """A dry run sends no message, uses no quota, and records what it would have sent."""
    bot = await make_bot()
    _seed(bot, today=4, late=0)
    run = await bot.runtime.campaigns.run_birthday(BirthdayOptions(dry_run=True), "test")
    assert run.status == "succeeded", run.error
    assert bot.state.messages == []
    rows = await _interactions(bot)
    assert [r.status for r in rows] == ["dry_run"] * 4
    assert all(r.payload["message"].startswith(("Happy", "Hi", "Many")) for r in rows)
    usage = {w.window: w.used for w in await bot.runtime.ledger.usage("birthday_message")}
    assert usage["day"] == 0


async def test_variant_b_with_popups_works_and_selectors_are_learned(
    make_bot: BotFactory,
) -> None:
    """On the second DOM variant, with pop-ups in the way, every wish is still delivered,
    and the selectors that worked are stored for the next runs."""
    bot = await make_bot()
    _seed(bot, today=3, late=0)
    bot.state.set_faults(variant="B", popups=True)
    run = await bot.runtime.campaigns.run_birthday(BirthdayOptions(), "test")
    assert run.status == "succeeded", run.error
    assert len(bot.state.messages) == 3
    async with bot.runtime.sessions() as session:
        learned = (await session.scalars(select(LinkedInSelector))).all()
    assert learned
    assert any(s.last_success_at is not None for s in learned)


async def test_session_expiry_ends_the_run_as_auth_required(make_bot: BotFactory) -> None:
    """When LinkedIn's session expires mid-run, the run ends as auth_required and the bot
    makes no further request."""
    bot = await make_bot()
    _seed(bot, today=5, late=0)
    bot.state.set_faults(expire_after_actions=3)
    run = await bot.runtime.campaigns.run_birthday(BirthdayOptions(), "test")
    assert run.status == "auth_required"
    requests_after = [r for r in bot.state.requests if r.path.startswith("/login")]
    assert len(requests_after) <= 1
    last = bot.state.requests[-1]
    assert last.path.startswith(("/login", "/voyager", "/mynetwork", "/in/", "/messaging"))


@pytest.mark.parametrize("fault", [{"http_status": 999}, {"checkpoint": True}])
async def test_restriction_ends_the_run_at_once(make_bot: BotFactory, fault: dict) -> None:
    """HTTP 999 or a checkpoint ends the run as restricted at once, nothing is sent, and a
    cool-down is recorded in the database that refuses the next run before any request."""
    bot = await make_bot()
    _seed(bot, today=5, late=0)
    bot.state.set_faults(status_after_actions=2, checkpoint_after_actions=2, **fault)
    run = await bot.runtime.campaigns.run_birthday(BirthdayOptions(), "test")
    assert run.status == "restricted"
    count = len(bot.state.requests)
    cooldown = await bot.runtime.cooldowns.current()
    assert cooldown is not None
    assert cooldown.kind == "restriction"
    assert cooldown.run_id == run.id
    assert cooldown.artifact is not None  # what the page showed is kept
    with pytest.raises(CooldownActive):
        await bot.runtime.campaigns.run_birthday(BirthdayOptions(), "test")
    assert len(bot.state.requests) == count  # the cool-down let nothing through


async def test_silent_send_failure_is_failed_never_sent(make_bot: BotFactory) -> None:
    """A Send click that does nothing is recorded as failed, never as sent, and frees the
    quota unit."""
    bot = await make_bot()
    _seed(bot, today=2, late=0)
    bot.state.set_faults(send_noop=True)
    run = await bot.runtime.campaigns.run_birthday(BirthdayOptions(), "test")
    assert bot.state.messages == []
    rows = await _interactions(bot)
    assert [r.status for r in rows] == ["failed", "failed"]
    assert run.stats["failed"] == 2
    usage = {w.window: w.used for w in await bot.runtime.ledger.usage("birthday_message")}
    assert usage["day"] == 0
