"""Sending one message: exactly our text, delivered once, verified in the thread.

The simulator's record of delivered messages (`state.messages`, what `/__sim/messages`
serves) is the proof: text exactly as received, recipient by slug.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from linkedin_bot.core.clock import FrozenClock
from linkedin_bot.core.errors import AccountRestricted, SessionExpired
from linkedin_bot.core.names import greeting_name
from linkedin_bot.db.models import LinkedInSelector
from linkedin_bot.linkedin.auth import load_session
from linkedin_bot.linkedin.driver import LinkedInDriver
from linkedin_bot.linkedin.types import BirthdayCard, Delivery
from sim import SimState
from sim.truth import expected_catch_up, threads
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
    """A short list (one batch): these tests are about sending. sdui, Send button."""
    return seeded_state(12, connections=20, birthdays_today=5, birthdays_late=2, variant="sdui")


def message_for(card: BirthdayCard) -> str:
    return TEXT.format(first=greeting_name(card.full_name) or "friend")


def _delivered(harness: Harness) -> list[tuple[str, str]]:
    return [(m.recipient_slug, m.text) for m in harness.sim.state.messages]


@pytest.mark.parametrize("variant", ["A", "B", "classic", "sdui"])
async def test_delivered_once_exactly_and_verified(harness: Harness, variant: str) -> None:
    """The last card (reached through every batch) gets exactly our text, once, even
    though a catch-up Message link prefills LinkedIn's greeting; before_click ran once,
    before delivery; the thread then reads our message last, as ours (in sdui, from a
    shadow root), after the earlier messages of both sides, as the truth API has them."""
    state = harness.sim.state
    state.reset(11, connections=60, birthdays_today=30, birthdays_late=10, prospects=10)
    state.set_faults(variant=variant, popups=True)
    spy = ClickSpy(harness)
    async with harness.driver() as driver:
        cards = await driver.birthdays(TODAY, 10)
        card = cards[-1]
        result = await driver.send_message(card, message_for(card), spy)
        thread = await driver.thread_messages(card.public_id)
    assert result.delivery is Delivery.DELIVERED
    assert _delivered(harness) == [(card.public_id, message_for(card))]
    assert (spy.calls, spy.delivered_at_call) == (1, [0])
    assert (thread[-1].text, thread[-1].from_member) == (message_for(card), True)
    if variant in ("classic", "sdui"):
        [truth] = [t for t in threads(state) if t["slug"] == card.public_id]
        assert [(m.text, m.from_member) for m in thread] == [
            (m["text"], m["from_member"]) for m in truth["messages"]
        ]


async def test_prefilled_greeting_is_cleared_before_typing(harness: Harness) -> None:
    """The compose link puts LinkedIn's greeting in the composer; only ours is sent (a
    known bug elsewhere sends both)."""
    state = harness.sim.state
    state.set_faults(variant="classic")
    async with harness.driver() as driver:
        card = (await driver.birthdays(TODAY, 0))[0]
        result = await driver.send_message(card, "Bonne journée !", ClickSpy(harness))
    [truth] = [r for r in expected_catch_up(state, "birthday") if r["slug"] == card.public_id]
    assert truth["suggested_greeting"]
    assert result.delivery is Delivery.DELIVERED
    assert _delivered(harness) == [(card.public_id, "Bonne journée !")]


@pytest.mark.parametrize(
    "sim_state",
    [SimState.from_seed(7, today=TODAY, connections=20, birthdays_today=3, variant="sdui")],
)
async def test_enter_to_send_member_sends_with_enter(harness: Harness) -> None:
    """A member with "Press Enter to Send" has no Send button: the message goes with
    Enter, a second line with Shift+Enter stays in the same message."""
    state = harness.sim.state
    assert state.enter_to_send()
    text = "Happy birthday!\nAll the best."
    async with harness.driver() as driver:
        card = (await driver.birthdays(TODAY, 0))[0]
        result = await driver.send_message(card, text, ClickSpy(harness))
    assert result.delivery is Delivery.DELIVERED
    assert _delivered(harness) == [(card.public_id, text)]


async def test_edited_marker_and_shadow_root_list(harness: Harness) -> None:
    """sdui keeps the message list in a shadow root and `mark_edited` glues "(Edited)"
    to the delivered text: delivery is still confirmed, and the thread reads the text
    without the marker."""
    state = harness.sim.state
    state.set_faults(mark_edited=True)
    async with harness.driver() as driver:
        card = (await driver.birthdays(TODAY, 0))[0]
        result = await driver.send_message(card, message_for(card), ClickSpy(harness))
        thread = await driver.thread_messages(card.public_id)
    assert result.delivery is Delivery.DELIVERED
    assert thread[-1].text == message_for(card)
    assert not any("Edited" in m.text for m in thread)


async def test_header_naming_someone_else_is_name_uncertain(harness: Harness) -> None:
    """The conversation's header names the person differently from what the card said:
    nothing is typed or sent, the result says name_uncertain."""
    person = harness.sim.state.connections()[0]
    card = BirthdayCard(
        person.slug, f"/in/{person.slug}/", "Zbigniew Quartermaine", 0, "Birthday today"
    )
    spy = ClickSpy(harness)
    async with harness.driver() as driver:
        result = await driver.send_message(card, "Hello", spy)
    assert (result.delivery, result.skipped) == (Delivery.NOT_DELIVERED, "name_uncertain")
    assert spy.calls == 0
    assert harness.sim.state.messages == []


async def test_multiline_french_text(harness: Harness) -> None:
    """A two-line message in the French UI arrives whole (Shift+Enter, never Enter)."""
    state = harness.sim.state
    state.set_faults(ui_locale="fr")
    text = "Joyeux anniversaire Zoë !\nBelle journée à toi."
    async with harness.driver() as driver:
        [card, *_] = await driver.birthdays(TODAY, 0)
        result = await driver.send_message(card, text, ClickSpy(harness))
    assert result.delivery is Delivery.DELIVERED
    assert _delivered(harness) == [(card.public_id, text)]


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
    harness.sim.state.set_faults(variant="A")
    async with driver:
        [card, *_] = await driver.birthdays(TODAY, 0)
        await driver.kit.page.evaluate(
            "() => { window.keys = 0; document.addEventListener('keydown', () => window.keys++); }"
        )
        result = await driver.send_message(card, text, ClickSpy(harness))
        keys = await driver.kit.page.evaluate("() => window.keys")
    assert result.delivery is Delivery.DELIVERED
    assert _delivered(harness) == [(card.public_id, text)]
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


async def test_send_refused_by_the_server_is_not_delivered(harness: Harness) -> None:
    """The send answered 500: the thread shows "Not sent." with Retry, which is known
    not delivered (never in doubt, never re-sent blindly as "sent")."""
    harness.sim.state.set_faults(send_fails_status=500)
    async with harness.driver() as driver:
        [card, *_] = await driver.birthdays(TODAY, 0)
        result = await driver.send_message(card, message_for(card), ClickSpy(harness))
    assert result.delivery is Delivery.NOT_DELIVERED
    assert "not sent" in result.detail
    assert harness.sim.state.messages == []


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


@pytest.mark.parametrize("variant", ["A", "sdui"])
async def test_send_from_profile_when_no_card_is_on_screen(harness: Harness, variant: str) -> None:
    """Without the catch-up page open, the conversation opens from the person's profile
    (a button, or an unlabelled compose link whose bubble names a member id)."""
    state = harness.sim.state
    state.set_faults(variant=variant)
    person = state.connections()[0]
    name = person.full_name if variant == "A" else person.display_name
    card = BirthdayCard(person.slug, f"/in/{person.slug}/", name, 0, "Birthday today")
    async with harness.driver() as driver:
        result = await driver.send_message(card, "Hello there", ClickSpy(harness))
    assert result.delivery is Delivery.DELIVERED
    assert _delivered(harness) == [(person.slug, "Hello there")]
    assert state.profile_views[0] == person.slug


async def _learned(harness: Harness) -> dict[tuple[str, str], int]:
    async with harness.db.sessions() as session:
        rows = (await session.scalars(select(LinkedInSelector))).all()
    return {(row.element, row.selector): row.success_count for row in rows}


async def test_learned_selectors_are_reused(harness: Harness) -> None:
    """sdui: sends work with structural selectors; those that worked are stored, and a
    second run tries them first (each stored selector succeeds again, no new one)."""
    state = harness.sim.state
    async with harness.driver() as driver:
        first, second, *_ = await driver.birthdays(TODAY, 0)
        assert (await driver.send_message(first, "One", ClickSpy(harness))).delivery is (
            Delivery.DELIVERED
        )
    after_first = await _learned(harness)
    elements = {element for element, _ in after_first}
    assert {"birthdays.card", "overlay.container", "overlay.composer"} <= elements
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
