"""What a catch-up card says, from its visible text: whose card it is, the occasion, when.

The page reader (``birthdays.py``) hands over each card's visible text blocks in reading
order (screen-reader copies and hidden presence lines already left out), its image
alternative texts and its Message action's label. This module decides, in plain Python:

- **the occasion**: the block that reads as one. On the real pages it is a sentence with
  its key word emphasised ("It's X's birthday **today**", "Celebrating **5 years** at
  Acme", "Started a new position as **CTO** at Acme 3 days ago", in English or French);
  on older pages a short "when" line ("Birthday today", "Yesterday", "Oct 24").
- **the name**: a visible text block of the card, never an alternative text and never the
  occasion sentence. A block is taken when a second source agrees with it (the photo's alt
  sentence, the Message action's label, or the occasion sentence naming it); with no
  second source, the first block that reads as a name.

Nothing here guesses silently: what cannot be read is None, and the reader reports it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from linkedin_bot.core.names import clean_display_name, greeting_name, names_agree, strip_alt_text
from linkedin_bot.linkedin.types import OccasionKind
from linkedin_bot.linkedin.when import days_ago as when_days_ago

# --- The words of the sentences, English and French (accents removed, lowercase) ---------
_DAYS_AGO = re.compile(r"\b(\d{1,3}) days? ago\b|\bil y a (\d{1,3}) jours?\b")
_ON_DATE = re.compile(r"\bon ([a-z]{3,9})\.? (\d{1,2})\b")  # "on oct 17"
_LE_DATE = re.compile(r"\ble (\d{1,2})(?:er)? ([a-z]{3,9})\b")  # "le 17 oct."
_YESTERDAY = re.compile(r"\b(yesterday|hier)\b")
_TODAY = re.compile(r"\b(today|aujourd'hui)\b")
_YEARS = re.compile(r"\b(\d{1,2}) ?(?:years?|yrs?|ans?)\b")
_JOB_CHANGE = re.compile(
    r"\b(new position|new role|new job|nouveau poste|nouvelle fonction|started a new|"
    r"commence un nouveau)\b"
)
_WORK_ANNIVERSARY = re.compile(
    r"\b(work anniversary|anniversaire professionnel|\d{1,2} ?(years?|ans?) (at|chez))\b"
)
_BIRTHDAY = re.compile(r"\b(birthday|anniversaire|bday)\b")
# Where a company or a title ends in the original text: before the "when" words.
_TAIL = re.compile(
    r"\s+(?:yesterday|hier|today|aujourd['\u2019]hui|on [A-Za-z]{3,9}\.? \d{1,2}|"
    r"le \d{1,2}(?:er)? \S+|\d{1,3} days? ago|il y a \d{1,3} jours?)\s*\.?\s*$",
    re.IGNORECASE,
)
_AT = re.compile(r"\s(?:at|chez)\s+(.+)$", re.IGNORECASE)
_AS_TITLE = re.compile(
    r"(?:position as|role as|poste de|poste d['\u2019]|fonction de)\s+(.+?)\s+(?:at|chez)\s",
    re.IGNORECASE,
)
# "Send message to X", "Send message to X: Happy birthday, Anna!", "Envoyer un message à X :
# Joyeux anniversaire !", "Message X": the person's name in a Message action's label.
_ACTION_LABEL = re.compile(
    r"^\s*(?:send (?:a )?message to|envoyer un message [àa]|message)\s+(.+?)"
    r"(?:\s*:\s+.*)?\s*$",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Block:
    """One visible run of text of a card (a paragraph, a link's text, a button's text)."""

    text: str
    strong: str = ""  # the emphasised words inside it, if any
    action: bool = False  # part of a button or a Message link (not the person's text)


@dataclass(frozen=True)
class Occasion:
    kind: OccasionKind
    days_ago: int
    text: str
    years: int | None = None
    company: str | None = None
    title: str | None = None


def plain(text: str) -> str:
    """Lowercase, accents removed, typographic apostrophes straightened, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(ascii_text.lower().split())


