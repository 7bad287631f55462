"""A profile page (``/in/<slug>/``), read into :class:`ProfileData`.

LinkedIn serves profiles in several generations of markup (classic Ember pages, 2026
server-driven ones with hashed classes), so the page is read by what a person sees, not by
class names (``reference/linkedin-pages.md``):

- only visible text, each text once: the screen-reader copy of a heading or a date range
  is skipped (``visible_text.py``);
- the top card is the block around the name heading (``h1``; an ``h2`` on 2026 pages)
  that holds no other heading of its level: on 2026 pages every card sits in one shared
  wrapper, and a top card covering most of the page is rejected;
- sections are found by their visible heading (English or French), never by position;
- a section's entries are its outermost list items (``li``, ``role=listitem`` or
  ``componentkey``): nested lists (descriptions, "Skills: ..." lines, endorsements) are
  not entries, and positions grouped under one company are each one entry with that
  company;
- a section cut behind "Show all N ..." is read from its ``/details/<section>/`` page,
  scrolled until its lazy loading stops;
- cards rendered only once scrolled to are scrolled to.

The words are turned into data by the pure functions of ``profile_text.py``.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast
from urllib.parse import quote, urlsplit

from linkedin_bot.core.errors import ElementNotFound, PageFailed
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.names import greeting_name
from linkedin_bot.core.profiles import canonical_profile_url, normalize_public_id
from linkedin_bot.linkedin.pages.base import PageKit
from linkedin_bot.linkedin.pages.profile_text import (
    Line,
    education_of,
    experience_of,
    item_count,
    read_top_card,
    titles_of,
    years_of_experience,
)
from linkedin_bot.linkedin.pages.visible_text import PROFILE_JS
from linkedin_bot.linkedin.selectors import (
    CONTACT_INFO_HREF,
    DATE_LINE_JS,
    MESSAGE_LABEL_JS,
    PROFILE_SECTION_HEADINGS,
)
from linkedin_bot.linkedin.types import ProfileData

PROFILE_PATH = "/in/{slug}/"
SECTION_HEADINGS = PROFILE_SECTION_HEADINGS
MAX_ITEMS = 50  # items read per section: a profile listing more is not a person's CV
# A top card holding more than this share of the page's lines swallowed the page.
TOP_CARD_MAX_SHARE = 0.6
TOP_CARD_MIN_PAGE_LINES = 30
QUIET_ROUNDS = 2
POLL_S = 0.05
# The first card still waiting to render, brought into view (it may render meanwhile).
SCROLL_TO_BUSY_JS = """() => document.querySelector('main [aria-busy=true]')
  ?.scrollIntoView({block: 'center'})"""
NUMBER = re.compile(r"\d+")
SCROLL_TO_END_JS = "() => window.scrollTo(0, document.body.scrollHeight)"
DETAILS_SECTIONS = ("experience", "education", "skills", "certifications", "languages")
log = get_logger(__name__)


@dataclass
class Sections:
    about: str | None = None
    entries: dict[str, list[list[Line]]] = field(default_factory=dict)
    show_all: dict[str, str] = field(default_factory=dict)
    # How many items "Show all N ..." announces (positions, for the experience).
    announced: dict[str, int] = field(default_factory=dict)


def _args() -> dict[str, Any]:
    return {
        "headings": list(SECTION_HEADINGS),
        "dateRange": DATE_LINE_JS,
        "contactInfo": CONTACT_INFO_HREF,
        "messageLabel": MESSAGE_LABEL_JS,
    }


async def _read_dom(kit: PageKit) -> dict[str, Any]:
    return cast(dict[str, Any], await kit.page.evaluate(PROFILE_JS, _args()))


async def open_profile(kit: PageKit, public_id: str) -> None:
    """Open the profile; :class:`PageFailed` when LinkedIn does not show it."""
    slug = quote(normalize_public_id(public_id), safe="")
    status = await kit.goto(PROFILE_PATH.format(slug=slug))
    if status >= 400:
        raise PageFailed(
            f"the profile {public_id!r} answered HTTP {status}", url=kit.page.url, status=status
        )


async def _wait_for_name(kit: PageKit) -> dict[str, Any]:
    deadline = time.monotonic() + kit.timeouts.element_s
    while True:
        dom = await _read_dom(kit)
        if dom["top"]["name"]:
            return dom
        kit.check_signals()
        if time.monotonic() >= deadline:
            raise ElementNotFound(
                "no name heading on the profile", element="profile.name", url=kit.page.url
            )
        await asyncio.sleep(POLL_S)


async def _wait_for_fewer_busy(kit: PageKit, before: int) -> dict[str, Any]:
    """The page once fewer cards wait to render than ``before`` (or after lazy_idle_s)."""
    deadline = time.monotonic() + kit.timeouts.lazy_idle_s
    while True:
        dom = await _read_dom(kit)
        if dom["busy"] < before or time.monotonic() >= deadline:
            return dom
        await asyncio.sleep(POLL_S)


async def _render_deferred(kit: PageKit) -> dict[str, Any]:
    """Scroll through the page until no card is waiting to render (2026 pages render the
    cards below the fold only once scrolled to); the page read once they are all there."""
    dom = await _read_dom(kit)
    for _ in range(kit.timeouts.max_scrolls):
        if not dom["busy"]:
            return dom
        await kit.page.evaluate(SCROLL_TO_BUSY_JS)
        await kit.page.mouse.wheel(0, 1_200)
        await kit.pacing.scroll_pause()
        dom = await _wait_for_fewer_busy(kit, dom["busy"])
        kit.check_signals()
    log.warning("profile.cards_still_loading", busy=dom["busy"], url=kit.page.url)
    return dom


def _sections(dom: dict[str, Any]) -> Sections:
    found = Sections()
    for section in dom["sections"]:
        kind = SECTION_HEADINGS[section["heading"]]
        if kind == "about":
            found.about = found.about or (str(section["about"]).strip() or None)
            continue
        if kind in found.entries:
            continue
        found.entries[kind] = list(section["entries"])[:MAX_ITEMS]
        if section["showAll"]:
            found.show_all[kind] = str(section["showAll"])
            number = NUMBER.search(str(section["showAllText"] or ""))
            if number:
                found.announced[kind] = int(number.group(0))
    return found


def _entries_in(dom: dict[str, Any], kind: str) -> list[list[Line]]:
    section = next((s for s in dom["sections"] if SECTION_HEADINGS[s["heading"]] == kind), None)
    return list(section["entries"]) if section else []


async def _wait_for_entries(
    kit: PageKit, kind: str, seen: int, timeout_s: float
) -> list[list[Line]]:
    """The section's entries once there are more than ``seen``, or as they are after
    ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        entries = _entries_in(await _read_dom(kit), kind)
        if len(entries) > seen or time.monotonic() >= deadline:
            return entries
        await asyncio.sleep(POLL_S)


