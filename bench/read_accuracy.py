"""How many profile fields the driver reads right, against the simulator's truth API.

    .venv/bin/python -m bench.read_accuracy [--variants classic,sdui] [--profiles 25]
        [--seed 5] [--lang en] [--verbose] [--search]

Seeds a simulator per variant, visits the first ``--profiles`` people (connections and
prospects) with the real driver in headless Chromium, and compares each field of what it
read with ``sim.truth.expected_profile`` (``--search``: walks every page of a people search
and compares each result with ``expected_search``). Prints one line per variant (fields right / all)
and, with ``--verbose``, every field read wrong. The comparison (``profile_fields``) is
the one the driver's tests use.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from playwright.async_api import async_playwright

from linkedin_bot.core.clock import FrozenClock, SystemClock
from linkedin_bot.linkedin.auth import import_session, load_session
from linkedin_bot.linkedin.browser import find_executable, launch_flags
from linkedin_bot.linkedin.driver import LinkedInDriver
from linkedin_bot.linkedin.timeouts import Timeouts
from linkedin_bot.linkedin.types import ProfileData
from linkedin_bot.safety.breaker import LocalCircuitBreaker
from sim import SimServer, SimState
from sim.truth import expected_profile, expected_search
from tests.helpers import make_settings

TODAY = date(2025, 10, 24)


def _month(when: tuple[int, int] | None) -> str | None:
    return f"{when[0]:04d}-{when[1]:02d}" if when else None


def read_as_truth(profile: ProfileData) -> dict[str, Any]:
    """What the driver read, in the shape of the truth API."""
    return {
        "name": profile.full_name,
        "greeting": profile.greeting,
        "headline": profile.headline or "",
        "location": profile.location or "",
        "about": " ".join((profile.about or "").split()),
        "open_to_work": profile.open_to_work,
        "is_connection": profile.is_connection,
        "pronouns": profile.pronouns or "",
        "message_action": profile.message_action,
        "experience": [
            {
                "title": e.title,
                "company": e.company,
                "employment_type": e.employment_type or "",
                "start": _month(e.start),
                "end": _month(e.end),
                "location": e.location or "",
            }
            for e in profile.experience
        ],
        "education": [
            {
                "school": e.school,
                "degree": e.degree or "",
                "start_year": e.start_year,
                "end_year": e.end_year,
            }
            for e in profile.education
        ],
        "skills": list(profile.skills),
        "certifications": list(profile.certifications),
        "languages": list(profile.languages),
    }


def _truth_shape(truth: dict[str, Any]) -> dict[str, Any]:
    shaped = dict(truth)
    shaped["about"] = " ".join((truth["about"] or "").split())
    shaped["pronouns"] = truth["pronouns"] or ""
    shaped["experience"] = [
        {**e, "employment_type": e["employment_type"] or "", "location": e["location"] or ""}
        for e in truth["experience"]
    ]
    shaped["education"] = [{**e, "degree": e["degree"] or ""} for e in truth["education"]]
    return shaped


FIELDS = (
    "name",
    "greeting",
    "headline",
    "location",
    "about",
    "open_to_work",
    "is_connection",
    "pronouns",
    "message_action",
    "experience",
    "education",
    "skills",
    "certifications",
    "languages",
)


def profile_fields(profile: ProfileData, truth: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Per field: (read, expected). A field is right when both are equal; lists (the
    experience, with every position's title, company, type, dates and place) count as one
    field each."""
    read, want = read_as_truth(profile), _truth_shape(truth)
    return {name: (read[name], want[name]) for name in FIELDS}


SEARCH_FIELDS = ("slug", "name", "headline", "location", "is_connection")


async def _measure_search(
    driver: LinkedInDriver, state: SimState, base_url: str, verbose: bool
) -> tuple[int, int]:
    """Every result of every page of an empty-keyword search, field by field."""
    walk = await driver.search_people(f"{base_url}/search/results/people/?keywords=", wanted=10**4)
    expected = [
        row
        for page in range(1, walk.pages + 1)
        for row in expected_search(state, "", page)["results"]
    ]
    right = total = 0
    for index, want in enumerate(expected):
        got = walk.results[index] if index < len(walk.results) else None
        read = {
            "slug": got.public_id if got else None,
            "name": got.full_name if got else None,
            "headline": (got.headline or "") if got else None,
            "location": (got.location or "") if got else None,
            "is_connection": got.is_connection if got else None,
        }
        for name in SEARCH_FIELDS:
            total += 1
            right += read[name] == want[name]
            if read[name] != want[name] and verbose:
                print(f"  result {index}: {name}: read {read[name]!r}, want {want[name]!r}")
    return right, total


async def measure(
    variant: str, count: int, seed: int, lang: str, verbose: bool, search: bool = False
) -> tuple[int, int]:
    class MemoryStore:
        async def learned(self, element: str) -> list[str]:
            return []

        async def record_success(self, element: str, selector: str, source: str) -> None:
            return None

        async def record_failure(self, element: str, selector: str) -> None:
            return None

    state = SimState.from_seed(
        seed,
        today=TODAY,
        connections=count,
        birthdays_today=3,
        birthdays_late=2,
        prospects=max(5, count // 3),
        variant=variant,
    )
    state.set_faults(ui_locale=lang)
    people = state.all_people()[:count]
    right = total = 0
    with SimServer(state) as sim, tempfile.TemporaryDirectory() as tmp:
        settings = make_settings(
            Path(tmp), f"sqlite+aiosqlite:///{tmp}/db.sqlite", linkedin_base_url=sim.base_url
        )
        import_session(settings, state.valid_li_at)
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(
                executable_path=find_executable(None), args=launch_flags(as_root=False)
            )
            driver = LinkedInDriver(
                settings,
                FrozenClock(datetime(2025, 10, 24, 9, tzinfo=UTC)),
                LocalCircuitBreaker(clock=SystemClock()),
                MemoryStore(),
                load_session(settings),
                timeouts=Timeouts(element_s=3.0, present_s=1.0, lazy_idle_s=0.6),
                browser=browser,
            )
            async with driver:
                if search:
                    right, total = await _measure_search(driver, state, sim.base_url, verbose)
                for person in people if not search else []:
                    profile = await driver.visit_profile(person.slug)
                    for name, (got, want) in profile_fields(
                        profile, expected_profile(state, person, lang)
                    ).items():
                        total += 1
                        right += got == want
                        if got != want and verbose:
                            print(f"  {person.slug} {name}: read {got!r}\n    want {want!r}")
            await browser.close()
    return right, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default="classic,sdui")
    parser.add_argument("--profiles", type=int, default=25)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--lang", default="en", choices=("en", "fr"))
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument(
        "--search", action="store_true", help="measure search results instead of profiles"
    )
    args = parser.parse_args(argv)
    for variant in args.variants.split(","):
        right, total = asyncio.run(
            measure(variant, args.profiles, args.seed, args.lang, args.verbose, args.search)
        )
        what = "search results of every page" if args.search else f"{args.profiles} profiles"
        print(
            f"{variant} ({args.lang}, seed {args.seed}, {what}):"
            f" {right}/{total} fields right ({100 * right / max(total, 1):.1f}%)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
