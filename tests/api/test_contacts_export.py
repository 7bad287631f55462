"""GET /contacts?format=csv: every match of the filters, streamed in keyset batches."""

from __future__ import annotations

import csv
import io

import pytest

from linkedin_bot.db.queries import contacts_export
from tests.api.conftest import Api
from tests.builders import add_contacts, contact


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


async def test_csv_has_every_contact_once_across_batches(
    api_any: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With batches of 7, 23 contacts come out once each, newest first, with no page limit,
    on both backends; lists and booleans are readable cells."""
    monkeypatch.setattr(contacts_export, "EXPORT_BATCH", 7)
    async with api_any.runtime.sessions.begin() as session:
        created = await add_contacts(session, 23, skills=["Python", "SQL"], open_to_work=True)
    response = await api_any.client.get("/contacts", params={"format": "csv", "limit": 5})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = _rows(response.text)
    assert [int(r["id"]) for r in rows] == sorted((c.id for c in created), reverse=True)
    assert rows[0]["skills"] == "Python; SQL"
    assert rows[0]["open_to_work"] == "true"
    assert "about" not in rows[0]


async def test_csv_takes_the_list_filters(api: Api) -> None:
    """status, min_fit_score and q narrow the CSV exactly as they narrow the list."""
    async with api.runtime.sessions.begin() as session:
        session.add_all(
            [
                contact(status="prospect", fit_score=80.0, headline="Python developer"),
                contact(status="prospect", fit_score=20.0, headline="Python developer"),
                contact(status="connection", fit_score=90.0, headline="Python developer"),
                contact(status="prospect", fit_score=95.0, headline="Designer"),
            ]
        )
    params = {"format": "csv", "status": "prospect", "min_fit_score": 50, "q": "python"}
    listed = (await api.client.get("/contacts", params={**params, "format": "json"})).json()
    exported = _rows((await api.client.get("/contacts", params=params)).text)
    assert [int(r["id"]) for r in exported] == [c["id"] for c in listed["items"]]
    assert len(exported) == 1


async def test_csv_of_nothing_is_a_header(api: Api) -> None:
    """No match: the header line alone."""
    response = await api.client.get("/contacts", params={"format": "csv"})
    assert response.text.splitlines() == [",".join(contacts_export.EXPORT_COLUMNS)]


async def test_formula_cells_are_defused(api: Api) -> None:
    """A headline starting with '=' cannot run as a spreadsheet formula."""
    async with api.runtime.sessions.begin() as session:
        session.add(contact(headline='=HYPERLINK("http://x")'))
    rows = _rows((await api.client.get("/contacts", params={"format": "csv"})).text)
    assert rows[0]["headline"].startswith("'=")


async def test_unknown_format_is_422(api: Api) -> None:
    """Only json and csv."""
    response = await api.client.get("/contacts", params={"format": "xml"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "format"
