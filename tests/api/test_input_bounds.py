"""Ids, cursors and text the database cannot hold are refused with a 422 naming the field,
on SQLite and on PostgreSQL (32-bit ids, no NUL in text), and nothing is written."""

from __future__ import annotations

import base64
import json

import pytest
from sqlalchemy import func, select

from linkedin_bot.db.ids import MAX_ID
from linkedin_bot.db.models import CampaignRun, Contact
from tests.api.conftest import Api
from tests.builders import add_contacts

TOO_BIG = MAX_ID + 1  # 2**31: the first id PostgreSQL's INTEGER cannot hold
SEARCH_URL = "https://www.linkedin.com/search/results/people/?keywords=python"


def forged_cursor(after: int) -> str:
    raw = json.dumps({"after": after}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def field_of(body: dict[str, object]) -> str:
    errors = body.get("errors")
    if isinstance(errors, list):
        return str(errors[0]["field"])
    context = body.get("context")
    assert isinstance(context, dict)
    return str(context["field"])


async def run_count(api: Api) -> int:
    async with api.runtime.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(CampaignRun)) or 0)


@pytest.mark.parametrize(
    ("method", "path", "field"),
    [
        ("GET", f"/contacts/{TOO_BIG}", "contact_id"),
        ("GET", f"/campaigns/runs/{TOO_BIG}", "run_id"),
        ("POST", f"/campaigns/runs/{TOO_BIG}/cancel", "run_id"),
        ("GET", f"/interactions?contact_id={TOO_BIG}", "contact_id"),
        ("GET", f"/interactions?run_id={TOO_BIG}", "run_id"),
        ("GET", f"/contacts/{2**63}", "contact_id"),
        ("GET", "/contacts/0", "contact_id"),
    ],
)
async def test_ids_out_of_range_are_422_naming_the_field(
    api_any: Api, method: str, path: str, field: str
) -> None:
    """An id outside 1..2147483647 (the INTEGER range of PostgreSQL) is a 422 naming the
    parameter and its bound, not a 500 from the database driver."""
    response = await api_any.client.request(method, path)
    assert response.status_code == 422, response.text
    body = response.json()
    assert field_of(body) == field
    assert str(MAX_ID) in body["detail"] or "greater than or equal to 1" in body["detail"]


@pytest.mark.parametrize("path", [f"/contacts/{MAX_ID}", f"/campaigns/runs/{MAX_ID}"])
async def test_largest_id_is_a_plain_404(api_any: Api, path: str) -> None:
    """The largest id of the range is well-formed: a contact or run that does not exist is a
    404, as for any other id."""
    response = await api_any.client.get(path)
    assert response.status_code == 404
    assert response.json()["error"] in {"contact_not_found", "run_not_found"}


@pytest.mark.parametrize("path", ["/contacts", "/interactions", "/campaigns/runs"])
@pytest.mark.parametrize("after", [TOO_BIG, 2**63, 2**64, 0, -1])
async def test_forged_cursors_out_of_range_are_422(api_any: Api, path: str, after: int) -> None:
    """A cursor whose position is outside the id range (forged: ours never are) is a 422
    naming `cursor` and the range, on both backends."""
    response = await api_any.client.get(path, params={"cursor": forged_cursor(after)})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["context"]["field"] == "cursor"
    if after > 0:
        assert str(MAX_ID) in body["detail"]


async def test_cursor_at_the_top_of_the_range_pages_normally(api_any: Api) -> None:
    """A cursor at the largest id is valid: it lists everything below it."""
    async with api_any.runtime.sessions.begin() as session:
        await add_contacts(session, 3)
    response = await api_any.client.get("/contacts", params={"cursor": forged_cursor(MAX_ID)})
    assert response.status_code == 200
    assert len(response.json()["items"]) == 3


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/contacts", {"q": "ada\x00lovelace"}, "q"),
        ("/contacts", {"status": "connection\x00"}, "status"),
        ("/interactions", {"type": "\x00"}, "type"),
        ("/contacts", {"cursor": "abc\x00"}, "cursor"),
    ],
)
async def test_nul_in_a_query_parameter_is_422_naming_it(
    api_any: Api, path: str, params: dict[str, str], field: str
) -> None:
    """A NUL character in a query parameter is a 422 naming the parameter (PostgreSQL text
    cannot hold it: it was a 500 there)."""
    response = await api_any.client.get(path, params=params)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "validation_error"
    assert field_of(body) == field
    assert "NUL" in body["detail"]


async def test_nul_in_a_path_is_422(api_any: Api) -> None:
    """A NUL character in the path is a 422 about the path."""
    response = await api_any.client.get("/contacts/1%00")
    assert response.status_code == 422
    assert field_of(response.json()) == "path"


@pytest.mark.parametrize(
    ("criteria", "field"),
    [
        ({"keywords": ["python", "dj\x00ango"]}, "criteria.keywords.1"),
        ({"locations": ["Paris\x00"]}, "criteria.locations.0"),
        ({"bonus_skills": {"sql\x00": 2}}, "criteria.bonus_skills"),
    ],
)
async def test_nul_in_a_json_body_is_422_and_starts_nothing(
    api_any: Api, criteria: dict[str, object], field: str
) -> None:
    """A NUL character in a string (or key) of a JSON body is a 422 naming its path, and no
    run is recorded (PostgreSQL's jsonb refused it half-way: a 500)."""
    body = {"search_url": SEARCH_URL, "criteria": criteria, "dry_run": True}
    response = await api_any.client.post("/campaigns/sourcing", json=body)
    assert response.status_code == 422, response.text
    assert field_of(response.json()) == field
    assert await run_count(api_any) == 0


async def test_nul_in_the_search_url_is_422(api_any: Api) -> None:
    """The same holds for a top-level string of the body."""
    response = await api_any.client.post(
        "/campaigns/sourcing", json={"search_url": SEARCH_URL + "%00\x00", "dry_run": True}
    )
    assert response.status_code == 422
    assert field_of(response.json()) == "search_url"
    assert await run_count(api_any) == 0


async def test_lone_surrogate_in_a_json_body_is_422(api_any: Api) -> None:
    """A lone surrogate (``\\ud800``, valid JSON but no UTF-8 exists for it) is refused too."""
    raw = json.dumps({"search_url": SEARCH_URL, "criteria": {"keywords": ["KEYWORD"]}})
    raw = raw.replace("KEYWORD", "a\\ud800b")  # the escape as a client sends it
    response = await api_any.client.post(
        "/campaigns/sourcing", content=raw, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert field_of(response.json()).startswith("criteria.keywords")
    assert await run_count(api_any) == 0


async def test_text_without_nul_still_works(api_any: Api) -> None:
    """The check does not get in the way: a search with ordinary (and unusual) text works."""
    async with api_any.runtime.sessions.begin() as session:
        await add_contacts(session, 1, full_name="Zoë 100% ünïcode_%00", headline=None)
    response = await api_any.client.get("/contacts", params={"q": "100% ünïcode_%00"})
    assert response.status_code == 200
    assert [c["full_name"] for c in response.json()["items"]] == ["Zoë 100% ünïcode_%00"]
    async with api_any.runtime.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Contact)) == 1


async def test_time_that_overflows_in_utc_is_422(api_any: Api) -> None:
    """A date-time whose UTC equivalent is before year 1 is a 422 naming the parameter."""
    response = await api_any.client.get(
        "/interactions", params={"since": "0001-01-01T00:00:00+01:00"}
    )
    assert response.status_code == 422
    assert field_of(response.json()) == "since"
