"""classic and sdui pages over in-process HTTP: the real site's traits on every page."""
# ruff: noqa: RUF001  -- typographic apostrophes and dashes are what LinkedIn shows

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from sim import SimState
from sim.modern.ids import member_id, thread_id
from sim.occasions import occasions
from tests.sim.dom import Node, parse

MODERN = ["classic", "sdui"]
CATCH_UP = "/mynetwork/catch-up/birthday/"


@pytest.fixture(params=MODERN)
def variant(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def sim_state(make_state: Callable[..., SimState], variant: str) -> SimState:
    """40 connections, 15 birthdays today and 10 late, served in `variant`."""
    state = make_state(birthdays_today=15, birthdays_late=10)
    state.set_faults(variant=variant)
    return state


@pytest.fixture
async def client(
    sim_state: SimState, client_for: Callable[[SimState], httpx.AsyncClient]
) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(sim_state) as c:
        yield c


async def page(client: httpx.AsyncClient, path: str, status: int = 200) -> Node:
    answer = await client.get(path)
    assert answer.status_code == status, (path, answer.status_code)
    return parse(answer.text)


def cards(doc: Node) -> list[Node]:
    """Catch-up cards: list items of <main> (classic has <li>, sdui role=listitem)."""
    main = doc.find("main")
    return [n for n in main.walk() if n.tag == "li" or n.attrs.get("role") == "listitem"]


def profile_links(node: Node) -> list[Node]:
    return node.select(lambda n: n.tag == "a" and n.attrs.get("href", "").startswith("/in/"))


async def test_signed_in_shell(
    client: httpx.AsyncClient, sim_state: SimState, variant: str
) -> None:
    """classic: #global-nav, the member's photo, a search combobox. sdui: a <nav> with no
    id or label, a search input with a placeholder and no combobox role, a "Me" button
    naming the member; both link to /feed/, /mynetwork/ and /messaging/."""
    doc = await page(client, "/feed/")
    nav = doc.find("nav")
    hrefs = {a.attrs.get("href") for a in nav.find_all("a")}
    assert {"/feed/", "/mynetwork/", "/messaging/"} <= hrefs
    search = doc.find("input", name="keywords")
    if variant == "classic":
        assert doc.find_all(id="global-nav")
        assert search.attrs["role"] == "combobox"
        assert doc.find("img", alt=sim_state.member_name)
    else:
        assert not doc.find_all(id="global-nav")
        assert "id" not in nav.attrs
        assert "aria-label" not in nav.attrs
        assert "role" not in search.attrs
        assert search.attrs["placeholder"] == "I’m looking for…"
        me = nav.find("button")
        assert sim_state.member_name in me.attrs["aria-label"]
        assert not doc.find_all(role="combobox")


async def test_catch_up_cards_carry_the_traits(
    client: httpx.AsyncClient, sim_state: SimState, variant: str
) -> None:
    """A first batch of 10 cards, 4 rendered and the rest placeholders; in a card the only
    /in/ link wraps the photo (alt is a sentence, not the name), the name is a separate
    paragraph, the occasion emphasises "today", and Message is a compose LINK with the
    greeting in `body` and a label naming the person; then a Show more button."""
    doc = await page(client, CATCH_UP)
    listed = cards(doc)
    assert len(listed) == 10
    rendered = [c for c in listed if c.attrs.get("aria-busy") != "true"]
    assert len(rendered) == 4
    expected = occasions(sim_state.connections(), sim_state.today, ("birthday",))
    for card, occasion in zip(rendered, expected, strict=False):
        person = occasion.person
        [link] = profile_links(card)
        assert link.attrs["href"] == f"/in/{person.slug}/"
        photo = link.find("img")
        assert person.display_name in photo.attrs["alt"]
        assert photo.attrs["alt"] != person.display_name
        assert person.display_name not in link.text
        names = [p for p in card.find_all("p") if p.text == person.display_name]
        assert len(names) == 1
        assert card.find("strong").text == "today"
        compose = card.find("a", href=True, aria_label=True)
        query = parse_qs(urlsplit(compose.attrs["href"]).query)
        assert urlsplit(compose.attrs["href"]).path == "/messaging/compose/"
        assert query["recipient"] == [member_id(person)]
        assert query["body"][0].startswith("Happy birthday")
        assert compose.attrs["aria-label"].startswith(f"Send message to {person.display_name}")
    deferred = [c for c in listed if c.attrs.get("aria-busy") == "true"]
    assert all(c.find("template") for c in deferred)
    assert [b.text.strip() for b in doc.find("main").find_all("button")] == ["Show more"]


async def test_catch_up_structure_per_family(client: httpx.AsyncClient, variant: str) -> None:
    """sdui: the screen root names CatchUp, cards carry componentkey, and there is no
    <ul>/<li> at all; classic: BEM class names and a <ul> of <li> cards."""
    doc = await page(client, CATCH_UP)
    main = doc.find("main")
    if variant == "sdui":
        assert "CatchUp" in main.find(data_sdui_screen=True).attrs["data-sdui-screen"]
        assert not main.find_all("ul")
        assert not main.find_all("li")
        assert all("componentkey" in c.attrs for c in cards(doc))
        assert not any(re.search(r"[a-z]+-[a-z]+", cls) for n in main.walk() for cls in n.classes)
    else:
        assert main.find_all("ul")
        assert all("mn-catch-up-card" in c.classes for c in cards(doc))


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["today", "yesterday", "4 days ago", "Oct 17"]),
        ("fr", ["aujourd’hui", "hier", "il y a 4 jours", "17 oct."]),
    ],
)
async def test_late_occasions_read_naturally(
    make_state: Callable[..., SimState],
    client_for: Callable[[SimState], httpx.AsyncClient],
    variant: str,
    lang: str,
    words: list[str],
) -> None:
    """Late birthdays say yesterday, N days ago, or a date; the key word is in <strong>."""
    state = make_state(birthdays_today=1, birthdays_late=3)
    state.set_faults(variant=variant, ui_locale=lang)
    async with client_for(state) as client:
        doc = await page(client, CATCH_UP)
    strong = [s.text for c in cards(doc) for s in c.find_all("strong")]
    apostrophe = "’" if variant == "sdui" else "'"
    assert strong == [w.replace("’", apostrophe) for w in words]


