"""The second generation pass: names in the wild, grouped positions, earlier conversations.

It draws from its own random stream (seeded from the generation seed), so the plain data
of a seed (what variants A and B show) is the same as before this pass existed; it only
fills what the `classic` and `sdui` variants show on top (`display_name`, `greeting`,
pronouns, descriptions, conversation history) and a few names and companies.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from datetime import date, timedelta

from sim import names, wild_names
from sim.data import Education, Experience, HistoryMessage, Person, slugify

# Styles whose displayed name still tells a first name, and those that do not.
NAMED_STYLES: tuple[str, ...] = (
    "emoji",
    "caps_last",
    "all_caps",
    "title",
    "suffix",
    "non_latin",
    "particle",
    "single",
    "emoji_caps",
    "plain",
)
UNNAMED_STYLES: tuple[str, ...] = ("initials", "title_surname")
WILD_SHARE = 0.45  # of the people outside the celebrated ones


def _emoji(p: Person, rng: random.Random) -> None:
    before, after = rng.choice(wild_names.EMOJI_DECORATIONS)
    p.display_name = f"{before}{p.full_name}{after}"
    p.linkedin_first_name = f"{before}{p.first_name}"


def _caps_last(p: Person, rng: random.Random) -> None:
    p.display_name = f"{p.first_name} {p.last_name.upper()}"


def _all_caps(p: Person, rng: random.Random) -> None:
    p.display_name = p.full_name.upper()
    p.linkedin_first_name = p.first_name.upper()


def _emoji_caps(p: Person, rng: random.Random) -> None:
    p.display_name = f"✨ {p.full_name.upper()} ✨"
    p.linkedin_first_name = f"✨ {p.first_name.upper()}"


def _title(p: Person, rng: random.Random) -> None:
    title = rng.choice(wild_names.TITLES)
    p.display_name = f"{title} {p.full_name}"
    p.linkedin_first_name = f"{title} {p.first_name}"


def _suffix(p: Person, rng: random.Random) -> None:
    p.display_name = f"{p.full_name}{rng.choice(wild_names.SUFFIXES)}"


def _single(p: Person, rng: random.Random) -> None:
    p.display_name = p.first_name


def _non_latin(p: Person, rng: random.Random) -> None:
    first, last, shown, greeting, slug_words = rng.choice(wild_names.NON_LATIN)
    suffix = p.slug.rsplit("-", 1)[-1]
    p.first_name, p.last_name = first, last
    slug_first, slug_last = slug_words.split(" ", 1)
    p.slug = slugify(slug_first, slug_last, suffix)
    p.display_name, p.greeting, p.linkedin_first_name = shown, greeting, first


def _particle(p: Person, rng: random.Random) -> None:
    suffix = p.slug.rsplit("-", 1)[-1]
    p.last_name = rng.choice(wild_names.PARTICLE_SURNAMES)
    p.slug = slugify(p.first_name, p.last_name, suffix)
    p.display_name = p.full_name


def _plain_surname(p: Person, rng: random.Random) -> None:
    """A surname that is not also a given name (so nothing reads as a first name)."""
    suffix = p.slug.rsplit("-", 1)[-1]
    p.last_name = rng.choice(wild_names.PLAIN_SURNAMES)
    p.slug = slugify(p.first_name, p.last_name, suffix)


def _initials(p: Person, rng: random.Random) -> None:
    _plain_surname(p, rng)
    initials = "-".join(f"{part[0]}." for part in p.first_name.split("-"))
    p.display_name = f"{initials} {p.last_name}"
    p.linkedin_first_name = initials
    p.greeting = None


def _title_surname(p: Person, rng: random.Random) -> None:
    _plain_surname(p, rng)
    title = rng.choice(("Dr.", "Prof."))
    p.display_name = f"{title} {p.last_name}"
    p.linkedin_first_name = title
    p.greeting = None


STYLES: dict[str, Callable[[Person, random.Random], None]] = {
    "plain": lambda p, rng: None,
    "emoji": _emoji,
    "caps_last": _caps_last,
    "all_caps": _all_caps,
    "emoji_caps": _emoji_caps,
    "title": _title,
    "suffix": _suffix,
    "single": _single,
    "non_latin": _non_latin,
    "particle": _particle,
    "initials": _initials,
    "title_surname": _title_surname,
}


def apply_style(person: Person, style: str, rng: random.Random) -> None:
    """Rename `person` as members do in the wild; `greeting` stays the true first name."""
    STYLES[style](person, rng)


def _styles_for(count: int, celebrated: int, unnamed: int, rng: random.Random) -> list[str]:
    """One style per person: the celebrated ones cycle through every named style (a mix
    on every page of birthdays), the first `unnamed` get no first name, others at random."""
    cycle = list(NAMED_STYLES)
    rng.shuffle(cycle)
    styles = []
    for index in range(count):
        if index < unnamed:
            styles.append(UNNAMED_STYLES[index % len(UNNAMED_STYLES)])
        elif index < celebrated:
            styles.append(cycle[(index - unnamed) % len(cycle)])
        elif rng.random() < WILD_SHARE:
            styles.append(rng.choice((*NAMED_STYLES, *UNNAMED_STYLES)))
        else:
            styles.append("plain")
    return styles


def _month_before(day: date) -> date:
    previous = day.replace(day=1) - timedelta(days=1)
    return previous.replace(day=1)


def _group_positions(person: Person, rng: random.Random) -> None:
    """A promotion: the previous position was at the current company (grouped by LinkedIn)."""
    exps = person.experience
    if len(exps) < 2 or rng.random() >= 0.4:
        return
    current, previous = exps[0], exps[1]
    previous.company = current.company
    previous.end = _month_before(current.start)
    if previous.start > previous.end:
        previous.start = date(previous.end.year - 1, previous.end.month, 1)
    previous.title = rng.choice([r for r in names.ROLES if r != current.title])


def _longer_career(person: Person, rng: random.Random) -> None:
    """Some people have more history than a profile shows (cut behind "Show all")."""
    if person.experience and rng.random() < 0.35:
        for _ in range(rng.randrange(2, 4)):
            oldest = person.experience[-1]
            end = _month_before(oldest.start)
            start = date(end.year - rng.randrange(1, 4), rng.randrange(1, 13), 1)
            start = min(start, end)
            role, company = rng.choice(names.ROLES), rng.choice(names.COMPANIES)
            kind = rng.choice(names.EMPLOYMENT_TYPES)
            place = rng.choice(names.LOCATIONS) if rng.random() < 0.6 else ""
            person.experience.append(Experience(role, company, kind, start, end, place))
    if person.education and rng.random() < 0.4:
        later = person.education[0]
        end_year = (later.start_year or later.end_year or 2010) - rng.randrange(0, 2)
        degree = "Bachelor's degree, Computer Science"
        school = rng.choice([s for s in names.SCHOOLS if s != later.school])
        person.education.append(Education(school, degree, end_year - 3, end_year))
    if rng.random() < 0.3:
        person.certifications = rng.sample(names.CERTIFICATIONS, rng.randrange(3, 5))


def _enrich_positions(person: Person, rng: random.Random) -> None:
    for exp in person.experience:
        if rng.random() < 0.5:
            exp.description = rng.choice(wild_names.DESCRIPTIONS)
        if rng.random() < 0.5:
            pool = person.skills or list(names.SKILLS)
            exp.skills = rng.sample(pool, min(len(pool), rng.randrange(1, 4)))


def _history(person: Person, today: date, rng: random.Random) -> list[HistoryMessage]:
    """Earlier messages: last year's wish and its reply, or some small talk."""
    lang = person.locale
    first = person.greeting or person.display_name
    messages: list[HistoryMessage] = []
    if person.birthday is not None and rng.random() < 0.5:
        last_year = date(today.year - 1, person.birthday.month, min(person.birthday.day, 28))
        wish = rng.choice(wild_names.WISHES[lang]).format(first=first)
        reply = rng.choice(wild_names.REPLIES[lang])
        messages.append(HistoryMessage(True, wish, last_year))
        messages.append(HistoryMessage(False, reply, last_year, edited=rng.random() < 0.3))
    if rng.random() < 0.3:
        when = today - timedelta(days=rng.randrange(400, 900))
        opening, answer = rng.choice(wild_names.SMALL_TALK)
        messages.append(HistoryMessage(False, opening, when))
        messages.append(HistoryMessage(True, answer, when, edited=rng.random() < 0.2))
    return sorted(messages, key=lambda m: m.sent_on)


