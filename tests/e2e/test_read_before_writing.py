"""Before writing to a person the bot reads their conversation (real Chromium on the `sdui`
markup): a wish the member already wrote by hand today is not doubled, the person's
replies to our earlier messages are kept, and a person who writes in French is wished in
French."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from linkedin_bot.db.models import Contact, Interaction
from linkedin_bot.services.options import BirthdayOptions
from sim.data import HistoryMessage
from sim.truth import expected_catch_up
from tests.e2e.conftest import TODAY, Bot, BotFactory

pytestmark = pytest.mark.browser
LAST_YEAR = date(TODAY.year - 1, TODAY.month, TODAY.day)


async def _last_years_wish(bot: Bot, slug: str, text: str) -> None:
    """What the bot itself sent this person a year ago (its ledger row)."""
    async with bot.runtime.sessions.begin() as session:
        contact = Contact(public_id=slug, profile_url=f"https://x/in/{slug}/", full_name="")
        session.add(contact)
        await session.flush()
        session.add(
            Interaction(
                contact_id=contact.id,
                type="birthday_message",
                status="sent",
                dedup_key=f"birthday_message:{contact.id}:{LAST_YEAR.year}",
                payload={"message": text, "public_id": slug, "locale": "en"},
                quota_day=LAST_YEAR,
                created_at=datetime.combine(LAST_YEAR, datetime.min.time(), tzinfo=UTC),
            )
        )


async def test_the_conversation_is_read_before_writing(make_bot: BotFactory) -> None:
    """Four birthdays today: the one the member already wished by hand this morning gets
    nothing (skipped, already_wished); the one who thanked last year's wish is wished
    again and their reply is kept; the language of the one who writes in French is kept on
    their contact (this wish is the text previewed, in the default language; their next
    ones are French); the last, with no conversation, keeps no language."""
    bot = await make_bot(daily_message_limit=40)
    bot.state.reset(
        8, today=TODAY, connections=20, birthdays_today=4, birthdays_late=0, prospects=0
    )
    bot.state.set_faults(variant="sdui")
    cards = [c for c in expected_catch_up(bot.state, "birthday") if c["days_ago"] == 0]
    by_hand, replied, french, plain = (bot.state.person(c["slug"]) for c in cards[:4])
    assert by_hand
    assert replied
    assert french
    assert plain
    by_hand.history = [HistoryMessage(True, "Happy birthday! 🎂 Have a great day", TODAY)]
    wish = f"Happy birthday {replied.greeting}! 🎂"
    thanks = "Thanks a lot, very kind of you!"
    replied.history = [
        HistoryMessage(True, wish, LAST_YEAR),
        HistoryMessage(False, thanks, LAST_YEAR),
    ]
    french.history = [
        HistoryMessage(
            False,
            "Merci beaucoup pour ton message, à très bientôt j'espère !",
            TODAY - timedelta(7),
        )
    ]
    plain.history = []
    await _last_years_wish(bot, replied.slug, wish)

    run = await bot.runtime.campaigns.run(BirthdayOptions(), "test")
    assert run.status == "succeeded", run.error
    sent = {m.recipient_slug: m.text for m in bot.state.messages}
    assert set(sent) == {replied.slug, french.slug, plain.slug}
    assert run.stats["skipped_already_wished"] == 1
    skipped = [r for r in run.stats["results"] if r["outcome"] == "skipped"]
    assert skipped == [
        {
            "name": skipped[0]["name"],
            "outcome": "skipped",
            "public_id": by_hand.slug,
            "reason": "already_wished",
        }
    ]
    assert run.stats["replies"] == 1
    assert any(r["outcome"] == "reply" and r["text"] == thanks for r in run.stats["results"])

    async with bot.runtime.sessions() as session:
        rows = (await session.scalars(select(Interaction))).all()
        contacts = {c.public_id: c for c in (await session.scalars(select(Contact))).all()}
    replies = [r for r in rows if r.type == "reply"]
    assert [(r.status, r.payload["text"]) for r in replies] == [("received", thanks)]
    by_slug = {r.payload.get("public_id"): r for r in rows if r.type == "birthday_message"}
    assert by_slug[french.slug].payload["locale"] == "en"  # as previewed
    assert contacts[french.slug].locale == "fr"
    assert by_slug[plain.slug].payload["locale"] == "en"
    assert contacts[plain.slug].locale is None

    again = await bot.runtime.campaigns.run(BirthdayOptions(), "test")
    assert again.status == "succeeded", again.error
    async with bot.runtime.sessions() as session:
        kept = (await session.scalars(select(Interaction).where(Interaction.type == "reply"))).all()
    assert len(kept) == 1  # read again, never kept twice