async def test_show_more_batches_and_empty_state(
    make_state: Callable[..., SimState],
    client_for: Callable[[SimState], httpx.AsyncClient],
    variant: str,
) -> None:
    """25 birthdays: 10 in the page, 10 then 5 from "Show more"; no birthdays: the empty
    state says so (and there is no Show more)."""
    state = make_state(birthdays_today=15, birthdays_late=10)
    state.set_faults(variant=variant)
    async with client_for(state) as client:
        first = (await client.get("/__sim/api/catch-up/birthday?start=10")).json()
        assert first["next"] == "/__sim/api/catch-up/birthday?start=20"
        last = (await client.get(first["next"])).json()
        assert last["next"] == ""
        assert len(cards(parse(f"<main>{last['html']}</main>"))) == 5
        state.set_people([p for p in state.all_people() if p.birthday is None])
        doc = await page(client, CATCH_UP)
        assert cards(doc) == []
        assert "No birthdays to celebrate right now" in doc.find("main").text
        assert not doc.find("main").find_all("button")


async def test_drift_shows_cards_nobody_can_read(
    client: httpx.AsyncClient, sim_state: SimState
) -> None:
    """drift: list items without profile links, names, occasions or compose links, and no
    empty state: the driver's "page changed" canary must fire."""
    sim_state.set_faults(drift=True)
    doc = await page(client, CATCH_UP)
    listed = cards(doc)
    assert len(listed) == 6
    assert not profile_links(doc.find("main"))
    assert "/messaging/compose/" not in str([a.attrs for a in doc.find("main").find_all("a")])
    assert "No birthdays" not in doc.find("main").text
    assert all(not c.find_all("strong") for c in listed)


