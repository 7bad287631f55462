"""Profiles and people search are read exactly, in both DOM variants and both languages."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from itertools import pairwise
from urllib.parse import urlsplit

import pytest

from bench.read_accuracy import profile_fields
from linkedin_bot.core.errors import AccountRestricted, ElementNotFound, PageFailed
from linkedin_bot.linkedin.pages.profile_text import (
    is_place,
    parse_date_range,
    read_top_card,
    years_of_experience,
)
from linkedin_bot.linkedin.types import ProfileData, SearchResult
from sim import Experience, Person, SimState
from sim.i18n import employment_type
from sim.truth import expected_profile, expected_search
from tests.linkedin.conftest import TODAY, Harness

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="module")]


def covered_years(person: Person, today: date) -> float | None:
    """Years of experience the simple way: the set of months covered, counted once."""
    months: set[int] = set()
    for e in person.experience:
        end = e.end or today
        months.update(range(e.start.year * 12 + e.start.month, end.year * 12 + end.month + 1))
    return round(len(months) / 12, 1) if months else None


def assert_read_exactly(profile: ProfileData, person: Person, lang: str, today: date) -> None:
    """Every field of the page against the simulator's own data."""
    assert profile.public_id == person.slug
    assert profile.full_name == person.full_name
    assert profile.headline == person.headline
    assert profile.location == person.location
    assert (profile.about or "") == person.about.strip()
    assert profile.open_to_work == person.open_to_work
    assert list(profile.skills) == person.skills
    assert list(profile.certifications) == person.certifications
    assert list(profile.languages) == person.languages
    assert [e.school for e in profile.education] == [e.school for e in person.education]
    assert [e.degree for e in profile.education] == [e.degree or None for e in person.education]
    assert len(profile.experience) == len(person.experience)
    for got, want in zip(profile.experience, person.experience, strict=True):
        assert got.title == want.title
        assert got.company == want.company
        assert got.employment_type == employment_type(want.employment_type, lang)
        assert got.start == (want.start.year, want.start.month)
        assert got.end == ((want.end.year, want.end.month) if want.end else None)
        assert (got.location or "") == want.location
    assert profile.years_experience == covered_years(person, today)
    current = [e.company for e in person.experience if e.end is None]
    assert profile.current_company == (current[0] if current else None)


def prospects(count: int, seed: int = 5) -> SimState:
    return SimState.from_seed(
        seed, today=TODAY, connections=0, birthdays_today=0, birthdays_late=0, prospects=count
    )


@pytest.fixture
def sim_state() -> SimState:
    """Thirty prospects: three result pages of ten."""
    return prospects(30)


@pytest.mark.parametrize(
    ("variant", "locale", "seed"), [("A", "en", 5), ("B", "en", 6), ("A", "fr", 7), ("B", "fr", 8)]
)
async def test_profiles_read_field_by_field(
    harness: Harness, variant: str, locale: str, seed: int
) -> None:
    """Generated profiles (missing sections, cut skills, several positions) are read
    exactly in variants A and B, English and French, pop-ups in the way."""
    state = harness.sim.state
    state.reset(seed, connections=0, birthdays_today=0, birthdays_late=0, prospects=6)
    state.set_faults(variant=variant, ui_locale=locale, popups=True)
    async with harness.driver() as driver:
        for person in state.all_people():
            profile = await driver.visit_profile(person.slug)
            assert_read_exactly(profile, person, locale, TODAY)
    assert state.profile_views == [p.slug for p in state.all_people()]


@pytest.mark.parametrize("sim_state", [SimState(today=TODAY)])
async def test_a_profile_with_no_sections_is_not_an_error(harness: Harness) -> None:
    """Name only: every section missing gives empty values, not an error."""
    harness.sim.state.set_people([Person("bare-one", "Bare", "One")])
    async with harness.driver() as driver:
        profile = await driver.visit_profile("bare-one")
    assert profile.full_name == "Bare One"
    assert profile.experience == ()
    assert profile.skills == ()
    assert profile.years_experience is None
    assert profile.current_company is None


