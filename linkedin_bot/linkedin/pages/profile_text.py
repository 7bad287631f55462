"""The words of a profile page turned into data: date ranges (English and French), years of
experience, the employment type after " · ", places, pronouns and degrees; the top card's
lines (headline, location...) and each section's entries (positions, grouped ones
included; schools; titles).

Pure functions, no browser: the page object (``profile.py``) reads the visible lines
(``visible_text.py``), these read their meaning, and are tested on their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from linkedin_bot.linkedin.selectors import OPEN_TO_WORK_PATTERN
from linkedin_bot.linkedin.types import EducationEntry, ExperienceEntry, MessageAction

YearMonth = tuple[int, int]

# Month names and abbreviations as LinkedIn writes them (lowercase, without the final dot),
# English then French, one tuple per month.
_MONTH_NAMES = (
    ("jan", "january", "janv", "janvier"),
    ("feb", "february", "févr", "fevr", "février"),
    ("mar", "march", "mars"),
    ("apr", "april", "avr", "avril"),
    ("may", "mai"),
    ("jun", "june", "juin"),
    ("jul", "july", "juil", "juillet"),
    ("aug", "august", "août", "aout"),
    ("sep", "sept", "september", "septembre"),
    ("oct", "october", "octobre"),
    ("nov", "november", "novembre"),
    ("dec", "december", "déc", "décembre"),
)
MONTHS: dict[str, int] = {name: i + 1 for i, names in enumerate(_MONTH_NAMES) for name in names}
_END = r"(?:(?P<{m}>[^\W\d_]{{3,9}})\.?\s+)?(?P<{y}>\d{{4}})"
_PRESENT = r"present|présent|aujourd['\u2019]hui|now|current|actuel"
DATE_RANGE = re.compile(
    r"^\s*"
    + _END.format(m="sm", y="sy")
    + r"(?:\s*[-\u2013\u2014]\s*(?:(?P<present>"
    + _PRESENT
    + r")|"
    + _END.format(m="em", y="ey")
    + r"))?",
    re.IGNORECASE,
)
# "Paris, Île-de-France, France", "Tokyo, Japan": places separated by commas, no digits,
# none of the signs of a headline ("at", "chez", "@", "|").
LOCATION = re.compile(r"^[^\d@|·•,]{2,60}(,\s*[^\d@|·•,]{2,60}){1,3}$")
HEADLINE_SIGNS = re.compile(r"\s(at|chez|@)\s|\||@", re.IGNORECASE)
# The connection degree shown next to the name: "· 1st", "2nd", "3rd+", "1er", "2e".
DEGREE = re.compile(r"^[·•\s]*(1st|2nd|3rd\+?|1er|2e|3e\+?)$", re.IGNORECASE)
EMPLOYMENT_SEPARATOR = " · "
# "He/Him", "She/They", "(she/her)", "Il/Lui": the pronouns line next to a name.
PRONOUNS = re.compile(r"^\(?[^\W\d_]{1,8}/[^\W\d_]{1,8}(/[^\W\d_]{1,8})?\)?$")
FIRST_DEGREE = re.compile(r"1st|1er", re.IGNORECASE)
YEAR = re.compile(r"\b(19|20)\d{2}\b")


def _month(name: str | None, default: int) -> int | None:
    if name is None:
        return default
    return MONTHS.get(name.lower().rstrip("."))


def parse_date_range(text: str) -> tuple[YearMonth, YearMonth | None] | None:
    """``(start, end)`` of "Jan 2019 - Present · 5 yrs" (end None: still there), or None.

    A year without a month starts in January and ends in December; a single date is a
    range of one month.
    """
    match = DATE_RANGE.match(text)
    if match is None:
        return None
    start_month = _month(match["sm"], 1)
    if start_month is None:
        return None
    start = (int(match["sy"]), start_month)
    if match["present"]:
        return start, None
    if match["ey"] is None:
        return start, start
    end_month = _month(match["em"], 12)
    if end_month is None:
        return None
    end = (int(match["ey"]), end_month)
    return (start, end) if end >= start else (end, start)


def is_date_range(text: str) -> bool:
    return parse_date_range(text) is not None


def _index(when: YearMonth) -> int:
    return when[0] * 12 + when[1] - 1


def years_of_experience(
    ranges: Iterable[tuple[YearMonth, YearMonth | None]], today: date
) -> float | None:
    """Years covered by the ranges, overlaps counted once, both end months included (as
    LinkedIn counts); one decimal. None when there is no range at all."""
    now = (today.year, today.month)
    spans = sorted((_index(start), _index(end or now)) for start, end in ranges)
    if not spans:
        return None
    total = 0
    current_start, current_end = spans[0]
    for start, end in spans[1:]:
        if start <= current_end + 1:
            current_end = max(current_end, end)
            continue
        total += current_end - current_start + 1
        current_start, current_end = start, end
    total += current_end - current_start + 1
    return round(total / 12, 1)


def split_company(line: str) -> tuple[str, str | None]:
    """ "Acme · Full-time" -> ("Acme", "Full-time"); a line without the dot is the company."""
    company, sep, kind = line.partition(EMPLOYMENT_SEPARATOR)
    return company.strip(), (kind.strip() or None) if sep else None


def split_top_card(lines: list[str]) -> tuple[str | None, str | None]:
    """(headline, location) among the top card's remaining lines, when LinkedIn's classes
    did not tell: the location is the line that reads like a place; the headline the first
    other one. With no place-like line, LinkedIn's order: headline, then location."""
    places = [line for line in lines if LOCATION.match(line) and not HEADLINE_SIGNS.search(line)]
    if places:
        location = places[-1]
        others = [line for line in lines if line != location]
        return (others[0] if others else None), location
    return (lines[0] if lines else None), (lines[1] if len(lines) > 1 else None)


