"""What the LinkedIn driver hands to the services: plain data, no browser objects."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class BirthdayCard:
    """One person on the birthdays list."""

    public_id: str  # the /in/<slug>/ identifier, lowercased
    profile_url: str  # canonical, tracking parameters stripped
    full_name: str
    days_ago: int  # 0 = birthday today, 1 = yesterday, ...
    when_text: str  # the card's own words ("Birthday today", "Oct 24", ...)


class Delivery(StrEnum):
    DELIVERED = "delivered"  # the message is in the conversation thread
    NOT_DELIVERED = "not_delivered"  # known not sent: the thread does not show it and the
    # text is still in the composer (the click did nothing)
    UNCERTAIN = "uncertain"  # may have been sent: never re-send blindly


@dataclass(frozen=True)
class SendResult:
    delivery: Delivery
    detail: str = ""


# Called by the driver after the text is typed and right before the Send click: the service
# records its intent ("sending") there, so a crash after the click leaves a trace.
BeforeClick = Callable[[], Awaitable[None]]