@pytest.mark.parametrize("sim_state", [SimState(today=TODAY)])
async def test_overlapping_positions_are_counted_once(harness: Harness) -> None:
    """Two positions at once count once; the current company is the ongoing one."""
    harness.sim.state.set_people(
        [
            Person(
                "two-jobs",
                "Two",
                "Jobs",
                experience=[
                    Experience("CTO", "Night Co", "Part-time", date(2022, 1, 1), None),
                    Experience("Dev", "Day Co", "Full-time", date(2020, 1, 1), date(2023, 12, 1)),
                ],
            )
        ]
    )
    async with harness.driver() as driver:
        profile = await driver.visit_profile("two-jobs")
    # Jan 2020 .. Oct 2025 = 70 months.
    assert profile.years_experience == 5.8
    assert profile.current_company == "Night Co"
    assert profile.experience[0].employment_type == "Part-time"


async def test_unknown_profile_is_a_page_failure(harness: Harness) -> None:
    """A 404 profile raises PageFailed (the service counts it failed and goes on)."""
    async with harness.driver() as driver:
        with pytest.raises(PageFailed):
            await driver.visit_profile("nobody-here")


@pytest.mark.parametrize("variant", ["A", "B"])
async def test_search_walks_three_pages_through_lazy_loading(
    harness: Harness, variant: str
) -> None:
    """30 people, 3 pages of 10 (half of each lazy-loaded): all found, in order, with
    canonical URLs and no tracking parameter; only search pages were requested."""
    state = harness.sim.state
    state.set_faults(variant=variant, popups=True)
    url = f"{harness.sim.base_url}/search/results/people/?keywords=&origin=GLOBAL_SEARCH_HEADER"
    async with harness.driver() as driver:
        walk = await driver.search_people(url, wanted=100)
    assert [r.public_id for r in walk.results] == [p.slug for p in state.all_people()]
    assert [r.full_name for r in walk.results] == [p.full_name for p in state.all_people()]
    assert [r.page for r in walk.results] == [1] * 10 + [2] * 10 + [3] * 10
    assert walk.pages == 3
    assert walk.stop_reason == "last page"
    base = harness.sim.base_url
    assert all(r.profile_url == f"{base}/in/{r.public_id}/" for r in walk.results)
    assert {r.path for r in state.requests} == {"/search/results/people/"}
    assert all("origin=GLOBAL_SEARCH_HEADER" in r.query for r in state.requests)


async def test_search_stops_when_enough_are_kept(harness: Harness) -> None:
    """The walk keeps what ``accept`` keeps and stops as soon as it has enough."""

    async def odd_only(results: list[SearchResult]) -> list[SearchResult]:
        people = [p.slug for p in harness.sim.state.all_people()]
        return [r for r in results if people.index(r.public_id) % 2 == 1]

    url = f"{harness.sim.base_url}/search/results/people/?keywords="
    async with harness.driver() as driver:
        walk = await driver.search_people(url, wanted=7, accept=odd_only)
    assert len(walk.results) == 7
    assert walk.pages == 2
    assert walk.stop_reason == "enough"


async def test_search_restriction_stops_the_walk(harness: Harness) -> None:
    """A 999 on page 2 raises AccountRestricted and trips the breaker."""
    harness.sim.state.set_faults(http_status=999, status_after_actions=1)
    url = f"{harness.sim.base_url}/search/results/people/?keywords="
    async with harness.driver() as driver:
        with pytest.raises(AccountRestricted):
            await driver.search_people(url, wanted=100)
    assert (await harness.breaker.snapshot()).restricted


async def test_date_ranges_in_both_languages() -> None:
    """English and French ranges, "Present" and "aujourd’hui", year-only ranges."""  # noqa: RUF002
    assert parse_date_range("Sep 2020 - Present · 5 yrs 2 mos") == ((2020, 9), None)
    assert parse_date_range("sept. 2020 - aujourd\u2019hui · 5 ans") == ((2020, 9), None)
    assert parse_date_range("janv. 2019 - févr. 2020") == ((2019, 1), (2020, 2))
    assert parse_date_range("déc. 2019 - août 2021") == ((2019, 12), (2021, 8))
    assert parse_date_range("2015 - 2018") == ((2015, 1), (2018, 12))
    assert parse_date_range("Acme · Full-time") is None
    assert years_of_experience([], TODAY) is None
    assert years_of_experience([((2024, 1), (2024, 12)), ((2024, 6), (2025, 5))], TODAY) == 1.4


