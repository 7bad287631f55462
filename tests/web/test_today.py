"""The Today page in this process: what it says of the session, the cool-down, the quotas,
the schedule and today's occasions, and its buttons (Resume, Pause/Resume, Preview, Run
now) with their refusals said on the page."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from linkedin_bot.db.enums import ContactStatus, InteractionStatus, RunStatus
from linkedin_bot.db.models import Contact, Interaction
from linkedin_bot.db.queries import runs as run_queries
from linkedin_bot.db.queries import schedule as schedule_queries
from linkedin_bot.linkedin.auth import import_session
from linkedin_bot.services.runs import open_run
from linkedin_bot.wiring import Runtime
from tests.api.conftest import start_api
from tests.helpers import Database, make_settings
from tests.web.conftest import Web, sign_in

LI_AT = "AQEDARsecretVALUE-0123456789_abcdefghijklmnop"


def save_session(runtime: Runtime, expires_in: timedelta = timedelta(days=200)) -> None:
    """A LinkedIn session saved as `auth import` saves it, its cookie expiring then."""
    expires = (datetime.now(UTC) + expires_in).timestamp()
    cookie = {
        "domain": ".www.linkedin.com",
        "expirationDate": expires,
        "hostOnly": False,
        "httpOnly": True,
        "name": "li_at",
        "path": "/",
        "sameSite": "no_restriction",
        "secure": True,
        "session": False,
        "value": LI_AT,
    }
    import_session(runtime.settings, json.dumps([cookie]))


def local_today(runtime: Runtime) -> datetime:
    return datetime.now(UTC).astimezone(runtime.settings.tz)


async def test_today_shows_the_session_cool_down_quotas_and_schedule(web: Web) -> None:
    """Signed in, Today says there is no LinkedIn session (with the way to Settings), no
    cool-down, the quotas as gauges with their figures, and each job of the schedule with
    its Pause button; without signing in, it leads to the sign-in page."""
    page = await web.client.get("/")
    assert page.status_code == 200
    html = page.text
    assert "No LinkedIn session is saved" in html
    assert 'href="/settings"' in html
    assert "LinkedIn may be contacted." in html
    assert "<meter" in html
    assert "0 used, " in html
    assert "Pause Occasions" in html
    assert "Pause Backup" in html
    assert "Preview" in html
    assert "Run now" in html
    anonymous = await web.anonymous.get("/")
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/sign-in")


async def test_a_session_expiring_soon_is_warned_about(web: Web) -> None:
    """A saved session whose cookie ends within a week shows "saved", its end, and a
    warning to paste a new cookie."""
    runtime = web.api.runtime
    save_session(runtime, timedelta(days=3))
    html = (await web.client.get("/")).text
    assert "never checked" in html
    assert "expires within 7 days" in html
    save_session(runtime, timedelta(days=100))
    assert "expires within 7 days" not in (await web.client.get("/")).text


async def test_resume_ends_the_cool_down(web: Web) -> None:
    """A cool-down shows why and until when with a Resume button that asks first; pressing
    it ends the cool-down (as `linkedin-bot resume`); a form without this session's token
    is refused and the cool-down stays."""
    runtime = web.api.runtime
    await runtime.cooldowns.restricted(
        "LinkedIn answered 429", signal="http_429", url=None, artifact=None
    )
    html = (await web.client.get("/")).text
    assert "LinkedIn answered 429" in html
    assert 'action="/today/resume"' in html
    assert "data-confirm=" in html

    forged = await web.client.post(
        "/today/resume", data={"csrf": "nope"}, headers={"Origin": "http://test"}
    )
    assert forged.status_code == 403
    assert await runtime.cooldowns.current() is not None

    done = await web.post("/today/resume", {})
    assert done.status_code == 303
    assert done.headers["location"] == "/?done=resumed"
    assert await runtime.cooldowns.current() is None
    page = await web.client.get(done.headers["location"])
    assert "The cool-down is over" in page.text
    again = await web.post("/today/resume", {})
    assert again.headers["location"] == "/?done=nothing-to-resume"


async def test_pause_and_resume_a_job_of_the_schedule(web: Web) -> None:
    """Pause holds the job (kept in the database, as `schedule pause`), the page says it
    is paused with a Resume button; Resume lifts it. An unknown job or a forged form
    changes nothing."""
    runtime = web.api.runtime

    async def paused() -> set[str]:
        async with runtime.read_sessions() as session:
            return set(await schedule_queries.pauses(session))

    done = await web.post("/today/schedule/pause", {"job": "birthday"})
    assert done.status_code == 303
    assert await paused() == {"birthday"}
    html = (await web.client.get(done.headers["location"])).text
    assert "The job is paused" in html
    assert "Resume Occasions" in html

    bad = await web.post("/today/schedule/resume", {"job": "laundry"})
    assert bad.status_code == 422
    assert "There is no such job in the schedule." in bad.text
    assert await paused() == {"birthday"}
    forged = await web.client.post(
        "/today/schedule/resume", data={"job": "birthday"}, headers={"Origin": "http://test"}
    )
    assert forged.status_code == 403
    assert await paused() == {"birthday"}

    unknown = await web.post("/today/schedule/explode", {"job": "birthday"})
    assert unknown.status_code == 404
    assert await paused() == {"birthday"}

    done = await web.post("/today/schedule/resume", {"job": "birthday"})
    assert done.status_code == 303
    assert await paused() == set()


async def test_preview_and_run_now_refusals_are_said_on_today(web: Web) -> None:
    """Without a session, Preview says to paste a cookie in Settings; with one but a run
    going on, it says a run is active; during a cool-down, it says so; each time Today is
    shown again (no error page) and no run is started."""
    runtime = web.api.runtime
    page = await web.post("/today/preview", {"kind": "birthday"})
    assert page.status_code == 409
    assert "No LinkedIn session is saved" in page.text
    assert 'role="alert"' in page.text
    assert "<h1>Today</h1>" in page.text

    save_session(runtime)
    active = await open_run(
        runtime.sessions, runtime.clock, kind="birthday", params={}, dry_run=False, trigger="api"
    )
    page = await web.post("/today/run", {"kind": "birthday"})
    assert page.status_code == 409
    assert f"a run is already active for this account (run {active.id})" in page.text
    assert "<h1>Today</h1>" in page.text
    async with runtime.sessions.begin() as session:
        await run_queries.update_run(session, active.id, status=RunStatus.SUCCEEDED.value)

    await runtime.cooldowns.restricted("checkpoint", signal="checkpoint", url=None, artifact=None)
    page = await web.post("/today/preview", {"kind": "birthday"})
    assert page.status_code == 503
    assert "The run was not started" in page.text
    async with runtime.read_sessions() as session:
        listed = await run_queries.list_runs(session, kind=None, status=None, limit=5, cursor=None)
    assert [r.id for r in listed.items] == [active.id]


@pytest.fixture
async def closed_hours(sqlite_db: Database, tmp_path: Path) -> AsyncIterator[Web]:
    """The dashboard with working hours that do not hold the present hour."""
    hour = datetime.now(UTC).astimezone(make_settings(tmp_path, sqlite_db.url).tz).hour
    start = (hour + 2) % 23
    settings = make_settings(
        tmp_path / "data",
        sqlite_db.url,
        working_hours_start=start,
        working_hours_end=start + 1,
    )
    async for api in start_api(settings):
        transport = httpx.ASGITransport(app=api.app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            assert (await sign_in(client)).status_code == 303
            yield Web(api, client, api.anonymous)


async def test_run_now_outside_working_hours_is_refused_with_the_hours(closed_hours: Web) -> None:
    """Outside working hours, Run now says the hours and the time it is, and starts
    nothing."""
    save_session(closed_hours.api.runtime)
    page = await closed_hours.post("/today/run", {"kind": "birthday"})
    assert page.status_code == 409
    assert "Outside working hours" in page.text
    async with closed_hours.api.runtime.read_sessions() as session:
        listed = await run_queries.list_runs(session, kind=None, status=None, limit=5, cursor=None)
    assert listed.items == []


async def test_todays_occasions_say_who_when_and_what_was_sent(web: Web) -> None:
    """A connection whose birthday is today is listed "to send"; one wished today shows the
    text actually sent; the last preview of today shows the text each person would get and
    why someone is skipped."""
    runtime = web.api.runtime
    today = local_today(runtime)
    async with runtime.sessions.begin() as session:
        ada = Contact(
            public_id="ada-l",
            profile_url="https://www.linkedin.com/in/ada-l/",
            full_name="Ada Lovelace",
            status=ContactStatus.CONNECTION.value,
            source="import",
            birth_month=today.month,
            birth_day=today.day,
        )
        alan = Contact(
            public_id="alan-t",
            profile_url="https://www.linkedin.com/in/alan-t/",
            full_name="Alan Turing",
            status=ContactStatus.CONNECTION.value,
            source="import",
        )
        session.add_all([ada, alan])
    async with runtime.sessions.begin() as session:
        alan_id = await session.scalar(select(Contact.id).where(Contact.public_id == "alan-t"))
        session.add(
            Interaction(
                contact_id=alan_id,
                type="birthday_message",
                status=InteractionStatus.SENT.value,
                dedup_key="birthday_message:test",
                payload={"message": "Happy birthday Alan!", "days_late": 2},
            )
        )
    html = (await web.client.get("/")).text
    assert "Ada Lovelace" in html
    assert "to send" in html
    assert "Alan Turing" in html
    assert "Happy birthday Alan!" in html
    assert "2 days late" in html

    preview = await open_run(
        runtime.sessions, runtime.clock, kind="birthday", params={}, dry_run=True, trigger="api"
    )
    results = [
        {"name": "Ada Lovelace", "outcome": "would_send", "public_id": "ada-l", "text": "Hi Ada"},
        {"name": "Grace Hopper", "outcome": "skipped", "reason": "name_uncertain"},
    ]
    async with runtime.sessions.begin() as session:
        await run_queries.update_run(
            session,
            preview.id,
            status=RunStatus.SUCCEEDED.value,
            stats={"dry_run": 1, "skipped_name_uncertain": 1, "results": results},
        )
    html = (await web.client.get("/")).text
    assert "Hi Ada" in html
    assert "would send" in html
    assert "Grace Hopper" in html
    assert "name_uncertain" in html
    assert f'href="/runs/{preview.id}"' in html


async def test_today_and_the_runs_pages_are_french_for_a_french_reader(web: Web) -> None:
    """With French chosen, Today, the runs list and a run's page are in French."""
    runtime = web.api.runtime
    run = await open_run(
        runtime.sessions, runtime.clock, kind="birthday", params={}, dry_run=True, trigger="api"
    )
    web.client.cookies.set("lb_lang", "fr")
    today = (await web.client.get("/")).text
    assert "Les occasions du jour" in today
    assert "Pause de sécurité" in today
    runs = (await web.client.get("/runs")).text
    assert "Déclencheur" in runs
    page = (await web.client.get(f"/runs/{run.id}")).text
    assert "À propos de cette exécution" in page
    assert "aperçu" in page
