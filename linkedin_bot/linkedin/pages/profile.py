"""A profile page (``/in/<slug>/``), read into :class:`ProfileData`.

The top card gives the name (``h1``; some 2025 variants moved it to ``h2``), headline,
location and the open-to-work badge. Sections are recognised by their heading ("About",
"Experience", ... or French), never by position: LinkedIn reorders them and a profile
shows only the sections its member filled in, so a missing section is an empty value,
not an error. Skills are often cut to three behind "Show all N skills": the driver then
opens the skills details page of the same profile (and nothing else).

LinkedIn's classes are tried first (selectors.py); where a variant renamed them, the
text itself tells a date range from a company line, and a place from a headline
(``profile_text.py``).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import quote

from playwright.async_api import Locator

from linkedin_bot.core.errors import PageFailed
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.profiles import canonical_profile_url, normalize_public_id
from linkedin_bot.linkedin.pages.base import PageKit, normalized
from linkedin_bot.linkedin.pages.profile_text import (
    DEGREE,
    is_date_range,
    parse_date_range,
    split_company,
    split_top_card,
    years_of_experience,
)
from linkedin_bot.linkedin.selectors import OPEN_TO_WORK_PATTERN
from linkedin_bot.linkedin.types import EducationEntry, ExperienceEntry, ProfileData

PROFILE_PATH = "/in/{slug}/"
SKILLS_PATH = "/in/{slug}/details/skills/"
# Section headings, English and French (lowercased), and the section each one introduces.
SECTION_HEADINGS: dict[str, str] = {
    "about": "about",
    "infos": "about",
    "à propos": "about",
    "experience": "experience",
    "expérience": "experience",
    "education": "education",
    "formation": "education",
    "skills": "skills",
    "compétences": "skills",
    "licenses & certifications": "certifications",
    "licences et certifications": "certifications",
    "certifications": "certifications",
    "languages": "languages",
    "langues": "languages",
}
OPEN_TO_WORK = re.compile(OPEN_TO_WORK_PATTERN, re.IGNORECASE)
MAX_ITEMS = 50  # items read per section: a profile listing more is not a person's CV
# The texts of an element, one per element that holds text itself, in document order;
# buttons, screen-reader duplicates and hidden elements left out.
LEAF_TEXTS_JS = """(root) => {
  const out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
  for (let el = root; el; el = walker.nextNode()) {
    if (el.closest('button, script, style, template, .visually-hidden, .a11y-text')) continue;
    if (el.checkVisibility && !el.checkVisibility()) continue;
    let text = '';
    for (const node of el.childNodes) if (node.nodeType === 3) text += node.textContent;
    text = text.replace(/\\s+/g, ' ').trim();
    if (text) out.push(text);
  }
  return out;
}"""
log = get_logger(__name__)


async def _leaf_texts(scope: Locator) -> list[str]:
    texts: Any = await scope.evaluate(LEAF_TEXTS_JS)
    return [str(t) for t in texts]


async def _text(kit: PageKit, element: str, scope: Locator) -> str | None:
    found = await kit.engine.find(element, scope=scope, timeout_s=0)
    if found is None:
        return None
    return normalized(await found.locator.first.inner_text()) or None


async def open_profile(kit: PageKit, public_id: str) -> None:
    """Open the profile; :class:`PageFailed` when LinkedIn does not show it."""
    slug = quote(normalize_public_id(public_id), safe="")
    status = await kit.goto(PROFILE_PATH.format(slug=slug))
    if status >= 400:
        raise PageFailed(
            f"the profile {public_id!r} answered HTTP {status}", url=kit.page.url, status=status
        )


async def _top_card(kit: PageKit) -> tuple[str, str | None, str | None, bool]:
    """Name, headline, location, open to work."""
    card = (await kit.engine.require("profile.top_card", timeout_s=kit.timeouts.element_s)).locator
    card = card.first
    name_found = await kit.engine.require(
        "profile.name", scope=card, timeout_s=kit.timeouts.present_s
    )
    name = normalized(await name_found.locator.first.inner_text())
    headline = await _text(kit, "profile.headline", card)
    location = await _text(kit, "profile.location", card)
    if headline is None or location is None:
        lines = [
            line
            for line in await _leaf_texts(card)
            if line not in {name, headline, location}
            and not DEGREE.match(line)
            and not OPEN_TO_WORK.match(line)
        ]
        guessed_headline, guessed_location = split_top_card(lines)
        headline = headline or guessed_headline
        location = location or guessed_location
    badge = await kit.engine.find("profile.open_to_work", scope=card, timeout_s=0)
    return name, headline, location, badge is not None


async def _sections(kit: PageKit) -> dict[str, Locator]:
    """The page's sections by kind (about, experience, ...); unknown headings are ignored."""
    found = await kit.engine.find("profile.section", timeout_s=0)
    if found is None:
        return {}
    sections: dict[str, Locator] = {}
    for index in range(await found.locator.count()):
        section = found.locator.nth(index)
        heading = await _text(kit, "profile.section_title", section)
        kind = SECTION_HEADINGS.get((heading or "").casefold())
        if kind is not None:
            sections.setdefault(kind, section)
    return sections


