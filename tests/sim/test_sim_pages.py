"""Pages of the simulator over in-process HTTP: auth, markers per variant and language."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import httpx
import pytest

from sim import SimState
from sim.birthdays import birthday_cards
from sim.state import Variant

PAGES = [
    "/feed/",
    "/mynetwork/catch-up/birthday/",
    "/in/someone/",
    "/search/results/people/?keywords=python",
    "/messaging/thread/someone/",
]


def text_of(page: httpx.Response) -> str:
    return html.unescape(page.text)


@pytest.mark.parametrize("path", PAGES)
async def test_pages_redirect_to_login_without_session(
    anon_client: httpx.AsyncClient, path: str
) -> None:
    """Without the li_at cookie every page answers 302 to /login with session_redirect."""
    page = await anon_client.get(path)
    assert page.status_code == 302
    assert page.headers["location"].startswith("/login?session_redirect=%2F")
    anon_client.cookies.set("li_at", "stale-cookie")
    assert (await anon_client.get(path)).status_code == 302


async def test_login_and_authwall_render(anon_client: httpx.AsyncClient) -> None:
    """/login shows a sign-in form that never signs in; /authwall exists."""
    login = await anon_client.get("/login")
    assert login.status_code == 200
    assert 'name="session_password"' in login.text
    posted = await anon_client.post("/login", data={"session_key": "a", "session_password": "b"})
    assert posted.status_code == 200
    assert "set-cookie" not in posted.headers
    assert (await anon_client.get("/authwall")).status_code == 200


@pytest.mark.parametrize("variant", ["A", "B"])
async def test_feed_signed_in_markers(
    client: httpx.AsyncClient, sim_state: SimState, variant: Variant
) -> None:
    """The feed shows the nav with the member's photo and a search box; ids differ in B."""
    sim_state.set_faults(variant=variant)
    page = await client.get("/feed/")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert f'alt="{sim_state.member_name}"' in page.text
    assert 'role="combobox"' in page.text
    assert 'aria-label="Primary Navigation"' in page.text
    assert ('id="global-nav"' in page.text) == (variant == "A")
    assert ('class="global-nav__me-photo"' in page.text) == (variant == "A")


@pytest.mark.parametrize(
    ("variant", "own", "other"),
    [
        ("A", "/mynetwork/catch-up/birthday/", "/mynetwork/invite-connect/celebrations/birthdays/"),
        ("B", "/mynetwork/invite-connect/celebrations/birthdays/", "/mynetwork/catch-up/birthday/"),
    ],
)
async def test_birthdays_url_per_variant(
    client: httpx.AsyncClient, sim_state: SimState, variant: Variant, own: str, other: str
) -> None:
    """Each variant serves the birthdays list at its own URL and redirects the other."""
    sim_state.set_faults(variant=variant)
    assert (await client.get(own)).status_code == 200
    moved = await client.get(other)
    assert moved.status_code == 302
    assert moved.headers["location"] == own


@pytest.mark.parametrize(
    ("lang", "today", "yesterday", "dated", "send"),
    [
        ("en", "Birthday today", "Yesterday", "Oct 20", "Send message to "),
        ("fr", "Anniversaire aujourd'hui", "Hier", "20 oct.", "Envoyer un message à "),
    ],
)
async def test_birthday_cards_content(
    client: httpx.AsyncClient, lang: str, today: str, yesterday: str, dated: str, send: str
) -> None:
    """Cards carry the when-line, a tracked /in/ link and a named Message button."""
    page = text_of(await client.get(f"/mynetwork/catch-up/birthday/?lang={lang}"))
    assert page.count('role="listitem"') == 8
    assert page.count(f">{today}<") == 5
    assert page.count(f">{yesterday}<") == 1
    assert f">{dated}<" in page
    assert page.count(f'aria-label="{send}') == 8
    assert re.search(r'href="/in/[a-z0-9-]+/\?miniProfileUrn=', page)
    assert "You're all caught up" in page or "Vous êtes à jour" in page


async def test_birthdays_lazy_loading_of_a_thousand(
    make_state: Callable[..., SimState], client_for: Callable[[SimState], httpx.AsyncClient]
) -> None:
    """1,000 birthdays: 10 cards in the HTML, the rest in batches until `next` is empty."""
    state = make_state(connections=1000, birthdays_today=1000, birthdays_late=0, prospects=0)
    async with client_for(state) as client:
        page = await client.get("/mynetwork/catch-up/birthday/")
        assert page.text.count('role="listitem"') == 10
        found = re.search(r'data-next="([^"]+)"', page.text)
        assert found is not None
        next_url, total, batches = html.unescape(found.group(1)), 10, 0
        while next_url:
            batch = (await client.get(next_url)).json()
            total += batch["html"].count('role="listitem"')
            next_url, batches = batch["next"], batches + 1
        assert total == 1000
        assert batches == 99
        assert len(birthday_cards(state.connections(), state.today)) == 1000


async def test_lazy_endpoint_needs_session(anon_client: httpx.AsyncClient) -> None:
    """The page-internal batch endpoint answers 401 without a session."""
    assert (await anon_client.get("/__sim/api/birthdays?start=10")).status_code == 401


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ({"params": {"lang": "fr"}}, "Envoyer"),
        ({"cookies": {"lang": "fr"}}, "Envoyer"),
        ({}, "Send"),
    ],
)
async def test_language_from_query_or_cookie(
    client: httpx.AsyncClient, sim_state: SimState, how: dict[str, dict[str, str]], expected: str
) -> None:
    """The UI language comes from ?lang=fr or the lang cookie; English by default."""
    slug = sim_state.connections()[0].slug
    for name, value in how.get("cookies", {}).items():
        client.cookies.set(name, value)
    page = await client.get(f"/messaging/thread/{slug}/", params=how.get("params"))
    assert f">{expected}</button>" in page.text


async def test_ui_locale_fault_forces_language(
    client: httpx.AsyncClient, sim_state: SimState
) -> None:
    """ui_locale='fr' wins over the absence of ?lang; ui_locale='en' wins over ?lang=fr."""
    sim_state.set_faults(ui_locale="fr")
    assert "Anniversaire aujourd'hui" in text_of(await client.get("/mynetwork/catch-up/birthday/"))
    sim_state.set_faults(ui_locale="en")
    assert "Birthday today" in text_of(await client.get("/mynetwork/catch-up/birthday/?lang=fr"))


@pytest.mark.parametrize("variant", ["A", "B"])
async def test_birthday_cards_variant_b_renames_classes(
    client: httpx.AsyncClient, sim_state: SimState, variant: Variant
) -> None:
    """Variant B keeps roles, aria-labels and /in/ links but none of A's class names."""
    sim_state.set_faults(variant=variant)
    page = (await client.get("/mynetwork/catch-up/birthday/", follow_redirects=True)).text
    assert page.count('role="listitem"') == 8
    assert page.count('aria-label="Send message to ') == 8
    assert ("mn-catch-up-card" in page) == (variant == "A")
    assert ('data-view-name="celebration-card"' in page) == (variant == "B")
