"""Deterministic, realistic rows for the seed, shared by every backend.

Rows are produced in chunks of plain tuples (column order below) so that each backend can
stream them with its fastest bulk path. Time flows with ids: row ``i`` of a table is created
at ``start + span * (i + u) / n`` with ``u`` in [0, 1), so ids increase with ``created_at``.
Timestamps are epoch seconds turned into the backend's value by the ``ts`` function given.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

CHUNK = 50_000
SPAN_S = 3 * 365 * 86_400  # created_at spread over three years, up to now
DAY_S = 86_400

CONTACT_COLUMNS = (
    "id", "public_id", "profile_url", "first_name", "last_name", "full_name", "headline",
    "location", "about", "email", "company", "position", "connected_on", "birth_month",
    "birth_day", "birth_date", "locale", "status", "blacklisted", "fit_score", "open_to_work",
    "years_experience", "current_company", "skills", "profile_data", "source",
    "last_visited_at", "created_at", "updated_at",
)  # fmt: skip
INTERACTION_COLUMNS = (
    "id", "contact_id", "run_id", "type", "status", "dedup_key", "payload", "error",
    "created_at", "updated_at",
)  # fmt: skip
RUN_COLUMNS = (
    "id", "kind", "status", "account", "dry_run", "trigger", "params", "stats", "error",
    "created_at", "started_at", "finished_at", "heartbeat_at",
)  # fmt: skip

FIRST = [
    "Anna",
    "Lucas",
    "Emma",
    "Noah",
    "Léa",
    "Hugo",
    "Chloé",
    "Louis",
    "Sofia",
    "Liam",
    "Mia",
    "Ethan",
    "Zoé",
    "Jules",
    "Inès",
    "Arthur",
    "Olivia",
    "Adam",
    "Maya",
    "Gabriel",
]
LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Smith",
    "Johnson",
    "Garcia",
    "Müller",
    "Rossi",
    "Nguyen",
    "Kowalski",
    "Silva",
    "Petit",
    "Moreau",
    "Brown",
    "Lefèvre",
    "Novak",
]
TITLES = [
    "Software Engineer",
    "Data Scientist",
    "Product Manager",
    "Engineering Manager",
    "Sales Director",
    "HR Business Partner",
    "DevOps Engineer",
    "UX Designer",
    "CTO",
]
COMPANIES = [
    f"{a} {b}"
    for a in ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay")
    for b in ("Labs", "Systems", "Group", "Consulting")
]
CITIES = [
    "Paris, Île-de-France, France",
    "Lyon, France",
    "Berlin, Germany",
    "London, UK",
    "Madrid, Spain",
    "Amsterdam, Netherlands",
    "Montréal, Canada",
    "Remote",
]
SKILLS = [
    "Python",
    "SQL",
    "Kubernetes",
    "React",
    "Go",
    "Leadership",
    "Machine Learning",
    "AWS",
    "Negotiation",
    "Figma",
    "Rust",
    "PostgreSQL",
]
LOCALES = ["en_US", "fr_FR", "de_DE", "es_ES", "en_GB"]
# (value, cumulative weight)
CONTACT_STATUS = [("connection", 0.70), ("prospect", 0.95), ("archived", 1.0)]
BIRTHDAY_STATUS = [
    ("sent", 0.88),
    ("failed", 0.92),
    ("dry_run", 0.96),
    ("skipped", 0.99),
    ("unknown", 1.0),
]
VISIT_STATUS = [("visited", 0.95), ("failed", 1.0)]
PROFILE_VISIT_SHARE = 0.15
HOT_SHARE = 0.05  # interactions that go to a few very active contacts (?contact_id= pages)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
LEAP_YEAR_DAYS = [date(2000, 1, 1) + timedelta(days=k) for k in range(366)]

Ts = Callable[[float], Any]


def pick(table: list[tuple[str, float]], u: float) -> str:
    for value, cumulative in table:
        if u < cumulative:
            return value
    return table[-1][0]


@dataclass(frozen=True)
class Timeline:
    """The three years the data spans, ending at ``end`` (epoch seconds)."""

    end: float

    @property
    def start(self) -> float:
        return self.end - SPAN_S

    def at(self, i: int, n: int, u: float) -> float:
        return self.start + SPAN_S * (i + u) / n

    @property
    def days(self) -> int:
        return SPAN_S // DAY_S


def hot_contacts(contacts: int) -> int:
    """How many very active contacts (each gets hundreds of interactions at full size)."""
    return max(10, contacts // 1000)


def runs(timeline: Timeline, ts: Ts) -> list[tuple[Any, ...]]:
    """One birthday and one sourcing run per day (ids 2d+1 and 2d+2), all succeeded."""
    rows = []
    for d in range(timeline.days):
        began = timeline.start + d * DAY_S + 8 * 3600
        for k, kind in enumerate(("birthday", "sourcing")):
            stats = json.dumps({"sent": 3, "failed": 0}) if k == 0 else json.dumps({"visited": 20})
            rows.append(
                (2 * d + k + 1, kind, "succeeded", "default", False, "schedule", "{}", stats,
                 None, ts(began), ts(began), ts(began + 900), ts(began + 900))
            )  # fmt: skip
    return rows


def _skill_sets(rng: random.Random) -> list[str]:
    return [json.dumps(rng.sample(SKILLS, 3)) for _ in range(64)]


def contacts(
    n: int, timeline: Timeline, ts: Ts, day: Callable[[date], Any], seed: int
) -> Iterator[list[tuple[Any, ...]]]:
    rng = random.Random(seed)
    rand = rng.random
    skill_sets = _skill_sets(rng)
    chunk: list[tuple[Any, ...]] = []
    for i in range(n):
        cid = i + 1
        created = ts(timeline.at(i, n, rand()))
        first, last = FIRST[cid % len(FIRST)], LAST[(cid * 7) % len(LAST)]
        status = pick(CONTACT_STATUS, rand())
        prospect = status == "prospect"
        company = COMPANIES[cid % len(COMPANIES)]
        title = TITLES[cid % len(TITLES)]
        month = bday = bdate = None
        if rand() < 0.85:  # birthdays on every day of the year, Feb 29 included
            born = LEAP_YEAR_DAYS[int(rand() * 366)]
            month, bday = born.month, born.day
            if rand() < 0.25:
                year = 1988 if (month, bday) == (2, 29) else 1960 + int(rand() * 40)
                bdate = day(born.replace(year=year))
        scored = prospect and rand() < 0.4
        slug = f"{first}-{last}-{cid:07d}".lower()
        about = f"{title} with a taste for {SKILLS[cid % len(SKILLS)]}. " * 4
        chunk.append(
            (cid, slug, f"https://www.linkedin.com/in/{slug}/", first, last, f"{first} {last}",
             f"{title} at {company}", CITIES[cid % len(CITIES)],
             about if rand() < 0.2 else None,
             f"{slug}@example.com" if rand() < 0.3 else None, company, title,
             None if prospect else day(date(2015, 1, 1) + timedelta(days=cid % 3650)),
             month, bday, bdate, LOCALES[cid % len(LOCALES)], status, rand() < 0.01,
             round(rand() * 100, 1) if scored else None,
             (rand() < 0.2) if scored else None,
             round(rand() * 25, 1) if scored else None,
             company if prospect else None,
             skill_sets[cid % 64] if prospect else None, None,
             "search" if prospect else "import",
             created if prospect else None, created, created)
        )  # fmt: skip
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def interactions(
    n: int, n_contacts: int, timeline: Timeline, ts: Ts, seed: int
) -> Iterator[list[tuple[Any, ...]]]:
    """Mostly birthday messages, some profile visits; each to a contact already created."""
    rng = random.Random(seed + 1)
    rand = rng.random
    hot = hot_contacts(n_contacts)
    messages = [
        json.dumps({"message": f"Happy birthday, {f}! 🎂", "template": "default"}) for f in FIRST
    ]
    visit = json.dumps({"fit_score_before": None, "source": "search"})
    chunk: list[tuple[Any, ...]] = []
    for i in range(n):
        iid = i + 1
        at = timeline.at(i, n, rand())
        existing = max(1, int(n_contacts * (i + 1) / n))
        contact = 1 + int(rand() * min(hot, existing) if rand() < HOT_SHARE else rand() * existing)
        day_index = min(int((at - timeline.start) // DAY_S), timeline.days - 1)
        if rand() < PROFILE_VISIT_SHARE:
            kind, status, payload = "profile_visit", pick(VISIT_STATUS, rand()), visit
            run_id = 2 * day_index + 2
        else:
            kind, status = "birthday_message", pick(BIRTHDAY_STATUS, rand())
            payload, run_id = messages[contact % len(messages)], 2 * day_index + 1
        created = ts(at)
        chunk.append(
            (iid, contact, run_id, kind, status, f"{kind}:{contact}:{iid}", payload,
             "timeout waiting for the message overlay" if status == "failed" else None,
             created, created)
        )  # fmt: skip
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def pg_ts(epoch: float) -> datetime:
    return EPOCH + timedelta(seconds=epoch)


def sqlite_ts(epoch: float) -> str:
    """SQLAlchemy's SQLite DateTime text: naive UTC with microseconds."""
    return (EPOCH + timedelta(seconds=epoch)).replace(tzinfo=None).isoformat(" ", "microseconds")


def sqlite_day(value: date) -> str:
    return value.isoformat()