# --- The real site's markup: classic (Ember) and sdui (2026), against the truth API --------


def _grouped(person: Person) -> bool:
    """Two positions in a row at one company: LinkedIn shows them as one grouped item."""
    companies = [e.company for e in person.experience]
    return any(a == b for a, b in pairwise(companies))


# What the sample of profiles must hold, so that each trait of the real pages is read.
TRAITS: dict[str, Callable[[Person], bool]] = {
    "grouped positions": _grouped,
    "experience cut behind Show all": lambda p: len(p.experience) > 3,
    "skills cut behind Show all": lambda p: len(p.skills) > 2,
    "languages cut behind Show all": lambda p: len(p.languages) > 2,
    "a wild name": lambda p: p.display_name != p.full_name,
    "no usable first name": lambda p: p.greeting is None,
    "pronouns": lambda p: bool(p.pronouns),
    "open to work": lambda p: p.open_to_work,
    "not a connection": lambda p: not p.is_connection,
    "a description under a position": lambda p: any(e.description for e in p.experience),
}


def sample(people: list[Person], size: int = 8) -> list[Person]:
    """A few people covering every trait the state holds (greedy), then the first others."""
    chosen: list[Person] = []
    for check in TRAITS.values():
        if not any(check(p) for p in chosen):
            chosen += [p for p in people if check(p) and p not in chosen][:1]
    chosen += [p for p in people if p not in chosen][: max(0, size - len(chosen))]
    return chosen


def assert_matches_truth(profile: ProfileData, truth: dict[str, object]) -> None:
    wrong = {
        field: pair for field, pair in profile_fields(profile, truth).items() if pair[0] != pair[1]
    }
    assert wrong == {}, f"{truth['slug']}: fields read wrong (read, expected): {wrong}"


def modern_state(variant: str, seed: int = 5, **generate: int) -> SimState:
    params = {"connections": 14, "birthdays_today": 3, "birthdays_late": 2, "prospects": 8}
    return SimState.from_seed(seed, today=TODAY, variant=variant, **{**params, **generate})


@pytest.mark.parametrize(
    ("sim_state", "locale"),
    [
        (modern_state("classic", seed=5), "en"),
        (modern_state("sdui", seed=5), "en"),
        (modern_state("sdui", seed=8), "fr"),
    ],
    ids=["classic-en", "sdui-en", "sdui-fr"],
)
async def test_real_markup_profiles_read_as_the_truth_says(harness: Harness, locale: str) -> None:
    """On the real site's markup (screen-reader copies, one shared wrapper of cards, grouped
    positions, sections cut behind "Show all", wild names, non-connections, pop-ups), every
    field of a sample of profiles is what a perfect reader reads: no "About About", the
    location from the top card, each grouped position one entry with its company."""
    state = harness.sim.state
    state.set_faults(ui_locale=locale, popups=True)
    people = sample(state.all_people())
    missing = [name for name, check in TRAITS.items() if not any(check(p) for p in people)]
    assert missing == [], f"the seeded state lacks {missing}"
    async with harness.driver() as driver:
        for person in people:
            profile = await driver.visit_profile(person.slug)
            assert_matches_truth(profile, expected_profile(state, person, locale))
    details = {r.path for r in state.requests if "/details/" in r.path}
    assert any(path.endswith("/details/experience/") for path in details)


@pytest.mark.parametrize("sim_state", [modern_state("sdui", seed=6, connections=6)])
async def test_sdui_reading_survives_new_class_names(harness: Harness) -> None:
    """The 2026 markup's hashed classes change with every deploy: the same profiles are
    read right before and after the class names all change."""
    state = harness.sim.state
    people = sample(state.all_people(), size=2)[:2]
    classes: list[set[str]] = []
    async with harness.driver() as driver:
        for salt in ("deploy-one", "deploy-two"):
            state.class_salt = salt
            for person in people:
                profile = await driver.visit_profile(person.slug)
                assert_matches_truth(profile, expected_profile(state, person, "en"))
            html = await driver.kit.page.content()
            classes.append(set(re.findall(r'class="([^"]+)"', html)))
    assert classes[0].isdisjoint(classes[1])


