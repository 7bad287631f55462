"""Profile pages of `classic` and `sdui`: `/in/<slug>/` and `/in/<slug>/details/<section>/`.

classic: a top card (`h1`, headline and location lines, "Open to work" frame), sections
introduced by headings doubled for screen readers, entries with nested lists, cut after a
few behind "Show all N ...", a Message button labelled with the first name only.
sdui: every card inside one wrapper under `<main>`, cards told apart by `componentkey` and
heading only, the name in an `h2`, pronouns, both degree lines, mutual connections, other
place-like lines (Activity, People you may know), About ending with Top skills, cards below
the fold rendered only once scrolled to, an unlabelled Message link to a compose URL.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from sim import i18n
from sim.data import Person
from sim.guard import NO_STORE, Ctx
from sim.modern import common, sections
from sim.modern.profile_text import POSTS
from sim.modern.render import fragment, not_found, render

DETAILS_FIRST = 3  # items a details page renders; the rest load as it is scrolled
DETAILS_BATCH = 3
DETAILS_API = "/__sim/api/details/{slug}/{section}"
PRIMARY_STATES = ("message", "connect", "follow")


def follows_only(person: Person) -> bool:
    """Some non-connections offer Follow first; Connect hides under More (stable)."""
    return not person.is_connection and common.crc(person.slug) % 4 == 0


def _others(ctx: Ctx, person: Person) -> list[Person]:
    """Other people shown around the profile (mutuals, suggestions, endorsers)."""
    pool = [p for p in ctx.state.all_people() if p.slug != person.slug]
    if not pool:
        return []
    start = common.crc(person.slug, "others") % len(pool)
    return (pool[start:] + pool[:start])[:5]


def _top_card(ctx: Ctx, person: Person, others: list[Person]) -> dict[str, Any]:
    lang = ctx.lang
    is_self = person.slug == ctx.state.member.slug
    mutual = [p for p in others if p.is_connection][:2]
    extra = common.crc(person.slug, "mutual") % 40 + 1
    if len(mutual) == 2:
        mutual_text = sections.text(
            lang, "mutual_two", a=mutual[0].display_name, b=mutual[1].display_name, n=extra
        )
    else:
        mutual_text = sections.text(lang, "mutual_one", a=mutual[0].display_name) if mutual else ""
    roles = [e.title for e in person.experience[:2]] or [person.headline]
    connections = common.crc(person.slug, "connections") % 600 + 30
    return {
        "is_self": is_self,
        "degree": i18n.LABELS[lang]["1st" if person.is_connection else "2nd"],
        "other_degree": i18n.LABELS[lang]["2nd" if person.is_connection else "1st"],
        "mutual": mutual,
        "mutual_text": mutual_text,
        "otw_roles": sections.text(lang, "otw_roles", roles=", ".join(roles)),
        "connections": sections.text(
            lang, "connections", n="500+" if connections > 500 else connections
        ),
        "company": person.experience[0].company if person.experience else "",
        "school": person.education[0].school if person.education else "",
        "primary": _primary_action(person, is_self),
        "message_label": sections.text(lang, "message_first", first=person.linkedin_first_name),
        "compose_href": common.compose_href(person, None, "NON_SELF_PROFILE_VIEW"),
        "photo_alt": common.photo_alt(person, lang),
    }


def _primary_action(person: Person, is_self: bool) -> str:
    if is_self:
        return "self"
    if person.is_connection:
        return "message"
    return "follow" if follows_only(person) else "connect"


def _activity(ctx: Ctx, person: Person) -> dict[str, Any]:
    seed = common.crc(person.slug, "activity")
    posts = [POSTS[(seed + i) % len(POSTS)] for i in range(2)]
    return {
        "followers": sections.text(ctx.lang, "followers", n=seed % 3000 + 40),
        "posts": [
            {
                "line": sections.text(
                    ctx.lang, "reposted" if i else "posted", name=person.display_name
                ),
                "text": post,
                "age": f"{(seed >> (4 + i)) % 5 + 1}w",
            }
            for i, post in enumerate(posts)
        ],
    }


def page(ctx: Ctx, slug: str) -> Response:
    person = ctx.state.find_person(slug)
    if person is None:
        return not_found(ctx)
    if slug != person.slug:  # a member-id link (/in/ACoAA.../) lands on the slug URL
        return RedirectResponse(f"/in/{person.slug}/", 302, NO_STORE)
    ctx.state.record_profile_view(person.slug)
    others = _others(ctx, person)
    today, lang = ctx.state.today, ctx.lang
    top_skills = " • ".join(person.skills[:5])
    return render(
        ctx,
        "profile.html",
        person=person,
        top=_top_card(ctx, person, others),
        activity=_activity(ctx, person),
        sections=[sections.section(k, person, today, lang, others) for k in sections.SECTIONS],
        suggestions=others[2:5],
        top_skills=top_skills,
        card_key=lambda name: common.componentkey("profile", person.slug, name),
        popup_page=True,
    )


def _details_next(slug: str, key: str, start: int, total: int) -> str:
    if start >= total:
        return ""
    return f"{DETAILS_API.format(slug=slug, section=key)}?start={start}"


def details_page(ctx: Ctx, slug: str, key: str) -> HTMLResponse:
    """Every item of one section; the first few rendered, the rest loaded on scroll."""
    person = ctx.state.find_person(slug)
    if person is None or key not in sections.SECTIONS:
        return not_found(ctx)
    items = sections.section_items(key, person, ctx.state.today, ctx.lang, _others(ctx, person))
    return render(
        ctx,
        "details.html",
        person=person,
        key=key,
        heading=i18n.LABELS[ctx.lang][key],
        items=items[:DETAILS_FIRST],
        next_url=_details_next(person.slug, key, DETAILS_FIRST, len(items)),
        back=sections.text(ctx.lang, "back_to", name=person.display_name),
    )


def details_batch(ctx: Ctx, slug: str, key: str, start: int) -> JSONResponse:
    person = ctx.state.find_person(slug)
    if person is None or key not in sections.SECTIONS:
        return JSONResponse({"status": 404}, 404)
    items = sections.section_items(key, person, ctx.state.today, ctx.lang, _others(ctx, person))
    batch = items[start : start + DETAILS_BATCH]
    html = fragment(ctx, "_section_items.html", key=key, items=batch)
    next_url = _details_next(person.slug, key, start + DETAILS_BATCH, len(items))
    return JSONResponse({"html": html, "next": next_url}, headers=NO_STORE)
