"""GET /schedule, POST /schedule/pause and /schedule/resume, and the schedule in
GET /campaigns/status."""

from __future__ import annotations

from tests.api.conftest import Api


def _paused(body: dict[str, object]) -> dict[str, bool]:
    return {job["job"]: job["paused"] for job in body["jobs"]}  # type: ignore[attr-defined]


async def test_pause_and_resume_one_job_or_all(api_any: Api) -> None:
    """Pausing the birthday job shows in /schedule and /campaigns/status; no body pauses
    every job; resuming one leaves the other paused; each answer says what it changed."""
    initial = await api_any.client.get("/schedule")
    assert initial.status_code == 200
    assert _paused(initial.json()) == {"birthday": False, "backup": False}

    one = await api_any.client.post("/schedule/pause", json={"job": "birthday"})
    assert one.status_code == 200, one.text
    assert one.json()["changed"] == ["birthday"]
    assert _paused(one.json()) == {"birthday": True, "backup": False}
    birthday = next(j for j in one.json()["jobs"] if j["job"] == "birthday")
    assert birthday["paused_by"] == "api"
    assert birthday["paused_at"] is not None

    status = (await api_any.client.get("/campaigns/status")).json()
    assert {j["job"]: j["paused"] for j in status["schedule"]} == {
        "birthday": True,
        "backup": False,
    }

    everything = await api_any.client.post("/schedule/pause")
    assert everything.json()["changed"] == ["backup"]
    assert _paused(everything.json()) == {"birthday": True, "backup": True}

    resumed = await api_any.client.post("/schedule/resume", json={"job": "backup"})
    assert resumed.json()["changed"] == ["backup"]
    assert _paused(resumed.json()) == {"birthday": True, "backup": False}
    all_back = await api_any.client.post("/schedule/resume", json={})
    assert _paused(all_back.json()) == {"birthday": False, "backup": False}


async def test_a_bad_job_is_a_422_and_pauses_nothing(api: Api) -> None:
    """An unknown job name or an unknown field: 422 naming it, and nothing paused."""
    for body in ({"job": "sourcing"}, {"jobs": "birthday"}):
        response = await api.client.post("/schedule/pause", json=body)
        assert response.status_code == 422, response.text
    assert _paused((await api.client.get("/schedule")).json()) == {
        "birthday": False,
        "backup": False,
    }


async def test_schedule_needs_the_api_key(api: Api) -> None:
    """Without the key, no one pauses the schedule."""
    response = await api.anonymous.post("/schedule/pause")
    assert response.status_code == 401