def is_place(line: str) -> bool:
    """Whether a line reads like a place ("Lyon, Auvergne-Rhône-Alpes, France"): comma-
    separated parts, each starting with a capital (or a letter of a script without case),
    and no full stop at the end (that is a sentence: "Built tools, from idea to launch.")."""
    if not LOCATION.match(line) or HEADLINE_SIGNS.search(line) or line.rstrip().endswith("."):
        return False
    return all(part.strip()[:1] and not part.strip()[0].islower() for part in line.split(","))


def years_in(text: str | None) -> tuple[int | None, int | None]:
    """(first year, last year) of "2015 - 2019" (an education's years); None where absent."""
    years = [int(m.group(0)) for m in YEAR.finditer(text or "")]
    if not years:
        return None, None
    return years[0], years[-1]


# --- A profile's lines (``visible_text.PROFILE_JS``) as data ----------------------------

OPEN_TO_WORK = re.compile(OPEN_TO_WORK_PATTERN, re.IGNORECASE)
WORDS = re.compile(r"\w")  # a line of separators only ("·") says nothing
# One visible line of an entry: {"text", "heading", "date", "nested" (in a nested list),
# "described" (in a description), "block" (its position in a company group, or -1)}.
Line = dict[str, Any]


@dataclass
class TopCard:
    name: str
    headline: str | None = None
    location: str | None = None
    pronouns: str | None = None
    is_connection: bool = False
    open_to_work: bool = False
    message_action: MessageAction | None = None