async def _items(kit: PageKit, scope: Locator) -> list[Locator]:
    found = await kit.engine.find("profile.section_item", scope=scope, timeout_s=0)
    if found is None:
        return []
    count = min(await found.locator.count(), MAX_ITEMS)
    return [found.locator.nth(i) for i in range(count)]


async def _item_lines(kit: PageKit, item: Locator) -> tuple[str, list[str]]:
    """An item's title and its other lines, in page order."""
    lines = await _leaf_texts(item)
    title = await _text(kit, "profile.item_title", item)
    if title is None:
        title = next((line for line in lines if not is_date_range(line)), "")
    rest = list(lines)
    if title in rest:
        rest.remove(title)
    return title, rest


async def _experience(kit: PageKit, section: Locator) -> list[ExperienceEntry]:
    entries: list[ExperienceEntry] = []
    for item in await _items(kit, section):
        title, lines = await _item_lines(kit, item)
        dates = next((line for line in lines if is_date_range(line)), "")
        others = [line for line in lines if line != dates]
        company, kind = split_company(others[0]) if others else ("", None)
        parsed = parse_date_range(dates)
        entries.append(
            ExperienceEntry(
                title=title,
                company=company,
                employment_type=kind,
                dates=dates,
                start=parsed[0] if parsed else None,
                end=parsed[1] if parsed else None,
                location=others[1] if len(others) > 1 else None,
            )
        )
    return entries


async def _education(kit: PageKit, section: Locator) -> list[EducationEntry]:
    entries: list[EducationEntry] = []
    for item in await _items(kit, section):
        school, lines = await _item_lines(kit, item)
        dates = next((line for line in lines if is_date_range(line)), None)
        degree = next((line for line in lines if line != dates), None)
        entries.append(EducationEntry(school, degree, dates))
    return entries


async def _titles(kit: PageKit, scope: Locator) -> list[str]:
    """The title of each item of a one-line list (skills, languages, certifications): its
    first text, read for every item in one call (a profile can list fifty skills)."""
    found = await kit.engine.find("profile.section_item", scope=scope, timeout_s=0)
    if found is None:
        return []
    firsts: Any = await found.locator.evaluate_all(
        f"(items) => items.slice(0, {MAX_ITEMS}).map((item) => ({LEAF_TEXTS_JS})(item)[0] || '')"
    )
    return [str(t) for t in firsts if t]


async def _about(kit: PageKit, section: Locator) -> str | None:
    found = await kit.engine.find("profile.about_text", scope=section, timeout_s=0)
    if found is not None:
        return (await found.locator.first.inner_text()).strip() or None
    lines = [line.strip() for line in (await section.inner_text()).splitlines()]
    heading = await _text(kit, "profile.section_title", section)
    body = [line for line in lines if line and line != heading]
    return "\n".join(body) or None


async def _all_skills(kit: PageKit, public_id: str, section: Locator) -> list[str]:
    """The skills shown, or all of them from the details page behind "Show all N skills"."""
    shown = await _titles(kit, section)
    if await kit.engine.find("profile.show_all_skills", scope=section, timeout_s=0) is None:
        return shown
    await kit.pacing.think()
    slug = quote(normalize_public_id(public_id), safe="")
    status = await kit.goto(SKILLS_PATH.format(slug=slug))
    if status >= 400:
        log.info("profile.skills_details_unavailable", public_id=public_id, status=status)
        return shown
    main = kit.page.locator("main")
    await kit.engine.find("profile.section_item", scope=main, timeout_s=kit.timeouts.present_s)
    every = await _titles(kit, main)
    return every or shown


async def read_profile(kit: PageKit, public_id: str, today: date) -> ProfileData:
    """Open and read the profile of ``public_id``; ``today`` ends the current positions."""
    await open_profile(kit, public_id)
    name, headline, location, open_to_work = await _top_card(kit)
    await kit.pacing.scroll_pause()
    sections = await _sections(kit)
    about = await _about(kit, sections["about"]) if "about" in sections else None
    experience = await _experience(kit, sections["experience"]) if "experience" in sections else []
    education = await _education(kit, sections["education"]) if "education" in sections else []
    certifications = (
        await _titles(kit, sections["certifications"]) if "certifications" in sections else []
    )
    languages = await _titles(kit, sections["languages"]) if "languages" in sections else []
    skills = await _all_skills(kit, public_id, sections["skills"]) if "skills" in sections else []
    ranges = [(e.start, e.end) for e in experience if e.start is not None]
    current = next((e.company for e in experience if e.current and e.company), None)
    return ProfileData(
        public_id=public_id,
        profile_url=canonical_profile_url(public_id, kit.base_url),
        full_name=name,
        headline=headline,
        location=location,
        about=about,
        open_to_work=open_to_work,
        experience=tuple(experience),
        skills=tuple(dict.fromkeys(skills)),
        certifications=tuple(certifications),
        languages=tuple(languages),
        education=tuple(education),
        years_experience=years_of_experience(ranges, today),
        current_company=current,
    )
