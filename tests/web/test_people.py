"""The Contacts pages: searching and filtering the list, a contact's page with its history,
and the forms that block, unblock and set the language of their messages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from linkedin_bot.db.models import Contact, Interaction
from tests.factories import make_contact
from tests.web.conftest import Web, local_today


async def _contacts(web: Web, *many: dict[str, Any]) -> list[int]:
    ids = []
    async with web.api.runtime.sessions.begin() as session:
        for index, values in enumerate(many, start=1):
            contact = await make_contact(session, **{"index": index, **values})
            ids.append(contact.id)
    return ids


async def _stored(web: Web, contact_id: int) -> Contact:
    async with web.api.runtime.sessions() as session:
        found = await session.scalar(select(Contact).where(Contact.id == contact_id))
    assert found is not None
    return found


def _names(html: str) -> list[str]:
    return re.findall(r'<a href="/people/\d+">([^<]+)</a>', html)


async def test_the_search_ignores_accents_and_capitals(web: Web) -> None:
    """ "elodie" finds Élodie, "MULLER" finds Müller: the API's search, on the page."""
    await _contacts(
        web,
        {"full_name": "Élodie Durand", "headline": "Ingénieure"},
        {"full_name": "Jürgen Müller"},
        {"full_name": "Paul Martin"},
    )
    page = await web.client.get("/people", params={"q": "elodie"})
    assert page.status_code == 200
    assert _names(page.text) == ["Élodie Durand"]
    assert 'value="elodie"' in page.text
    page = await web.client.get("/people", params={"q": "MULLER"})
    assert _names(page.text) == ["Jürgen Müller"]
    page = await web.client.get("/people", params={"q": "ingenieure"})
    assert _names(page.text) == ["Élodie Durand"]
    page = await web.client.get("/people", params={"q": "nobody"})
    assert "No contact matches." in page.text


async def test_a_search_with_nothing_to_search_for_says_so_by_the_field(web: Web) -> None:
    """Punctuation only, or too long: the message is next to the search box (422), the
    list is not shown as if it had matched."""
    await _contacts(web, {"full_name": "Anna Schmidt"})
    page = await web.client.get("/people", params={"q": "!!!"})
    assert page.status_code == 422
    assert 'id="q-error"' in page.text
    assert 'aria-invalid="true"' in page.text
    assert "Type a letter or a digit to search for." in page.text
    assert _names(page.text) == []
    page = await web.client.get("/people", params={"q": "a" * 101})
    assert page.status_code == 422
    assert "At most 100 characters." in page.text


async def test_the_filters_narrow_the_list(web: Web) -> None:
    """Blocked, birthday known, language (or none set), kind and fit score: each keeps only
    the contacts it says; a value that is not a choice is refused by its field."""
    await _contacts(
        web,
        {"full_name": "Blocked Person", "blacklisted": True},
        {"full_name": "Birthday Person", "birth_month": 3, "birth_day": 12, "locale": "fr"},
        {"full_name": "Prospect Person", "status": "prospect", "fit_score": 81.0},
    )
    blocked = await web.client.get("/people", params={"blocked": "yes"})
    assert _names(blocked.text) == ["Blocked Person"]
    not_blocked = await web.client.get("/people", params={"blocked": "no"})
    assert sorted(_names(not_blocked.text)) == ["Birthday Person", "Prospect Person"]
    birthday = await web.client.get("/people", params={"birthday": "known"})
    assert _names(birthday.text) == ["Birthday Person"]
    assert "12 March" in birthday.text
    french = await web.client.get("/people", params={"locale": "fr"})
    assert _names(french.text) == ["Birthday Person"]
    unset = await web.client.get("/people", params={"locale": "auto"})
    assert sorted(_names(unset.text)) == ["Blocked Person", "Prospect Person"]
    prospects = await web.client.get("/people", params={"status": "prospect", "min_fit": "80"})
    assert _names(prospects.text) == ["Prospect Person"]
    higher = await web.client.get("/people", params={"min_fit": "90"})
    assert _names(higher.text) == []
    soon = local_today() + timedelta(days=3)
    await _contacts(
        web,
        {"index": 9, "full_name": "Soon Person", "birth_month": soon.month, "birth_day": soon.day},
    )
    week = await web.client.get("/people", params={"birthday": "7"})
    assert _names(week.text) == ["Soon Person"]
    assert soon.isoformat() in week.text  # the date of the coming birthday
    wrong = await web.client.get("/people", params={"min_fit": "lots", "blocked": "maybe"})
    assert wrong.status_code == 422
    assert "A number from 0 to 100." in wrong.text
    assert 'id="blocked-error"' in wrong.text


