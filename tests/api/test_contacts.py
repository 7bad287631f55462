"""GET /contacts and /contacts/{id}: filters, pagination, detail."""

from __future__ import annotations

from datetime import date

import pytest

from tests.api.conftest import Api
from tests.builders import add_contacts, contact, interaction


async def test_empty_page_with_key(api: Api) -> None:
    """With the key, an empty database gives an empty page object."""
    response = await api.client.get("/contacts")
    assert response.status_code == 200
    assert response.json() == {"items": [], "next_cursor": None, "limit": 50}


async def test_cursor_walks_every_contact_once(api_any: Api) -> None:
    """Following next_cursor visits every contact exactly once, newest first, on both backends."""
    async with api_any.runtime.sessions.begin() as session:
        created = await add_contacts(session, 23)
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"limit": 5}
        if cursor:
            params["cursor"] = cursor
        body = (await api_any.client.get("/contacts", params=params)).json()
        seen.extend(item["id"] for item in body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted((c.id for c in created), reverse=True)


async def test_filters_combine(api_any: Api) -> None:
    """status, min_fit_score, has_birthday, blacklisted and q narrow the list as a user expects."""
    async with api_any.runtime.sessions.begin() as session:
        session.add_all(
            [
                contact(full_name="Ada Lovelace", status="prospect", fit_score=91.0),
                contact(full_name="Alan Turing", status="prospect", fit_score=40.0),
                contact(full_name="Grace Hopper", birth_month=12, birth_day=9),
                contact(full_name="Edsger Dijkstra", headline="Shortest paths", blacklisted=True),
            ]
        )

    async def names(**params: str) -> list[str]:
        response = await api_any.client.get("/contacts", params=params)
        assert response.status_code == 200, response.text
        return sorted(item["full_name"] for item in response.json()["items"])

    assert await names(status="prospect") == ["Ada Lovelace", "Alan Turing"]
    assert await names(status="prospect", min_fit_score="50") == ["Ada Lovelace"]
    assert await names(has_birthday="true") == ["Grace Hopper"]
    assert "Grace Hopper" not in await names(has_birthday="false")
    assert await names(blacklisted="true") == ["Edsger Dijkstra"]
    assert await names(q="PATHS") == ["Edsger Dijkstra"]
    assert await names(q="lovelace") == ["Ada Lovelace"]
    nothing = await api_any.client.get("/contacts", params={"q": "%_"})
    assert nothing.status_code == 422
    assert nothing.json()["detail"].startswith("q: nothing to search for")


async def test_contact_detail_has_recent_interactions(api_any: Api) -> None:
    """/contacts/{id} shows the contact with its interactions, newest first."""
    async with api_any.runtime.sessions.begin() as session:
        (person,) = await add_contacts(session, 1, birth_date=date(1990, 4, 2))
        session.add_all([interaction(person.id) for _ in range(3)])
    response = await api_any.client.get(f"/contacts/{person.id}")
    assert response.status_code == 200
    body = response.json()
    assert body["public_id"] == person.public_id
    assert body["birth_date"] == "1990-04-02"
    ids = [i["id"] for i in body["recent_interactions"]]
    assert len(ids) == 3
    assert ids == sorted(ids, reverse=True)


async def test_unknown_contact_is_a_json_404(api: Api) -> None:
    """An unknown id is a 404 whose JSON body says which contact was not found."""
    response = await api.client.get("/contacts/999")
    assert response.status_code == 404
    assert response.json()["error"] == "contact_not_found"
    assert "999" in response.json()["detail"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": "1001"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"status": "friend"}, "status"),
        ({"min_fit_score": "101"}, "min_fit_score"),
        ({"has_birthday": "maybe"}, "has_birthday"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "eyJhZnRlciI6LTF9"}, "cursor"),
    ],
)
async def test_bad_parameters_are_422_naming_the_field(
    api: Api, params: dict[str, str], field: str
) -> None:
    """A bad query parameter is a 422 whose JSON body names that parameter."""
    response = await api.client.get("/contacts", params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith(f"{field}:")