async def test_class_names_change_with_the_salt(make_state: Callable[..., SimState]) -> None:
    """sdui class names come from a random salt per state (two states share none); the
    same explicit salt gives the same names."""
    from tests.sim.conftest import asgi_client  # noqa: PLC0415

    def classes_of(doc: Node) -> set[str]:
        return {cls for n in doc.find("main").walk() for cls in n.classes}

    found = []
    for salt in (None, None, "fixed", "fixed"):
        state = make_state()
        state.class_salt = salt or state.class_salt
        state.set_faults(variant="sdui")
        async with asgi_client(state) as client:
            found.append(classes_of(await page(client, CATCH_UP)))
    assert found[0]
    assert found[1]
    assert not found[0] & found[1]
    assert found[2] == found[3]


async def test_threads_are_opaque_and_link_member_ids(
    client: httpx.AsyncClient, sim_state: SimState
) -> None:
    """/messaging/ lists conversations by name with links to opaque thread ids; a thread
    shows the earlier messages of both sides, links people by member id, and a slug in
    place of the thread id is a missing page."""
    person = next(p for p in sim_state.connections() if p.history)
    inbox = await page(client, "/messaging/")
    href = f"/messaging/thread/{thread_id(person)}/"
    [row] = [a for a in inbox.find_all("a") if a.attrs.get("href") == href]
    assert person.display_name in row.text
    assert person.slug not in href
    doc = await page(client, href)
    text = doc.text
    assert all(m.text in text for m in person.history)
    assert doc.find("a", href=f"/in/{member_id(person)}/")
    assert not doc.find_all("a", href=f"/in/{person.slug}/")
    await page(client, f"/messaging/thread/{person.slug}/", status=404)


async def test_compose_page_prefills_the_greeting(
    client: httpx.AsyncClient, sim_state: SimState, variant: str
) -> None:
    """A compose link opened as a page puts its `body` in the composer (a contenteditable
    textbox); no_prefill leaves it empty; Enter-to-send members have no Send button."""
    person = sim_state.connections()[0]
    url = f"/messaging/compose/?recipient={member_id(person)}&body=Joyeux%20anniversaire%20!"
    box = (await page(client, url)).find(role="textbox", contenteditable="true")
    assert box.text == "Joyeux anniversaire !"
    assert box.attrs["aria-label"] == "Write a message…"
    sim_state.set_faults(no_prefill=True)
    assert (await page(client, url)).find(role="textbox").text == ""
    for enter, buttons in ((False, ["Send"]), (True, [])):
        sim_state.set_faults(enter_to_send=enter)
        form = (await page(client, url)).find("form", data_sim_composer=True)
        assert [b.text.strip() for b in form.find_all("button", type="submit")] == buttons


def test_enter_to_send_default_depends_on_variant_and_seed(
    make_state: Callable[..., SimState],
) -> None:
    """Unset, Enter-to-send is the sdui default on odd seeds only; the fault overrides it."""
    for seed, variant, expected in ((7, "sdui", True), (8, "sdui", False), (7, "classic", False)):
        state = make_state(seed)
        state.set_faults(variant=variant)
        assert state.enter_to_send() is expected
        state.set_faults(enter_to_send=not expected)
        assert state.enter_to_send() is not expected


async def test_send_records_exactly_and_answers_with_the_thread_markup(
    client: httpx.AsyncClient, sim_state: SimState
) -> None:
    """The send endpoint records the text exactly as received (newlines, greeting and all)
    and answers the message as the thread shows it; mark_edited glues "(Edited)"."""
    person = sim_state.connections()[1]
    text = "Happy birthday, Zoë!\nSee you soon"
    body = {"recipient_slug": person.slug, "text": text}
    sim_state.set_faults(mark_edited=True)
    answer = (await client.post("/voyager/api/messaging/conversations", json=body)).json()
    assert [m.text for m in sim_state.messages] == [text]
    assert (await client.get("/__sim/messages")).json()[0]["text"] == text
    fragment = parse(answer["html"])
    bodies = [p for p in fragment.find_all("p") if text in p.text]
    assert bodies
    assert "(Edited)" in bodies[0].text or "(Edited)" in bodies[0].parent.text  # type: ignore[union-attr]


