"""People search: walk the result pages of one search and read who is on them.

LinkedIn serves ``/search/results/people/?keywords=...&page=N``, about ten people a page
(the second half lazy-loaded as you scroll) and stops at about 100 pages. Each result links
to ``/in/<slug>`` with tracking parameters, reduced here to the canonical public id. A
result is read by its visible text (``visible_text.py``): the name from the name link,
never from the photo link's presence line or alt text, nor from a screen-reader "View X's
profile"; mutual-connection links inside a result are other people, not results.

The driver moves on with the Next button, as a person does; LinkedIn is a single-page app
there, so the click is followed by waiting for the URL (or the results) to change rather
than for a page load. When there is no Next button at all, or the click does not move, the
``page=`` parameter of the search URL is the fallback. Nothing else is ever opened: every
URL the walk goes to is checked to be a people-search URL first.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator

from linkedin_bot.core.errors import ElementNotFound, InvalidInput, PageFailed
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.profiles import canonical_profile_url
from linkedin_bot.linkedin.pages.base import PageKit, normalized
from linkedin_bot.linkedin.pages.lazy import load_all
from linkedin_bot.linkedin.pages.profile_text import DEGREE, FIRST_DEGREE, is_place
from linkedin_bot.linkedin.pages.visible_text import SEARCH_CARDS_JS
from linkedin_bot.linkedin.signals import check_page_text
from linkedin_bot.linkedin.types import SearchResult

SEARCH_PATH = "/search/results/people/"
MAX_PAGES = 100  # LinkedIn shows no result past page 100 (about 1,000 people)
POLL_S = 0.05
log = get_logger(__name__)


def search_path(search_url: str, page: int | None = None) -> str:
    """The search URL as a path on our LinkedIn origin, with ``page`` set when given.

    Raises :class:`InvalidInput` when the URL is not a people search: the walk never
    navigates anywhere else.
    """
    parts = urlsplit(search_url)
    if parts.path != SEARCH_PATH:
        raise InvalidInput(f"not a people-search URL: {search_url!r}", field="search_url")
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "page"]
    if page is not None and page > 1:
        params.append(("page", str(page)))
    return f"{SEARCH_PATH}?{urlencode(params)}" if params else SEARCH_PATH


def page_number(url: str) -> int:
    """The results page a URL shows (1 when it has no ``page`` parameter)."""
    value = dict(parse_qsl(urlsplit(url).query)).get("page", "1")
    return int(value) if value.isdigit() else 1


async def _wait_for_results(kit: PageKit) -> Locator | None:
    """The result cards once they show; None when the page says there are no results."""
    deadline = time.monotonic() + kit.timeouts.element_s
    while True:
        kit.check_signals()
        cards = await kit.engine.find("search.result", timeout_s=0)
        if cards is not None:
            return cards.locator
        if await kit.engine.find("search.no_results", timeout_s=0) is not None:
            return None
        if time.monotonic() >= deadline:
            raise ElementNotFound(
                "the search page shows neither results nor 'no results'",
                element="search.result",
                url=kit.page.url,
            )
        await asyncio.sleep(POLL_S)


async def open_page(kit: PageKit, search_url: str, page: int) -> Locator | None:
    """Open results page ``page`` of the search by its URL (the first page, or the fallback)."""
    path = search_path(search_url, page)
    status = await kit.goto(path)
    if status >= 400:
        raise PageFailed(f"the search page answered HTTP {status}", url=kit.page.url, status=status)
    return await _wait_for_results(kit)


async def _first_href(kit: PageKit, cards: Locator) -> str | None:
    link = await kit.engine.find("search.result_link", scope=cards.first, timeout_s=0)
    return await link.locator.first.get_attribute("href") if link else None


@dataclass(frozen=True)
class NextPage:
    """Where a click on Next led: ``moved`` (with the new page's cards, None when it says
    there are no results), ``last`` (the button is disabled: that was the last page), or
    ``unavailable`` (no button, or the click did not move: use the ``page=`` parameter)."""

    outcome: Literal["moved", "last", "unavailable"]
    cards: Locator | None = None


async def click_next(kit: PageKit, cards: Locator | None) -> NextPage:
    """Click Next as a person would, and wait for the next page's results."""
    button = await kit.engine.find("search.next_button", timeout_s=0)
    if button is None:
        return NextPage("unavailable")
    if await button.locator.first.is_disabled():
        return NextPage("last")
    before_url = kit.page.url
    before_href = await _first_href(kit, cards) if cards is not None else None
    await kit.pacing.think()
    try:
        await button.locator.first.click(timeout=kit.timeouts.present_s * 1000)
    except PlaywrightError as exc:
        log.info("search.next_click_failed", error=str(exc).splitlines()[0])
        return NextPage("unavailable")
    deadline = time.monotonic() + kit.timeouts.element_s
    while kit.page.url == before_url:
        kit.check_signals()
        if time.monotonic() >= deadline:
            return NextPage("unavailable")
        await asyncio.sleep(POLL_S)
    if urlsplit(kit.page.url).path != SEARCH_PATH:
        raise PageFailed("the Next button left the search results", url=kit.page.url)
    await kit.page.wait_for_load_state("domcontentloaded")
    kit.check_signals()
    await check_page_text(kit.page)
    await kit.sweep_popups()
    found = await _wait_for_results(kit)
    if found is not None and before_href is not None:
        await _wait_for_change(kit, found, before_href)
    return NextPage("moved", found)


async def _wait_for_change(kit: PageKit, cards: Locator, before_href: str) -> None:
    """A single-page app may show the old results for a moment after the URL changed."""
    deadline = time.monotonic() + kit.timeouts.present_s
    while time.monotonic() < deadline:
        if await _first_href(kit, cards) != before_href:
            return
        await asyncio.sleep(POLL_S)


def result_of(kit: PageKit, card: dict[str, Any], page: int) -> SearchResult | None:
    """One result card's lines and links as data, or None (logged) without a name link.

    The person is the first ``/in/`` link that shows text: the photo link before it holds
    only a hidden presence line ("Status is online") and an image, and the links after it
    name mutual connections (other people). Headline and location are the lines after the
    name, the degree line ("• 1st") aside.
    """
    link = next((a for a in card["links"] if a["text"]), None)
    if link is None:
        log.info("search.result_skipped", reason="no name link", page=page)
        return None
    try:
        public_id = kit.public_id_of(str(link["href"]))
    except InvalidInput as exc:
        log.info("search.result_skipped", reason=exc.detail, page=page)
        return None
    name = normalized(str(link["text"]))
    lines = [str(line) for line in card["lines"]]
    start = lines.index(name) + 1 if name in lines else 0
    degrees = [line for line in lines if DEGREE.match(line)]
    after = [line for line in lines[start:] if not DEGREE.match(line)]
    headline = after[0] if after else None
    location = next((line for line in after[1:] if is_place(line)), None)
    return SearchResult(
        public_id,
        canonical_profile_url(public_id, kit.base_url),
        name,
        page,
        headline=headline,
        location=location,
        is_connection=any(FIRST_DEGREE.search(d) for d in degrees),
    )


async def read_page(kit: PageKit, cards: Locator, page: int) -> list[SearchResult]:
    """Every person of the page (lazy-loaded ones included), each once, in page order."""
    total = await load_all(kit, cards)
    read: Any = await cards.evaluate_all(SEARCH_CARDS_JS)
    found: dict[str, SearchResult] = {}
    for card in read:
        result = result_of(kit, card, page)
        if result is not None:
            found.setdefault(result.public_id, result)
    log.info("search.page_read", page=page, cards=total, people=len(found))
    return list(found.values())