def _months_long(exp: Experience, today: date) -> int:
    finish = exp.end or today
    return max((finish.year - exp.start.year) * 12 + finish.month - exp.start.month, 0)


def _rechain(person: Person, today: date) -> None:
    """Older positions end the month before the next one starts (after a start moved)."""
    for newer, older in itertools.pairwise(person.experience):
        months = _months_long(older, today)
        older.end = _month_before(newer.start)
        back = older.end.year * 12 + older.end.month - 1 - months
        older.start = date(back // 12, back % 12 + 1, 1)


def _anniversary(person: Person, days_ago: int, today: date, rng: random.Random) -> None:
    """The current position started some years ago, `days_ago` days before today's date."""
    when = today - timedelta(days=days_ago)
    years = rng.randrange(1, 11)
    day = min(when.day, 28) if (when.month, when.day) == (2, 29) else when.day
    person.experience[0].start = date(when.year - years, when.month, day)
    person.experience[0].end = None
    _rechain(person, today)


def _job_change(person: Person, days_ago: int, today: date, rng: random.Random) -> None:
    """A new position started `days_ago` days ago, after one at another company."""
    current = person.experience[0]
    if len(person.experience) == 1:
        company = rng.choice([c for c in names.COMPANIES if c != current.company])
        kind = rng.choice(names.EMPLOYMENT_TYPES)
        person.experience.append(Experience(rng.choice(names.ROLES), company, kind))
    elif person.experience[1].company == current.company:
        person.experience[1].company = rng.choice(
            [c for c in names.COMPANIES if c != current.company]
        )
    current.start, current.end = today - timedelta(days=days_ago), None
    person.experience[1].end = None  # set by _rechain
    person.experience[1].start = date(today.year - rng.randrange(2, 6), rng.randrange(1, 13), 1)
    _rechain(person, today)


def _occasions(
    people: list[Person], first: int, counts: tuple[int, int], today: date, rng: random.Random
) -> None:
    """Work anniversaries then job changes, among the connections after the birthdays."""
    connections = [p for p in people if p.is_connection][first:]
    anniversaries, changes = counts
    for index, person in enumerate(connections[:anniversaries]):
        _anniversary(person, (index * 4) % 11, today, rng)
    for index, person in enumerate(connections[anniversaries : anniversaries + changes]):
        _job_change(person, (index * 3) % 11, today, rng)


def decorate(
    people: list[Person],
    seed: int,
    *,
    today: date,
    celebrated: int,
    unnamed: int,
    occasions: tuple[int, int] = (0, 0),
) -> None:
    """Second pass over freshly generated `people` (connections first, celebrated first):
    after the `celebrated` birthdays come `occasions` = (work anniversaries, job changes)."""
    rng = random.Random(f"wild-{seed}")
    styles = _styles_for(len(people), celebrated + sum(occasions), unnamed, rng)
    seen: set[str] = set()
    for person, style in zip(people, styles, strict=True):
        apply_style(person, style, rng)
        while person.slug in seen:
            person.slug = f"{person.slug}-{len(seen)}"
        seen.add(person.slug)
        if rng.random() < 0.3:
            person.pronouns = rng.choice(wild_names.PRONOUNS)
    _occasions(people, celebrated, occasions, today, rng)
    for person in people:
        _group_positions(person, rng)
        _longer_career(person, rng)
        _enrich_positions(person, rng)
        if person.is_connection:
            person.history = _history(person, today, rng)


def member_profile(seed: int, today: date, member_name: str) -> Person:
    """The signed-in member's own profile (not a connection of theirs)."""
    rng = random.Random(f"member-{seed}")
    first, _, last = member_name.partition(" ")
    role, company = rng.choice(names.ROLES), rng.choice(names.COMPANIES)
    start = date(today.year - 3, rng.randrange(1, 13), 1)
    return Person(
        slug=slugify(first, last, f"{rng.getrandbits(24):06x}"),
        first_name=first,
        last_name=last,
        headline=f"{role} at {company}",
        location=rng.choice(names.LOCATIONS),
        about=rng.choice(names.ABOUTS),
        is_connection=False,
        experience=[Experience(role, company, "Full-time", start, None, "")],
        skills=rng.sample(names.SKILLS, 4),
        languages=["English", "French"],
    )