async def test_faults_on_modern_pages(client: httpx.AsyncClient, sim_state: SimState) -> None:
    """redirect_loop redirects a page to itself forever; limit_banner answers 200 with a
    "weekly limit" alert; 999, checkpoint and pop-ups work as on A and B."""
    sim_state.set_faults(redirect_loop=True)
    with pytest.raises(httpx.TooManyRedirects):
        await client.get(CATCH_UP, follow_redirects=True)
    sim_state.set_faults(redirect_loop=False, limit_banner=True)
    doc = await page(client, "/feed/")
    assert "reached the weekly limit" in doc.find(role="alert").text
    sim_state.set_faults(limit_banner=False, popups=True)
    doc = await page(client, CATCH_UP)
    assert doc.find(role="dialog", aria_modal="true")
    sim_state.set_faults(popups=False, http_status=999)
    assert (await client.get("/feed/")).status_code == 999
    sim_state.set_faults(http_status=None, checkpoint=True)
    assert (await client.get("/feed/")).headers["location"].startswith("/checkpoint/challenge/")
    sim_state.set_faults(checkpoint=False, expire_after_actions=0)
    assert (await client.get("/feed/")).headers["location"].startswith("/login?")


async def test_french_interface(client: httpx.AsyncClient, sim_state: SimState) -> None:
    """ui_locale=fr: French labels on the list and its Message links."""
    sim_state.set_faults(ui_locale="fr")
    doc = await page(client, CATCH_UP)
    assert [b.text.strip() for b in doc.find("main").find_all("button")] == ["Charger plus"]
    labels = [a.attrs["aria-label"] for a in doc.find("main").find_all("a", aria_label=True)]
    assert labels
    assert all(label.startswith("Envoyer un message à ") for label in labels)


@pytest.mark.parametrize("tidy", ["A", "B"])
async def test_tidy_variants_list_other_occasions_their_way(
    make_state: Callable[..., SimState],
    client_for: Callable[[SimState], httpx.AsyncClient],
    tidy: str,
) -> None:
    """A and B list work anniversaries and job changes like their birthdays (a named
    Message button, the occasion as the card's line); compose links stay theirs alone."""
    state = make_state()
    state.set_faults(variant=tidy)
    expected = occasions(state.connections(), state.today, ("work_anniversary", "job_change"))
    assert {o.kind for o in expected} == {"work_anniversary", "job_change"}
    async with client_for(state) as client:
        doc = await page(client, "/mynetwork/catch-up/all/")
        text = doc.find("main").text
        for o in expected:
            assert o.company in text
            assert doc.find("button", aria_label=f"Send message to {o.person.full_name}")
        doc = await page(client, "/mynetwork/catch-up/job_changes/")
        assert "Started a new position as " in doc.find("main").text
        assert "birthday" not in doc.find("main").text.lower()
        assert (await client.get("/messaging/compose/?recipient=x")).status_code == 404
        assert (await client.get("/mynetwork/catch-up/nope/")).status_code == 404


async def test_work_anniversaries_and_job_changes(
    client: httpx.AsyncClient, sim_state: SimState, variant: str
) -> None:
    """Their own lists: "Celebrating <strong>N years</strong> at Company", "Started a new
    position as <strong>Title</strong> at Company", with LinkedIn's congratulations in the
    compose link; `all` mixes every occasion."""
    expected = occasions(sim_state.connections(), sim_state.today, ("work_anniversary",))
    doc = await page(client, "/mynetwork/catch-up/work_anniversaries/")
    listed = cards(doc)
    assert len(listed) == len(expected) == 2
    for card, o in zip(listed, expected, strict=True):
        assert card.find("strong").text == f"{o.years} years"
        assert f" at {o.company}" in card.text
        compose = card.find("a", aria_label=True)
        assert "body=Congrat" in compose.attrs["href"] or "anniversary" in compose.attrs["href"]
    changes = occasions(sim_state.connections(), sim_state.today, ("job_change",))
    doc = await page(client, "/mynetwork/catch-up/job_changes/")
    assert [c.find("strong").text for c in cards(doc)] == [o.title for o in changes]
    every = await client.get("/__sim/expected/catch-up/all")
    kinds = {row["kind"] for row in every.json()}
    assert kinds == {"birthday", "work_anniversary", "job_change"}
    assert len(cards(await page(client, "/mynetwork/catch-up/all/"))) == 10
