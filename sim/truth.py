"""What a perfect reader would read from the simulator's pages: the truth tests compare a
driver against (`GET /__sim/expected/...`, or these functions in process).

Values are what the page shows in its language (`lang`): the displayed name, employment
types translated, dates as `YYYY-MM`; grouped positions are separate entries; skills,
certifications and languages are all of them, including those behind "Show all".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sim import i18n
from sim.data import Person
from sim.modern.catchup import suggested_greeting
from sim.modern.common import compose_href
from sim.modern.ids import member_id, thread_id
from sim.occasions import kinds_of, occasions
from sim.search import search_people
from sim.state import SimState
from sim.variants import is_modern


def _month(day: date | None) -> str | None:
    return f"{day.year:04d}-{day.month:02d}" if day else None


def message_action(person: Person, variant: str) -> str | None:
    """How a profile offers to message this person: a labelled button (classic: "Message
    <first name>"; A and B: "Message <full name>"), an unlabelled compose link (sdui), or
    nothing (not a connection)."""
    if not person.is_connection:
        return None
    return "link" if variant == "sdui" else "button"


def expected_profile(state: SimState, person: Person, lang: str = "en") -> dict[str, Any]:
    variant = state.faults.variant
    return {
        "slug": person.slug,
        "member_id": member_id(person),
        "name": person.display_name if is_modern(variant) else person.full_name,
        "greeting": person.greeting,
        "headline": person.headline,
        "location": person.location,
        "about": person.about,
        "open_to_work": person.open_to_work,
        "is_connection": person.is_connection,
        "pronouns": person.pronouns if is_modern(variant) else "",
        "message_action": message_action(person, variant),
        "experience": [
            {
                "title": e.title,
                "company": e.company,
                "employment_type": i18n.employment_type(e.employment_type, lang),
                "start": _month(e.start),
                "end": _month(e.end),
                "location": e.location,
            }
            for e in person.experience
        ],
        "education": [
            {
                "school": ed.school,
                "degree": ed.degree,
                "start_year": ed.start_year,
                "end_year": ed.end_year,
            }
            for ed in person.education
        ],
        "skills": list(person.skills),
        "certifications": list(person.certifications),
        "languages": list(person.languages),
    }


def expected_catch_up(state: SimState, segment: str, lang: str = "en") -> list[dict[str, Any]]:
    """The cards of `/mynetwork/catch-up/<segment>/`, in page order (all batches)."""
    kinds = kinds_of(segment) or ()
    return [
        {
            "slug": o.person.slug,
            "member_id": member_id(o.person),
            "name": o.person.display_name,
            "greeting": o.person.greeting,
            "kind": o.kind,
            "days_ago": o.days_ago,
            "occurred_on": o.occurred_on.isoformat(),
            "years": o.years,
            "company": o.company,
            "title": o.title,
            "suggested_greeting": suggested_greeting(o, lang),
            "compose_href": compose_href(o.person, suggested_greeting(o, lang), "CATCH_UP"),
        }
        for o in occasions(state.connections(), state.today, kinds)
    ]


def threads(state: SimState) -> list[dict[str, Any]]:
    """Every connection's conversation: its opaque id, and its messages in order (earlier
    seeded ones, then what was delivered)."""
    rows = []
    for person in state.connections():
        messages = [
            {"from_member": m.from_member, "text": m.text, "sent_on": m.sent_on.isoformat()}
            for m in person.history
        ]
        messages += [
            {"from_member": True, "text": m.text, "sent_on": m.sent_at.date().isoformat()}
            for m in state.delivered_to(person.slug)
        ]
        rows.append(
            {
                "slug": person.slug,
                "member_id": member_id(person),
                "thread_id": thread_id(person),
                "thread_url": f"/messaging/thread/{thread_id(person)}/",
                "messages": messages,
            }
        )
    return rows


def expected_search(state: SimState, keywords: str, page: int) -> dict[str, Any]:
    """Page `page` of `/search/results/people/?keywords=...`: who, in order, and paging."""
    modern = is_modern(state.faults.variant)
    found = search_people(state.all_people(), keywords, page, displayed=modern)
    return {
        "page": found.page,
        "total_results": found.total_results,
        "total_pages": found.total_pages,
        "has_next": found.has_next,
        "results": [
            {
                "slug": p.slug,
                "name": p.display_name if modern else p.full_name,
                "headline": p.headline,
                "location": p.location,
                "is_connection": p.is_connection,
            }
            for p in found.results
        ],
    }
