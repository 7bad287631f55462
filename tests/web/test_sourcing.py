"""The Sourcing page in this process: the search form checked as the API checks it, the
people scored best first with the reasons, and the CSV export."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from typing import Any

import httpx
import pytest

from linkedin_bot.core.clock import FrozenClock
from linkedin_bot.db.enums import InteractionStatus, InteractionType, RunKind, RunStatus
from linkedin_bot.db.models import CampaignRun, Contact, Interaction
from linkedin_bot.linkedin.auth import import_session
from linkedin_bot.linkedin.types import ProfileData, SearchResult
from linkedin_bot.services.scoring import score_profile
from linkedin_bot.services.sourcing_criteria import Criteria
from linkedin_bot.services.sourcing_visit import visit_payload
from linkedin_bot.web.catalog import FRENCH
from linkedin_bot.web.routes import sourcing as page
from tests.api.conftest import start_api
from tests.helpers import Database, make_settings
from tests.processes import free_port
from tests.web.conftest import Web, sign_in

SEARCH = "https://www.linkedin.com/search/results/people/?keywords=python"
CRITERIA = Criteria(keywords=["python", "data", "cloud", "rust"])
# Headlines matching 4, 3, 1 and 2 of the four keywords: fit 100, 75, 25, 50.
HEADLINES = {
    "Ada Lovelace": "Python data engineer, cloud and Rust",
    "Alan Turing": "Python and data in the cloud",
    "Grace Hopper": '=HYPERLINK("http://evil") Rust hacker',
    "Linus Torvalds": "Data and Rust",
}


NOON = datetime(2026, 11, 30, 11, 0, tzinfo=UTC)  # noon in Paris: working hours
NIGHT = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 3 a.m. in Paris
LI_AT = "AQEDAR" + "x7Kp2mQ9" * 8


async def signed_in_web(settings: Any, **overrides: Any) -> AsyncIterator[Web]:
    """The app with these settings (and runtime ``overrides``: a clock), signed in."""
    async for api in start_api(settings, **overrides):
        transport = httpx.ASGITransport(app=api.app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            assert (await sign_in(client)).status_code == 303
            yield Web(api, client, api.anonymous)


def unreachable_linkedin(tmp_path: Path, database_url: str) -> Any:
    """Settings whose LinkedIn is a local port where nothing listens: a run that starts
    ends at once as unreachable, touching nothing."""
    return make_settings(
        tmp_path / "data", database_url, linkedin_base_url=f"http://127.0.0.1:{free_port()}"
    )


@pytest.fixture
async def ready(sqlite_db: Database, tmp_path: Path) -> AsyncIterator[Web]:
    """Signed in at noon (working hours), a LinkedIn session saved."""
    settings = unreachable_linkedin(tmp_path, sqlite_db.url)
    import_session(settings, LI_AT)
    async for web in signed_in_web(settings, clock=FrozenClock(NOON)):
        yield web


def search_on(web: Web) -> str:
    return f"{web.api.settings.linkedin_base_url}/search/results/people/?keywords=python"


async def _runs(web: Web) -> list[dict[str, object]]:
    answer = await web.api.client.get("/campaigns/runs")
    items: list[dict[str, object]] = answer.json()["items"]
    return items


async def seed_visits(web: Web, people: dict[str, str], keywords: str = "python") -> int:
    """A finished sourcing run that visited and scored these people (name -> headline), as
    a visit records them: the contact's fit score, the visit's score breakdown."""
    async with web.api.runtime.sessions.begin() as session:
        run = CampaignRun(
            kind=RunKind.SOURCING.value,
            status=RunStatus.SUCCEEDED.value,
            params={"search_url": f"{SEARCH[: -len('python')]}{keywords}"},
        )
        session.add(run)
        await session.flush()
        for name, headline in people.items():
            slug = re.sub(r"\W+", "-", name.lower()) + f"-{run.id}"
            profile = ProfileData(public_id=slug, profile_url="", full_name=name, headline=headline)
            fit = score_profile(profile, CRITERIA)
            contact = Contact(
                public_id=slug,
                profile_url=f"https://www.linkedin.com/in/{slug}/",
                full_name=name,
                headline=headline,
                status="prospect",
                source="sourcing",
                fit_score=fit.score,
            )
            session.add(contact)
            await session.flush()
            result = SearchResult(slug, contact.profile_url, name, 1)
            session.add(
                Interaction(
                    contact_id=contact.id,
                    run_id=run.id,
                    type=InteractionType.PROFILE_VISIT.value,
                    status=InteractionStatus.VISITED.value,
                    payload=visit_payload(result, profile, fit),
                )
            )
        # Someone known but never scored (a connection): not a result.
        session.add(
            Contact(
                public_id=f"unscored-{run.id}",
                profile_url="https://www.linkedin.com/in/unscored/",
                full_name="Never Visited",
            )
        )
        return run.id


def names_in_order(html: str) -> list[str]:
    return [unescape(m) for m in re.findall(r'<a href="/people/\d+">([^<]+)</a>', html)]


def field_error(html: str, name: str) -> str:
    found = re.search(rf'<p class="field-error" id="{name}-error" role="alert">([^<]*)</p>', html)
    assert found is not None, f"no error shown for {name}"
    return unescape(found.group(1))


async def test_the_page_needs_signing_in_and_shows_the_form(web: Web) -> None:
    """Without signing in, /sourcing leads to the sign-in page; signed in, it shows the
    search form with its fields and says nobody was scored yet."""
    closed = await web.anonymous.get("/sourcing")
    assert closed.status_code == 303
    assert closed.headers["location"] == "/sign-in?next=/sourcing"
    opened = await web.client.get("/sourcing")
    assert opened.status_code == 200
    for name in ("search_url", "limit", "keywords", "bonus_skills", "min_years", "open_to_work"):
        assert f'id="{name}" name="{name}"' in opened.text
    assert "Nobody scored yet" in opened.text


async def test_mistakes_are_shown_next_to_their_fields_and_nothing_starts(web: Web) -> None:
    """A profile URL instead of a search, a limit of 0 and years in the wrong order; then a
    bonus skill weighing 11: each problem is said next to its field (aria-invalid), what
    was typed is kept, and no run is created."""
    answer = await web.post(
        "/sourcing",
        {
            "search_url": "https://www.linkedin.com/in/someone/",
            "limit": "0",
            "keywords": "python, data",
            "min_years": "9",
            "max_years": "2",
        },
    )
    assert answer.status_code == 422
    html = answer.text
    assert "people search" in field_error(html, "search_url")
    assert field_error(html, "limit") == "Must be at least 1."
    assert field_error(html, "max_years") == "The least years must not exceed the most."
    assert re.search(r'id="limit"[^>]*aria-invalid="true"', html.replace("\n", " "))
    assert ">python, data</textarea>" in html
    heavy = await web.post("/sourcing", {"search_url": SEARCH, "bonus_skills": "Docker: 11"})
    assert heavy.status_code == 422
    assert field_error(heavy.text, "bonus_skills") == "Must be at most 10."
    assert await _runs(web) == []


async def test_words_where_numbers_go_are_refused_too(web: Web) -> None:
    """An empty URL, a limit in words, a bonus skill without a weight and years in words
    are each refused in plain words; nothing starts."""
    answer = await web.post(
        "/sourcing",
        {"search_url": "", "limit": "ten", "bonus_skills": "Docker", "min_years": "a few"},
    )
    assert answer.status_code == 422
    assert field_error(answer.text, "search_url") == "Paste a LinkedIn people-search URL."
    assert field_error(answer.text, "limit") == "Enter a whole number."
    assert "Skill: weight" in field_error(answer.text, "bonus_skills")
    assert field_error(answer.text, "min_years") == "Enter a number."
    assert await _runs(web) == []


async def test_a_good_search_starts_a_run_and_goes_to_its_page(ready: Web) -> None:
    """A valid form starts a sourcing run with exactly these criteria (as the API would
    record them) and sends the person to the run's page."""
    web = ready
    answer = await web.post(
        "/sourcing",
        {
            "search_url": search_on(web),
            "limit": "7",
            "keywords": "python\ndata",
            "excluded_keywords": "recruiter",
            "locations": "Paris, Lyon",
            "required_skills": "SQL",
            "bonus_skills": "Docker: 3, FastAPI=1.5",
            "min_years": "2",
            "max_years": "8,5",
            "open_to_work": "yes",
            "dry_run": "on",
        },
    )
    assert answer.status_code == 303, answer.text
    [run] = await _runs(web)
    assert answer.headers["location"] == f"/runs/{run['id']}"
    assert run["kind"] == "sourcing"
    assert run["trigger"] == "dashboard"
    assert run["params"] == {
        "search_url": search_on(web),
        "limit": 7,
        "dry_run": True,
        "force": False,
        "criteria": {
            "keywords": ["python", "data"],
            "excluded_keywords": ["recruiter"],
            "locations": ["Paris", "Lyon"],
            "min_years": 2.0,
            "max_years": 8.5,
            "open_to_work": True,
            "required_skills": ["SQL"],
            "bonus_skills": {"Docker": 3.0, "FastAPI": 1.5},
        },
    }
    await web.api.runtime.campaigns.wait(int(str(run["id"])))


