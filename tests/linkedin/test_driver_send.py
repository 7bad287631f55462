"""Sending one birthday message: delivered exactly once, verified in the thread."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from linkedin_bot.core.clock import FrozenClock
from linkedin_bot.core.errors import AccountRestricted, SessionExpired
from linkedin_bot.db.models import LinkedInSelector
from linkedin_bot.linkedin.auth import load_session
from linkedin_bot.linkedin.driver import LinkedInDriver
from linkedin_bot.linkedin.types import BirthdayCard, Delivery
from sim import SimState
from tests.linkedin.conftest import NOW, TEST_TIMEOUTS, TODAY, Harness, seeded_state

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="module")]

TEXT = "Happy birthday, {first}! Hope you have a great day."


class ClickSpy:
    """A before_click hook recording its calls and what the simulator had delivered then."""

    def __init__(self, harness: Harness) -> None:
        self.harness = harness
        self.calls = 0
        self.delivered_at_call: list[int] = []

    async def __call__(self) -> None:
        self.calls += 1
        self.delivered_at_call.append(len(self.harness.sim.state.messages))


@pytest.fixture
def sim_state() -> SimState:
    """A short list (one batch, no lazy loading): these tests are about sending."""
    return seeded_state(connections=20, birthdays_today=5, birthdays_late=2)


def message_for(card: BirthdayCard) -> str:
    return TEXT.format(first=card.full_name.split()[0])


@pytest.mark.parametrize("sim_state", [seeded_state()])
async def test_delivered_once_and_verified(harness: Harness) -> None:
    """The message reaches the right person exactly once; before_click ran once, before it."""
    state = harness.sim.state
    state.set_faults(popups=True)
    spy = ClickSpy(harness)
    async with harness.driver() as driver:
        cards = await driver.birthdays(TODAY, 10)
        card = cards[-1]  # the last card: reached only through lazy loading
        result = await driver.send_message(card, message_for(card), spy)
        thread = await driver.thread_messages(card.public_id)
    assert result.delivery is Delivery.DELIVERED
    [message] = state.messages
    assert (message.recipient_slug, message.text) == (card.public_id, message_for(card))
    assert spy.calls == 1
    assert spy.delivered_at_call == [0]
    assert thread == [message_for(card)]


async def test_multiline_and_french_text(harness: Harness) -> None:
    """A two-line message in the French UI arrives whole (Shift+Enter, never Enter)."""
    state = harness.sim.state
    state.set_faults(ui_locale="fr")
    text = "Joyeux anniversaire Zoë !\nBelle journée à toi."
    async with harness.driver() as driver:
        [card, *_] = await driver.birthdays(TODAY, 0)
        result = await driver.send_message(card, text, ClickSpy(harness))
    assert result.delivery is Delivery.DELIVERED
    [message] = state.messages
    assert message.text.split() == text.split()


async def test_with_pacing_on_the_message_is_typed_key_by_key(harness: Harness) -> None:
    """With human pacing (the default), the text is typed one key at a time, new lines
    with Shift+Enter, and arrives whole; the clock is frozen, so only the keystrokes'
    own delays take time."""
    text = "Hi Zoe!\nAll the best."
    settings = harness.settings.model_copy(update={"pacing_enabled": True})
    driver = LinkedInDriver(
        settings,
        FrozenClock(NOW),
        harness.breaker,
        harness.store,
        load_session(settings),
        run_id="test",
        timeouts=TEST_TIMEOUTS,
        browser=harness.browser,
    )
    async with driver:
        [card, *_] = await driver.birthdays(TODAY, 0)
        await driver.kit.page.evaluate(
            "() => { window.keys = 0; document.addEventListener('keydown', () => window.keys++); }"
        )
        result = await driver.send_message(card, text, ClickSpy(harness))
        keys = await driver.kit.page.evaluate("() => window.keys")
    assert result.delivery is Delivery.DELIVERED
    [message] = harness.sim.state.messages
    assert message.text.split() == text.split()
    assert keys >= len(text.replace("\n", "")) + 2  # every character, then Shift and Enter


async def test_send_that_does_nothing_is_not_delivered(harness: Harness) -> None:
    """send_noop: the text stays in the composer, nothing is delivered: NOT_DELIVERED."""
    harness.sim.state.set_faults(send_noop=True)
    spy = ClickSpy(harness)
    async with harness.driver() as driver:
        [card, *_] = await driver.birthdays(TODAY, 0)
        result = await driver.send_message(card, message_for(card), spy)
    assert result.delivery is Delivery.NOT_DELIVERED
    assert harness.sim.state.messages == []
    assert spy.calls == 1
    assert (await harness.breaker.snapshot()).consecutive_failures == 1


async def test_composer_keeping_the_text_is_still_delivered(harness: Harness) -> None:
    """composer_keeps_text: the thread shows the message, so it is DELIVERED (once)."""
    harness.sim.state.set_faults(composer_keeps_text=True)
    async with harness.driver() as driver:
        [card, *_] = await driver.birthdays(TODAY, 0)
        result = await driver.send_message(card, message_for(card), ClickSpy(harness))
    assert result.delivery is Delivery.DELIVERED
    assert len(harness.sim.state.messages) == 1


async def test_send_answered_999_restricts(harness: Harness) -> None:
    """The send XHR answered 999: AccountRestricted, the breaker opens, nothing delivered."""
    harness.sim.state.set_faults(send_fails_status=999)
    async with harness.driver() as driver:
        [card, *_] = await driver.birthdays(TODAY, 0)
        with pytest.raises(AccountRestricted):
            await driver.send_message(card, message_for(card), ClickSpy(harness))
    assert harness.sim.state.messages == []
    assert (await harness.breaker.snapshot()).restricted


async def test_send_challenged_by_checkpoint_restricts(harness: Harness) -> None:
    """A checkpoint raised on the send itself (the API answers 403 CHALLENGE) is a
    restriction at once, not a silent failure to retry on the next person."""
    harness.sim.state.set_faults(checkpoint=True, checkpoint_after_actions=1)
    async with harness.driver() as driver:
        [card, *_] = await driver.birthdays(TODAY, 0)
        with pytest.raises(AccountRestricted, match="403"):
            await driver.send_message(card, message_for(card), ClickSpy(harness))
    assert harness.sim.state.messages == []
    assert (await harness.breaker.snapshot()).restricted


async def test_session_expiring_mid_run_is_session_expired(harness: Harness) -> None:
    """The session dies after the list was read: the conversation's request gets 401, which
    is SessionExpired (re-authenticate), not a LinkedIn failure, and nothing is sent."""
    harness.sim.state.set_faults(expire_after_actions=1)
    spy = ClickSpy(harness)
    async with harness.driver() as driver:
        [card, *_] = await driver.birthdays(TODAY, 0)
        with pytest.raises(SessionExpired):
            await driver.send_message(card, message_for(card), spy)
    assert spy.calls == 0
    assert harness.sim.state.messages == []
    assert (await harness.breaker.snapshot()).consecutive_failures == 0


async def test_send_from_profile_when_no_card_is_on_screen(harness: Harness) -> None:
    """Without the birthdays page open, the conversation opens from the person's profile."""
    state = harness.sim.state
    person = state.connections()[0]
    card = BirthdayCard(person.slug, f"/in/{person.slug}/", person.full_name, 0, "Birthday today")
    async with harness.driver() as driver:
        result = await driver.send_message(card, "Hello there", ClickSpy(harness))
    assert result.delivery is Delivery.DELIVERED
    assert [(m.recipient_slug, m.text) for m in state.messages] == [(person.slug, "Hello there")]
    assert state.profile_views == [person.slug]