async def test_the_list_is_paged_by_keyset_newest_first(web: Web) -> None:
    """60 contacts: the first page shows the 50 newest and a link to the next, which shows
    the 10 others (the filters kept); a cursor that is not ours gets a message."""
    await _contacts(web, *({"full_name": f"Person {i:02d}"} for i in range(1, 61)))
    first = await web.client.get("/people", params={"q": "person"})
    names = _names(first.text)
    assert len(names) == 50
    assert names[0] == "Person 60"
    assert names[-1] == "Person 11"
    link = re.search(r'href="/people\?([^"]+)" rel="next"', first.text)
    assert link is not None
    assert "q=person" in link.group(1)
    second = await web.client.get(f"/people?{link.group(1).replace('&amp;', '&')}")
    assert _names(second.text) == [f"Person {i:02d}" for i in range(10, 0, -1)]
    assert 'rel="next"' not in second.text
    forged = await web.client.get("/people", params={"cursor": "not-a-cursor"})
    assert forged.status_code == 422
    assert "This page link is no longer valid" in forged.text


async def test_a_contact_page_shows_who_they_are_and_their_history(web: Web) -> None:
    """Name, headline, profile link, birthday, language; the messages sent with their text
    and occasion, the reply, the visit with its fit score breakdown."""
    (contact_id,) = await _contacts(
        web,
        {
            "full_name": "Élodie Durand",
            "headline": "Data engineer",
            "birth_month": 7,
            "birth_day": 14,
            "locale": "fr",
            "fit_score": 72.5,
        },
    )
    at = datetime(2026, 7, 14, 8, 30, tzinfo=UTC)
    score = {
        "score": 72.5,
        "vetoed_by": None,
        "breakdown": [
            {"criterion": "keywords", "points": 30.0, "max_points": 30.0, "reason": "2/2 found"},
            {"criterion": "years", "points": 0.0, "max_points": 10.0, "reason": "unknown"},
        ],
    }
    async with web.api.runtime.sessions.begin() as session:
        for kind, status, payload in (
            ("profile_visit", "visited", {"fit_score": 72.5, "score": score}),
            ("birthday_message", "sent", {"message": "Joyeux anniversaire Élodie !"}),
            ("reply", "received", {"text": "Merci beaucoup !"}),
            ("new_job_message", "sent", {"message": "Bravo", "title": "CTO", "company": "Acme"}),
        ):
            session.add(
                Interaction(
                    contact_id=contact_id,
                    type=kind,
                    status=status,
                    payload=payload,
                    created_at=at,
                )
            )
    page = await web.client.get(f"/people/{contact_id}")
    assert page.status_code == 200
    html = page.text
    assert "<h1>Élodie Durand</h1>" in html
    assert "Data engineer" in html
    assert 'href="https://www.linkedin.com/in/person-1/"' in html
    assert "14 July" in html
    assert ">FR<" in html
    assert "Joyeux anniversaire Élodie !" in html
    assert "Birthday message" in html
    assert "Merci beaucoup !" in html
    assert "Reply" in html
    assert "CTO at Acme" in html
    assert "New job message" in html
    assert "2026-07-14 10:30" in html  # the user's time (Paris, summer)
    assert "Fit score: 72.5 / 100" in html
    assert "2/2 found" in html
    assert "30 / 30" in html


