"""People search: keyword matching and pagination capped like LinkedIn's."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sim.data import Person

PAGE_SIZE = 10
MAX_PAGES = 100
FIRST_BATCH = 5  # results in the HTML; the rest of the page is lazy-loaded


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def matches(person: Person, keywords: str, *, displayed: bool = False) -> bool:
    """Every keyword appears in the name (the displayed one too if `displayed`), headline
    or skills (case and accent blind)."""
    shown = [person.display_name] if displayed else []
    haystack = _fold(" ".join([person.full_name, *shown, person.headline, *person.skills]))
    return all(word in haystack for word in _fold(keywords).split())


@dataclass(frozen=True)
class SearchPage:
    results: list[Person]
    page: int
    total_results: int
    total_pages: int

    @property
    def has_next(self) -> bool:
        return self.page < self.total_pages


def search_people(
    people: list[Person], keywords: str, page: int, *, displayed: bool = False
) -> SearchPage:
    """Page `page` (1-based) of the matching people; pages past MAX_PAGES are empty."""
    found = [p for p in people if matches(p, keywords, displayed=displayed)]
    total_pages = min((len(found) + PAGE_SIZE - 1) // PAGE_SIZE, MAX_PAGES)
    if page < 1 or page > total_pages:
        return SearchPage([], page, len(found), total_pages)
    start = (page - 1) * PAGE_SIZE
    return SearchPage(found[start : start + PAGE_SIZE], page, len(found), total_pages)


def page_buttons(current: int, total: int) -> list[int | None]:
    """Numbered buttons around `current`, with None for an ellipsis: 1 … 4 5 6 … 100."""
    wanted = {1, total, *range(current - 2, current + 3)}
    shown = sorted(n for n in wanted if 1 <= n <= total)
    buttons: list[int | None] = []
    previous = 0
    for n in shown:
        if previous and n - previous > 1:
            buttons.append(None)
        buttons.append(n)
        previous = n
    return buttons
