"""A dry run is the preview of today's wishes: each person with the exact text, those
already wished passed over with the reason, and a real run the same day sends exactly the
texts previewed."""

from __future__ import annotations

import pytest

from linkedin_bot.services.options import BirthdayOptions
from tests.e2e.conftest import TODAY, BotFactory

pytestmark = pytest.mark.browser


async def test_the_preview_is_what_a_real_run_sends(make_bot: BotFactory) -> None:
    """A first run wishes two of five people; the dry run that follows lists the three
    others with their text and the two already wished as skipped ("already_wished"), uses
    no quota; the real run after it sends exactly the three previewed texts, to them."""
    bot = await make_bot()
    bot.state.reset(
        3, today=TODAY, connections=25, birthdays_today=5, birthdays_late=0, prospects=0
    )
    first = await bot.runtime.campaigns.run(BirthdayOptions(limit=2), "test")
    assert first.status == "succeeded", first.error
    wished = {m.recipient_slug for m in bot.state.messages}
    assert len(wished) == 2

    preview = await bot.runtime.campaigns.run(BirthdayOptions(dry_run=True), "test")
    assert preview.status == "succeeded", preview.error
    assert len(bot.state.messages) == 2
    results = preview.stats["results"]
    would = {r["public_id"]: r["text"] for r in results if r["outcome"] == "would_send"}
    skipped = {r["public_id"]: r["reason"] for r in results if r["outcome"] == "skipped"}
    assert skipped == dict.fromkeys(wished, "already_wished")
    assert len(would) == 3
    assert not set(would) & wished
    assert preview.stats["skipped_already_wished"] == 2
    usage = {w.window: w.used for w in await bot.runtime.ledger.usage("birthday_message")}
    assert usage["day"] == 2

    real = await bot.runtime.campaigns.run(BirthdayOptions(), "test")
    assert real.status == "succeeded", real.error
    sent = {m.recipient_slug: m.text for m in bot.state.messages[2:]}
    assert sent == would
    assert {r["public_id"]: r["text"] for r in real.stats["results"] if r["outcome"] == "sent"} == (
        would
    )
