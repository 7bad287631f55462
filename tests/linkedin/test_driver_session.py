"""Every run validates the session first, and stops at the first restriction signal."""

from __future__ import annotations

import pytest

from linkedin_bot.core.errors import AccountRestricted, CircuitOpen, SessionExpired
from linkedin_bot.linkedin.auth import session_status
from linkedin_bot.safety.breaker import BreakerState
from tests.linkedin.conftest import NOW, Harness

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="module")]


async def test_valid_session_passes_and_is_remembered(harness: Harness) -> None:
    """A valid li_at reaches the signed-in feed; `auth status` then says it was valid."""
    harness.sim.state.set_faults(popups=True)
    async with harness.driver() as driver:
        await driver.validate_session()
    status = session_status(harness.settings)
    assert status.valid is True
    assert status.last_validated_at == NOW
    assert (await harness.breaker.snapshot()).state is BreakerState.CLOSED


async def test_variant_b_feed_is_recognised(harness: Harness) -> None:
    """The renamed DOM (variant B) is still recognised as signed in, through fallbacks."""
    harness.sim.state.set_faults(variant="B")
    async with harness.driver() as driver:
        await driver.validate_session()
    assert session_status(harness.settings).valid is True


@pytest.mark.parametrize(("variant", "locale"), [("classic", "en"), ("sdui", "en"), ("sdui", "fr")])
async def test_real_markup_feeds_are_recognised(
    harness: Harness, variant: str, locale: str
) -> None:
    """The Ember-era feed (#global-nav) and the 2026 one (a nav with no id nor label,
    linking the feed, the network and messaging, and a "Me" menu) both count as signed
    in, in English and French: a run on a 2026 account does not stop at its first step."""
    harness.sim.state.set_faults(variant=variant, ui_locale=locale, popups=True)
    async with harness.driver() as driver:
        await driver.validate_session()
    assert session_status(harness.settings).valid is True


@pytest.mark.parametrize("variant", ["classic", "sdui"])
async def test_real_markup_login_wall_is_an_expired_session(harness: Harness, variant: str) -> None:
    """On the real markup too, a redirect to the login page is SessionExpired (never
    "signed in" because a page has a nav)."""
    harness.sim.state.set_faults(variant=variant, expire_after_actions=0)
    async with harness.driver() as driver:
        with pytest.raises(SessionExpired):
            await driver.validate_session()
    assert session_status(harness.settings).valid is False


async def test_expired_session_raises_and_does_not_count_against_linkedin(
    harness: Harness,
) -> None:
    """A redirect to /login is SessionExpired; the breaker stays closed; status says invalid."""
    harness.sim.state.set_faults(expire_after_actions=0)
    async with harness.driver() as driver:
        with pytest.raises(SessionExpired) as caught:
            await driver.validate_session()
    assert caught.value.action == "reauthenticate"
    assert session_status(harness.settings).valid is False
    snapshot = await harness.breaker.snapshot()
    assert snapshot.state is BreakerState.CLOSED
    assert snapshot.consecutive_failures == 0


async def test_http_999_restricts_and_opens_the_breaker(harness: Harness) -> None:
    """HTTP 999 is AccountRestricted and trips the breaker at once (restricted)."""
    harness.sim.state.set_faults(http_status=999)
    async with harness.driver() as driver:
        with pytest.raises(AccountRestricted):
            await driver.validate_session()
    snapshot = await harness.breaker.snapshot()
    assert snapshot.state is BreakerState.OPEN
    assert snapshot.restricted


async def test_http_429_restricts(harness: Harness) -> None:
    """HTTP 429 (throttling) is a restriction too."""
    harness.sim.state.set_faults(http_status=429)
    async with harness.driver() as driver:
        with pytest.raises(AccountRestricted):
            await driver.validate_session()
    assert (await harness.breaker.snapshot()).restricted


async def test_checkpoint_restricts(harness: Harness) -> None:
    """A security-check redirect (/checkpoint/...) is AccountRestricted; the breaker opens."""
    harness.sim.state.set_faults(checkpoint=True)
    async with harness.driver() as driver:
        with pytest.raises(AccountRestricted) as caught:
            await driver.validate_session()
    assert "/checkpoint/" in caught.value.context["url"]
    assert (await harness.breaker.snapshot()).state is BreakerState.OPEN


async def test_open_breaker_blocks_every_request(harness: Harness) -> None:
    """With the breaker open, no request at all reaches LinkedIn (the simulator)."""
    await harness.breaker.trip("test: restricted earlier")
    before = list(harness.sim.state.requests)
    async with harness.driver() as driver:
        with pytest.raises(CircuitOpen):
            await driver.validate_session()
        with pytest.raises(CircuitOpen):
            await driver.birthdays(harness.sim.state.today, 10)
    assert harness.sim.state.requests == before
