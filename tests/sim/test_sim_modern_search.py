"""People search in classic and sdui: photo link first, tracked hrefs, other profiles."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from sim import SimState
from tests.sim.dom import Node, parse

SEARCH = "/search/results/people/"


@pytest.fixture(params=["classic", "sdui"])
def variant(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def sim_state(make_state: Callable[..., SimState], variant: str) -> SimState:
    state = make_state(5, connections=40, prospects=60)
    state.set_faults(variant=variant)
    return state


@pytest.fixture
async def client(
    sim_state: SimState, client_for: Callable[[SimState], httpx.AsyncClient]
) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(sim_state) as c:
        yield c


def results(doc: Node) -> list[Node]:
    main = doc.find("main")
    return [
        n
        for n in main.walk()
        if n.attrs.get("role") == "listitem" or "reusable-search__result-container" in n.classes
    ]


def profile_links(node: Node) -> list[Node]:
    return node.select(lambda n: n.tag == "a" and n.attrs.get("href", "").startswith("/in/"))


def slug_of(href: str) -> str:
    return urlsplit(href).path.split("/")[2]


async def test_results_put_the_photo_link_first(
    client: httpx.AsyncClient, sim_state: SimState, variant: str
) -> None:
    """Ten results, five rendered at once; a result's first /in/ link wraps only the photo
    and a hidden presence line, the name link comes next; both carry tracking parameters;
    some results also link OTHER profiles (mutual connections)."""
    doc = parse((await client.get(SEARCH, params={"keywords": ""})).text)
    found = results(doc)
    assert len(found) == 10
    rendered = [r for r in found if r.attrs.get("aria-busy") != "true"]
    assert len(rendered) == 5
    expected = (await client.get("/__sim/expected/search", params={"page": 1})).json()
    others = 0
    for node, truth in zip(rendered, expected["results"], strict=False):
        links = profile_links(node)
        photo, name = links[0], links[1]
        assert photo.find("img")
        assert "Status is " in photo.text
        assert truth["name"] not in photo.text
        assert truth["name"] in name.text
        assert slug_of(photo.attrs["href"]) == slug_of(name.attrs["href"]) == truth["slug"]
        query = parse_qs(urlsplit(name.attrs["href"]).query)
        assert "miniProfileUrn" in query
        assert ("lipi" in query) == (variant == "sdui")
        others += any(slug_of(a.attrs["href"]) != truth["slug"] for a in links[2:])
    assert others >= 1


async def test_pagination_and_truth(
    client: httpx.AsyncClient, sim_state: SimState, variant: str
) -> None:
    """Next is a button labelled Next (classic: artdeco-pagination__button--next) leading
    to page 2; the truth lists the same people in the same order; French says Suivant."""
    doc = parse((await client.get(SEARCH, params={"keywords": "", "page": 2})).text)
    main = doc.find("main")
    [next_button] = main.find_all("button", aria_label="Next")
    assert "disabled" not in next_button.attrs
    if variant == "classic":
        assert "artdeco-pagination__button--next" in next_button.classes
    else:
        assert not any("artdeco" in cls for n in main.walk() for cls in n.classes)
    expected = (await client.get("/__sim/expected/search", params={"page": 2})).json()
    shown = []
    for node in results(doc):
        first = node.find("template") if node.attrs.get("aria-busy") == "true" else node
        shown.append(slug_of(profile_links(first)[0].attrs["href"]))
    assert shown == [r["slug"] for r in expected["results"]]
    sim_state.set_faults(ui_locale="fr")
    doc = parse((await client.get(SEARCH)).text)
    assert doc.find("main").find_all("button", aria_label="Suivant")


async def test_keywords_match_displayed_names(
    client: httpx.AsyncClient, sim_state: SimState
) -> None:
    """A keyword found only in a displayed name (a title, a credential) finds that person."""
    person = next(
        p for p in sim_state.all_people() if p.display_name.startswith(("Dr. ", "Prof. "))
    )
    word = person.display_name.split()[0]
    expected = (await client.get("/__sim/expected/search", params={"keywords": word})).json()
    assert person.slug in [r["slug"] for r in expected["results"]]
    page = await client.get(SEARCH, params={"keywords": word})
    assert f"/in/{person.slug}" in page.text