async def _details_entries(
    kit: PageKit, href: str, kind: str, announced: int | None
) -> list[list[Line]] | None:
    """Every entry of a section from its details page, scrolled until lazy loading stops
    (LinkedIn loads a few more each time the end of the list comes into view): until the
    number "Show all N ..." announced is there, or nothing more comes; None when the page
    cannot be read (the entries shown on the profile are kept then)."""
    path = urlsplit(href).path
    if f"/details/{kind}" not in path:
        log.info("profile.details_link_unexpected", href=href, section=kind)
        return None
    await kit.pacing.think()
    status = await kit.goto(path)
    if status >= 400:
        log.info("profile.details_unavailable", section=kind, status=status)
        return None
    entries = await _wait_for_entries(kit, kind, 0, kit.timeouts.element_s)
    if not entries:
        log.info("profile.details_unreadable", section=kind, url=kit.page.url)
        return None
    quiet = 0
    for _ in range(kit.timeouts.max_scrolls):
        if len(entries) >= MAX_ITEMS or (announced and item_count(kind, entries) >= announced):
            break
        await kit.page.evaluate(SCROLL_TO_END_JS)
        await kit.page.mouse.wheel(0, 2_000)
        await kit.pacing.scroll_pause()
        more = await _wait_for_entries(kit, kind, len(entries), kit.timeouts.lazy_idle_s)
        kit.check_signals()
        if len(more) > len(entries):
            entries, quiet = more, 0
            continue
        quiet += 1  # a slow page may start loading only after our wait: scroll once more
        if quiet >= QUIET_ROUNDS:
            break
    return entries[:MAX_ITEMS]


async def read_profile(kit: PageKit, public_id: str, today: date) -> ProfileData:
    """Open and read the profile of ``public_id``; ``today`` ends the current positions."""
    await open_profile(kit, public_id)
    dom = await _wait_for_name(kit)
    top_dom = dom["top"]
    if (
        top_dom["mainLines"] >= TOP_CARD_MIN_PAGE_LINES
        and top_dom["topLines"] > TOP_CARD_MAX_SHARE * top_dom["mainLines"]
    ):
        raise ElementNotFound(
            "the profile's top card cannot be told from the rest of the page",
            element="profile.top_card",
            url=kit.page.url,
        )
    top = read_top_card(top_dom)
    await kit.pacing.scroll_pause()
    sections = _sections(await _render_deferred(kit))
    for kind, href in sections.show_all.items():
        if kind in DETAILS_SECTIONS:
            every = await _details_entries(kit, href, kind, sections.announced.get(kind))
            if every is not None:
                sections.entries[kind] = every
    entries = sections.entries
    experience = experience_of(entries.get("experience", []))
    ranges = [(e.start, e.end) for e in experience if e.start is not None]
    current = next((e.company for e in experience if e.current and e.company), None)
    return ProfileData(
        public_id=public_id,
        profile_url=canonical_profile_url(public_id, kit.base_url),
        full_name=top.name,
        headline=top.headline,
        location=top.location,
        about=sections.about,
        open_to_work=top.open_to_work,
        experience=tuple(experience),
        skills=tuple(dict.fromkeys(titles_of(entries.get("skills", [])))),
        certifications=tuple(titles_of(entries.get("certifications", []))),
        languages=tuple(titles_of(entries.get("languages", []))),
        education=tuple(education_of(entries.get("education", []))),
        years_experience=years_of_experience(ranges, today),
        current_company=current,
        greeting=greeting_name(top.name),
        pronouns=top.pronouns,
        is_connection=top.is_connection or top.message_action is not None,
        message_action=top.message_action,
    )
