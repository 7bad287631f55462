"""Profile pages and people search over in-process HTTP."""
# ruff: noqa: RUF001  -- typographic apostrophes and dashes are what LinkedIn shows

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date

import httpx
import pytest

from sim import Experience, Person, SimState
from sim.state import Variant


def zoe(**overrides: object) -> Person:
    """A hand-made connection; overrides replace any field."""
    base: dict[str, object] = {
        "slug": "zoe-obrien",
        "first_name": "Zoë",
        "last_name": "O'Brien",
        "headline": "Data Engineer at Acme",
        "location": "Paris, Île-de-France, France",
        "about": "Hello there",
        "experience": [
            Experience("Data Engineer", "Acme", "Full-time", date(2020, 9, 1), None, "Paris")
        ],
        "skills": ["Python", "SQL", "Go", "Rust", "Docker"],
        "open_to_work": True,
    }
    return Person(**{**base, **overrides})  # type: ignore[arg-type]


@pytest.mark.parametrize(("variant", "tag"), [("A", "h1"), ("B", "h2")])
async def test_profile_top_card_and_sections(
    client: httpx.AsyncClient, sim_state: SimState, variant: Variant, tag: str
) -> None:
    """Name heading (h1, h2 in B), headline, badge, Message button, sections, skills link."""
    sim_state.set_people([zoe()])
    sim_state.set_faults(variant=variant)
    page = html.unescape((await client.get("/in/zoe-obrien/")).text)
    assert re.search(rf"<{tag} [^>]*>Zoë O'Brien</{tag}>", page)
    assert ('class="text-body-medium' in page) == (variant == "A")
    assert ">Data Engineer at Acme<" in page
    assert ">Open to work<" in page
    assert 'aria-label="Message Zoë O\'Brien"' in page
    assert "Acme · Full-time" in page
    assert "Sep 2020 - Present · 5 yrs 2 mos" in page
    assert ">Show all 5 skills<" in page
    assert "/in/zoe-obrien/details/skills/" in page
    for heading in ("About", "Experience", "Skills"):
        assert f">{heading}</h2>" in page
    for missing in ("Education", "Licenses & certifications", "Languages"):
        assert f">{missing}</h2>" not in page
    assert sim_state.profile_views == ["zoe-obrien"]


async def test_profile_in_french_and_for_non_connection(
    client: httpx.AsyncClient, sim_state: SimState
) -> None:
    """French headings and dates; non-connections get Connect or Follow, never Message."""
    sim_state.set_people([zoe(is_connection=False, open_to_work=False, languages=["French"])])
    page = html.unescape((await client.get("/in/zoe-obrien/?lang=fr")).text)
    assert ">Infos</h2>" in page
    assert ">Expérience</h2>" in page
    assert ">Langues</h2>" in page
    assert "Acme · Temps plein" in page
    assert "sept. 2020 - aujourd’hui · 5 ans 2 mois" in page
    assert "Ouvert aux opportunités" not in page
    assert "Envoyer un message" not in page
    assert ">Se connecter<" in page or ">Suivre<" in page


async def test_skills_details_lists_all(client: httpx.AsyncClient, sim_state: SimState) -> None:
    """The skills details page lists every skill, not just the first three."""
    sim_state.set_people([zoe()])
    page = (await client.get("/in/zoe-obrien/details/skills/")).text
    assert all(f"<span>{s}</span>" in page for s in ["Python", "SQL", "Go", "Rust", "Docker"])


async def test_unknown_profile_is_404(client: httpx.AsyncClient) -> None:
    """An unknown slug answers 404 'This page doesn't exist'."""
    page = await client.get("/in/nobody-here/")
    assert page.status_code == 404
    assert "This page doesn't exist" in html.unescape(page.text)


async def test_search_pages_of_ten_with_lazy_half(
    client: httpx.AsyncClient, sim_state: SimState
) -> None:
    """Ten results a page: five in the HTML, five from the lazy endpoint; Next enabled."""
    page = (await client.get("/search/results/people/?keywords=&page=1")).text
    assert page.count('class="reusable-search__result-container') == 5
    lazy = (await client.get("/__sim/api/search?keywords=&page=1")).json()
    assert lazy["html"].count('class="reusable-search__result-container') == 5
    nxt = re.search(r'<button class="[^"]*artdeco-pagination__button--next[^"]*"[^>]*>', page)
    assert nxt is not None
    assert "disabled" not in nxt.group(0)
    assert 'aria-label="Next"' in nxt.group(0)
    assert "page=2" in nxt.group(0)


async def test_search_keywords_filter(client: httpx.AsyncClient, sim_state: SimState) -> None:
    """Every result matches the keywords in its name, headline or skills."""
    people = {p.slug: p for p in sim_state.all_people()}
    page = (await client.get("/search/results/people/", params={"keywords": "engineer"})).text
    slugs = re.findall(r'href="/in/([^/]+)/\?miniProfileUrn', page)
    assert slugs
    assert all("engineer" in people[s].headline.lower() for s in set(slugs))


async def test_search_stops_at_100_pages(
    make_state: Callable[..., SimState], client_for: Callable[[SimState], httpx.AsyncClient]
) -> None:
    """1,100 matches give 100 pages: page 100 has no enabled Next, page 101 is empty."""
    state = make_state(connections=10, birthdays_today=0, birthdays_late=0, prospects=1090)
    async with client_for(state) as client:
        last = (await client.get("/search/results/people/?page=100")).text
        nxt = re.search(r'<button class="[^"]*artdeco-pagination__button--next[^"]*"[^>]*>', last)
        assert nxt is not None
        assert "disabled" in nxt.group(0)
        assert last.count('class="reusable-search__result-container') == 5
        beyond = (await client.get("/search/results/people/?page=101")).text
        assert "reusable-search__result-container" not in beyond
        assert "No results found" in beyond


async def test_search_variant_b_markup(client: httpx.AsyncClient, sim_state: SimState) -> None:
    """Variant B: data-view-name result containers and title links, French Next label."""
    sim_state.set_faults(variant="B")
    page = (await client.get("/search/results/people/?lang=fr")).text
    assert page.count('data-view-name="people-search-result"') == 5
    assert page.count('data-view-name="search-result-lockup-title"') == 5
    assert "artdeco-pagination__button--next" not in page
    assert 'aria-label="Suivant"' in page
