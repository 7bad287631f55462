"""Work anniversaries and new jobs, end to end on every markup of the simulator (real
Chromium against `sdui`, `classic`, A and B; a real database): each person on
the catch-up page congratulated once with a text from the right templates, never twice for
the same occasion, within the message quota birthdays share."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from linkedin_bot.db.models import Interaction
from linkedin_bot.services.options import AnniversaryOptions, BirthdayOptions, NewJobOptions
from sim.truth import expected_catch_up
from tests.e2e.conftest import TODAY, Bot, BotFactory

pytestmark = pytest.mark.browser


def _seed(bot: Bot, variant: str, birthdays: int = 0, occasions: int = 3) -> None:
    bot.state.reset(
        13,
        today=TODAY,
        connections=30,
        birthdays_today=birthdays,
        birthdays_late=0,
        prospects=0,
        work_anniversaries=occasions,
        job_changes=occasions,
    )
    bot.state.set_faults(variant=variant)


@pytest.mark.parametrize("variant", ["sdui", "classic", "A", "B"])
async def test_anniversaries_and_new_jobs_are_congratulated_once(
    make_bot: BotFactory, variant: str
) -> None:
    """Every work anniversary and every new job of the catch-up pages gets exactly one
    message, to the right person, greeting them by their first name and naming what the
    card says (years, company, title) when the template uses it; a second run of each kind
    sends nothing more ("already_wished")."""
    bot = await make_bot(daily_message_limit=40)
    _seed(bot, variant)
    truth = {
        "anniversary": expected_catch_up(bot.state, "work_anniversaries"),
        "new_job": expected_catch_up(bot.state, "job_changes"),
    }
    for kind, options in (("anniversary", AnniversaryOptions()), ("new_job", NewJobOptions())):
        before = len(bot.state.messages)
        run = await bot.runtime.campaigns.run(options, "test")
        assert run.status == "succeeded", run.error
        assert run.kind == kind
        sent = bot.state.messages[before:]
        cards = {c["slug"]: c for c in truth[kind] if c["days_ago"] <= 7}
        assert sorted(m.recipient_slug for m in sent) == sorted(cards)
        templates = await _templates_used(bot)
        for message in sent:
            card = cards[message.recipient_slug]
            assert card["greeting"] in message.text
            assert "{" not in message.text
            for detail in ("years", "company", "title"):
                if f"{{{detail}}}" in templates[message.recipient_slug]:
                    assert str(card[detail]) in message.text
        again = await bot.runtime.campaigns.run(options, "test")
        assert again.status == "succeeded", again.error
        assert len(bot.state.messages) == before + len(sent)
        assert again.stats.get("skipped_already_wished") == len(sent)


async def _templates_used(bot: Bot) -> dict[str, str]:
    """Per person, the text of the template their message was rendered from."""
    by_id = {t.id: t.text for t in bot.runtime.campaigns.templates.templates}
    async with bot.runtime.sessions() as session:
        rows = (await session.scalars(select(Interaction))).all()
    return {
        str(r.payload["public_id"]): by_id[str(r.payload["template_id"])]
        for r in rows
        if r.status == "sent"
    }


async def test_every_kind_of_message_draws_from_one_daily_quota(make_bot: BotFactory) -> None:
    """With 4 messages a day, 2 birthdays wished leave 2 for the other occasions: the
    anniversary run congratulates 2 and the new-job run stops at once on the day's quota."""
    bot = await make_bot(daily_message_limit=4)
    _seed(bot, "sdui", birthdays=2, occasions=2)
    wished = await bot.runtime.campaigns.run(BirthdayOptions(), "test")
    assert wished.stats["sent"] == 2
    anniversaries = await bot.runtime.campaigns.run(AnniversaryOptions(), "test")
    assert anniversaries.stats["sent"] == 2
    new_jobs = await bot.runtime.campaigns.run(NewJobOptions(), "test")
    assert new_jobs.stats.get("sent", 0) == 0
    assert "quota" in new_jobs.stats["stop_reason"]
    assert len(bot.state.messages) == 4


async def test_a_dry_run_previews_the_congratulations(make_bot: BotFactory) -> None:
    """A dry run of new jobs lists each person with the exact text and sends nothing; the
    real run then sends those texts."""
    bot = await make_bot()
    _seed(bot, "sdui", occasions=2)
    preview = await bot.runtime.campaigns.run(NewJobOptions(dry_run=True), "test")
    assert bot.state.messages == []
    planned = {r["public_id"]: r["text"] for r in preview.stats["results"]}
    assert len(planned) == 2
    await bot.runtime.campaigns.run(NewJobOptions(), "test")
    assert {m.recipient_slug: m.text for m in bot.state.messages} == planned