def _days(text: str, today: date) -> int | None:
    """Days ago the sentence says, late forms first (a company may be called "Today")."""
    words = plain(text)
    if match := _DAYS_AGO.search(words):
        return int(match.group(1) or match.group(2))
    for pattern, month_group, day_group in ((_ON_DATE, 1, 2), (_LE_DATE, 2, 1)):
        for match in pattern.finditer(words):
            ago = when_days_ago(f"{match.group(month_group)} {match.group(day_group)}", today)
            if ago is not None:
                return ago
    if _YESTERDAY.search(words):
        return 1
    if _TODAY.search(words):
        return 0
    if len(words.split()) <= 3:  # a bare "when" line: "Oct 24", "24 oct."
        return when_days_ago(words, today)
    return None


def _kind(words: str) -> OccasionKind | None:
    if _JOB_CHANGE.search(words):
        return "job_change"
    if _WORK_ANNIVERSARY.search(words):
        return "work_anniversary"
    if _BIRTHDAY.search(words):
        return "birthday"
    return None


def _company(text: str, after: str = "") -> str | None:
    head = _TAIL.sub("", text.strip())
    if after and after in head:
        head = head[head.index(after) + len(after) :]
    match = _AT.search(" " + head)
    if match is None:
        return None
    return match.group(1).strip(" .") or None


def parse_occasion(
    text: str, today: date, page_kind: OccasionKind, strong: str = ""
) -> Occasion | None:
    """The occasion a card's sentence describes, or None when it does not read as one.

    The kind comes from the sentence's words, else from the page (a birthdays page's bare
    "Yesterday"). A birthday needs its day said; a work anniversary or a new position said
    in the present ("Celebrating 5 years at Acme") is today's.
    """
    words = plain(text)
    if not words:
        return None
    said = _kind(words)
    kind = said or page_kind
    ago = _days(text, today)
    if ago is None:
        if said is None or kind == "birthday":
            return None
        ago = 0
    if kind == "work_anniversary":
        years = _YEARS.search(words)
        return Occasion(
            kind, ago, text, int(years.group(1)) if years else None, _company(text, strong)
        )
    if kind == "job_change":
        title = strong.strip() or None
        if title is None and (match := _AS_TITLE.search(text)):
            title = match.group(1).strip()
        return Occasion(kind, ago, text, None, _company(text, title or ""), title)
    return Occasion(kind, ago, text)


def find_occasion(
    blocks: list[Block], today: date, page_kind: OccasionKind
) -> tuple[int, Occasion] | None:
    """The block that reads as the occasion (its index): an emphasised sentence first (the
    real pages), then any sentence naming an occasion, then a bare "when" line."""
    readings = [
        (index, block, parse_occasion(block.text, today, page_kind, block.strong))
        for index, block in enumerate(blocks)
        if not block.action
    ]
    for tier in (2, 1, 0):
        for index, block, occasion in readings:
            if occasion is not None and _tier(block) >= tier:
                return index, occasion
    return None


def _tier(block: Block) -> int:
    """2: an emphasised sentence naming an occasion; 1: a sentence naming one; 0: other."""
    if _kind(plain(block.text)) is None:
        return 0
    return 2 if block.strong else 1


def name_in_label(label: str | None) -> str | None:
    """The name a Message action's label gives ("Send message to X: greeting" -> X)."""
    match = _ACTION_LABEL.match(label or "")
    return match.group(1).strip() if match else None


def same_name(a: str, b: str) -> bool:
    """Two readings of one person's name agree (equal, or :func:`names_agree`)."""
    if " ".join(a.split()).casefold() == " ".join(b.split()).casefold():
        return True
    return names_agree(a, b)


def choose_name(
    blocks: list[Block], occasion_index: int | None, alts: list[str], labels: list[str]
) -> str:
    """The card's visible name ("" when none): a block a second source agrees with, else
    the first block that reads as a name. Alternative texts and labels only witness."""
    witnesses = [n for n in (strip_alt_text(a) for a in alts) if n]
    witnesses += [n for n in (name_in_label(label) for label in labels) if n]
    sentence = blocks[occasion_index].text if occasion_index is not None else ""
    texts = [
        b.text
        for i, b in enumerate(blocks)
        if i != occasion_index and not b.action and b.text and len(b.text) <= 200
    ]
    for text in texts:
        if any(same_name(text, witness) for witness in witnesses):
            return text
    for text in texts:
        if sentence and len(text) > 1 and text in sentence and clean_display_name(text):
            return text
    for text in texts:
        if greeting_name(text) is not None:
            return text
    return ""
