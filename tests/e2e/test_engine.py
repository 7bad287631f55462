"""The run engine owns every run the same way, whatever its kind: the session is checked
before a sourcing search too, a dry run leaves other runs' leases alone, and every ended
run is told (to the notifier) once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from linkedin_bot.db.enums import InteractionStatus
from linkedin_bot.db.models import Contact, Interaction
from linkedin_bot.services.options import BirthdayOptions, SourcingOptions
from tests.e2e.conftest import TODAY, Bot, BotFactory

pytestmark = pytest.mark.browser


async def test_sourcing_checks_the_session_before_searching(make_bot: BotFactory) -> None:
    """With LinkedIn's session expired, a sourcing run ends auth_required at its first
    step: no search page and no profile is requested (it used to search blindly)."""
    bot = await make_bot()
    bot.state.reset(5, today=TODAY, connections=5, birthdays_today=0, birthdays_late=0)
    bot.state.set_faults(expire_after_actions=0)
    url = f"{bot.sim.base_url}/search/results/people/?keywords="
    run = await bot.runtime.campaigns.run(SourcingOptions(search_url=url, limit=3), "test")
    assert run.status == "auth_required", run.error
    paths = {r.path for r in bot.state.requests}
    assert not any(p.startswith(("/search/", "/in/")) for p in paths), paths


async def test_a_dry_run_leaves_expired_leases_alone(make_bot: BotFactory) -> None:
    """A dry run changes nothing: a reservation whose lease has expired (a crashed run's)
    is still reserved after it; the next real run settles it."""
    bot = await make_bot()
    bot.state.reset(3, today=TODAY, connections=10, birthdays_today=2, birthdays_late=0)
    async with bot.runtime.sessions.begin() as session:
        contact = Contact(public_id="crashed-one", profile_url="https://x/in/crashed-one/")
        session.add(contact)
    reservation = await bot.runtime.ledger.reserve(
        kind="birthday_message",
        contact_id=contact.id,
        dedup_key="birthday_message:crashed",
        run_id=None,
        payload={},
    )
    bot.clock.advance(timedelta(hours=1))  # the lease (10 minutes) has expired
    dry = await bot.runtime.campaigns.run(BirthdayOptions(dry_run=True), "test")
    assert dry.status == "succeeded", dry.error
    assert "reaped_released" not in dry.stats
    assert await _status(bot, reservation.interaction_id) == InteractionStatus.RESERVED.value
    real = await bot.runtime.campaigns.run(BirthdayOptions(), "test")
    assert real.stats["reaped_released"] == 1
    assert await _status(bot, reservation.interaction_id) == InteractionStatus.FAILED.value


async def test_every_ended_run_is_told_once(make_bot: BotFactory) -> None:
    """Each run's id reaches the notifier hook once it has ended, whatever its status
    (succeeded, restricted); a hook that fails never changes the run's outcome."""
    bot = await make_bot()
    bot.state.reset(3, today=TODAY, connections=10, birthdays_today=1, birthdays_late=0)
    told: list[tuple[int, str]] = []

    async def hook(run_id: int) -> None:
        told.append((run_id, (await bot.runtime.campaigns.get(run_id)).status))
        raise RuntimeError("the notifier is broken")

    bot.runtime.campaigns.on_run_end = hook
    first = await bot.runtime.campaigns.run(BirthdayOptions(), "test")
    bot.state.set_faults(http_status=999)
    second = await bot.runtime.campaigns.run(BirthdayOptions(), "test")
    assert (first.status, second.status) == ("succeeded", "restricted")
    assert told == [(first.id, "succeeded"), (second.id, "restricted")]


async def _status(bot: Bot, interaction_id: int) -> str:
    async with bot.runtime.sessions() as session:
        return str(
            (
                await session.scalars(
                    select(Interaction.status).where(Interaction.id == interaction_id)
                )
            ).one()
        )