async def test_a_refusal_is_said_on_the_page_and_nothing_starts(ready: Web) -> None:
    """During a cool-down (LinkedIn pushed back) the search is not started: the page says
    why, keeps what was typed, and no run is recorded."""
    web = ready
    await web.api.runtime.cooldowns.restricted(
        "HTTP 999 on the feed", signal="http_999", url=None, artifact=None
    )
    answer = await web.post("/sourcing", {"search_url": search_on(web), "limit": "5"})
    assert answer.status_code == 503
    assert re.search(r'class="flash error" role="alert">The search was not started: ', answer.text)
    assert f'value="{search_on(web)}"' in answer.text
    assert await _runs(web) == []


async def test_without_a_session_nothing_starts_and_the_page_says_why(web: Web) -> None:
    """With no LinkedIn session saved, the page says to paste one first; no run."""
    answer = await web.post("/sourcing", {"search_url": SEARCH, "force": "on"})
    assert answer.status_code == 409
    assert "No usable LinkedIn session is saved: paste one in Settings first." in answer.text
    assert await _runs(web) == []


async def test_at_night_it_waits_for_working_hours_unless_asked(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """At 3 a.m. the search is not started and the page says how to start it anyway;
    ticking "run even outside working hours" starts it."""
    settings = unreachable_linkedin(tmp_path, sqlite_db.url)
    import_session(settings, LI_AT)
    async for web in signed_in_web(settings, clock=FrozenClock(NIGHT)):
        refused = await web.post("/sourcing", {"search_url": search_on(web)})
        assert refused.status_code == 409
        assert "outside working hours (07:00-19:00, Europe/Paris; it is " in unescape(refused.text)
        assert await _runs(web) == []
        forced = await web.post("/sourcing", {"search_url": search_on(web), "force": "on"})
        assert forced.status_code == 303
        [run] = await _runs(web)
        assert run["params"]["force"] is True
        await web.api.runtime.campaigns.wait(int(run["id"]))


async def test_a_form_without_its_token_is_refused_and_starts_nothing(web: Web) -> None:
    """A POST without this session's CSRF token (another site's form) is a 403 page and
    starts nothing."""
    answer = await web.client.post(
        "/sourcing", data={"search_url": SEARCH}, headers={"Origin": "http://test"}
    )
    assert answer.status_code == 403
    assert await _runs(web) == []


async def test_results_are_best_first_with_why_and_link_to_each_person(web: Web) -> None:
    """Scored people come best first, each with its score, the points of each criterion
    and why, and a link to their page; people never scored are not results."""
    await seed_visits(web, HEADLINES)
    html = (await web.client.get("/sourcing")).text
    assert names_in_order(html) == ["Ada Lovelace", "Alan Turing", "Linus Torvalds", "Grace Hopper"]
    assert "Never Visited" not in html
    assert re.findall(r'<strong class="score">(\d+)</strong>', html) == ["100", "75", "50", "25"]
    assert "3/4 found; missing: rust" in html
    assert '<span class="pts">7.5/30</span>' in html


async def test_results_page_by_page_without_losing_or_repeating_anyone(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With equal scores across page ends, following "Next page" shows everyone once, in
    the same order as one long list (SQLite and PostgreSQL); a forged cursor is a 422
    page."""
    monkeypatch.setattr(page, "PAGE_SIZE", 2)
    people = {f"Person {i}": HEADLINES["Alan Turing"] for i in range(3)}
    people.update(HEADLINES)
    async for web in signed_in_web(make_settings(tmp_path / "data", db.url)):
        await seed_visits(web, people)
        seen: list[str] = []
        url = "/sourcing"
        for _ in range(10):
            html = (await web.client.get(url)).text
            seen += names_in_order(html)
            found = re.search(r'<a href="(/sourcing\?[^"]*cursor=[^"]+)">Next page</a>', html)
            if found is None:
                break
            url = unescape(found.group(1))
        assert len(seen) == len(people) == len(set(seen))
        assert seen[0] == "Ada Lovelace"
        assert seen[-1] == "Grace Hopper"
        assert set(seen[1:5]) == {"Alan Turing", "Person 0", "Person 1", "Person 2"}
        bad = await web.client.get("/sourcing?cursor=not-a-cursor")
        assert bad.status_code == 422


async def test_results_can_be_narrowed_to_one_search(web: Web) -> None:
    """Choosing a search shows only the people that run visited."""
    first = await seed_visits(web, {"Ada Lovelace": HEADLINES["Ada Lovelace"]}, "python")
    second = await seed_visits(web, {"Alan Turing": HEADLINES["Alan Turing"]}, "rust")
    html = (await web.client.get("/sourcing")).text
    assert f'<option value="{second}">#{second} · ' in html
    assert " · succeeded · rust</option>" in html
    only_first = (await web.client.get(f"/sourcing?run={first}")).text
    assert names_in_order(only_first) == ["Ada Lovelace"]
    assert f'href="/sourcing/results.csv?run={first}"' in only_first


async def test_the_csv_holds_every_scored_person_without_formulas(web: Web) -> None:
    """The CSV download is a file named for what it holds, with every scored person (not
    the unscored) and their score; a headline that a spreadsheet would run as a formula is
    written as text. With a search chosen, only its people."""
    first = await seed_visits(web, HEADLINES)
    await seed_visits(web, {"Someone Else": "Rust"}, "rust")
    answer = await web.client.get("/sourcing/results.csv")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["content-disposition"] == 'attachment; filename="sourcing-results.csv"'
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert {r["full_name"] for r in rows} == {*HEADLINES, "Someone Else"}
    by_name = {r["full_name"]: r for r in rows}
    assert by_name["Ada Lovelace"]["fit_score"] == "100.0"
    assert by_name["Grace Hopper"]["headline"].startswith("'=HYPERLINK(")
    one = await web.client.get(f"/sourcing/results.csv?run={first}")
    assert one.headers["content-disposition"] == f'attachment; filename="sourcing-run-{first}.csv"'
    assert {r["full_name"] for r in csv.DictReader(io.StringIO(one.text))} == set(HEADLINES)
    closed = await web.anonymous.get("/sourcing/results.csv")
    assert closed.status_code == 303


async def test_the_page_in_french_is_french(web: Web) -> None:
    """In French the form and the reasons' labels are French; the labels chosen in code
    (criteria) have their translation too."""
    html = (await web.client.get("/sourcing", headers={"Accept-Language": "fr"})).text
    assert "Lancer une recherche" in html
    assert all(label in FRENCH for label in page.CRITERIA_LABELS.values())
    assert all(text in FRENCH for _bound, text in page.USUAL_PROBLEMS.values())
