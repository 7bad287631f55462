"""Profile sections as LinkedIn lays them out: experience grouped by company, long
screen-reader date forms, endorsements, credentials, proficiencies. Shared by the profile
page, the details pages and their lazy batches, in both `classic` and `sdui`."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from sim import i18n
from sim.data import Experience, Person
from sim.modern.common import crc
from sim.modern.profile_text import ISSUERS, LABELS, LONG_MONTHS, PROFICIENCY

SECTIONS = ("experience", "education", "skills", "certifications", "languages")
CUTS = {"experience": 3, "education": 2, "skills": 2, "certifications": 2, "languages": 2}


def text(lang: str, key: str, **values: object) -> str:
    return LABELS[lang][key].format(**values)


def org_slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def long_duration(months: int, lang: str) -> str:
    """'5 years 2 months' / '5 ans 2 mois' (the screen-reader form)."""
    years, rest = divmod(months, 12)
    if lang == "fr":
        return i18n.duration(months, lang)
    parts = []
    if years:
        parts.append(f"{years} year" + ("s" if years > 1 else ""))
    if rest:
        parts.append(f"{rest} month" + ("s" if rest > 1 else ""))
    return " ".join(parts)


def long_range(start: date, end: date | None, today: date, lang: str) -> str:
    """'January 2019 to Present · 5 years 2 months' (the visually hidden copy)."""
    first = f"{LONG_MONTHS[lang][start.month - 1]} {start.year}"
    last = f"{LONG_MONTHS[lang][end.month - 1]} {end.year}" if end else i18n.LABELS[lang]["present"]
    span = long_duration(i18n.months_between(start, end or today), lang)
    return f"{first} {text(lang, 'to')} {last} · {span}"


def _role(exp: Experience, today: date, lang: str) -> dict[str, Any]:
    return {
        "title": exp.title,
        "employment_type": i18n.employment_type(exp.employment_type, lang),
        "dates": i18n.date_range(exp.start, exp.end, today, lang),
        "dates_sr": long_range(exp.start, exp.end, today, lang),
        "location": exp.location,
        "description": exp.description,
        "skills": text(lang, "skills_line", skills=" · ".join(exp.skills)) if exp.skills else "",
    }


def experience_items(person: Person, today: date, lang: str) -> list[dict[str, Any]]:
    """One item per company run: consecutive positions at one company are grouped (the
    company heads the item, each position is a nested entry)."""
    items: list[dict[str, Any]] = []
    for exp in person.experience:
        if items and items[-1]["company"] == exp.company:
            items[-1]["positions"].append(exp)
        else:
            items.append({"company": exp.company, "positions": [exp]})
    for item in items:
        positions: list[Experience] = item["positions"]
        first, last = positions[-1].start, positions[0].end
        months = i18n.months_between(first, last or today)
        item["company_href"] = f"/company/{org_slug(item['company'])}/"
        item["grouped"] = len(positions) > 1
        item["total"] = i18n.duration(months, lang)
        item["total_sr"] = long_duration(months, lang)
        item["roles"] = [_role(e, today, lang) for e in positions]
        item["key"] = f"{person.slug}-exp-{positions[0].start.isoformat()}"
    return items


def education_items(person: Person, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "school": ed.school,
            "school_href": f"/school/{org_slug(ed.school)}/",
            "degree": ed.degree,
            "years": f"{ed.start_year} - {ed.end_year}" if ed.start_year else "",
            "years_sr": f"{ed.start_year} {text(lang, 'to')} {ed.end_year}"
            if ed.start_year
            else "",
            "key": f"{person.slug}-edu-{index}",
        }
        for index, ed in enumerate(person.education)
    ]


def skill_items(person: Person, others: list[Person], lang: str) -> list[dict[str, Any]]:
    """Each skill with the lines LinkedIn nests under it: endorsements, where it was used."""
    items = []
    for index, skill in enumerate(person.skills):
        count = crc(person.slug, skill) % 40
        lines = []
        used = [e for e in person.experience if skill in e.skills]
        if used:
            lines.append(text(lang, "used_at", title=used[0].title, company=used[0].company))
        if count and others:
            endorser = others[crc(skill, person.slug) % len(others)].display_name
            lines.append(text(lang, "endorsed_by", name=endorser, n=count))
        elif count:
            lines.append(text(lang, "endorsements", n=count))
        items.append({"name": skill, "lines": lines, "key": f"{person.slug}-skill-{index}"})
    return items


def certification_items(person: Person, today: date, lang: str) -> list[dict[str, Any]]:
    items = []
    for index, name in enumerate(person.certifications):
        seed = crc(person.slug, name)
        issued = date(today.year - 1 - seed % 4, 1 + seed % 12, 1)
        expires = date(issued.year + 3, issued.month, 1)
        items.append(
            {
                "name": name,
                "issuer": ISSUERS.get(name, "LinkedIn"),
                "dates": text(lang, "issued", date=i18n.month_year(issued, lang))
                + " · "
                + text(lang, "expires", date=i18n.month_year(expires, lang)),
                "credential": f"{seed:08X}",
                "url": f"https://credentials.example.org/verify/{seed:08x}",
                "key": f"{person.slug}-cert-{index}",
            }
        )
    return items


def language_items(person: Person, lang: str) -> list[dict[str, Any]]:
    levels = PROFICIENCY[lang]
    return [
        {
            "name": name,
            "proficiency": levels[crc(person.slug, name) % len(levels)],
            "key": f"{person.slug}-lang-{index}",
        }
        for index, name in enumerate(person.languages)
    ]


def section_items(
    key: str, person: Person, today: date, lang: str, others: list[Person]
) -> list[dict[str, Any]]:
    """The items of section `key` (top-level: a grouped company is one item)."""
    if key == "experience":
        return experience_items(person, today, lang)
    if key == "education":
        return education_items(person, lang)
    if key == "skills":
        return skill_items(person, others, lang)
    if key == "certifications":
        return certification_items(person, today, lang)
    return language_items(person, lang)


def entry_count(key: str, person: Person) -> int:
    """What "Show all N ..." counts: positions, not companies."""
    return len(getattr(person, key))


def section(
    key: str, person: Person, today: date, lang: str, others: list[Person]
) -> dict[str, Any]:
    """A profile section cut after CUTS[key] items, with its "Show all N" link if cut."""
    items = section_items(key, person, today, lang, others)
    cut = len(items) > CUTS[key]
    return {
        "key": key,
        "heading": i18n.LABELS[lang][key],
        "entries": items[: CUTS[key]],
        "show_all": text(lang, f"show_all_{key}", n=entry_count(key, person)) if cut else "",
        "show_all_href": f"/in/{person.slug}/details/{key}/",
    }
