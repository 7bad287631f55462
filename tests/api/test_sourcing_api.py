"""POST /campaigns/sourcing: a strict request, a LinkedIn people search only."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api

SEARCH = "https://www.linkedin.com/search/results/people/?keywords=python"


def body(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "search_url": SEARCH,
        "limit": 25,
        "criteria": {
            "keywords": ["python"],
            "excluded_keywords": ["recruiter"],
            "locations": ["Paris"],
            "min_years": 2,
            "max_years": 8,
            "open_to_work": True,
            "required_skills": ["Python"],
            "bonus_skills": {"Docker": 2, "FastAPI": 1.5},
        },
        "dry_run": True,
    }
    values.update(overrides)
    return values


async def test_a_valid_request_starts_a_run(api: Api) -> None:
    """202 with the run, its Location, its parameters (criteria included) and kind; with
    no LinkedIn session saved, it ends as auth_required before any browser starts."""
    response = await api.client.post("/campaigns/sourcing", json=body())
    assert response.status_code == 202, response.text
    run = response.json()
    assert response.headers["Location"] == f"/campaigns/runs/{run['id']}"
    assert run["kind"] == "sourcing"
    assert run["dry_run"] is True
    assert run["params"]["search_url"] == SEARCH
    assert run["params"]["criteria"]["bonus_skills"] == {"Docker": 2, "FastAPI": 1.5}
    await api.runtime.campaigns.wait(run["id"])
    ended = (await api.client.get(f"/campaigns/runs/{run['id']}")).json()
    assert ended["status"] == "auth_required"


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.com/search/results/people/?keywords=x",
        "http://www.linkedin.com/search/results/people/?keywords=x",
        "https://www.linkedin.com.evil.com/search/results/people/",
        "https://www.linkedin.com/in/someone/",
        "https://www.linkedin.com/search/results/companies/?keywords=x",
        "https://user:pw@www.linkedin.com/search/results/people/",
        "javascript:alert(1)",
        "not a url",
    ],
)
async def test_anything_but_a_linkedin_people_search_is_422(api: Api, url: str) -> None:
    """A search_url that is not an https people search on LinkedIn is refused, naming
    search_url, and no run is created."""
    response = await api.client.post("/campaigns/sourcing", json=body(search_url=url))
    assert response.status_code == 422, response.text
    assert response.json()["context"]["field"] == "search_url"
    assert response.json()["detail"].startswith("search_url:")
    runs = await api.client.get("/campaigns/runs")
    assert runs.json()["items"] == []


@pytest.mark.parametrize(
    ("criteria", "field"),
    [
        ({"keyword": ["typo"]}, "criteria.keyword"),
        ({"min_years": 9, "max_years": 2}, "criteria"),
        ({"min_years": -1}, "criteria.min_years"),
        ({"bonus_skills": {"Docker": 11}}, "criteria.bonus_skills.Docker"),
        ({"bonus_skills": {"Docker": 0}}, "criteria.bonus_skills.Docker"),
        ({"keywords": ["x" * 101]}, "criteria.keywords.0"),
        ({"keywords": [f"k{i}" for i in range(21)]}, "criteria.keywords"),
        ({"required_skills": [""]}, "criteria.required_skills.0"),
        ({"open_to_work": "yes"}, "criteria.open_to_work"),
    ],
)
async def test_bad_criteria_are_422_naming_the_field(
    api: Api, criteria: dict[str, Any], field: str
) -> None:
    """Unknown, out-of-range or mistyped criteria are refused and the error names them."""
    response = await api.client.post("/campaigns/sourcing", json=body(criteria=criteria))
    assert response.status_code == 422, response.text
    assert field in [e["field"] for e in response.json()["errors"]]
    assert (await api.client.get("/campaigns/runs")).json()["items"] == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"limit": 0}, "limit"), ({"limit": 1001}, "limit"), ({"extra": 1}, "extra")],
)
async def test_bad_limit_or_unknown_field_is_422(
    api: Api, overrides: dict[str, Any], field: str
) -> None:
    """limit is 1..1000; unknown top-level fields are refused."""
    response = await api.client.post("/campaigns/sourcing", json=body(**overrides))
    assert response.status_code == 422
    assert field in response.text


async def test_the_simulator_base_url_is_accepted(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The configured base URL (the simulator's http origin) is a LinkedIn origin too."""
    monkeypatch.setattr(api.runtime.settings, "linkedin_base_url", "http://127.0.0.1:8123")
    url = "http://127.0.0.1:8123/search/results/people/?keywords=x"
    response = await api.client.post("/campaigns/sourcing", json=body(search_url=url))
    assert response.status_code == 202, response.text
    await api.runtime.campaigns.wait(response.json()["id"])
