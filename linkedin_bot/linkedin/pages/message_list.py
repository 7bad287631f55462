"""The messages of one open conversation, as its thread shows them.

A thread groups messages by sender and day: day headings, the sender's link and time on
the first message of a run, a visually hidden "X sent the following message at 9:41 AM"
heading, markers glued to the text ("(Edited)", "(Modifié)"), "Seen by X" lines and, for a
failed send, a "Not sent." alert with Retry. On 2026 pages the list lives in an open
shadow root (Playwright's locators pierce it; ``document.querySelector`` would not).
The text of a message is its visible paragraphs, markers and receipts removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from playwright.async_api import Locator

from linkedin_bot.linkedin.pages.base import PageKit, normalized
from linkedin_bot.linkedin.pages.card_text import same_name
from linkedin_bot.linkedin.pages.dom_text import VISIBLE_TEXT_JS
from linkedin_bot.linkedin.types import ThreadMessage
from linkedin_bot.linkedin.when import heading_day

SEEN_PATTERN = r"^\s*(seen by|vu par)\s"
SENT_BY = re.compile(
    r"^\s*(.+?)\s+(?:sent the following messages?|a envoyé le message suivant|"
    r"a envoyé les messages suivants)\b",
    re.IGNORECASE,
)
EDITED = re.compile(r"\s*\((?:edited|modifié|modifie)\)\s*$", re.IGNORECASE)
NAME_HINT = ".msg-s-message-group__name"  # classic's sender name when there is no link

_ITEMS_JS = (
    "(items, [seenPattern, nameHint]) => {"
    + VISIBLE_TEXT_JS
    + """
  const seen = new RegExp(seenPattern, "i");
  // Day headings: <time> elements between the messages, outside every message (the time
  // inside a message is its hour). Each message is under the last one before it.
  const root = items.length ? items[0].parentElement : null;
  const headings = root ? Array.from(root.querySelectorAll("time"))
    .filter((t) => !items.some((item) => item.contains(t)) && !hidden(t, root)) : [];
  const dayOf = (item) => {
    let day = "";
    for (const h of headings) {
      if (h.compareDocumentPosition(item) & Node.DOCUMENT_POSITION_FOLLOWING) {
        day = h.textContent.trim();
      }
    }
    return day;
  };
  return items.map((item) => {
    const paragraphs = Array.from(item.querySelectorAll("p")).filter((p) =>
      !hidden(p, item) && !p.closest("a[href], [role=alert]") && !seen.test(p.innerText));
    const link = item.querySelector('a[href*="/in/"]');
    const hint = item.querySelector(nameHint);
    return {
      text: paragraphs.map((p) => p.innerText.trim()).filter(Boolean).join("\\n"),
      headings: Array.from(item.querySelectorAll("h1, h2, h3, h4, h5, h6"))
        .map((h) => h.textContent.trim()),
      link_name: link ? link.innerText.trim() : "",
      link_href: link ? link.getAttribute("href") : null,
      hint: hint ? hint.innerText.trim() : "",
      failed: item.querySelector("[role=alert]") !== null,
      day: dayOf(item),
    };
  });
}"""
)


@dataclass(frozen=True)
class Shown:
    """A message as read, before deciding who sent it."""

    text: str
    sender: str
    sender_href: str | None
    failed: bool  # "Not sent." with a Retry: not delivered
    day_heading: str = ""  # the day heading above it ("Today", "Oct 24, 2024")


def message_text(raw: str) -> str:
    """A message's text as sent: its lines, without a trailing "(Edited)" marker."""
    lines = [EDITED.sub("", line).rstrip() for line in raw.splitlines()]
    return EDITED.sub("", "\n".join(lines)).strip()


def same_text(shown: str, sent: str) -> bool:
    """The thread shows exactly this text (whitespace as a person reads it)."""
    return normalized(message_text(shown)) == normalized(sent)


async def read_shown(kit: PageKit, scope: Locator) -> list[Shown]:
    """The conversation's messages, oldest first (day headings and receipts left out)."""
    found = await kit.engine.find("overlay.message_list_item", scope=scope, timeout_s=0)
    if found is None:
        return []
    rows = await found.locator.evaluate_all(_ITEMS_JS, [SEEN_PATTERN, NAME_HINT])
    shown: list[Shown] = []
    sender, href = "", None
    for row in rows:
        named = next((m.group(1) for h in row["headings"] if (m := SENT_BY.match(h))), None)
        if row["link_href"] or row["link_name"]:
            sender, href = row["link_name"] or sender, row["link_href"]
        if named:
            sender = named
        elif row["hint"]:
            sender = row["hint"]
        text = message_text(row["text"])
        if text:
            shown.append(Shown(text, sender, href, bool(row["failed"]), str(row["day"])))
    return shown


def as_thread(
    shown: list[Shown], their_ids: set[str], their_name: str, today: date
) -> list[ThreadMessage]:
    """Who sent each message: a sender linking the other person's profile is them, any
    other link is the member; without links, the header's name tells. Its day is the day
    heading's (``today`` places "Today", "Monday", "Oct 24")."""
    messages = []
    for item in shown:
        mine: bool | None = None
        if item.sender_href:
            mine = link_id(item.sender_href) not in their_ids
        elif item.sender and their_name:
            mine = not same_name(item.sender, their_name)
        day = heading_day(item.day_heading, today) if item.day_heading else None
        messages.append(ThreadMessage(item.sender, item.text, mine, day))
    return messages


def link_id(href: str) -> str:
    """The identifier after ``/in/`` in a profile link (a slug or a member id), casefolded."""
    parts = [p for p in href.split("?", maxsplit=1)[0].split("/") if p]
    return parts[parts.index("in") + 1].casefold() if "in" in parts[:-1] else href.casefold()