def read_top_card(top: dict[str, Any]) -> TopCard:
    """The top card's lines as data: headline, location, pronouns, degree, open to work."""
    name = " ".join(str(top["name"]).split())
    lines: list[dict[str, Any]] = top["lines"]
    first_name_line = next((i for i, line in enumerate(lines) if line["name"]), -1)
    others = [str(line["text"]) for i, line in enumerate(lines) if not line["name"]]
    after = [str(line["text"]) for line in lines[first_name_line + 1 :] if not line["name"]]
    pronouns = next((t for t in after[:2] if PRONOUNS.match(t)), None)
    degrees = [t for t in others if DEGREE.match(t)]
    open_to_work = bool(top["otwImage"]) or any(OPEN_TO_WORK.match(t) for t in others)
    location: str | None = None
    skip = {name, pronouns, *degrees}
    contact = top.get("contact")
    if contact:
        line, link = str(contact["line"]), str(contact["link"])
        location = line.removesuffix(link).strip(" ·•|-") or None
        skip |= {line, link}
    if location is None:
        location = next((t for t in reversed(others) if is_place(t)), None)
    skip.add(location)
    candidates = [
        t
        for t in (after or others)
        if t not in skip and WORDS.search(t) and not OPEN_TO_WORK.match(t)
    ]
    headline = candidates[0] if candidates else None
    return TopCard(
        name=name,
        headline=headline,
        location=location,
        pronouns=pronouns,
        is_connection=any(FIRST_DEGREE.search(d) for d in degrees),
        open_to_work=open_to_work,
        message_action=cast(MessageAction | None, top["message"]),
    )


def _own(lines: list[Line]) -> list[Line]:
    """An entry's own lines: nested lists and descriptions left out."""
    return [line for line in lines if not line["nested"] and not line["described"]]


def _title(lines: list[Line]) -> str:
    heading = next((line for line in lines if line["heading"] and not line["date"]), None)
    if heading is not None:
        return str(heading["text"])
    return next((str(line["text"]) for line in lines if not line["date"]), "")


def _position(lines: list[Line], company: str | None) -> ExperienceEntry:
    """One position from its lines; ``company`` when it is grouped under one."""
    own = _own(lines)
    title = _title(own)
    dates = next((str(line["text"]) for line in own if line["date"]), "")
    rest = [str(line["text"]) for line in own if not line["date"]]
    if title in rest:
        rest.remove(title)
    kind: str | None
    if company is None:
        company, kind = split_company(rest.pop(0)) if rest else ("", None)
    else:
        kind = rest.pop(0) if rest and not is_place(rest[0]) else None
    location = next((t for t in rest if is_place(t)), None)
    parsed = parse_date_range(dates)
    return ExperienceEntry(
        title=title,
        company=company,
        employment_type=kind or None,
        dates=dates,
        start=parsed[0] if parsed else None,
        end=parsed[1] if parsed else None,
        location=location,
    )


def experience_of(entries: list[list[Line]]) -> list[ExperienceEntry]:
    """Positions, in page order: a company item holding several roles gives one position
    per role, each with that company."""
    positions: list[ExperienceEntry] = []
    for lines in entries:
        blocks = sorted({int(line["block"]) for line in lines if line["block"] >= 0})
        if not blocks:
            positions.append(_position(lines, None))
            continue
        header = _own([line for line in lines if line["block"] < 0])
        company = _title(header)
        for block in blocks:
            positions.append(_position([ln for ln in lines if ln["block"] == block], company))
    return positions


def education_of(entries: list[list[Line]]) -> list[EducationEntry]:
    schools: list[EducationEntry] = []
    for lines in entries:
        own = _own(lines)
        school = _title(own)
        dates = next((str(line["text"]) for line in own if line["date"]), None)
        degree = next(
            (str(ln["text"]) for ln in own if not ln["date"] and str(ln["text"]) != school), None
        )
        start, end = years_in(dates)
        schools.append(EducationEntry(school, degree, dates, start, end))
    return schools


def titles_of(entries: list[list[Line]]) -> list[str]:
    """The title of each entry (skills, certifications, languages)."""
    return [t for t in (_title(_own(lines)) for lines in entries) if t]


def item_count(kind: str, entries: list[list[Line]]) -> int:
    """How many items the entries make, counted as "Show all N ..." counts them: each
    position of a company group counts for the experience."""
    if kind != "experience":
        return len(entries)
    return sum(max(1, len({ln["block"] for ln in lines if ln["block"] >= 0})) for lines in entries)
