"""GET /interactions: filters and pagination."""

from __future__ import annotations

from datetime import timedelta

from tests.api.conftest import Api
from tests.builders import BASE_TIME, add_contacts, interaction


async def test_filters_by_type_status_contact_and_time(api_any: Api) -> None:
    """type, status, contact_id and the since/until range each select the right rows."""
    async with api_any.runtime.sessions.begin() as session:
        a, b = await add_contacts(session, 2)
        rows = [
            interaction(a.id, status="sent", created_at=BASE_TIME),
            interaction(a.id, status="failed", created_at=BASE_TIME + timedelta(days=1)),
            interaction(
                b.id,
                type="profile_visit",
                status="visited",
                created_at=BASE_TIME + timedelta(days=2),
            ),
        ]
        session.add_all(rows)
    sent, failed, visit = rows

    async def ids(**params: str) -> list[int]:
        response = await api_any.client.get("/interactions", params=params)
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert await ids() == [visit.id, failed.id, sent.id]
    assert await ids(type="profile_visit") == [visit.id]
    assert await ids(status="failed") == [failed.id]
    assert await ids(contact_id=str(a.id)) == [failed.id, sent.id]
    since = (BASE_TIME + timedelta(hours=12)).isoformat()
    until = (BASE_TIME + timedelta(days=2)).isoformat()
    assert await ids(since=since, until=until) == [failed.id]


async def test_pages_do_not_overlap(api: Api) -> None:
    """Two consecutive pages share no row and together hold every row."""
    async with api.runtime.sessions.begin() as session:
        (person,) = await add_contacts(session, 1)
        session.add_all([interaction(person.id) for _ in range(7)])
    first = (await api.client.get("/interactions", params={"limit": 4})).json()
    second = (
        await api.client.get("/interactions", params={"limit": 4, "cursor": first["next_cursor"]})
    ).json()
    first_ids = {i["id"] for i in first["items"]}
    second_ids = {i["id"] for i in second["items"]}
    assert len(first_ids) == 4
    assert len(second_ids) == 3
    assert not first_ids & second_ids
    assert second["next_cursor"] is None


async def test_inverted_time_range_is_422(api: Api) -> None:
    """since after until is refused with a 422 naming `since`."""
    response = await api.client.get(
        "/interactions", params={"since": "2026-02-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"}
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("since:")


async def test_unknown_type_is_422(api: Api) -> None:
    """An unknown interaction type is a 422 naming `type`."""
    response = await api.client.get("/interactions", params={"type": "poke"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "type"


async def test_numeric_times_are_refused(api: Api) -> None:
    """`until=0.5` is a 422 asking for an ISO 8601 time, not a silent Unix timestamp."""
    response = await api.client.get("/interactions", params={"until": "0.5"})
    assert response.status_code == 422
    assert "ISO 8601" in response.json()["detail"]
