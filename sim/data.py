"""People of the simulated network and their deterministic generation from a seed."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from sim import names

Locale = Literal["en", "fr"]
UNKNOWN_YEAR = 1900  # a birthday stored with this year has no known birth year


@dataclass
class Experience:
    title: str
    company: str
    employment_type: str = "Full-time"
    start: date = date(2020, 1, 1)
    end: date | None = None
    location: str = ""
    description: str = ""
    skills: list[str] = field(default_factory=list)  # "skills used" in this position


@dataclass
class Education:
    school: str
    degree: str = ""
    start_year: int | None = None
    end_year: int | None = None


@dataclass
class HistoryMessage:
    """A message of an earlier conversation with the member (seeded, not sent by the bot)."""

    from_member: bool
    text: str
    sent_on: date
    edited: bool = False


@dataclass
class Person:
    """One member of the simulated network.

    `first_name`/`last_name` are the person's plain name (what variants A and B show).
    `display_name` is the name as LinkedIn shows it in `classic` and `sdui` ("🔥 Nicolas
    Martin 🚀", "JEAN DUPONT", "Dr. Anna Schmidt, PhD"); `greeting` is the first name a
    human would greet them by, or None when none can be told from what LinkedIn shows
    ("J. Smith"): the bot must skip such a person. `linkedin_first_name` is the first-name
    field as the member filled it, used by LinkedIn in labels ("Message Dr. Anna").
    Empty `display_name`/`linkedin_first_name` and `greeting=""` mean "derive from the
    plain name".
    """

    slug: str
    first_name: str
    last_name: str
    headline: str = ""
    location: str = ""
    about: str = ""
    locale: Locale = "en"
    is_connection: bool = True
    birthday: date | None = None
    experience: list[Experience] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    open_to_work: bool = False
    certifications: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    education: list[Education] = field(default_factory=list)
    display_name: str = ""
    greeting: str | None = ""
    linkedin_first_name: str = ""
    pronouns: str = ""
    history: list[HistoryMessage] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.display_name:
            self.display_name = self.full_name
        if self.greeting == "":
            self.greeting = self.first_name
        if not self.linkedin_first_name:
            self.linkedin_first_name = self.first_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def person_to_dict(person: Person) -> dict[str, Any]:
    """JSON-ready dict (dates as ISO strings) including `full_name`."""
    raw = asdict(person)
    raw["full_name"] = person.full_name
    raw["birthday"] = person.birthday.isoformat() if person.birthday else None
    for exp in raw["experience"]:
        exp["start"] = exp["start"].isoformat()
        exp["end"] = exp["end"].isoformat() if exp["end"] else None
    for message in raw["history"]:
        message["sent_on"] = message["sent_on"].isoformat()
    return raw


def person_from_dict(raw: dict[str, Any]) -> Person:
    """Inverse of `person_to_dict`; unknown keys such as `full_name` are ignored."""
    data = {k: v for k, v in raw.items() if k in Person.__dataclass_fields__}
    data["birthday"] = _opt_date(raw.get("birthday"))
    data["experience"] = [
        Experience(
            title=e["title"],
            company=e["company"],
            employment_type=e.get("employment_type", "Full-time"),
            start=date.fromisoformat(e["start"]),
            end=_opt_date(e.get("end")),
            location=e.get("location", ""),
            description=e.get("description", ""),
            skills=list(e.get("skills", [])),
        )
        for e in raw.get("experience", [])
    ]
    data["education"] = [Education(**e) for e in raw.get("education", [])]
    data["history"] = [
        HistoryMessage(
            from_member=bool(m["from_member"]),
            text=m["text"],
            sent_on=date.fromisoformat(m["sent_on"]),
            edited=bool(m.get("edited", False)),
        )
        for m in raw.get("history", [])
    ]
    return Person(**data)


def _opt_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def slugify(first: str, last: str, suffix: str) -> str:
    """ASCII profile slug such as `jean-luc-dubois-3fa9c1`."""
    text = unicodedata.normalize("NFKD", f"{first} {last}")
    ascii_text = text.encode("ascii", "ignore").decode().lower()
    words = "".join(c if c.isalnum() else " " for c in ascii_text).split()
    return "-".join([*words, suffix])


def birthday_days_ago(days_ago: int, today: date, rng: random.Random) -> date:
    """A birth date whose month/day fell `days_ago` days before `today`."""
    when = today - timedelta(days=days_ago)
    year = UNKNOWN_YEAR if rng.random() < 0.25 else rng.randrange(1960, 2002)
    if (when.month, when.day) == (2, 29):
        year = rng.choice((1968, 1972, 1984, 1992, 1996))
    return date(year, when.month, when.day)


def _make_person(rng: random.Random, *, is_connection: bool, today: date) -> Person:
    firsts, lasts, locale = rng.choice(names.NAME_POOLS)
    first, last = rng.choice(firsts), rng.choice(lasts)
    role = rng.choice(names.ROLES)
    company = rng.choice(names.COMPANIES)
    return Person(
        slug=slugify(first, last, f"{rng.getrandbits(24):06x}"),
        first_name=first,
        last_name=last,
        headline=f"{role} at {company}",
        location=rng.choice(names.LOCATIONS),
        about=rng.choice(names.ABOUTS) if rng.random() < 0.8 else "",
        locale="fr" if locale == "fr" else "en",
        is_connection=is_connection,
        experience=_make_experience(rng, role, company, today),
        skills=rng.sample(names.SKILLS, rng.randrange(0, 9)),
        open_to_work=rng.random() < 0.2,
        certifications=rng.sample(names.CERTIFICATIONS, rng.randrange(0, 3)),
        languages=rng.sample(names.LANGUAGES, rng.randrange(0, 4)),
        education=_make_education(rng),
    )


def _make_experience(rng: random.Random, role: str, company: str, today: date) -> list[Experience]:
    start = date(today.year - rng.randrange(0, 6), rng.randrange(1, 13), 1)
    if start > today:
        start = date(today.year, 1, 1)
    items = [
        Experience(
            role,
            company,
            rng.choice(names.EMPLOYMENT_TYPES),
            start,
            None,
            rng.choice(names.LOCATIONS),
        )
    ]
    for _ in range(rng.randrange(0, 3)):
        end = start - timedelta(days=31 * rng.randrange(0, 4) + 1)
        end = date(end.year, end.month, 1)
        begin = date(end.year - rng.randrange(0, 4), rng.randrange(1, 13), 1)
        if begin > end:
            begin = date(end.year, 1, 1)
        items.append(
            Experience(
                rng.choice(names.ROLES),
                rng.choice(names.COMPANIES),
                rng.choice(names.EMPLOYMENT_TYPES),
                begin,
                end,
                rng.choice(names.LOCATIONS) if rng.random() < 0.7 else "",
            )
        )
        start = begin
    return items


def _make_education(rng: random.Random) -> list[Education]:
    if rng.random() < 0.3:
        return []
    end_year = rng.randrange(1990, 2022)
    return [Education(rng.choice(names.SCHOOLS), rng.choice(names.DEGREES), end_year - 3, end_year)]


def _late_offsets(count: int, max_days_late: int) -> list[int]:
    """`count` offsets spread over 1..max_days_late (they repeat when count exceeds it)."""
    if count <= 0:
        return []
    span = max(max_days_late, 1)
    return (
        [1 + (i * span) // count for i in range(count)]
        if count <= span
        else [1 + i % span for i in range(count)]
    )


def generate_people(
    seed: int,
    *,
    today: date,
    connections: int = 50,
    birthdays_today: int = 5,
    birthdays_late: int = 3,
    max_days_late: int = 10,
    prospects: int = 100,
    unnamed_birthdays: int = 0,
    work_anniversaries: int = 2,
    job_changes: int = 2,
) -> list[Person]:
    """Deterministic people for `seed`: connections first, then prospects (non-connections).

    Exactly `birthdays_today` connections have today's month/day, `birthdays_late` had their
    birthday 1..max_days_late days ago, and every other connection has none or one more than
    15 days away from today in either direction.

    A second pass (`sim.wild.decorate`, its own random stream, so the plain data above stays
    what it always was for a seed) names some people as members do in the wild, groups
    positions under one company and seeds earlier conversations. Every birthday person has
    a greeting name, except the first `unnamed_birthdays` of today's (for the skip tests).
    After the birthdays, up to `work_anniversaries` connections have a work anniversary and
    up to `job_changes` started a new position within the last ten days (as many as the
    remaining connections allow).
    """
    from sim.wild import decorate  # noqa: PLC0415  (the second pass builds on these models)

    if unnamed_birthdays > birthdays_today:
        raise ValueError("more unnamed birthdays than birthdays today")
    if birthdays_today + birthdays_late > connections:
        raise ValueError("more birthdays than connections")
    rng = random.Random(seed)
    late = _late_offsets(birthdays_late, max_days_late)
    people: list[Person] = []
    seen: set[str] = set()
    for index in range(connections + prospects):
        person = _make_person(rng, is_connection=index < connections, today=today)
        while person.slug in seen:
            person.slug = f"{person.slug}-{len(seen)}"
        seen.add(person.slug)
        if index < birthdays_today:
            person.birthday = birthday_days_ago(0, today, rng)
        elif index < birthdays_today + birthdays_late:
            person.birthday = birthday_days_ago(late[index - birthdays_today], today, rng)
        elif rng.random() < 0.9:
            person.birthday = birthday_days_ago(rng.randrange(16, 350), today, rng)
        people.append(person)
    decorate(
        people,
        seed,
        today=today,
        celebrated=birthdays_today + birthdays_late,
        unnamed=unnamed_birthdays,
        occasions=(work_anniversaries, job_changes),
    )
    return people
