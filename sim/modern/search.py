"""People search (`/search/results/people/?keywords=&page=N`) of `classic` and `sdui`.

Ten results a page, the last ones rendered once scrolled to. In a result the first `/in/`
link wraps the photo (with a hidden presence line), the name link comes after; both carry
tracking parameters; mutual-connection lines link to OTHER profiles. classic pages with
`artdeco-pagination__button--next`, sdui with hashed classes and role/labels only.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi.responses import HTMLResponse

from sim import i18n, search
from sim.data import Person
from sim.guard import Ctx
from sim.modern import common
from sim.modern.profile import follows_only
from sim.modern.profile_text import LABELS as PROFILE_LABELS
from sim.modern.render import render

RENDERED_AHEAD = 5  # results of a page rendered at once; the others wait to be scrolled to


def _mutual(ctx: Ctx, person: Person) -> dict[str, Any] | None:
    """Some results name a mutual connection (another profile, linked) and a count."""
    seed = common.crc(person.slug, "search-mutual")
    connections = ctx.state.connections()
    if seed % 3 == 0 or not connections:
        return None
    other = connections[seed % len(connections)]
    if other.slug == person.slug:
        return None
    count = seed % 9
    key = "after_mutual_one" if count == 0 else "after_mutual_more"
    return {"person": other, "rest": PROFILE_LABELS[ctx.lang][key].format(n=count)}


def _summary(person: Person, lang: str) -> str:
    if not person.experience:
        return ""
    current = person.experience[0]
    at = "chez" if lang == "fr" else "at"
    return f"{PROFILE_LABELS[lang]['current']}{current.title} {at} {current.company}"


def result(ctx: Ctx, person: Person, deferred: bool) -> dict[str, Any]:
    lang = ctx.lang
    degree = i18n.LABELS[lang]["1st" if person.is_connection else "2nd"]
    action = (
        "message" if person.is_connection else ("follow" if follows_only(person) else "connect")
    )
    return {
        "person": person,
        "key": common.componentkey("search", person.slug),
        "href": common.tracked_href(person, "search_srp_people", ctx.variant),
        "presence": common.presence(person, lang),
        "alt": common.photo_alt(person, lang) if ctx.variant == "sdui" else person.display_name,
        "degree": degree,
        "degree_sr": PROFILE_LABELS[lang]["degree_sr"].format(degree=degree),
        "view_sr": common.label(lang, "view_profile_of", name=person.display_name),
        "summary": _summary(person, lang),
        "mutual": _mutual(ctx, person),
        "action": action,
        "message_label": PROFILE_LABELS[lang]["message_first"].format(
            first=person.linkedin_first_name
        ),
        "compose_href": common.compose_href(person, None, "SEARCH_SRP"),
        "deferred": deferred,
    }


def page(ctx: Ctx, path: str, params: dict[str, str], keywords: str, number: int) -> HTMLResponse:
    found = search.search_people(ctx.state.all_people(), keywords, number, displayed=True)

    def page_url(n: int) -> str:
        return f"{path}?{urlencode({**params, 'page': str(n)})}"

    return render(
        ctx,
        "search.html",
        keywords=keywords,
        found=found,
        results=[result(ctx, p, i >= RENDERED_AHEAD) for i, p in enumerate(found.results)],
        buttons=search.page_buttons(found.page, found.total_pages),
        page_url=page_url,
        count=f"{found.total_results:,}",
    )
