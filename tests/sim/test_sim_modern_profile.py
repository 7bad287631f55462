"""classic and sdui profiles and details pages over in-process HTTP, and the truth API."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from urllib.parse import urlsplit

import httpx
import pytest

from sim import Person, SimState
from sim.i18n import month_year
from sim.modern.ids import member_id
from sim.modern.profile import follows_only
from tests.sim.dom import Node, parse

SECTIONS = ("experience", "education", "skills", "certifications", "languages")


@pytest.fixture(params=["classic", "sdui"])
def variant(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def sim_state(make_state: Callable[..., SimState], variant: str) -> SimState:
    state = make_state(3, connections=60, prospects=60)
    state.set_faults(variant=variant)
    return state


@pytest.fixture
async def client(
    sim_state: SimState, client_for: Callable[[SimState], httpx.AsyncClient]
) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(sim_state) as c:
        yield c


def pick(state: SimState, test: Callable[[Person], bool]) -> Person:
    return next(p for p in state.all_people() if test(p))


def grouped(p: Person) -> bool:
    return len(p.experience) > 1 and p.experience[0].company == p.experience[1].company


async def get(client: httpx.AsyncClient, path: str) -> Node:
    answer = await client.get(path)
    assert answer.status_code == 200, (path, answer.status_code)
    return parse(answer.text)


def headings(doc: Node) -> list[str]:
    return [h.text for h in doc.find("main").find_all("h2")]


async def test_headings_are_doubled_for_screen_readers(
    client: httpx.AsyncClient, sim_state: SimState
) -> None:
    """Every section heading holds its text twice (visible + visually hidden), so a
    textContent read gives "ExperienceExperience"; the hidden copy is clipped, not
    display:none."""
    person = pick(sim_state, lambda p: bool(p.about and p.experience and len(p.skills) > 2))
    doc = await get(client, f"/in/{person.slug}/")
    found = headings(doc)
    for heading in ("About", "Experience", "Skills"):
        assert heading * 2 in found
    hidden = [
        n
        for n in doc.find("main").walk()
        if n.text == "Experience" and n.tag == "span" and "aria-hidden" not in n.attrs
    ]
    vh_class = hidden[0].classes[0]
    style = doc.find("style").text
    rule = style[style.index(f".{vh_class}{{") :].split("}", 1)[0]
    assert "clip:" in rule
    assert "display:none" not in rule


async def test_top_card_per_family(
    client: httpx.AsyncClient, sim_state: SimState, variant: str
) -> None:
    """classic: the name in h1, a Message button labelled with the first name only, an
    "Open to work" frame. sdui: no h1, the name in an h2, both degree lines, pronouns, an
    unlabelled Message link to a compose URL; every card in one wrapper under <main>."""
    person = pick(sim_state, lambda p: p.is_connection and p.open_to_work and bool(p.pronouns))
    doc = await get(client, f"/in/{person.slug}/")
    main = doc.find("main")
    compose = [a for a in main.find_all("a") if "/messaging/compose/" in a.attrs.get("href", "")]
    if variant == "classic":
        assert [h.text for h in main.find_all("h1")] == [person.display_name]
        button = main.find("button", aria_label=f"Message {person.linkedin_first_name}")
        assert button.text.strip() == "Message"
        assert main.find("img", alt=f"{person.display_name}, #OPEN_TO_WORK")
        assert not compose
    else:
        assert not main.find_all("h1")
        assert person.display_name in [h.text for h in main.find_all("h2")]
        [link] = compose
        assert "aria-label" not in link.attrs
        assert f"recipient={member_id(person)}" in link.attrs["href"]
        texts = [p.text for p in main.find_all("p")]
        assert "· 1st2nd" not in texts
        assert any("· 1st" in t and "· 2nd" in t for t in texts)
        assert person.pronouns in texts
        [wrapper] = [c for c in main.children if isinstance(c, Node)]
        assert wrapper.attrs["data-sdui-screen"].endswith("Profile")
        cards = [c for c in wrapper.children if isinstance(c, Node)]
        assert len(cards) >= 4
        assert all("componentkey" in c.attrs for c in cards)
    assert person.location in main.text
    assert "Open to work" in main.text


async def test_sdui_noise_and_deferred_cards(
    make_state: Callable[..., SimState], client_for: Callable[[SimState], httpx.AsyncClient]
) -> None:
    """sdui: About ends with "Top skills"; cards below it wait to be scrolled to; they hold
    other place-like lines (posts, people you may know with their own locations)."""
    state = make_state(3, connections=60, prospects=60)
    state.set_faults(variant="sdui")
    person = pick(state, lambda p: bool(p.about and len(p.skills) >= 2 and p.experience))
    async with client_for(state) as client:
        doc = await get(client, f"/in/{person.slug}/")
    wrapper = doc.find(data_sdui_screen=True)
    about = next(c for c in wrapper.find_all("section") if "AboutAbout" in c.text)
    assert about.text.index(person.about) < about.text.index("Top skills")
    deferred = wrapper.find_all(aria_busy="true")
    assert len(deferred) >= 3
    assert all(d.find("template") for d in deferred)
    later = " ".join(d.text for d in deferred)
    assert "France" in later or "Germany" in later or "Japan" in later


async def test_grouped_positions_and_show_all(
    client: httpx.AsyncClient, sim_state: SimState, variant: str
) -> None:
    """Positions held in a row at one company are one entry holding nested entries; a
    section longer than its cut links to its details page with the number of positions."""
    person = pick(sim_state, lambda p: grouped(p) and len(p.experience) > 4)
    doc = await get(client, f"/in/{person.slug}/")
    main = doc.find("main")
    first, second = person.experience[0], person.experience[1]
    entries = [
        n
        for n in main.walk()
        if "componentkey" in n.attrs
        or n.attrs.get("id", "").startswith("profilePagedListComponent")
    ]
    group = [n for n in entries if first.title in n.text and second.title in n.text][-1]
    roles = [
        n
        for n in group.walk()
        if (n.tag == "li" or "componentkey" not in n.attrs)
        and (first.title in n.text) != (second.title in n.text)
        and first.company not in n.text
    ]
    assert any(first.title in r.text for r in roles)
    assert any(second.title in r.text for r in roles)
    if variant == "classic":
        assert (
            len(
                [
                    li
                    for li in group.find_all("li")
                    if first.title in li.text or second.title in li.text
                ]
            )
            >= 2
        )
    show_all = [a for a in main.find_all("a") if a.attrs.get("href", "").endswith("/experience/")]
    assert show_all
    assert f"Show all {len(person.experience)} experiences" in show_all[0].text


async def test_details_pages_list_everything_lazily(
    client: httpx.AsyncClient, sim_state: SimState
) -> None:
    """A details page renders its first items; the rest come in batches (as it is
    scrolled) until every skill, certification and position has been shown."""
    person = pick(sim_state, lambda p: len(p.skills) > 5)
    doc = await get(client, f"/in/{person.slug}/details/skills/")
    sentinel = doc.find(data_sim_scroll_next=True)
    items = [c for c in doc.find(data_sim_items=True).children if isinstance(c, Node)]
    assert len(items) == 3
    shown = [item.text for item in items]
    next_url = sentinel.attrs["data-sim-scroll-next"]
    while next_url:
        batch = (await client.get(next_url)).json()
        shown += [c.text for c in parse(batch["html"]).children if isinstance(c, Node)]
        next_url = batch["next"]
    assert len(shown) == len(person.skills)
    assert all(skill in item for skill, item in zip(person.skills, shown, strict=True))


async def test_other_profiles_and_links(client: httpx.AsyncClient, sim_state: SimState) -> None:
    """A member-id URL lands on the slug URL; `/in/<slug>?tracking` lands on `/in/<slug>/`;
    an unknown profile or section is a missing page; non-connections offer Connect or
    Follow (Connect then under More), never Message."""
    person = sim_state.connections()[0]
    moved = await client.get(f"/in/{member_id(person)}/")
    assert moved.headers["location"] == f"/in/{person.slug}/"
    moved = await client.get(f"/in/{person.slug}?miniProfileUrn=x&lipi=y")
    assert moved.headers["location"] == f"/in/{person.slug}/?miniProfileUrn=x&lipi=y"
    assert (await client.get("/in/nobody-here/")).status_code == 404
    assert (await client.get(f"/in/{person.slug}/details/projects/")).status_code == 404
    stranger = pick(sim_state, lambda p: not p.is_connection and follows_only(p))
    main = (await get(client, f"/in/{stranger.slug}/")).find("main")
    assert main.find("button", aria_label=f"Follow {stranger.display_name}")
    menu = main.find(role="menu")
    assert menu.find(role="menuitem", aria_label=f"Invite {stranger.display_name} to connect")
    assert "/messaging/compose/" not in str([a.attrs for a in main.find_all("a")])
    assert not main.find_all(aria_label=f"Message {stranger.linkedin_first_name}")


async def test_french_profile_headings(client: httpx.AsyncClient, sim_state: SimState) -> None:
    """In French the sections are Infos, Expérience, Formation, Compétences, Licences et
    certifications, Langues (each doubled)."""
    person = pick(
        sim_state,
        lambda p: (
            bool(p.about and p.experience and p.education and p.skills)
            and bool(p.certifications and p.languages)
        ),
    )
    doc = await get(client, f"/in/{person.slug}/?lang=fr")
    found = headings(doc)
    for heading in ("Infos", "Expérience", "Formation", "Compétences", "Langues"):
        assert heading * 2 in found
    assert "Licences et certifications" * 2 in doc.find("main").text


async def test_truth_matches_what_the_pages_show(
    client: httpx.AsyncClient, sim_state: SimState, variant: str
) -> None:
    """GET /__sim/expected/profile/<slug>: every expected value is on the profile or its
    details pages (positions: title, company, employment type, start, location); the
    experience details page holds one dated entry per expected position."""
    person = pick(sim_state, lambda p: grouped(p) and len(p.experience) > 3 and p.is_connection)
    expected = (await client.get(f"/__sim/expected/profile/{person.slug}")).json()
    assert expected["name"] == person.display_name
    assert expected["greeting"] == person.greeting
    assert expected["message_action"] == ("link" if variant == "sdui" else "button")
    pages = [await client.get(f"/in/{person.slug}/")]
    text = pages[0].text
    for key in SECTIONS:
        text += await all_of_details(client, person.slug, key)
    plain = parse(text).text
    for field in ("headline", "location", "about"):
        assert expected[field] in plain
    for position in expected["experience"]:
        start = month_year(person.experience[0].start.replace(**_ym(position["start"])), "en")
        for value in (position["title"], position["company"], position["employment_type"], start):
            assert value in plain, value
    for key in ("skills", "certifications", "languages"):
        assert all(value in plain for value in expected[key])
    assert [e["school"] for e in expected["education"]] == [e.school for e in person.education]
    details = await all_of_details(client, person.slug, "experience")
    assert parse(details).text.count(" - ") >= len(expected["experience"])
    assert (await client.get("/__sim/expected/profile/nobody")).status_code == 404


def _ym(value: str) -> dict[str, int]:
    year, month = value.split("-")
    return {"year": int(year), "month": int(month), "day": 1}


async def all_of_details(client: httpx.AsyncClient, slug: str, key: str) -> str:
    """The details page and every batch it would load."""
    answer = await client.get(f"/in/{slug}/details/{key}/")
    html = answer.text
    doc = parse(html)
    sentinel = doc.find_all(data_sim_scroll_next=True)
    next_url = sentinel[0].attrs["data-sim-scroll-next"] if sentinel else ""
    while next_url:
        batch = (await client.get(next_url)).json()
        html += batch["html"]
        next_url = batch["next"]
    return html


async def test_expected_catch_up_and_threads(
    client: httpx.AsyncClient, sim_state: SimState
) -> None:
    """GET /__sim/expected/catch-up/birthday lists the cards with the greeting name and
    LinkedIn's suggested greeting; GET /__sim/threads gives each opaque thread URL."""
    cards = (await client.get("/__sim/expected/catch-up/birthday")).json()
    assert len(cards) == 8
    assert all(card["greeting"] for card in cards)
    assert all(card["compose_href"].startswith("/messaging/compose/?recipient=") for card in cards)
    assert (await client.get("/__sim/expected/catch-up/nope")).status_code == 404
    threads = (await client.get("/__sim/threads")).json()
    assert len(threads) == len(sim_state.connections())
    row = next(t for t in threads if t["messages"])
    assert urlsplit(row["thread_url"]).path.startswith("/messaging/thread/2-")
    page = await client.get(row["thread_url"])
    assert row["messages"][-1]["text"] in parse(page.text).text


async def test_the_members_own_profile(client: httpx.AsyncClient, sim_state: SimState) -> None:
    """The "Me" menu leads to the member's own profile: their name, no Message, Connect or
    Follow action, and no degree line."""
    feed = await get(client, "/feed/")
    assert feed.find("a", href=f"/in/{sim_state.member.slug}/")
    main = (await get(client, f"/in/{sim_state.member.slug}/")).find("main")
    top = main.find("section")
    assert sim_state.member_name in top.text
    for label in ("Message", "Connect", "Follow"):
        assert not [b for b in top.find_all("button") if b.text.strip() == label]
    assert "/messaging/compose/" not in str([a.attrs for a in main.find_all("a")])
    assert "1st" not in top.text
