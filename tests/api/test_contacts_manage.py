"""PATCH /contacts/{id}: blacklist, language and note, each optional; bad input changes
nothing."""

from __future__ import annotations

from typing import Any

import pytest

from linkedin_bot.db.models import NOTE_MAX_CHARS
from tests.api.conftest import Api
from tests.builders import add_contacts


async def _person(api: Api) -> int:
    async with api.runtime.sessions.begin() as session:
        (person,) = await add_contacts(session, 1, full_name="Zoé Martin")
    return person.id


async def test_patch_sets_each_field_and_the_lists_show_it(api_any: Api) -> None:
    """Blocking with a note and a language shows in the contact, in the list and in the
    blacklisted filter; a later PATCH of one field leaves the others as they were; null
    clears the language and the note."""
    contact_id = await _person(api_any)
    response = await api_any.client.patch(
        f"/contacts/{contact_id}",
        json={"blacklisted": True, "locale": "fr", "note": "  met at PyCon  "},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["blacklisted"], body["locale"], body["note"]) == (True, "fr", "met at PyCon")
    detail = (await api_any.client.get(f"/contacts/{contact_id}")).json()
    assert (detail["blacklisted"], detail["note"]) == (True, "met at PyCon")
    listed = (await api_any.client.get("/contacts", params={"blacklisted": "true"})).json()
    assert [item["id"] for item in listed["items"]] == [contact_id]
    assert listed["items"][0]["note"] == "met at PyCon"

    again = await api_any.client.patch(f"/contacts/{contact_id}", json={"blacklisted": False})
    assert (again.json()["blacklisted"], again.json()["locale"]) == (False, "fr")
    cleared = await api_any.client.patch(
        f"/contacts/{contact_id}", json={"locale": None, "note": None}
    )
    assert (cleared.json()["locale"], cleared.json()["note"]) == (None, None)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"blacklisted": True, "nickname": "Zo"}, "nickname"),
        ({"blacklisted": "yes"}, "blacklisted"),
        ({"blacklisted": None}, "blacklisted"),
        ({"blacklisted": True, "locale": "xx"}, "locale"),
        ({"blacklisted": True, "note": "n" * (NOTE_MAX_CHARS + 1)}, "note"),
        ({"blacklisted": True, "locale": 3}, "locale"),
    ],
)
async def test_bad_patch_is_a_422_naming_the_field_and_changes_nothing(
    api_any: Api, body: dict[str, Any], field: str
) -> None:
    """An unknown field, a value of the wrong type, a null blacklist, a locale that is no
    template locale, a note too long: 422 naming the field, and the contact unchanged."""
    contact_id = await _person(api_any)
    before = (await api_any.client.get(f"/contacts/{contact_id}")).json()
    response = await api_any.client.patch(f"/contacts/{contact_id}", json=body)
    assert response.status_code == 422, response.text
    assert field in response.json()["detail"]
    after = (await api_any.client.get(f"/contacts/{contact_id}")).json()
    assert after == before


async def test_patch_of_an_unknown_contact_is_a_404(api: Api) -> None:
    """PATCH of an id no contact has: 404 contact_not_found."""
    response = await api.client.patch("/contacts/999", json={"blacklisted": True})
    assert response.status_code == 404
    assert response.json()["error"] == "contact_not_found"
