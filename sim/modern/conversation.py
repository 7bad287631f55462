"""What a conversation shows in `classic`/`sdui`: earlier (seeded) messages from both sides,
then what the bot delivered, grouped by sender and day, with LinkedIn's markers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sim.data import Person
from sim.modern.common import clock_time, crc, day_heading, label, member_href
from sim.modern.ids import thread_id
from sim.state import DeliveredMessage, SimState


@dataclass(frozen=True)
class Event:
    """One message as a thread shows it."""

    mine: bool
    sender: str
    sender_href: str
    text: str
    time: str
    day: str  # a day heading shown before this message ("" when the day does not change)
    group_start: bool  # first of a run of messages by the same sender
    edited: bool
    seen: str  # "Seen by X at 9:44 AM" under the member's last message, if X read it
    sent_by: str  # the screen-reader heading "X sent the following message at 9:41 AM"


@dataclass(frozen=True)
class _Raw:
    mine: bool
    text: str
    moment: datetime
    edited: bool


def reads_receipts(person: Person) -> bool:
    """Some people have read receipts on: their thread shows "Seen by ..."."""
    return crc(person.slug, "receipts") % 2 == 0


def _seeded_moment(person: Person, day: date, index: int) -> datetime:
    minutes = 8 * 60 + crc(person.slug, day, index) % (10 * 60)
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=UTC)


def _delivered_moment(message: DeliveredMessage, today: date) -> datetime:
    """The simulator's 'today' with the wall-clock time of the delivery."""
    return datetime.combine(today, message.sent_at.timetz())


def _raw_messages(state: SimState, person: Person) -> list[_Raw]:
    raws = [
        _Raw(m.from_member, m.text, _seeded_moment(person, m.sent_on, i), m.edited)
        for i, m in enumerate(person.history)
    ]
    edited = state.faults.mark_edited
    raws += [
        _Raw(True, m.text, _delivered_moment(m, state.today), edited)
        for m in state.delivered_to(person.slug)
    ]
    return raws


def build_events(raws: list[_Raw], person: Person, state: SimState, lang: str) -> list[Event]:
    member = state.member
    events: list[Event] = []
    previous: _Raw | None = None
    for index, raw in enumerate(raws):
        who = member if raw.mine else person
        name = state.member_name if raw.mine else person.display_name
        new_day = previous is None or previous.moment.date() != raw.moment.date()
        clock = clock_time(raw.moment, lang)
        last_mine = raw.mine and index == len(raws) - 1
        seen = ""
        if last_mine and reads_receipts(person):
            seen_at = clock_time(raw.moment + timedelta(minutes=3), lang)
            seen = label(lang, "seen_by", name=person.display_name, time=seen_at)
        events.append(
            Event(
                mine=raw.mine,
                sender=name,
                sender_href=member_href(who),
                text=raw.text,
                time=clock,
                day=day_heading(raw.moment.date(), state.today, lang) if new_day else "",
                group_start=new_day or previous is None or previous.mine != raw.mine,
                edited=raw.edited,
                seen=seen,
                sent_by=label(lang, "sent_by", name=name, time=clock),
            )
        )
        previous = raw
    return events


def thread_events(state: SimState, person: Person, lang: str) -> list[Event]:
    return build_events(_raw_messages(state, person), person, state, lang)


def last_event(state: SimState, person: Person, lang: str) -> Event:
    """The newest message of the thread, as shown right after it was sent."""
    return thread_events(state, person, lang)[-1]


def conversations(state: SimState, lang: str) -> list[dict[str, Any]]:
    """The member's conversations, most recent first: whom, the thread link, a snippet."""
    latest: list[tuple[datetime, Person, _Raw]] = []
    for person in state.connections():
        raws = _raw_messages(state, person)
        if raws:
            latest.append((raws[-1].moment, person, raws[-1]))
    latest.sort(key=lambda row: row[0], reverse=True)
    return [
        {
            "person": person,
            "href": f"/messaging/thread/{thread_id(person)}/",
            "snippet": (label(lang, "you") + ": " if last.mine else "") + last.text,
            "when": day_heading(last.moment.date(), state.today, lang),
        }
        for _, person, last in latest
    ]