async def test_blocking_and_unblocking_change_the_contact(web: Web) -> None:
    """Block (a confirm button) marks them blocked, with a message after the redirect;
    Unblock undoes it."""
    (contact_id,) = await _contacts(web, {"full_name": "Anna Schmidt"})
    page = await web.client.get(f"/people/{contact_id}")
    assert "data-confirm=" in page.text
    assert ">Block<" in page.text
    done = await web.post(f"/people/{contact_id}/block", {}, page=f"/people/{contact_id}")
    assert done.status_code == 303
    assert done.headers["location"] == f"/people/{contact_id}?done=blocked"
    assert (await _stored(web, contact_id)).blacklisted is True
    after = await web.client.get(done.headers["location"])
    assert "Blocked: no campaign will message or visit this person." in after.text
    assert ">Unblock<" in after.text
    done = await web.post(f"/people/{contact_id}/unblock", {}, page=f"/people/{contact_id}")
    assert done.status_code == 303
    assert (await _stored(web, contact_id)).blacklisted is False


async def test_the_language_can_be_set_cleared_and_a_wrong_one_changes_nothing(
    web: Web,
) -> None:
    """fr is saved; "auto" clears it; a language without templates gets its message by
    the select (422) and the stored language stays as it was."""
    (contact_id,) = await _contacts(web, {"full_name": "Anna Schmidt"})
    path = f"/people/{contact_id}"
    done = await web.post(f"{path}/language", {"locale": "fr"}, page=path)
    assert done.status_code == 303
    assert done.headers["location"] == f"{path}?done=language"
    assert (await _stored(web, contact_id)).locale == "fr"
    wrong = await web.post(f"{path}/language", {"locale": "de"}, page=path)
    assert wrong.status_code == 422
    assert 'id="locale-error"' in wrong.text
    assert "Choose one of the languages offered." in wrong.text
    assert (await _stored(web, contact_id)).locale == "fr"
    done = await web.post(f"{path}/language", {"locale": "auto"}, page=path)
    assert done.status_code == 303
    assert (await _stored(web, contact_id)).locale is None


async def test_an_unknown_contact_is_the_404_page(web: Web) -> None:
    """A number nobody has, or not a number: the dashboard's 404 page, and its forms change
    nothing."""
    for path in ("/people/999999", "/people/abc", "/people/99999999999999999999999"):
        page = await web.client.get(path)
        assert page.status_code == 404, path
        assert "No contact with this number." in page.text
    blocked = await web.post("/people/999999/block", {}, page="/people")
    assert blocked.status_code == 404


async def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(web: Web) -> None:
    """Block without the form's token: 403, the contact is not blocked."""
    (contact_id,) = await _contacts(web, {"full_name": "Anna Schmidt"})
    refused = await web.client.post(
        f"/people/{contact_id}/block", data={}, headers={"Origin": "http://test"}
    )
    assert refused.status_code == 403
    assert (await _stored(web, contact_id)).blacklisted is False


async def test_the_pages_need_signing_in(web: Web) -> None:
    """Without the session cookie, the list and a contact send to the sign-in page."""
    (contact_id,) = await _contacts(web, {"full_name": "Anna Schmidt"})
    for path in ("/people", f"/people/{contact_id}"):
        page = await web.anonymous.get(path)
        assert page.status_code == 303
        assert page.headers["location"].startswith("/sign-in?next=/people")


async def test_the_pages_speak_french(web: Web) -> None:
    """With the French choice, the list and a contact page are in French."""
    (contact_id,) = await _contacts(
        web, {"full_name": "Anna Schmidt", "birth_month": 5, "birth_day": 1}
    )
    web.client.cookies.set("lb_lang", "fr")
    page = await web.client.get("/people")
    assert "Rechercher" in page.text
    assert "1 mai" in page.text
    page = await web.client.get(f"/people/{contact_id}")
    assert "Bloquer" in page.text
    assert "Historique" in page.text
