"""What the conversation with a person says before the bot writes to them.

- **Already wished by hand**: the member wrote to them (from the phone, say) on or after the
  occasion's day, in words of that occasion: the bot sends nothing (``already_wished``).
  A message without a readable day tells nothing (it could be last year's).
- **Replies**: what the person wrote after one of our messages, kept as ``reply``
  interactions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from linkedin_bot.db.enums import InteractionType
from linkedin_bot.linkedin.types import ThreadMessage

# Words a person uses for each occasion (English and French), emoji included.
_CONGRATS = r"congrat|f[ée]licit|bravo|well done|kudos|🎉|🥳|👏"
OCCASION_WORDS = {
    InteractionType.BIRTHDAY_MESSAGE.value: re.compile(
        r"birthday|b-?day|anniv|joyeux|🎂|🎁|🎈|🎉|🥳", re.IGNORECASE
    ),
    InteractionType.ANNIVERSARY_MESSAGE.value: re.compile(
        rf"anniversary|anniversaire|years?\b|\bans\b|{_CONGRATS}", re.IGNORECASE
    ),
    InteractionType.NEW_JOB_MESSAGE.value: re.compile(
        rf"new (?:role|job|position)|nouveau (?:poste|r[ôo]le)|{_CONGRATS}", re.IGNORECASE
    ),
}


def _plain(text: str) -> str:
    return " ".join(text.split())


def wrote_by_hand(
    thread: list[ThreadMessage], kind: str, since: date, ours: set[str]
) -> ThreadMessage | None:
    """The member's own message about this occasion, written on or after ``since`` (not one
    of ours: ``ours`` holds our texts), or None."""
    words = OCCASION_WORDS.get(kind)
    for message in reversed(thread):
        if message.from_member is not True or message.day is None or message.day < since:
            continue
        if _plain(message.text) in ours:
            continue
        if words is not None and words.search(message.text):
            return message
    return None


@dataclass(frozen=True)
class Reply:
    text: str
    day: date | None
    answers: int  # the interaction id of our message it follows


def replies_to(thread: list[ThreadMessage], ours: dict[str, int]) -> list[Reply]:
    """The person's messages after one of ours (``ours``: our text -> its interaction id),
    each with the id of the last of ours before it."""
    last_ours: int | None = None
    found: list[Reply] = []
    for message in thread:
        if message.from_member is True:
            if _plain(message.text) in ours:
                last_ours = ours[_plain(message.text)]
            continue
        if message.from_member is False and last_ours is not None:
            found.append(Reply(message.text, message.day, last_ours))
    return found