@pytest.mark.parametrize(
    ("sim_state", "locale"),
    [
        (modern_state("classic", connections=12, prospects=13), "en"),
        (modern_state("sdui", connections=12, prospects=13), "fr"),
    ],
    ids=["classic-en", "sdui-fr"],
)
async def test_real_markup_search_reads_each_result_as_the_truth_says(
    harness: Harness, locale: str
) -> None:
    """Three result pages walked with Next/Suivant: each result's name from its name link
    (never "Status is online", the photo's alt or "View X's profile"), its slug without
    tracking parameters, headline, location and degree as the truth says; mutual
    connections named inside a result are not results; lazily rendered results included."""
    state = harness.sim.state
    state.set_faults(ui_locale=locale)
    url = f"{harness.sim.base_url}/search/results/people/?keywords="
    async with harness.driver() as driver:
        walk = await driver.search_people(url, wanted=1_000)
    pages = expected_search(state, "", 1)["total_pages"]
    assert pages == 3
    expected = [
        (page, row)
        for page in range(1, pages + 1)
        for row in expected_search(state, "", page)["results"]
    ]
    assert walk.pages == 3
    assert walk.stop_reason == "last page"
    read = [
        (
            r.page,
            {
                "slug": r.public_id,
                "name": r.full_name,
                "headline": r.headline or "",
                "location": r.location or "",
                "is_connection": r.is_connection,
            },
        )
        for r in walk.results
    ]
    assert read == expected
    assert all(urlsplit(r.profile_url).query == "" for r in walk.results)
    assert {r.path for r in state.requests} == {"/search/results/people/"}


SWALLOWED_PAGE = """<!doctype html><html><body><main><div>
<h1>Anna Schmidt</h1><p>Engineer at Acme</p><p>Berlin, Germany</p>
{posts}
</div></main></body></html>"""


async def test_a_top_card_that_swallows_the_page_is_rejected(harness: Harness) -> None:
    """When nothing bounds the top card (no card around the name, the whole page in one
    block), the driver refuses to guess the headline and location from the page's lines
    (a post's place would pass for the location) and says the page was not understood."""
    posts = "".join(
        f"<div><p>Post {i}</p><p>Back from a conference in Tokyo, Japan.</p></div>"
        for i in range(20)
    )
    async with harness.driver() as driver:
        await driver.kit.page.route(
            "**/in/swallowed/",
            lambda route: route.fulfill(
                content_type="text/html", body=SWALLOWED_PAGE.format(posts=posts)
            ),
        )
        with pytest.raises(ElementNotFound) as caught:
            await driver.visit_profile("swallowed")
    assert caught.value.context.get("element") == "profile.top_card"


async def test_top_card_lines_as_data() -> None:
    """The top card's lines: pronouns and degree beside the name, the headline after them,
    the location from the "Contact info" line (not the company/school line)."""
    top = {
        "name": "Dr. Anna Schmidt, PhD",
        "lines": [
            {"text": "Dr. Anna Schmidt, PhD", "name": True},
            {"text": "She/Her", "name": False},
            {"text": "· 1st", "name": False},
            {"text": "Data Engineer at Acme, Berlin", "name": False},
            {"text": "Acme · TU München", "name": False},
            {"text": "Berlin, Germany", "name": False},
            {"text": "·", "name": False},
            {"text": "Contact info", "name": False},
            {"text": "Open to work", "name": False},
        ],
        "contact": {"line": "Berlin, Germany · Contact info", "link": "Contact info"},
        "otwImage": False,
        "message": "link",
    }
    card = read_top_card(top)
    assert card.headline == "Data Engineer at Acme, Berlin"
    assert card.location == "Berlin, Germany"
    assert card.pronouns == "She/Her"
    assert card.is_connection is True
    assert card.open_to_work is True
    assert card.message_action == "link"


async def test_places_are_told_from_sentences() -> None:
    """A place is comma-separated capitalised parts; a description with commas is not."""
    assert is_place("Madrid, Community of Madrid, Spain")
    assert is_place("Kraków, Małopolskie, Poland")
    sentence = "Développement d’outils internes, de l’idée à la mise en production."  # noqa: RUF001
    assert not is_place(sentence)
    assert not is_place("Helping teams ship better products, faster.")
    assert not is_place("Engineer at Acme, Paris")
