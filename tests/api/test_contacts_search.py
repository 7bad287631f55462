# ruff: noqa: RUF001, RUF002  (names in many scripts: look-alike letters are the point)
"""GET /contacts?q=: case- and accent-insensitive search over names, headline, company and
position, on SQLite and PostgreSQL, for names written in many scripts."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api
from tests.builders import contact

PEOPLE = [
    # (full name, headline, company, position)
    ("Étienne Lefèvre", "Ingénieur logiciel", "Société Générale", "Développeur"),
    ("Agnieszka Łęcka", "Kierownik projektu", "Żabka", "Menedżer"),
    ("Jürgen Strauß", "Geschäftsführer", "Müller Straßenbau", "CEO"),
    ("Søren Ærø", "Udvikler", "Nørre Data", "Engineer"),
    ("Işıl Yılmaz", "Yazılım Mühendisi", "Türk Telekom", "Mühendis"),
    ("Иван Петров", "Руководитель отдела", "Яндекс", "Менеджер"),
    ("Ελένη Παπαδοπούλου", "Μηχανικός λογισμικού", "Ωμέγα", "Μηχανικός"),
    ("王伟", "软件工程师", "华为", "工程师"),
    ("山田 太郎", "ソフトウェアエンジニア", "トヨタ", "エンジニア"),
    ("Nguyễn Văn An", "Kỹ sư phần mềm", "FPT", "Kỹ sư"),
    ("Alice Li", "Data scientist", "Acme", "Analyst"),
]


@pytest.fixture
async def people(api_any: Api) -> Api:
    async with api_any.runtime.sessions.begin() as session:
        for full_name, headline, company, position in PEOPLE:
            first, _, last = full_name.partition(" ")
            session.add(
                contact(
                    full_name=full_name,
                    first_name=first,
                    last_name=last,
                    headline=headline,
                    company=company,
                    position=position,
                )
            )
    return api_any


async def _names(api: Api, q: str, **params: str) -> list[str]:
    response = await api.client.get("/contacts", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return sorted(item["full_name"] for item in response.json()["items"])


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("etienne", ["Étienne Lefèvre"]),
        ("ÉTIENNE", ["Étienne Lefèvre"]),
        ("Étienne", ["Étienne Lefèvre"]),
        ("lefevre", ["Étienne Lefèvre"]),
        ("Łęcka", ["Agnieszka Łęcka"]),
        ("łęcka", ["Agnieszka Łęcka"]),
        ("lecka", ["Agnieszka Łęcka"]),
        ("LECKA", ["Agnieszka Łęcka"]),
        ("zabka", ["Agnieszka Łęcka"]),
        ("strassenbau", ["Jürgen Strauß"]),
        ("muller", ["Jürgen Strauß"]),
        ("STRAUSS", ["Jürgen Strauß"]),
        ("juergen", []),  # folding removes accents; it does not transliterate
        ("jurgen", ["Jürgen Strauß"]),
        ("soren", ["Søren Ærø"]),
        ("aero", ["Søren Ærø"]),
        ("norre", ["Søren Ærø"]),
        ("isil", ["Işıl Yılmaz"]),
        ("IŞIL", ["Işıl Yılmaz"]),
        ("yilmaz", ["Işıl Yılmaz"]),
        ("turk", ["Işıl Yılmaz"]),
        ("иван", ["Иван Петров"]),
        ("ПЕТРОВ", ["Иван Петров"]),
        ("яндекс", ["Иван Петров"]),
        ("ελενη", ["Ελένη Παπαδοπούλου"]),
        ("ΕΛΈΝΗ", ["Ελένη Παπαδοπούλου"]),
        ("παπαδοπουλου", ["Ελένη Παπαδοπούλου"]),
        ("王伟", ["王伟"]),
        ("伟", ["王伟"]),  # a given name alone: each ideograph is a word
        ("华为", ["王伟"]),
        ("太郎", ["山田 太郎"]),
        ("トヨタ", ["山田 太郎"]),
        ("nguyen", ["Nguyễn Văn An"]),
        ("ky su", ["Nguyễn Văn An"]),
        ("engineer", ["Søren Ærø"]),
        ("ingenieur logiciel", ["Étienne Lefèvre"]),  # every word, anywhere
        ("etienne acme", []),
        ("li", ["Alice Li"]),  # a short word matches the start of a word only
        ("ce", ["Jürgen Strauß"]),  # "CEO", not "Alice"
        ("ngu", ["Nguyễn Văn An"]),
    ],
)
async def test_search_folds_case_and_accents_in_every_script(
    people: Api, q: str, found: list[str]
) -> None:
    """A user finds a contact by any part of the name, headline, company or position typed
    without caring for case or accents (French, Polish, German ß, Scandinavian, Turkish ı,
    Cyrillic, Greek, Chinese, Japanese, Vietnamese), on SQLite and PostgreSQL alike."""
    assert await _names(people, q) == found


async def test_search_combines_with_filters_and_pages(api_any: Api) -> None:
    """A search keeps the list's order (newest first) and its cursor: following
    next_cursor visits every match once; other filters still apply."""
    async with api_any.runtime.sessions.begin() as session:
        for i in range(12):
            session.add(contact(full_name=f"Zoé Dupont {i}", blacklisted=i % 3 == 0))
            session.add(contact(full_name=f"Other Person {i}"))
    seen: list[str] = []
    cursor = None
    while True:
        params = {"q": "zoe", "limit": "5", **({"cursor": cursor} if cursor else {})}
        body = (await api_any.client.get("/contacts", params=params)).json()
        seen.extend(item["full_name"] for item in body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"Zoé Dupont {i}" for i in reversed(range(12))]
    blocked = await _names(api_any, "ZOE dupont", blacklisted="true")
    assert blocked == sorted(f"Zoé Dupont {i}" for i in (0, 3, 6, 9))


async def test_search_follows_every_write(api_any: Api) -> None:
    """The search sees a contact's current values after each kind of write: an update of
    the name through the ORM, and a contact removed."""
    async with api_any.runtime.sessions.begin() as session:
        person = contact(full_name="Jean Martin")
        session.add(person)
    assert await _names(api_any, "martin") == ["Jean Martin"]
    async with api_any.runtime.sessions.begin() as session:
        stored = await session.get(type(person), person.id)
        assert stored is not None
        stored.full_name = "Jean Müller"
        stored.company = "Łódź Works"
    assert await _names(api_any, "martin") == []
    assert await _names(api_any, "muller lodz") == ["Jean Müller"]
    async with api_any.runtime.sessions.begin() as session:
        stored = await session.get(type(person), person.id)
        await session.delete(stored)
    assert await _names(api_any, "muller") == []
