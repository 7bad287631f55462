"""The cool-down over HTTP: starts are refused while it lasts, status and metrics show it,
and POST /safety/resume is the user's way to end it."""

from __future__ import annotations

from tests.api.conftest import Api


async def _restrict(api: Api) -> None:
    await api.runtime.cooldowns.restricted(
        "LinkedIn answered HTTP 999", signal="http_999", url="https://x/feed/", artifact=None
    )


async def test_starts_are_refused_during_a_cool_down(api: Api) -> None:
    """During a cool-down, POST /campaigns/birthday (dry runs too: they read LinkedIn) and
    /campaigns/sourcing answer 503 with Retry-After and say until when; no run is created."""
    await _restrict(api)
    for path, body in (
        ("/campaigns/birthday", {"dry_run": True}),
        (
            "/campaigns/sourcing",
            {"search_url": "https://www.linkedin.com/search/results/people/?keywords=x"},
        ),
    ):
        response = await api.client.post(path, json=body)
        assert response.status_code == 503
        assert response.json()["error"] == "cooldown_active"
        assert "no request to LinkedIn until" in response.json()["detail"]
        assert int(response.headers["retry-after"]) > 47 * 3600
    assert (await api.client.get("/campaigns/runs")).json()["items"] == []


async def test_status_and_metrics_show_the_cool_down(api: Api) -> None:
    """/campaigns/status and /safety show the cool-down with its end; /metrics exports it
    (active, end time) and shows the breaker open."""
    await _restrict(api)
    status = (await api.client.get("/campaigns/status")).json()
    assert status["cooldown"]["signal"] == "http_999"
    assert status["circuit_breaker"]["restricted"] is True
    assert status["circuit_breaker"]["open_until"] == status["cooldown"]["until"]
    safety = (await api.client.get("/safety")).json()
    assert safety["cooldown"]["until"] == status["cooldown"]["until"]
    assert "linkedin-bot resume" in safety["explanation"]
    metrics = (await api.client.get("/metrics")).text
    assert 'linkedin_cooldown_active{kind="restriction"} 1.0' in metrics
    assert "linkedin_circuit_breaker_state 2.0" in metrics
    assert "linkedin_cooldown_until_timestamp_seconds 0.0" not in metrics


async def test_resume_allows_runs_again(api: Api) -> None:
    """POST /safety/resume ends the cool-down (and says which); a start is accepted again."""
    await _restrict(api)
    response = await api.client.post("/safety/resume")
    assert response.status_code == 200
    assert [c["signal"] for c in response.json()["ended"]] == ["http_999"]
    assert response.json()["circuit_breaker"]["state"] == "closed"
    assert (await api.client.get("/safety")).json()["cooldown"] is None
    started = await api.client.post("/campaigns/birthday", json={"dry_run": True})
    assert started.status_code == 202
    await api.runtime.campaigns.wait(started.json()["id"])
    again = await api.client.post("/safety/resume")
    assert again.json()["ended"] == []


async def test_resume_needs_the_api_key(api: Api) -> None:
    """Ending a cool-down is the user's decision: without the key, 401 and nothing ends."""
    await _restrict(api)
    assert (await api.anonymous.post("/safety/resume")).status_code == 401
    assert (await api.client.get("/safety")).json()["cooldown"] is not None
