"""Profile pages: `/in/<slug>/` and the full skills list."""

from __future__ import annotations

import zlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from sim import i18n
from sim.data import Person
from sim.guard import Ctx, guard_page
from sim.render import render_html

router = APIRouter()
PageCtx = Annotated[Ctx, Depends(guard_page)]


def not_found(ctx: Ctx) -> HTMLResponse:
    return render_html(
        ctx,
        "simple.html",
        status=404,
        heading=i18n.label(ctx.lang, "not_found"),
        detail=i18n.label(ctx.lang, "not_found_detail"),
        signed_in=True,
        page_class="not-found",
    )


def experience_rows(person: Person, ctx: Ctx) -> list[dict[str, Any]]:
    """Experience entries with their display lines in the page's language."""
    return [
        {
            "title": e.title,
            "company_line": f"{e.company} · {i18n.employment_type(e.employment_type, ctx.lang)}",
            "dates": i18n.date_range(e.start, e.end, ctx.state.today, ctx.lang),
            "location": e.location,
        }
        for e in person.experience
    ]


def follows_only(person: Person) -> bool:
    """Some non-connections offer Follow instead of Connect (stable per slug)."""
    return not person.is_connection and zlib.crc32(person.slug.encode()) % 4 == 0


@router.get("/in/{slug}/", response_class=HTMLResponse)
def profile(slug: str, ctx: PageCtx) -> HTMLResponse:
    person = ctx.state.person(slug)
    if person is None:
        return not_found(ctx)
    ctx.state.record_profile_view(slug)
    return render_html(
        ctx,
        "profile.html",
        person=person,
        exp_rows=experience_rows(person, ctx),
        follow=follows_only(person),
        popup_page=True,
    )


@router.get("/in/{slug}/details/skills/", response_class=HTMLResponse)
def skills(slug: str, ctx: PageCtx) -> HTMLResponse:
    person = ctx.state.person(slug)
    if person is None:
        return not_found(ctx)
    return render_html(ctx, "skills.html", person=person)
