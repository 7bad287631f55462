"""Campaign endpoints: start, 409 while active, follow, cancel, status; bad input is 422."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from linkedin_bot.db.models import CampaignRun
from tests.api.conftest import Api


async def test_start_without_a_linkedin_session_ends_auth_required(api: Api) -> None:
    """A run started before `auth import` is accepted (202 + Location), then ends as
    auth_required with an error saying which command to run."""
    response = await api.client.post("/campaigns/birthday", json={"dry_run": True})
    assert response.status_code == 202
    run_id = response.json()["id"]
    assert response.headers["location"] == f"/campaigns/runs/{run_id}"
    await api.runtime.campaigns.wait(run_id)
    run = (await api.client.get(f"/campaigns/runs/{run_id}")).json()
    assert run["status"] == "auth_required"
    assert "linkedin-bot auth import" in run["error"]


async def test_second_start_while_active_is_409_with_the_active_run(api: Api) -> None:
    """While a run is active for the account, another start is refused with 409 naming it."""
    async with api.runtime.sessions.begin() as session:
        active = CampaignRun(kind="birthday", status="running", account="default")
        session.add(active)
        await session.flush()
        active.heartbeat_at = api.runtime.clock.now()
    response = await api.client.post("/campaigns/birthday", json={})
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "run_already_active"
    assert body["context"]["active_run_id"] == active.id


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"max_days_late": 11}, "max_days_late"),
        ({"dry_run": "yes"}, "dry_run"),
        ({"force": 0}, "force"),
        ({"surprise": True}, "surprise"),
    ],
)
async def test_bad_requests_are_422_and_start_nothing(
    api: Api, body: dict[str, object], field: str
) -> None:
    """A bad body is a 422 naming the field, and no run is created."""
    response = await api.client.post("/campaigns/birthday", json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    runs = (await api.client.get("/campaigns/runs")).json()
    assert runs["items"] == []


async def test_cancel_marks_the_run(api: Api) -> None:
    """Cancelling an active run records the request; an unknown run is a 404."""
    async with api.runtime.sessions.begin() as session:
        active = CampaignRun(kind="birthday", status="running", account="default")
        session.add(active)
    response = await api.client.post(f"/campaigns/runs/{active.id}/cancel")
    assert response.status_code == 202
    assert response.json()["cancel_requested_at"] is not None
    missing = await api.client.post("/campaigns/runs/999/cancel")
    assert missing.status_code == 404
    assert missing.json()["error"] == "run_not_found"


async def test_status_shows_breaker_quotas_and_session(api: Api) -> None:
    """/campaigns/status shows the breaker closed, full quotas and no saved session."""
    body = (await api.client.get("/campaigns/status")).json()
    assert body["active_run"] is None
    assert body["circuit_breaker"]["state"] == "closed"
    windows = {w["window"]: w for w in body["quotas"]["birthday_message"]}
    assert windows["day"] == {"window": "day", "used": 0, "limit": 15, "remaining": 15}
    assert windows["7d"]["limit"] == 100
    assert body["session"]["present"] is False


async def test_status_shows_the_next_birthday_run(api: Api) -> None:
    """With the schedule on, /campaigns/status gives the next birthday run, in working
    hours."""
    api.runtime.settings = api.runtime.settings.model_copy(update={"scheduler_enabled": True})
    api.runtime.start_schedule()
    body = (await api.client.get("/campaigns/status")).json()
    nxt = datetime.fromisoformat(body["next_runs"]["birthday"])
    local = nxt.astimezone(api.settings.tz)
    assert api.settings.working_hours_start <= local.hour < api.settings.working_hours_end
    assert body["next_runs"]["backup"] is not None


async def test_quotas_show_used_and_remaining_per_kind(api: Api) -> None:
    """/quotas counts live intents per window from the database, per kind."""
    from linkedin_bot.db.models import Contact  # noqa: PLC0415

    async with api.runtime.sessions.begin() as session:
        person = Contact(public_id="q1", profile_url="https://x/in/q1/", full_name="Q")
        session.add(person)
    await api.runtime.ledger.reserve(
        kind="birthday_message", contact_id=person.id, dedup_key="q", run_id=None, payload={}
    )
    body = (await api.client.get("/quotas")).json()
    day = {w["window"]: w for w in body["birthday_message"]}["day"]
    assert day == {"window": "day", "used": 1, "limit": 15, "remaining": 14}
    assert {w["window"] for w in body["profile_visit"]} == {"day"}
    assert (await api.anonymous.get("/quotas")).status_code == 401


@pytest.mark.parametrize(
    "request_body",
    [
        {},
        {"content": b""},
        {"content": b"", "headers": {"content-type": "application/json"}},
        {"json": {}},
    ],
    ids=["no-body", "empty-no-type", "empty-json-type", "empty-object"],
)
async def test_a_start_without_a_body_uses_the_defaults(
    api: Api, request_body: dict[str, Any]
) -> None:
    """`POST /campaigns/birthday` with no body, an empty one or `{}` starts a run with the
    defaults (a real run, not a dry one, within working hours), as the CLI does; the run's
    params are the values it runs with (the settings'), not the absence of a value."""
    response = await api.client.post("/campaigns/birthday", **request_body)
    assert response.status_code == 202, response.text
    run = response.json()
    assert run["dry_run"] is False
    assert run["params"] == {
        "dry_run": False,
        "process_late": False,  # the setting (late wishes are off by default)
        "max_days_late": 0,
        "limit": 15,  # the per-run limit of the settings
        "force": False,
    }
    await api.runtime.campaigns.wait(run["id"])


async def test_a_null_body_is_not_an_empty_one(api: Api) -> None:
    """A body that is JSON but not an object (`null`) is a 422, and starts nothing."""
    response = await api.client.post(
        "/campaigns/birthday", content=b"null", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422, response.text
    assert (await api.client.get("/campaigns/runs")).json()["items"] == []


async def test_the_run_records_the_options_it_ran_with(api: Api) -> None:
    """Options given are recorded as given; those left out are filled from the settings;
    a limit above the per-run limit is recorded as the per-run limit (what is enforced)."""
    response = await api.client.post(
        "/campaigns/birthday", json={"process_late": True, "limit": 400, "dry_run": True}
    )
    assert response.status_code == 202, response.text
    run = response.json()
    assert run["params"] == {
        "dry_run": True,
        "process_late": True,
        "max_days_late": api.runtime.settings.max_days_late,
        "limit": api.runtime.settings.per_run_message_limit,
        "force": False,
    }
    await api.runtime.campaigns.wait(run["id"])


@pytest.mark.parametrize(("path", "kind"), [("anniversary", "anniversary"), ("new-job", "new_job")])
async def test_anniversary_and_new_job_runs_start_with_their_defaults(
    api: Api, path: str, kind: str
) -> None:
    """`POST /campaigns/anniversary` and `/campaigns/new-job` with no body start a run of
    their kind, recorded with the values it runs with; an unknown or out-of-range field is
    a 422 naming it, and starts nothing."""
    bad = await api.client.post(f"/campaigns/{path}", json={"max_days_ago": 31})
    assert bad.status_code == 422, bad.text
    assert "max_days_ago" in bad.text
    unknown = await api.client.post(f"/campaigns/{path}", json={"process_late": True})
    assert unknown.status_code == 422, unknown.text
    assert (await api.client.get("/campaigns/runs")).json()["items"] == []
    response = await api.client.post(f"/campaigns/{path}")
    assert response.status_code == 202, response.text
    run = response.json()
    assert run["kind"] == kind
    assert response.headers["location"] == f"/campaigns/runs/{run['id']}"
    assert run["params"] == {"dry_run": False, "max_days_ago": 7, "limit": 15, "force": False}
    await api.runtime.campaigns.wait(run["id"])