async def _learned(harness: Harness) -> dict[tuple[str, str], int]:
    async with harness.db.sessions() as session:
        rows = (await session.scalars(select(LinkedInSelector))).all()
    return {(row.element, row.selector): row.success_count for row in rows}


async def test_variant_b_learns_selectors_and_reuses_them(harness: Harness) -> None:
    """Variant B: sends still work; the selectors that worked are stored, and a second run
    tries them first (each stored selector succeeds again, no new one is needed)."""
    state = harness.sim.state
    state.set_faults(variant="B")
    async with harness.driver() as driver:
        first, second, *_ = await driver.birthdays(TODAY, 0)
        assert (await driver.send_message(first, "One", ClickSpy(harness))).delivery is (
            Delivery.DELIVERED
        )
    after_first = await _learned(harness)
    elements = {element for element, _ in after_first}
    assert {"birthdays.card", "birthdays.card_link", "overlay.container"} <= elements
    assert {"overlay.composer", "overlay.send_button", "overlay.message_list_item"} <= elements
    assert set(after_first.values()) == {1}
    async with harness.driver() as driver:
        await driver.birthdays(TODAY, 0)
        assert (await driver.send_message(second, "Two", ClickSpy(harness))).delivery is (
            Delivery.DELIVERED
        )
    after_second = await _learned(harness)
    assert set(after_second) == set(after_first)  # nothing new had to be found
    assert all(count == 2 for count in after_second.values())
    assert [m.text for m in state.messages] == ["One", "Two"]
